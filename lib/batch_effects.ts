/**
 * Two things that both have "batch" in their name and are often confused:
 *
 * - **Batch normalization** (a layer, `createBatchNormLayer`): each feature of a layer's input is
 *   normalized over the examples of the batch, x̂ = (x − μ)/√(σ² + ε), then scaled and shifted,
 *   y = γ·x̂ + β. {@linkcode compareBatchNorm} builds the same deep network with and without it
 *   and measures, layer by layer, how different the examples still look (the spread of the layer's
 *   values over the batch) and the gradient norms.
 * - **Mini-batch gradient averaging** (an optimisation habit, `averageGradients`): the update uses
 *   the mean of the per-example gradients, ḡ = (1/B)·Σ_b g_b. {@linkcode perExampleGradients},
 *   {@linkcode averagedLayerNorms} and {@linkcode miniBatchNoise} measure what averaging does (it
 *   makes the gradient less noisy) and what it does not do (change its size from layer to layer).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { batchSpread } from "./batch_effects.ts";
 * // Two features over a batch of 2: (1, 5) and (3, 5): spreads 1 and 0, mean 0.5.
 * assert.equal(batchSpread(Float64Array.of(1, 5, 3, 5), { batch: 2, size: 2 }), 0.5);
 * ```
 * @module
 */

import type { ActivationName } from "./activations.ts";
import type { BatchNormLayer, DenseLayer } from "./layers.ts";
import { type Loss, meanSquaredErrorLoss } from "./losses.ts";
import { createDeepNetwork, type InitScheme, type Network, type TrainingData } from "./network.ts";
import { averageGradients, globalNorm } from "./optim.ts";

/** The shape of a batch of values, `[batch × size]`. */
export interface BatchShape {
  /** Examples, an integer ≥ 1. */
  batch: number;
  /** Features per example, an integer ≥ 1. */
  size: number;
}

/**
 * How different the examples of a batch look, feature by feature: the standard deviation of each
 * feature over the batch, averaged over the features,
 * spread = (1/size)·Σⱼ √((1/batch)·Σ_b (v[b, j] − μⱼ)²), μⱼ = (1/batch)·Σ_b v[b, j].
 * 0 means every example gives the same values: the layer can no longer tell them apart.
 *
 * @param values The values, `[batch × size]`, finite.
 * @param shape The batch size and the number of features.
 * @returns The mean per-feature spread, ≥ 0.
 * @throws {RangeError} On a bad shape. @throws {TypeError} On a length that does not match it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { batchSpread } from "./batch_effects.ts";
 * assert.equal(batchSpread(Float64Array.of(-2, 2), { batch: 2, size: 1 }), 2);
 * ```
 */
export function batchSpread(values: Float64Array, shape: BatchShape): number {
  const action = "measure batch spread";
  const { batch, size } = shape;
  for (const [name, value] of [["batch", batch], ["size", size]] as const) {
    if (!(Number.isInteger(value) && value >= 1)) {
      throw new RangeError(`Cannot ${action}: ${name} must be an integer ≥ 1 (got ${value})`);
    }
  }
  if (values.length !== batch * size) {
    throw new TypeError(
      `Cannot ${action}: values must have length batch × size = ${
        batch * size
      } (got ${values.length})`,
    );
  }
  let total = 0;
  for (let j = 0; j < size; j++) {
    let mean = 0;
    for (let b = 0; b < batch; b++) mean += values[b * size + j];
    mean /= batch;
    let variance = 0;
    for (let b = 0; b < batch; b++) {
      const d = values[b * size + j] - mean;
      variance += d * d;
    }
    total += Math.sqrt(variance / batch);
  }
  return total / size;
}

/** Options of {@linkcode compareBatchNorm}: the deep network's shape and initialisation. */
export interface BatchNormComparisonOptions {
  /** Units per hidden layer (default 32). */
  width?: number;
  /** Hidden layers (default 20). */
  hiddenLayers?: number;
  /** The hidden activation (default `"sigmoid"`). */
  activation?: ActivationName;
  /** The initialisation (default `"xavier"`). */
  init?: InitScheme;
  /** The seed of the weights (default 0). */
  seed?: number;
  /** The loss (default mean squared error). */
  loss?: Loss;
}

/** One network's forward and backward pass, layer by layer. */
export interface BatchNormProbe {
  /** The loss on the batch. */
  loss: number;
  /** ‖∂L/∂Wₖ‖ for every dense layer, input side first (the last is the output layer). */
  weightGradientNorms: Float64Array;
  /**
   * The spread over the batch ({@linkcode batchSpread}) of each hidden dense layer's output
   * W·x + b: what the activation (or the batch normalization) receives, layers 1 … hiddenLayers.
   */
  spread: Float64Array;
  /** With batch normalization: the spread of each batch normalization's output; otherwise `null`. */
  normalizedSpread: Float64Array | null;
}

/** What {@linkcode compareBatchNorm} returns. */
export interface BatchNormComparison {
  /** The network without batch normalization. */
  plain: BatchNormProbe;
  /** The same network (same weights) with batch normalization before every hidden activation. */
  normalized: BatchNormProbe;
}

function probe(network: Network, data: TrainingData, loss: Loss): BatchNormProbe {
  const prediction = network.forward(data.input, data.batch);
  const value = loss.value(prediction, data.target);
  const { weightGradientNorms } = network.backward(loss.gradient(prediction, data.target));
  const hidden = network.dense.slice(0, -1) as DenseLayer[];
  const spread = new Float64Array(hidden.length);
  for (let k = 0; k < hidden.length; k++) {
    spread[k] = batchSpread(hidden[k].output, { batch: data.batch, size: hidden[k].outputSize });
  }
  const norms = network.layers.filter((l) => l.kind === "batchNorm") as BatchNormLayer[];
  const normalizedSpread = norms.length === 0 ? null : new Float64Array(norms.length);
  for (let k = 0; k < norms.length; k++) {
    normalizedSpread![k] = batchSpread(norms[k].output, {
      batch: data.batch,
      size: norms[k].outputSize,
    });
  }
  return { loss: value, weightGradientNorms, spread, normalizedSpread };
}

/**
 * Build the same deep network twice, without and with batch normalization (`createDeepNetwork`
 * with `batchNorm` false and true: same seed, so the same dense weights), run one forward and
 * backward pass of the batch through each, and measure them layer by layer.
 *
 * @param data The batch (at least 2 examples: batch normalization needs a batch).
 * @param options Width (32), hidden layers (20), activation ("sigmoid"), init ("xavier"), seed (0),
 * loss (mean squared error).
 * @returns The two probes.
 * @throws {RangeError} On a bad shape or a batch of 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareBatchNorm } from "./batch_effects.ts";
 * const data = { input: Float64Array.of(-1, 0, 1, 2), target: Float64Array.of(0, 1, 0, 1), batch: 4 };
 * const { plain, normalized } = compareBatchNorm(data, { width: 4, hiddenLayers: 3 });
 * assert.equal(plain.normalizedSpread, null);
 * assert.ok(Math.abs(normalized.normalizedSpread![2] - 1) < 1e-3); // BN makes every spread 1
 * ```
 */
export function compareBatchNorm(
  data: TrainingData,
  options: BatchNormComparisonOptions = {},
): BatchNormComparison {
  if (!(Number.isInteger(data.batch) && data.batch >= 2)) {
    throw new RangeError(
      `Cannot compare batch normalization: data.batch must be an integer ≥ 2 (got ${data.batch})`,
    );
  }
  const shape = {
    inputSize: data.input.length / data.batch,
    outputSize: data.target.length / data.batch,
    width: options.width ?? 32,
    hiddenLayers: options.hiddenLayers ?? 20,
    activation: options.activation ?? "sigmoid",
    init: options.init ?? "xavier",
    seed: options.seed ?? 0,
  };
  const loss = options.loss ?? meanSquaredErrorLoss;
  return {
    plain: probe(createDeepNetwork({ ...shape, batchNorm: false }), data, loss),
    normalized: probe(createDeepNetwork({ ...shape, batchNorm: true }), data, loss),
  };
}

/** Options of {@linkcode perExampleGradients}. */
export interface PerExampleOptions {
  /** The loss (default mean squared error). */
  loss?: Loss;
}

/**
 * The gradient of each example's own loss, one example at a time (a batch of 1 each): for example
 * b and dense layer k, a copy of ∂L_b/∂Wₖ. Their mean is the gradient of the whole batch (the
 * losses are means over the batch), which is what mini-batch training uses.
 *
 * @param network A network without batch normalization (a batch of 1 has no batch statistics).
 * @param data The examples.
 * @param options The loss (default mean squared error).
 * @returns `[example][dense layer]` weight gradients (copies).
 * @throws {RangeError} From a batch normalization layer, which refuses a batch of 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDeepNetwork } from "./network.ts";
 * import { perExampleGradients } from "./batch_effects.ts";
 * const net = createDeepNetwork({ inputSize: 1, width: 3, hiddenLayers: 2, outputSize: 1, seed: 1 });
 * const data = { input: Float64Array.of(1, 2), target: Float64Array.of(0, 0), batch: 2 };
 * const grads = perExampleGradients(net, data);
 * assert.equal(grads.length, 2); // two examples
 * assert.equal(grads[0].length, 3); // three dense layers
 * ```
 */
export function perExampleGradients(
  network: Network,
  data: TrainingData,
  options: PerExampleOptions = {},
): Float64Array[][] {
  const loss = options.loss ?? meanSquaredErrorLoss;
  const nIn = network.inputSize;
  const nOut = network.outputSize;
  const result: Float64Array[][] = [];
  for (let b = 0; b < data.batch; b++) {
    const x = data.input.subarray(b * nIn, (b + 1) * nIn);
    const y = data.target.subarray(b * nOut, (b + 1) * nOut);
    const prediction = network.forward(x, 1);
    network.backward(loss.gradient(prediction, y));
    result.push(network.dense.map((layer) => layer.gradWeights.slice()));
  }
  return result;
}

function checkCount(count: number, available: number, name: string, action: string): void {
  if (!(Number.isInteger(count) && count >= 1 && count <= available)) {
    throw new RangeError(
      `Cannot ${action}: ${name} must be an integer from 1 to ${available} (got ${count})`,
    );
  }
}

/**
 * The per-layer norms of the mean gradient of the first `count` examples:
 * ‖(1/count)·Σ_b ∂L_b/∂Wₖ‖ for each dense layer k (`averageGradients` per layer).
 *
 * @param perExample Per-example gradients ({@linkcode perExampleGradients}).
 * @param count How many examples to average, from 1 (one example's gradient) to all.
 * @returns One norm per dense layer.
 * @throws {RangeError} If count is out of range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { averagedLayerNorms } from "./batch_effects.ts";
 * const perExample = [[Float64Array.of(3, 4)], [Float64Array.of(-3, -4)]];
 * assert.deepEqual(averagedLayerNorms(perExample, 1), Float64Array.of(5));
 * assert.deepEqual(averagedLayerNorms(perExample, 2), Float64Array.of(0)); // they cancel
 * ```
 */
export function averagedLayerNorms(
  perExample: readonly Float64Array[][],
  count: number,
): Float64Array {
  checkCount(count, perExample.length, "count", "average layer gradients");
  const layers = perExample[0].length;
  const norms = new Float64Array(layers);
  const chosen = perExample.slice(0, count);
  for (let k = 0; k < layers; k++) {
    norms[k] = globalNorm([averageGradients(chosen.map((g) => g[k]))]);
  }
  return norms;
}

/** The noise of a mini-batch gradient of one size. */
export interface MiniBatchNoise {
  /** B, the mini-batch size. */
  batchSize: number;
  /** How many disjoint mini-batches were compared (⌊N/B⌋). */
  batches: number;
  /**
   * The root mean square, over those mini-batches, of ‖ḡ_B − ḡ‖/‖ḡ‖: how far a mini-batch's mean
   * gradient ḡ_B is from the mean ḡ over all N examples, relative to its size (all weights together).
   */
  relativeDeviation: number;
}

/**
 * How noisy mini-batch gradients are: the examples are cut into consecutive disjoint mini-batches
 * of B (the remainder is left out), each mini-batch's mean gradient is compared with the mean over
 * all N examples. For independent examples the deviation falls like √((N − B)/((N − 1)·B)): about
 * 1/√B while B ≪ N, and 0 at B = N.
 *
 * @param perExample Per-example gradients ({@linkcode perExampleGradients}), N ≥ 1 examples.
 * @param batchSizes The sizes B to try, each an integer from 1 to N.
 * @returns One entry per size, in the given order.
 * @throws {RangeError} On a size out of range, or if the mean gradient is exactly 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { miniBatchNoise } from "./batch_effects.ts";
 * // Gradients 1 and 3: the mean is 2; each example alone is 50 % off; both together, 0 %.
 * const perExample = [[Float64Array.of(1)], [Float64Array.of(3)]];
 * const [one, two] = miniBatchNoise(perExample, [1, 2]);
 * assert.equal(one.relativeDeviation, 0.5);
 * assert.equal(two.relativeDeviation, 0);
 * ```
 */
export function miniBatchNoise(
  perExample: readonly Float64Array[][],
  batchSizes: readonly number[],
): MiniBatchNoise[] {
  const action = "measure mini-batch noise";
  const n = perExample.length;
  if (n === 0) throw new RangeError(`Cannot ${action}: perExample must not be empty (got 0)`);
  for (const b of batchSizes) checkCount(b, n, "each batch size", action);
  // Flatten every example's gradient into one vector, all layers together.
  const flat = perExample.map((layers) => {
    const length = layers.reduce((sum, g) => sum + g.length, 0);
    const v = new Float64Array(length);
    let offset = 0;
    for (const g of layers) {
      v.set(g, offset);
      offset += g.length;
    }
    return v;
  });
  const mean = averageGradients(flat);
  const meanNorm = globalNorm([mean]);
  if (meanNorm === 0) {
    throw new RangeError(`Cannot ${action}: the mean gradient must not be 0 (got norm 0)`);
  }
  const diff = new Float64Array(mean.length);
  const batchMean = new Float64Array(mean.length);
  return batchSizes.map((B) => {
    const batches = Math.floor(n / B);
    let sumSquares = 0;
    for (let i = 0; i < batches; i++) {
      averageGradients(flat.slice(i * B, (i + 1) * B), { out: batchMean });
      for (let j = 0; j < diff.length; j++) diff[j] = batchMean[j] - mean[j];
      const r = globalNorm([diff]) / meanNorm;
      sumSquares += r * r;
    }
    return { batchSize: B, batches, relativeDeviation: Math.sqrt(sumSquares / batches) };
  });
}
