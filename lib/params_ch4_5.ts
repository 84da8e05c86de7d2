/**
 * The parameters a reader edits in chapters 4 (exploding and vanishing gradients) and 5 (why they
 * hurt), as zod schemas to check with `parseParams` from `params.ts`.
 *
 * Like the schemas of chapters 1–3 in `params.ts`, each is a flat `z.strictObject` of numbers,
 * integers and enums, whose type shares its name; unknown names are refused. Defaults are the
 * article's values where it gives some (chapter 5's landscape: scales 1, 10 and 100, start 58,
 * 20 steps, learning rate 1, forward-difference step 1e−5). The article's chapter 4 section has no
 * numbers, so its defaults are ours: weights below, at and above 1. Limits are the teaching range
 * in which every figure stays interactive (the largest random chain, 256 wide and 200 deep, runs
 * in about a second; the default one in a few milliseconds).
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseParams } from "./params.ts";
 * import { Chapter5Params } from "./params_ch4_5.ts";
 * const largeScale = 100;
 * const params = parseParams(Chapter5Params, { largeScale }, "chapter 5");
 * assert.equal(params.start, 58); // the article's start, from the default
 * assert.throws(
 *   () => parseParams(Chapter5Params, { steps: 0 }, "chapter 5"),
 *   { name: "RangeError", message: "Cannot run chapter 5: steps must be an integer ≥ 1 and ≤ 200 (got 0)" },
 * );
 * ```
 *
 * @module
 */

import { z } from "zod";
import { type InitScheme, initSchemes } from "./network.ts";

/** The activations a reader may put between layers (those of `activations.ts`). */
const activation = ["sigmoid", "tanh", "relu", "leakyRelu", "identity"] as const;

/**
 * Chapter 4, exploding and vanishing: a chain of weights, the same chain with an activation, and
 * chains of random matrices.
 *
 * - `input`: the chain's input x₀ (default 1), from −100 to 100.
 * - `smallWeight`, `largeWeight`: the weights compared with 1 (default 0.5 and 2): the first
 *   > 0 and < 1, the second > 1 and ≤ 10. Every layer of a chain uses the same weight.
 * - `depth`: the number of layers of the scalar chains (default 20), an integer from 1 to 200.
 * - `longDepth`: the depth of the chain that is run until its numbers no longer fit a double
 *   (default 1100: 2¹⁰²⁴ overflows, 2⁻¹⁰⁷⁵ rounds to 0), an integer from 1 to 5000.
 * - `activation`: the activation of the second chain (default "sigmoid", whose slope ≤ 1/4).
 * - `width`: the width n of the random-matrix layers (default 64), an integer from 2 to 256.
 * - `matrixDepth`: the number of random-matrix layers (default 50), an integer from 1 to 200.
 * - `smallScale`, `largeScale`: the weight scales compared with 1, entries N(0, scale²/n)
 *   (default 0.5 and 2): the first > 0 and < 1, the second > 1 and ≤ 4.
 * - `matrixActivation`: the activation between the random matrices (default "identity").
 * - `seed`: the seed of the random matrices (default 1), an integer from 0 to 2³² − 1.
 */
export const Chapter4Params = z.strictObject({
  input: z.number().min(-100).max(100).default(1),
  smallWeight: z.number().gt(0).lt(1).default(0.5),
  largeWeight: z.number().gt(1).lte(10).default(2),
  depth: z.number().int().min(1).max(200).default(20),
  longDepth: z.number().int().min(1).max(5000).default(1100),
  activation: z.enum(activation).default("sigmoid"),
  width: z.number().int().min(2).max(256).default(64),
  matrixDepth: z.number().int().min(1).max(200).default(50),
  smallScale: z.number().gt(0).lt(1).default(0.5),
  largeScale: z.number().gt(1).lte(4).default(2),
  matrixActivation: z.enum(activation).default("identity"),
  seed: z.number().int().min(0).max(4294967295).default(1),
});

/** The checked parameters of chapter 4. */
export type Chapter4Params = z.infer<typeof Chapter4Params>;

/**
 * Chapter 5, why it hurts: descent on the landscape f(x, s) at three vertical scales s.
 *
 * - `smallScale`, `mediumScale`, `largeScale`: the three scales (default 1, 10, 100, the
 *   article's), each > 0 and ≤ 1000, in increasing order.
 * - `start`: where each descent starts (default 58), in the plotted range 50 to 125.
 * - `steps`: how many steps (default 20), an integer from 1 to 200.
 * - `learningRate`: η in x ← x − η·f′(x) (default 1, the article's plain x ← x − f′(x)), > 0, ≤ 10.
 * - `slopeStep`: the step h of the article's forward difference (default 1e−5), > 0 and ≤ 1.
 * - `points`: how many points draw each landscape (default 1500; the article used 10 000), an
 *   integer from 100 to 20 000.
 *
 * And the network whose units receive very different gradients (`measureUnitGradients`):
 * - `networkInputs`: input features (default 4), an integer from 1 to 64.
 * - `networkWidth`: units per hidden layer (default 32), an integer from 2 to 128.
 * - `networkLayers`: hidden layers (default 10), an integer from 2 to 30.
 * - `networkActivation`: the hidden activation (default "tanh").
 * - `networkInit`: the initialisation scheme (default "naive": std 1 whatever the width; also
 *   "small", "xavier", "he").
 * - `batch`: examples in the batch (default 1), an integer from 1 to 256.
 * - `networkSeed`: the seed of the weights and the data (default 1), an integer from 0 to 2³² − 1.
 */
export const Chapter5Params = z.strictObject({
  smallScale: z.number().gt(0).lte(1000).default(1),
  mediumScale: z.number().gt(0).lte(1000).default(10),
  largeScale: z.number().gt(0).lte(1000).default(100),
  start: z.number().min(50).max(125).default(58),
  steps: z.number().int().min(1).max(200).default(20),
  learningRate: z.number().gt(0).lte(10).default(1),
  slopeStep: z.number().gt(0).lte(1).default(1e-5),
  points: z.number().int().min(100).max(20000).default(1500),
  networkInputs: z.number().int().min(1).max(64).default(4),
  networkWidth: z.number().int().min(2).max(128).default(32),
  networkLayers: z.number().int().min(2).max(30).default(10),
  networkActivation: z.enum(activation).default("tanh"),
  networkInit: z.enum(initSchemes as readonly [InitScheme, ...InitScheme[]]).default("naive"),
  batch: z.number().int().min(1).max(256).default(1),
  networkSeed: z.number().int().min(0).max(4294967295).default(1),
}).superRefine((values, ctx) => {
  if (!(values.mediumScale > values.smallScale)) {
    ctx.addIssue({
      code: "custom",
      path: ["mediumScale"],
      message: `must be > smallScale = ${values.smallScale} (got ${values.mediumScale})`,
    });
  }
  if (!(values.largeScale > values.mediumScale)) {
    ctx.addIssue({
      code: "custom",
      path: ["largeScale"],
      message: `must be > mediumScale = ${values.mediumScale} (got ${values.largeScale})`,
    });
  }
});

/** The checked parameters of chapter 5. */
export type Chapter5Params = z.infer<typeof Chapter5Params>;
