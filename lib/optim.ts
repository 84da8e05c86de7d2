/**
 * Optimisation helpers: a plain SGD step, gradient clipping (by value and by global norm), L1 and
 * L2 weight penalties, and gradient averaging over a mini-batch.
 *
 * Two rules run through this file:
 * - Norms never overflow on their own: a gradient whose components are 1e200 has a finite norm
 *   (about 1e200·√n), because every norm is computed as s·√(Σ (gᵢ/s)²), with s the power of two
 *   at or below maxᵢ |gᵢ| (a power of two, so the scaling itself is exact).
 * - A non-finite gradient (NaN or ±Infinity) is reported with where it is, and the buffers are
 *   left untouched: it is never clipped to a finite value or zeroed, which would hide the fact that
 *   the computation has already blown up.
 *
 * Order matters for clipping: clip the gradient, then step. Clipping after the step is too late,
 * the oversized update has already been applied.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clipByGlobalNorm } from "./optim.ts";
 * const g = Float64Array.of(3, 4); // norm 5
 * const result = clipByGlobalNorm([g], { maxNorm: 1 });
 * assert.equal(result.norm, 5);
 * assert.deepEqual(g, Float64Array.of(0.6000000000000001, 0.8));
 * ```
 * @module
 */

import type { Parameter } from "./layers.ts";

/** Where a non-finite gradient component was found. */
export interface NonFiniteEntry {
  /** Index of the buffer in the list that was passed. */
  buffer: number;
  /** Index of the component within that buffer. */
  index: number;
  /** The value: NaN, Infinity or −Infinity. */
  value: number;
}

/**
 * The first non-finite component of a list of buffers, or `null` if all are finite.
 *
 * @param buffers The gradient buffers.
 * @returns The location and value, or `null`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findNonFinite } from "./optim.ts";
 * assert.deepEqual(findNonFinite([Float64Array.of(1), Float64Array.of(2, NaN)]), {
 *   buffer: 1, index: 1, value: NaN,
 * });
 * ```
 */
export function findNonFinite(buffers: readonly Float64Array[]): NonFiniteEntry | null {
  for (let k = 0; k < buffers.length; k++) {
    const g = buffers[k];
    for (let i = 0; i < g.length; i++) {
      if (!Number.isFinite(g[i])) return { buffer: k, index: i, value: g[i] };
    }
  }
  return null;
}

/** The largest |component| over all buffers (NaN if any component is NaN). */
function maxAbs(buffers: readonly Float64Array[]): number {
  let m = 0;
  for (let k = 0; k < buffers.length; k++) {
    const g = buffers[k];
    for (let i = 0; i < g.length; i++) {
      const a = Math.abs(g[i]);
      if (a > m) m = a;
      else if (a !== a) return NaN;
    }
  }
  return m;
}

/**
 * The power of two at or just below m > 0 (finite): dividing by it is exact, so scaling a vector
 * by it adds no rounding error.
 */
function powerOfTwoScale(m: number): number {
  return Math.pow(2, Math.floor(Math.log2(m)));
}

/** √(Σ (gᵢ/s)²) over all buffers, for a scale s > 0 (finite). */
function scaledRootSumSquares(buffers: readonly Float64Array[], s: number): number {
  let sum = 0;
  for (let k = 0; k < buffers.length; k++) {
    const g = buffers[k];
    for (let i = 0; i < g.length; i++) {
      const r = g[i] / s;
      sum += r * r;
    }
  }
  return Math.sqrt(sum);
}

/**
 * The Euclidean norm of all components of all buffers together, √(Σ gᵢ²), without overflow or
 * underflow: computed as s·√(Σ (gᵢ/s)²) with s the power of two at or below max |gᵢ|.
 *
 * @param buffers The buffers (for example every parameter gradient of a network).
 * @returns The norm; 0 for no components; NaN if a component is NaN, Infinity if one is infinite
 * (use {@linkcode findNonFinite} to say where). It is Infinity for finite components only if the
 * true norm exceeds the largest double.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { globalNorm } from "./optim.ts";
 * assert.equal(globalNorm([Float64Array.of(3), Float64Array.of(4)]), 5);
 * const big = 2 ** 700; // (3·2⁷⁰⁰)² would overflow
 * assert.equal(globalNorm([Float64Array.of(3 * big, 4 * big)]), 5 * big);
 * ```
 */
export function globalNorm(buffers: readonly Float64Array[]): number {
  // Fast path: the plain sum of squares, kept when it neither overflowed nor came near underflow
  // (below 1e-200 a square could have lost digits). Otherwise the scaled computation.
  let sum = 0;
  for (let k = 0; k < buffers.length; k++) {
    const g = buffers[k];
    for (let i = 0; i < g.length; i++) sum += g[i] * g[i];
  }
  if (sum >= 1e-200 && sum < Infinity) return Math.sqrt(sum);
  const m = maxAbs(buffers);
  if (m === 0 || !Number.isFinite(m)) return m;
  const s = powerOfTwoScale(m);
  return s * scaledRootSumSquares(buffers, s);
}

/** Options of {@linkcode clipByGlobalNorm}. */
export interface ClipByNormOptions {
  /** The largest allowed global norm, > 0 (no default: the threshold is the point of clipping). */
  maxNorm: number;
}

/** What {@linkcode clipByGlobalNorm} did. */
export interface ClipByNormResult {
  /** The global norm before clipping (NaN/Infinity when `nonFinite` is set). */
  norm: number;
  /** The factor every component was multiplied by: min(1, maxNorm/norm); 1 when nothing changed. */
  scale: number;
  /** Whether the gradient was rescaled. */
  clipped: boolean;
  /** The first non-finite component, if any; then the buffers were left unchanged. */
  nonFinite: NonFiniteEntry | null;
}

function checkPositive(value: number, name: string, action: string): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`Cannot ${action}: ${name} must be a finite number > 0 (got ${value})`);
  }
}

/**
 * Clip by global norm: if ‖g‖ > maxNorm, rescale every buffer in place, g ← g·maxNorm/‖g‖, so the
 * direction is kept and the norm becomes maxNorm (up to rounding, a few parts in 10¹⁶).
 *
 * @param gradients The gradient buffers, changed in place.
 * @param options `maxNorm`, the threshold.
 * @returns The norm before clipping, the scale applied, and any non-finite component (in which
 * case nothing is changed: the step should be skipped and the blow-up reported).
 * @throws {RangeError} If `maxNorm` is not a finite number > 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clipByGlobalNorm } from "./optim.ts";
 * const g = Float64Array.of(1, Infinity);
 * const result = clipByGlobalNorm([g], { maxNorm: 1 });
 * assert.deepEqual(result.nonFinite, { buffer: 0, index: 1, value: Infinity });
 * assert.deepEqual(g, Float64Array.of(1, Infinity)); // untouched
 * ```
 */
export function clipByGlobalNorm(
  gradients: readonly Float64Array[],
  options: ClipByNormOptions,
): ClipByNormResult {
  const { maxNorm } = options;
  checkPositive(maxNorm, "maxNorm", "clip by global norm");
  const nonFinite = findNonFinite(gradients);
  if (nonFinite !== null) {
    return { norm: globalNorm(gradients), scale: 1, clipped: false, nonFinite };
  }
  const m = maxAbs(gradients);
  if (m === 0) return { norm: 0, scale: 1, clipped: false, nonFinite: null };
  const s = powerOfTwoScale(m);
  const r = scaledRootSumSquares(gradients, s); // ‖g‖ = s·r
  const norm = s * r;
  if (norm <= maxNorm) return { norm, scale: 1, clipped: false, nonFinite: null };
  // scale = maxNorm/‖g‖, formed without ‖g‖ so it stays finite even if ‖g‖ overflows
  const scale = (maxNorm / s) / r;
  for (let k = 0; k < gradients.length; k++) {
    const g = gradients[k];
    for (let i = 0; i < g.length; i++) g[i] *= scale;
  }
  return { norm, scale, clipped: true, nonFinite: null };
}

/** Options of {@linkcode clipByValue}. */
export interface ClipByValueOptions {
  /** Each component is clamped to [−threshold, threshold]; > 0 (no default). */
  threshold: number;
}

/** What {@linkcode clipByValue} did. */
export interface ClipByValueResult {
  /** How many components were clamped. */
  clippedCount: number;
  /** The first non-finite component, if any; then the buffers were left unchanged. */
  nonFinite: NonFiniteEntry | null;
}

/**
 * Clip by value: clamp every component to [−threshold, threshold], in place. Unlike clipping by
 * norm this changes the gradient's direction when some components are clamped and others not.
 *
 * @param gradients The gradient buffers, changed in place.
 * @param options `threshold`.
 * @returns How many components were clamped, and any non-finite component (then nothing changes:
 * an infinite component is not quietly clamped to ±threshold).
 * @throws {RangeError} If `threshold` is not a finite number > 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clipByValue } from "./optim.ts";
 * const g = Float64Array.of(-5, 0.5, 2);
 * assert.equal(clipByValue([g], { threshold: 1 }).clippedCount, 2);
 * assert.deepEqual(g, Float64Array.of(-1, 0.5, 1));
 * ```
 */
export function clipByValue(
  gradients: readonly Float64Array[],
  options: ClipByValueOptions,
): ClipByValueResult {
  const { threshold } = options;
  checkPositive(threshold, "threshold", "clip by value");
  const nonFinite = findNonFinite(gradients);
  if (nonFinite !== null) return { clippedCount: 0, nonFinite };
  let clippedCount = 0;
  for (let k = 0; k < gradients.length; k++) {
    const g = gradients[k];
    for (let i = 0; i < g.length; i++) {
      if (g[i] > threshold) {
        g[i] = threshold;
        clippedCount++;
      } else if (g[i] < -threshold) {
        g[i] = -threshold;
        clippedCount++;
      }
    }
  }
  return { clippedCount, nonFinite: null };
}

/**
 * The gradient buffers of a list of parameters, in order, for the clipping functions.
 *
 * @param parameters The parameters (e.g. `network.parameters`).
 * @returns Their `grad` arrays (the same arrays, not copies).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradientsOf } from "./optim.ts";
 * const grad = Float64Array.of(1);
 * assert.equal(gradientsOf([{ name: "w", value: Float64Array.of(0), grad, penalized: true }])[0], grad);
 * ```
 */
export function gradientsOf(parameters: readonly Parameter[]): Float64Array[] {
  return parameters.map((p) => p.grad);
}

/** Options of {@linkcode sgdStep}. */
export interface SgdOptions {
  /** The learning rate η, a finite number > 0 (no default: it is the first thing to choose). */
  lr: number;
}

/** What {@linkcode sgdStep} did. */
export interface SgdResult {
  /** ‖Δθ‖ = η·‖g‖ over all parameters: the size of the step taken (0 if skipped). */
  updateNorm: number;
  /** The first non-finite gradient component (buffer = parameter index), if any; then no step. */
  nonFinite: NonFiniteEntry | null;
}

/**
 * One step of (mini-batch) stochastic gradient descent, θ ← θ − η·∂L/∂θ, for every parameter.
 *
 * @param parameters The parameters; their `grad` holds the gradient (clip it before this call).
 * @param options `lr`, the learning rate η.
 * @returns The size of the update, or where a non-finite gradient was found (then no parameter
 * changes).
 * @throws {RangeError} If `lr` is not a finite number > 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sgdStep } from "./optim.ts";
 * const w = { name: "weights", value: Float64Array.of(1), grad: Float64Array.of(4), penalized: true };
 * assert.equal(sgdStep([w], { lr: 0.25 }).updateNorm, 1);
 * assert.deepEqual(w.value, Float64Array.of(0));
 * ```
 */
export function sgdStep(parameters: readonly Parameter[], options: SgdOptions): SgdResult {
  const { lr } = options;
  checkPositive(lr, "lr", "take SGD step");
  const grads = gradientsOf(parameters);
  const nonFinite = findNonFinite(grads);
  if (nonFinite !== null) return { updateNorm: 0, nonFinite };
  for (let k = 0; k < parameters.length; k++) {
    const w = parameters[k].value;
    const g = parameters[k].grad;
    for (let i = 0; i < w.length; i++) w[i] -= lr * g[i];
  }
  return { updateNorm: lr * globalNorm(grads), nonFinite: null };
}

/** Options of the weight-penalty functions. */
export interface PenaltyOptions {
  /** `"l1"`: λ·Σ|w|; `"l2"`: (λ/2)·Σw² (no default). */
  kind: "l1" | "l2";
  /** λ, the penalty's strength, a finite number ≥ 0 (no default). */
  lambda: number;
}

function checkPenalty(options: PenaltyOptions, action: string): void {
  if (options.kind !== "l1" && options.kind !== "l2") {
    throw new RangeError(
      `Cannot ${action}: kind must be "l1" or "l2" (got ${String(options.kind)})`,
    );
  }
  if (!(Number.isFinite(options.lambda) && options.lambda >= 0)) {
    throw new RangeError(
      `Cannot ${action}: lambda must be a finite number ≥ 0 (got ${options.lambda})`,
    );
  }
}

/**
 * The value of an L1 or L2 weight penalty over the penalized parameters (weight matrices, not
 * biases): L1 = λ·Σ|w|, L2 = (λ/2)·Σw². Add it to the data loss.
 *
 * @param parameters The parameters; only those with `penalized` count.
 * @param options The kind and λ.
 * @returns The penalty, ≥ 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { weightPenalty } from "./optim.ts";
 * const w = { name: "weights", value: Float64Array.of(3, -4), grad: new Float64Array(2), penalized: true };
 * assert.equal(weightPenalty([w], { kind: "l1", lambda: 0.5 }), 3.5);
 * assert.equal(weightPenalty([w], { kind: "l2", lambda: 0.5 }), 6.25);
 * ```
 */
export function weightPenalty(parameters: readonly Parameter[], options: PenaltyOptions): number {
  checkPenalty(options, "compute weight penalty");
  const { kind, lambda } = options;
  let sum = 0;
  for (const p of parameters) {
    if (!p.penalized) continue;
    const w = p.value;
    if (kind === "l1") { for (let i = 0; i < w.length; i++) sum += Math.abs(w[i]); }
    else for (let i = 0; i < w.length; i++) sum += w[i] * w[i];
  }
  return kind === "l1" ? lambda * sum : 0.5 * lambda * sum;
}

/**
 * Add the gradient of {@linkcode weightPenalty} to each penalized parameter's `grad`, in place:
 * L1 adds λ·sign(w) (0 at w = 0, a subgradient: |w| has a kink there), L2 adds λ·w (weight decay).
 *
 * @param parameters The parameters, after `backward` has filled their gradients.
 * @param options The kind and λ.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { addWeightPenaltyGradient } from "./optim.ts";
 * const w = { name: "weights", value: Float64Array.of(3, -4, 0), grad: new Float64Array(3), penalized: true };
 * addWeightPenaltyGradient([w], { kind: "l1", lambda: 0.5 });
 * assert.deepEqual(w.grad, Float64Array.of(0.5, -0.5, 0));
 * ```
 */
export function addWeightPenaltyGradient(
  parameters: readonly Parameter[],
  options: PenaltyOptions,
): void {
  checkPenalty(options, "add weight penalty gradient");
  const { kind, lambda } = options;
  for (const p of parameters) {
    if (!p.penalized) continue;
    const w = p.value;
    const g = p.grad;
    if (kind === "l1") {
      for (let i = 0; i < w.length; i++) g[i] += w[i] > 0 ? lambda : w[i] < 0 ? -lambda : 0;
    } else {
      for (let i = 0; i < w.length; i++) g[i] += lambda * w[i];
    }
  }
}

/**
 * The norm of the penalized weights, √(Σ w²) over weight matrices (biases excluded): what an L2
 * penalty keeps small.
 *
 * @param parameters The parameters.
 * @returns The norm, overflow-safe as {@linkcode globalNorm}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { weightNorm } from "./optim.ts";
 * const w = { name: "weights", value: Float64Array.of(3, 4), grad: new Float64Array(2), penalized: true };
 * const b = { name: "bias", value: Float64Array.of(100), grad: new Float64Array(1), penalized: false };
 * assert.equal(weightNorm([w, b]), 5);
 * ```
 */
export function weightNorm(parameters: readonly Parameter[]): number {
  return globalNorm(parameters.filter((p) => p.penalized).map((p) => p.value));
}

/** Options of {@linkcode averageGradients}. */
export interface AverageOptions {
  /** Where to write the mean (default: a new array); may be one of the inputs. */
  out?: Float64Array;
}

/**
 * The mean of per-example gradients, ḡ = (1/B)·Σ_b g_b: the mini-batch gradient. This is what the
 * article calls "batch normalization"; its real name is mini-batch (gradient) averaging, and batch
 * normalization is something else (see `createBatchNormLayer`).
 *
 * @param perExample B ≥ 1 gradient buffers of equal length.
 * @param options `out`, the output buffer (default: a new array).
 * @returns The mean gradient.
 * @throws {RangeError} On an empty list. @throws {TypeError} On buffers of different lengths.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { averageGradients } from "./optim.ts";
 * const mean = averageGradients([Float64Array.of(1, 2), Float64Array.of(3, 6)]);
 * assert.deepEqual(mean, Float64Array.of(2, 4));
 * ```
 */
export function averageGradients(
  perExample: readonly Float64Array[],
  options: AverageOptions = {},
): Float64Array {
  const action = "average gradients";
  if (perExample.length === 0) {
    throw new RangeError(`Cannot ${action}: perExample must have at least one gradient (got 0)`);
  }
  const n = perExample[0].length;
  for (let b = 1; b < perExample.length; b++) {
    if (perExample[b].length !== n) {
      throw new TypeError(
        `Cannot ${action}: perExample[${b}] must have length ${n} (got ${perExample[b].length})`,
      );
    }
  }
  const out = options.out ?? new Float64Array(n);
  if (out.length !== n) {
    throw new TypeError(`Cannot ${action}: out must have length ${n} (got ${out.length})`);
  }
  const inv = 1 / perExample.length;
  // Sum into a local first, so `out` may alias one of the inputs.
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let b = 0; b < perExample.length; b++) sum += perExample[b][i];
    out[i] = sum * inv;
  }
  return out;
}
