/**
 * The parameters a reader edits in chapter 6's first notebook (fixing gradients: the learning
 * rate, the activation, the initialisation and the architecture), as a zod schema to check with
 * `parseParams` from `params.ts`.
 *
 * Like the other chapters' schemas it is a flat `z.strictObject` whose type shares its name;
 * unknown names are refused. The article gives no numbers for its fixes, so the defaults are
 * ours: a small network fitting a sine wave for the learning-rate sweep, a deep 20 × 32 network
 * for the per-layer measurements, and a 100-step sequence for the recurrent networks. Limits are a
 * teaching range in which every cell stays quick; the training sweep also has a budget of work
 * (below), since its cost is the product of several parameters.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseParams } from "./params.ts";
 * import { Chapter6Params } from "./params_ch6.ts";
 * const params = parseParams(Chapter6Params, { deepLayers: 10 }, "chapter 6");
 * assert.equal(params.deepWidth, 32); // from the default
 * assert.throws(
 *   () => parseParams(Chapter6Params, { deepLayers: 1 }, "chapter 6"),
 *   { name: "RangeError", message: "Cannot run chapter 6: deepLayers must be an integer ≥ 2 and ≤ 30 (got 1)" },
 * );
 * ```
 *
 * @module
 */

import { z } from "zod";
import { type InitScheme, initSchemes } from "./network.ts";

/** The activations a reader may choose (those of `activations.ts`). */
const activation = ["sigmoid", "tanh", "relu", "leakyRelu", "identity"] as const;

const scheme = z.enum(initSchemes as readonly [InitScheme, ...InitScheme[]]);

/**
 * The most multiply-adds the learning-rate sweep may cost, about
 * learningRates × steps × examples × 3·(width²·(hiddenLayers − 1) + 2·width): about 10 times the
 * defaults' 1.04·10⁸, a second or two at most.
 */
export const MAX_SWEEP_WORK = 1e9;

/**
 * The number of multiply-adds of a learning-rate sweep: per step, the forward pass and the two
 * products of the backward pass (3 per weight and example), for every run.
 *
 * @param values The sweep's parameters.
 * @returns learningRates.length × steps × examples × 3 × (width² × (hiddenLayers − 1) + 2·width).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sweepWork } from "./params_ch6.ts";
 * // One run of one step on one example through 1 → 2 → 1: 3 × (0 + 4) multiply-adds.
 * assert.equal(sweepWork({ learningRates: [1], steps: 1, examples: 1, width: 2, hiddenLayers: 1 }), 12);
 * ```
 */
export function sweepWork(values: {
  learningRates: readonly number[];
  steps: number;
  examples: number;
  width: number;
  hiddenLayers: number;
}): number {
  const { learningRates, steps, examples, width, hiddenLayers } = values;
  const weights = width * width * (hiddenLayers - 1) + 2 * width;
  return learningRates.length * steps * examples * 3 * weights;
}

/**
 * Chapter 6, fixes 1 to 4.
 *
 * The task and the small network trained in the learning-rate sweep:
 * - `seed`: the seed of every weight and data point (default 1), an integer from 0 to 2³² − 1.
 * - `examples`: points of the sine wave, also the batch of every probe (default 64), 8 to 256.
 * - `frequency`: f in y = sin(f·x) on [−1, 1] (default 3), > 0 and ≤ 20.
 * - `width`, `hiddenLayers`: the small network (default 16 units, 3 hidden layers), an integer
 *   from 2 to 32 and from 1 to 6.
 * - `activation`, `init`: its activation and initialisation (default "tanh", "xavier").
 * - `learningRates`: the learning rates compared (default 0.001, 0.01, 0.1, 0.3, 1), 1 to 6 of
 *   them, each > 0 and ≤ 10.
 * - `steps`: training steps per learning rate (default 200), an integer from 1 to 500, and the
 *   whole sweep within {@linkcode MAX_SWEEP_WORK} multiply-adds.
 *
 * The deep network measured at initialisation (sections 2 to 4):
 * - `leakySlope`: leaky ReLU's slope for z < 0 (default 0.1), ≥ 0 and < 1.
 * - `deepLayers`, `deepWidth`: hidden layers and units (default 20 and 32), 2 to 30 and 2 to 64.
 * - `deepInit`: the initialisation used when comparing activations (default "he").
 * - `initActivation`: the activation used when comparing initialisations (default "relu").
 * - `architectureActivation`: the activation of the shorter and the residual networks (default
 *   "sigmoid", whose gradients vanish).
 *
 * The recurrent networks (section 4):
 * - `sequenceLength`: steps of the input sequence (default 100), an integer from 2 to 200.
 * - `hiddenSize`: hidden units of the RNN and the LSTM (default 16), an integer from 1 to 64.
 * - `recurrentGain`: the recurrent weights' scale, N(0, gain²/hiddenSize) (default 1), ≥ 0 and ≤ 3.
 * - `forgetBiases`: the LSTMs' initial forget-gate biases, one LSTM each (default 1, the common
 *   choice, and 3, an LSTM that starts out remembering), 1 to 3 of them, each from −5 to 5.
 */
export const Chapter6Params = z.strictObject({
  seed: z.number().int().min(0).max(4294967295).default(1),
  examples: z.number().int().min(8).max(256).default(64),
  frequency: z.number().gt(0).lte(20).default(3),
  width: z.number().int().min(2).max(32).default(16),
  hiddenLayers: z.number().int().min(1).max(6).default(3),
  activation: z.enum(activation).default("tanh"),
  init: scheme.default("xavier"),
  learningRates: z.array(z.number().gt(0).lte(10)).min(1).max(6).default(() => [
    0.001,
    0.01,
    0.1,
    0.3,
    1,
  ]),
  steps: z.number().int().min(1).max(500).default(200),
  leakySlope: z.number().min(0).lt(1).default(0.1),
  deepLayers: z.number().int().min(2).max(30).default(20),
  deepWidth: z.number().int().min(2).max(64).default(32),
  deepInit: scheme.default("he"),
  initActivation: z.enum(activation).default("relu"),
  architectureActivation: z.enum(activation).default("sigmoid"),
  sequenceLength: z.number().int().min(2).max(200).default(100),
  hiddenSize: z.number().int().min(1).max(64).default(16),
  recurrentGain: z.number().min(0).max(3).default(1),
  forgetBiases: z.array(z.number().min(-5).max(5)).min(1).max(3).default(() => [1, 3]),
}).superRefine((values, ctx) => {
  if (ctx.issues.length > 0) return; // check between parameters only once each is valid alone
  const work = sweepWork(values);
  if (work > MAX_SWEEP_WORK) {
    const perStep = work / values.steps;
    ctx.addIssue({
      code: "custom",
      path: ["steps"],
      message: `must be ≤ ${
        Math.floor(MAX_SWEEP_WORK / perStep)
      } with these learningRates, examples, width and hiddenLayers, to keep the sweep within ${MAX_SWEEP_WORK} multiply-adds (got ${values.steps})`,
    });
  }
});

/** The checked parameters of chapter 6 (fixes 1 to 4). */
export type Chapter6Params = z.infer<typeof Chapter6Params>;
