/**
 * The parameters a reader edits in chapter 7 (more fixes: batch normalization, gradient clipping,
 * weight penalties, truncated backpropagation through time, and chapter 5's landscape again), as a
 * zod schema to check with `parseParams` from `params.ts`.
 *
 * Like the other chapters' schemas it is a flat `z.strictObject` of numbers, integers, enums and
 * lists of numbers, whose type shares its name; unknown names are refused. The article gives no
 * numbers for these fixes, so the defaults are ours, chosen so that each problem shows and each
 * fix has something to fix; the landscape keeps chapter 5's values (×100, start 58, 20 steps,
 * η = 1). Limits are the teaching range in which every cell reruns in about a second at most.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseParams } from "./params.ts";
 * import { Chapter7Params } from "./params_ch7.ts";
 * const params = parseParams(Chapter7Params, { clipNorm: 0.5 }, "chapter 7");
 * assert.equal(params.start, 58); // chapter 5's start, from the default
 * assert.throws(
 *   () => parseParams(Chapter7Params, { windows: [40] }, "chapter 7"),
 *   { name: "RangeError", message: "Cannot run chapter 7: windows[0] must be ≤ sequenceLength = 30 (got 40)" },
 * );
 * ```
 *
 * @module
 */

import { z } from "zod";
import { type InitScheme, initSchemes } from "./network.ts";

/** The activations a reader may put between layers (those of `activations.ts`). */
const activation = ["sigmoid", "tanh", "relu", "leakyRelu", "identity"] as const;

const init = () => z.enum(initSchemes as readonly [InitScheme, ...InitScheme[]]);
const seed = (value: number) => z.number().int().min(0).max(4294967295).default(value);

/**
 * Chapter 7, more fixes.
 *
 * Batch normalization, on one batch through a deep network with and without it:
 * - `bnActivation` (default "sigmoid"), `bnInit` (default "xavier"): the deep network's activation
 *   and initialisation, a combination whose gradient vanishes without help.
 * - `bnLayers`: hidden layers (default 20), an integer from 2 to 30.
 * - `bnWidth`: units per hidden layer (default 32), an integer from 2 to 64.
 * - `bnBatch`: examples in the batch (default 64), an integer from 2 to 256; also the number of
 *   per-example gradients averaged in the mini-batch part.
 * - `miniBatchSizes`: the mini-batch sizes whose noise is measured (default [1, 4, 16]), 1 to 6
 *   integers, each ≥ 1 and ≤ bnBatch.
 *
 * The feed-forward training runs (clipping and penalties), on the sine task y = sin(f·x):
 * - `examples`: points of the task (default 32), an integer from 2 to 64.
 * - `frequency`: f (default 3), > 0 and ≤ 10.
 * - `width`: units per hidden layer (default 16), an integer from 2 to 32.
 * - `clipLayers` (default 10), `clipActivation` (default "relu"), `clipInit` (default "he"): the
 *   network of the clipping runs, an integer from 1 to 16 hidden layers.
 * - `learningRate`: η of the clipping runs (default 0.2), > 0 and ≤ 10: large enough to blow up.
 * - `trainSteps`: steps of the clipping runs (default 120), an integer from 1 to 300.
 * - `clipNorm`: the largest gradient norm c (default 1), > 0 and ≤ 100.
 * - `clipValue`: the largest gradient component (default 0.1), > 0 and ≤ 100.
 * - `penaltyLayers` (default 6), `penaltyActivation` (default "tanh"), `penaltyInit` (default
 *   "naive": weights of standard deviation 1, far too large): the network of the penalty runs.
 * - `penaltyLearningRate`: η of the penalty runs (default 0.05), > 0 and ≤ 10.
 * - `penaltySteps`: steps of the penalty runs (default 200), an integer from 1 to 300.
 * - `l2Strength`: λ of the L2 penalty (λ/2)·Σw² (default 0.1), ≥ 0 and ≤ 10.
 * - `l1Strength`: λ of the L1 penalty λ·Σ|w| (default 0.01), ≥ 0 and ≤ 1.
 * - `seed`: the seed of these networks' weights and of the task's points (default 1).
 *
 * Truncated backpropagation through time, on the echo task yₜ = xₜ₋d:
 * - `hiddenSize`: the RNN's units (default 16), an integer from 2 to 32.
 * - `recurrentGain`: the recurrent weights' scale (default 3: the gradient explodes back in time),
 *   > 0 and ≤ 5.
 * - `sequenceLength`: steps per sequence T (default 30), an integer from 4 to 100.
 * - `delay`: d (default 3), an integer ≥ 1 and < sequenceLength.
 * - `windows`: the truncation windows compared with full BPTT (default [10, 5, 3]), 1 to 5
 *   integers, each ≥ 1 and ≤ sequenceLength.
 * - `rnnLearningRate`: η (default 0.2), > 0 and ≤ 10.
 * - `rnnSteps`: training steps, one fresh sequence each (default 500), an integer from 1 to 1500.
 * - `rnnSeed`: the seed of the RNN's weights and of the sequences (default 2).
 *
 * The landscape f(x, s) of chapter 5, descended with the exact slope:
 * - `landscapeScale`: s (default 100, chapter 5's steep landscape), > 0 and ≤ 1000.
 * - `start`: x₀ (default 58), from 50 to 125.
 * - `landscapeSteps`: steps (default 20), an integer from 1 to 200.
 * - `landscapeLearningRate`: η of the plain and the clipped descent (default 1), > 0 and ≤ 10.
 * - `smallLearningRate`: η of the first fix (default 0.01), > 0 and ≤ 10.
 * - `slopeClip`: the threshold c on |f′| (default 8), > 0 and ≤ 1000.
 * - `normalizedStep`: the length σ of every normalized step (default 1), > 0 and ≤ 75.
 */
export const Chapter7Params = z.strictObject({
  bnActivation: z.enum(activation).default("sigmoid"),
  bnInit: init().default("xavier"),
  bnLayers: z.number().int().min(2).max(30).default(20),
  bnWidth: z.number().int().min(2).max(64).default(32),
  bnBatch: z.number().int().min(2).max(256).default(64),
  miniBatchSizes: z.array(z.number().int().min(1).max(256)).min(1).max(6).default(() => [1, 4, 16]),
  examples: z.number().int().min(2).max(64).default(32),
  frequency: z.number().gt(0).lte(10).default(3),
  width: z.number().int().min(2).max(32).default(16),
  clipLayers: z.number().int().min(1).max(16).default(10),
  clipActivation: z.enum(activation).default("relu"),
  clipInit: init().default("he"),
  learningRate: z.number().gt(0).lte(10).default(0.2),
  trainSteps: z.number().int().min(1).max(300).default(120),
  clipNorm: z.number().gt(0).lte(100).default(1),
  clipValue: z.number().gt(0).lte(100).default(0.1),
  penaltyLayers: z.number().int().min(1).max(16).default(6),
  penaltyActivation: z.enum(activation).default("tanh"),
  penaltyInit: init().default("naive"),
  penaltyLearningRate: z.number().gt(0).lte(10).default(0.05),
  penaltySteps: z.number().int().min(1).max(300).default(200),
  l2Strength: z.number().min(0).max(10).default(0.1),
  l1Strength: z.number().min(0).max(1).default(0.01),
  seed: seed(1),
  hiddenSize: z.number().int().min(2).max(32).default(16),
  recurrentGain: z.number().gt(0).lte(5).default(3),
  sequenceLength: z.number().int().min(4).max(100).default(30),
  delay: z.number().int().min(1).max(99).default(3),
  windows: z.array(z.number().int().min(1).max(100)).min(1).max(5).default(() => [10, 5, 3]),
  rnnLearningRate: z.number().gt(0).lte(10).default(0.2),
  rnnSteps: z.number().int().min(1).max(1500).default(500),
  rnnSeed: seed(2),
  landscapeScale: z.number().gt(0).lte(1000).default(100),
  start: z.number().min(50).max(125).default(58),
  landscapeSteps: z.number().int().min(1).max(200).default(20),
  landscapeLearningRate: z.number().gt(0).lte(10).default(1),
  smallLearningRate: z.number().gt(0).lte(10).default(0.01),
  slopeClip: z.number().gt(0).lte(1000).default(8),
  normalizedStep: z.number().gt(0).lte(75).default(1),
}).superRefine((values, ctx) => {
  if (ctx.issues.length > 0) return; // check between parameters only once each is valid alone
  values.miniBatchSizes.forEach((size, i) => {
    if (size > values.bnBatch) {
      ctx.addIssue({
        code: "custom",
        path: ["miniBatchSizes", i],
        message: `must be ≤ bnBatch = ${values.bnBatch} (got ${size})`,
      });
    }
  });
  if (values.delay >= values.sequenceLength) {
    ctx.addIssue({
      code: "custom",
      path: ["delay"],
      message: `must be < sequenceLength = ${values.sequenceLength} (got ${values.delay})`,
    });
  }
  values.windows.forEach((window, i) => {
    if (window > values.sequenceLength) {
      ctx.addIssue({
        code: "custom",
        path: ["windows", i],
        message: `must be ≤ sequenceLength = ${values.sequenceLength} (got ${window})`,
      });
    }
  });
});

/** The checked parameters of chapter 7. */
export type Chapter7Params = z.infer<typeof Chapter7Params>;
