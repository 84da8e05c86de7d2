/**
 * Loss functions with their gradients: mean squared error, and binary cross-entropy computed from
 * logits so that it stays finite however saturated the output unit is.
 *
 * Both losses are means over every element (batch × outputs), so their gradients are averages over
 * the mini-batch: the gradient of a batch equals the mean of the per-example gradients.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { binaryCrossEntropyWithLogits } from "./losses.ts";
 * // A confidently wrong prediction costs about its logit, and nothing overflows.
 * assert.equal(binaryCrossEntropyWithLogits(Float64Array.of(800), Float64Array.of(0)), 800);
 * ```
 * @module
 */

import { sigmoid } from "./activations.ts";

/** Options of the gradient functions. */
export interface LossGradientOptions {
  /** Where to write the gradient; same length as the prediction (default: a new array). */
  out?: Float64Array;
}

/** A loss as the network helpers use it: its value and its gradient with respect to the output. */
export interface Loss {
  readonly name: "meanSquaredError" | "binaryCrossEntropyWithLogits";
  value(prediction: Float64Array, target: Float64Array): number;
  gradient(
    prediction: Float64Array,
    target: Float64Array,
    options?: LossGradientOptions,
  ): Float64Array;
}

function checkShapes(prediction: Float64Array, target: Float64Array, action: string): void {
  if (prediction.length === 0) {
    throw new RangeError(`Cannot ${action}: prediction must be non-empty (got length 0)`);
  }
  if (target.length !== prediction.length) {
    throw new TypeError(
      `Cannot ${action}: target must have the length of prediction, ${prediction.length} (got ${target.length})`,
    );
  }
}

function gradientBuffer(n: number, out: Float64Array | undefined, action: string): Float64Array {
  if (out === undefined) return new Float64Array(n);
  if (out.length !== n) {
    throw new TypeError(
      `Cannot ${action}: out must have the length of prediction, ${n} (got ${out.length})`,
    );
  }
  return out;
}

/**
 * Mean squared error, L = (1/N)·Σᵢ (ŷᵢ − yᵢ)², over all N elements.
 *
 * @param yHat The predictions.
 * @param y The targets, same length.
 * @returns The loss, ≥ 0.
 * @throws {RangeError} On empty input. @throws {TypeError} On a length mismatch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanSquaredError } from "./losses.ts";
 * assert.equal(meanSquaredError(Float64Array.of(1, 3), Float64Array.of(0, 0)), 5);
 * ```
 */
export function meanSquaredError(yHat: Float64Array, y: Float64Array): number {
  checkShapes(yHat, y, "compute mean squared error");
  const n = yHat.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const r = yHat[i] - y[i];
    sum += r * r;
  }
  return sum / n;
}

/**
 * Gradient of the mean squared error with respect to the predictions, ∂L/∂ŷᵢ = 2·(ŷᵢ − yᵢ)/N.
 *
 * @param yHat The predictions.
 * @param y The targets.
 * @param options `out`: the gradient buffer (default: a new array).
 * @returns The gradient buffer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanSquaredErrorGradient } from "./losses.ts";
 * assert.deepEqual(
 *   meanSquaredErrorGradient(Float64Array.of(1, 3), Float64Array.of(0, 0)),
 *   Float64Array.of(1, 3),
 * );
 * ```
 */
export function meanSquaredErrorGradient(
  yHat: Float64Array,
  y: Float64Array,
  options: LossGradientOptions = {},
): Float64Array {
  checkShapes(yHat, y, "compute mean squared error gradient");
  const n = yHat.length;
  const out = gradientBuffer(n, options.out, "compute mean squared error gradient");
  const c = 2 / n;
  for (let i = 0; i < n; i++) out[i] = c * (yHat[i] - y[i]);
  return out;
}

/**
 * Softplus, log(1 + e^z), computed stably as max(z, 0) + log1p(e^−|z|).
 *
 * @param z Any number.
 * @returns log(1 + e^z) > 0: ≈ z for large z, ≈ e^z for very negative z.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { softplus } from "./losses.ts";
 * assert.equal(softplus(800), 800);
 * assert.equal(softplus(0), Math.LN2);
 * ```
 */
export function softplus(z: number): number {
  return (z > 0 ? z : 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/**
 * Binary cross-entropy of targets y ∈ [0, 1] against probabilities p = σ(z) given as logits z,
 * averaged over all N elements:
 * L = (1/N)·Σᵢ −[yᵢ·log σ(zᵢ) + (1 − yᵢ)·log(1 − σ(zᵢ))] = (1/N)·Σᵢ [softplus(zᵢ) − yᵢ·zᵢ].
 *
 * The right-hand form never takes the log of a rounded 0, so the loss stays finite for any finite
 * logit: for z = ±800 it is exactly 800 when wrong and 0 when right.
 *
 * @param logits The pre-sigmoid outputs z.
 * @param y The targets, each in [0, 1].
 * @returns The loss, ≥ 0 for targets in {0, 1}.
 * @throws {RangeError} On empty input or a target outside [0, 1]. @throws {TypeError} On a length mismatch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { binaryCrossEntropyWithLogits } from "./losses.ts";
 * assert.equal(binaryCrossEntropyWithLogits(Float64Array.of(0), Float64Array.of(1)), Math.LN2);
 * assert.equal(binaryCrossEntropyWithLogits(Float64Array.of(-800), Float64Array.of(0)), 0);
 * ```
 */
export function binaryCrossEntropyWithLogits(logits: Float64Array, y: Float64Array): number {
  checkShapes(logits, y, "compute binary cross-entropy");
  const n = logits.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const t = y[i];
    if (!(t >= 0 && t <= 1)) {
      throw new RangeError(
        `Cannot compute binary cross-entropy: target must be in [0, 1] (got ${t} at index ${i})`,
      );
    }
    sum += softplus(logits[i]) - t * logits[i];
  }
  return sum / n;
}

/**
 * Gradient of {@linkcode binaryCrossEntropyWithLogits} with respect to the logits:
 * ∂L/∂zᵢ = (σ(zᵢ) − yᵢ)/N. Bounded by 1/N in size, whatever the logit.
 *
 * @param logits The logits z.
 * @param y The targets.
 * @param options `out`: the gradient buffer (default: a new array).
 * @returns The gradient buffer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { binaryCrossEntropyWithLogitsGradient } from "./losses.ts";
 * const g = binaryCrossEntropyWithLogitsGradient(Float64Array.of(800, 0), Float64Array.of(0, 0));
 * assert.deepEqual(g, Float64Array.of(0.5, 0.25));
 * ```
 */
export function binaryCrossEntropyWithLogitsGradient(
  logits: Float64Array,
  y: Float64Array,
  options: LossGradientOptions = {},
): Float64Array {
  checkShapes(logits, y, "compute binary cross-entropy gradient");
  const n = logits.length;
  const out = gradientBuffer(n, options.out, "compute binary cross-entropy gradient");
  for (let i = 0; i < n; i++) out[i] = (sigmoid(logits[i]) - y[i]) / n;
  return out;
}

/** Mean squared error as a {@linkcode Loss}. */
export const meanSquaredErrorLoss: Loss = {
  name: "meanSquaredError",
  value: meanSquaredError,
  gradient: meanSquaredErrorGradient,
};

/** Binary cross-entropy from logits as a {@linkcode Loss}. */
export const binaryCrossEntropyLoss: Loss = {
  name: "binaryCrossEntropyWithLogits",
  value: binaryCrossEntropyWithLogits,
  gradient: binaryCrossEntropyWithLogitsGradient,
};
