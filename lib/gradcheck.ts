/**
 * Gradient checking: compare a back-propagated gradient with central differences, one coordinate
 * at a time, and say honestly which coordinates could not be checked.
 *
 * For each coordinate θᵢ of a buffer, the numerical derivative is
 * nᵢ = (f(θ + h·eᵢ) − f(θ − h·eᵢ)) / 2h (error O(h²)), and the relative error against the
 * analytic aᵢ is |aᵢ − nᵢ| / max(|aᵢ|, |nᵢ|, tiny). Three cases need care:
 * - Both zero (a weight that does not affect the loss at all): exact agreement, error 0 — decided
 *   explicitly, never by evaluating 0/0.
 * - Tiny gradients: f is only known to about ε·|f| (ε ≈ 2.2e-16), so nᵢ carries a rounding error
 *   of about ε·|f|/h. A gradient that is truly 0 (a bias in front of a batch norm) comes out as,
 *   say, 1e-16 analytically and 5e-12 numerically — a relative error of 1 that means nothing. The
 *   floor `tiny` therefore defaults to the resolution of the check, 16·ε·|f(θ)|/(h·tolerance): a
 *   gradient smaller than that is held to an absolute error of 16·ε·|f(θ)|/h (about 3.5e-10 for
 *   |f| = 1 and h = 1e-5), larger ones to the relative tolerance. Such coordinates are flagged
 *   `belowFloor`, so a report can say how many were judged absolutely.
 * - A kink (ReLU at 0): if the perturbation moves a pre-activation across the kink, the difference
 *   quotient averages two different slopes and matches neither. Such a coordinate is *skipped*,
 *   with the reason, not counted as passed. Pass `kinkSignature` to detect it.
 *
 * A check with nothing checked does not pass.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkGradient } from "./gradcheck.ts";
 * // f(w) = w₀²·w₁, ∇f = (2·w₀·w₁, w₀²)
 * const w = Float64Array.of(3, 2);
 * const grad = Float64Array.of(12, 9);
 * const result = checkGradient(() => w[0] * w[0] * w[1], { value: w, grad });
 * assert.ok(result.passed && result.maxRelativeError < 1e-8);
 * ```
 * @module
 */

import { createRng } from "./random.ts";

/** Options of {@linkcode checkGradient}. */
export interface GradCheckOptions {
  /** The step h of the central difference, > 0 (default 1e-5, near the optimum ε^(1/3) for float64). */
  h?: number;
  /** The largest relative error that passes (default 1e-6). */
  tolerance?: number;
  /**
   * The floor of the denominator, ≥ 0: below it, errors are measured absolutely (default
   * 16·ε·|f(θ)|/(h·tolerance), the resolution of the check: about 3.5e-4 for |f| = 1, h = 1e-5 and
   * tolerance 1e-6; 0 when tolerance or f(θ) is 0).
   */
  tiny?: number;
  /** Which coordinates to check (default: all). */
  indices?: readonly number[];
  /**
   * For functions with kinks: a signature of which side of its kink every kinked unit lies on
   * (e.g. the signs of the ReLU pre-activations), read right after `f()` ran. A coordinate whose
   * signature differs at θ − h, θ or θ + h is skipped with a reason (default: no kinks).
   */
  kinkSignature?: () => ArrayLike<number>;
}

/** One checked coordinate. */
export interface GradCheckEntry {
  index: number;
  /** The back-propagated value aᵢ. */
  analytic: number;
  /** The central difference nᵢ. */
  numeric: number;
  /** |aᵢ − nᵢ| / max(|aᵢ|, |nᵢ|, tiny); 0 when both are 0. */
  relativeError: number;
  /** Both |aᵢ| and |nᵢ| are below `tiny`, so the error was measured absolutely (over `tiny`). */
  belowFloor: boolean;
}

/** One coordinate that was not checked, and why. */
export interface GradCheckSkip {
  index: number;
  reason: string;
}

/** The outcome of {@linkcode checkGradient}. */
export interface GradCheckResult {
  /** True when at least one coordinate was checked (not skipped) and every checked one is within tolerance. */
  passed: boolean;
  /** The largest relative error over the checked coordinates (0 if none; NaN if any is NaN). */
  maxRelativeError: number;
  /** The floor `tiny` that was used. */
  tiny: number;
  /** How many checked coordinates were below the floor (judged by absolute error). */
  belowFloor: number;
  /** The coordinate with that error (−1 if none were checked). */
  worstIndex: number;
  /** Every checked coordinate. */
  entries: GradCheckEntry[];
  /** Coordinates not checked, with the reason. */
  skipped: GradCheckSkip[];
}

/** Options of {@linkcode relativeError}. */
export interface RelativeErrorOptions {
  /** The floor of the denominator, ≥ 0 (default 1e-12; `checkGradient` sets its own). */
  tiny?: number;
}

/**
 * The relative error between an analytic and a numerical derivative,
 * |a − n| / max(|a|, |n|, tiny), with both-zero counted as exact agreement (0).
 *
 * @param a The analytic value.
 * @param n The numerical value.
 * @param options The floor `tiny` (default 1e-12).
 * @returns The error, ≥ 0; NaN only if a or n is NaN (or both are infinite).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { relativeError } from "./gradcheck.ts";
 * assert.equal(relativeError(0, 0), 0);
 * assert.equal(relativeError(1, 0.999), 0.0010000000000000009);
 * assert.equal(relativeError(1e-13, 0, { tiny: 1e-12 }), 0.1);
 * ```
 */
export function relativeError(a: number, n: number, options: RelativeErrorOptions = {}): number {
  const { tiny = 1e-12 } = options;
  if (a === 0 && n === 0) return 0;
  return Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), tiny);
}

function sameSignature(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Check a gradient by central differences, coordinate by coordinate.
 *
 * `f` must compute the loss from the current contents of `target.value` (and nothing in it may
 * depend on state that `f` itself changes between calls, such as a random dropout mask). Each
 * coordinate is perturbed in place and restored exactly afterwards. `target.grad` is copied first,
 * so `f` may overwrite it.
 *
 * @param f The loss as a function of the buffer's current values.
 * @param target `value`, the buffer to perturb (a parameter or an input), and `grad`, its analytic
 * gradient at the current point.
 * @param options Step, tolerance, floor, subset and kink detection.
 * @returns Per-coordinate errors, skipped coordinates with reasons, and whether it passed.
 * @throws {TypeError} If `grad` and `value` differ in length. @throws {RangeError} On a bad option or index.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkGradient } from "./gradcheck.ts";
 * // f(x) = max(0, x) at x = 0: the central difference would say 1/2, the convention says 0.
 * const x = Float64Array.of(0);
 * const result = checkGradient(() => Math.max(0, x[0]), { value: x, grad: Float64Array.of(0) }, {
 *   kinkSignature: () => [Math.sign(x[0])],
 * });
 * assert.equal(result.passed, false); // nothing could be checked
 * assert.equal(result.skipped.length, 1);
 * ```
 */
export function checkGradient(
  f: () => number,
  target: { value: Float64Array; grad: Float64Array },
  options: GradCheckOptions = {},
): GradCheckResult {
  const action = "check gradient";
  const { h = 1e-5, tolerance = 1e-6, kinkSignature } = options;
  const value = target.value;
  if (target.grad.length !== value.length) {
    throw new TypeError(
      `Cannot ${action}: grad must have the length of value, ${value.length} (got ${target.grad.length})`,
    );
  }
  if (!(Number.isFinite(h) && h > 0)) {
    throw new RangeError(`Cannot ${action}: h must be a finite number > 0 (got ${h})`);
  }
  if (!(tolerance >= 0)) {
    throw new RangeError(`Cannot ${action}: tolerance must be ≥ 0 (got ${tolerance})`);
  }
  const analytic = Float64Array.from(target.grad);
  const indices = options.indices ?? Array.from({ length: value.length }, (_, i) => i);

  const f0 = f();
  // The resolution of the check (see the module documentation); 0 if f(θ) is not even finite.
  const resolution = tolerance > 0 && Number.isFinite(f0)
    ? (16 * Number.EPSILON * Math.abs(f0)) / (h * tolerance)
    : 0;
  const tiny = options.tiny ?? resolution;
  if (!(Number.isFinite(tiny) && tiny >= 0)) {
    throw new RangeError(`Cannot ${action}: tiny must be a finite number ≥ 0 (got ${tiny})`);
  }
  const base = kinkSignature === undefined ? [] : Array.from(kinkSignature());

  const entries: GradCheckEntry[] = [];
  const skipped: GradCheckSkip[] = [];
  let maxRelativeError = 0;
  let worstIndex = -1;
  let belowFloor = 0;
  for (const i of indices) {
    if (!(Number.isInteger(i) && i >= 0 && i < value.length)) {
      throw new RangeError(
        `Cannot ${action}: indices must be integers in [0, ${value.length - 1}] (got ${i})`,
      );
    }
    const original = value[i];
    value[i] = original + h;
    const plus = f();
    const crossesUp = kinkSignature !== undefined && !sameSignature(base, kinkSignature());
    value[i] = original - h;
    const minus = f();
    const crossesDown = kinkSignature !== undefined && !sameSignature(base, kinkSignature());
    value[i] = original;
    if (crossesUp || crossesDown) {
      skipped.push({
        index: i,
        reason: `a step of ±${h} moves a unit across its kink (${
          crossesUp && crossesDown ? "both directions" : crossesUp ? "+h" : "−h"
        }): the central difference averages two slopes`,
      });
      continue;
    }
    // A non-finite f or analytic value gives a NaN error, which fails the check (it is not skipped).
    const numeric = (plus - minus) / (2 * h);
    const error = relativeError(analytic[i], numeric, { tiny });
    const small = Math.max(Math.abs(analytic[i]), Math.abs(numeric)) < tiny;
    if (small) belowFloor++;
    entries.push({
      index: i,
      analytic: analytic[i],
      numeric,
      relativeError: error,
      belowFloor: small,
    });
    if (!Number.isNaN(maxRelativeError) && (Number.isNaN(error) || error > maxRelativeError)) {
      maxRelativeError = error; // once NaN, it stays NaN
      worstIndex = i;
    }
  }
  f(); // leave the function's state (layer buffers, say) at the unperturbed point
  const passed = entries.length > 0 && maxRelativeError <= tolerance; // false for NaN
  return { passed, maxRelativeError, worstIndex, tiny, belowFloor, entries, skipped };
}

/** Anything with a batched forward and backward pass and parameters, like the layers of `layers.ts`. */
export interface CheckableLayer {
  readonly parameters: readonly { name: string; value: Float64Array; grad: Float64Array }[];
  forward(input: Float64Array, batch: number): Float64Array;
  backward(gradOutput: Float64Array): Float64Array;
}

/** Options of {@linkcode checkLayerGradients}: those of {@linkcode checkGradient}, and a seed. */
export interface LayerCheckOptions extends Omit<GradCheckOptions, "indices"> {
  /** Seed of the random projection r that turns the output into a scalar (default 0). */
  seed?: number;
}

/** The outcome of {@linkcode checkLayerGradients}. */
export interface LayerCheckResult {
  /** True when the input and every parameter passed. */
  passed: boolean;
  /** The largest relative error over the input and all parameters (NaN if any is NaN). */
  maxRelativeError: number;
  /** The check of ∂L/∂input. */
  input: GradCheckResult;
  /** The check of each parameter, in order. */
  parameters: { name: string; result: GradCheckResult }[];
}

/**
 * Gradient-check a layer's backward pass: its input gradient and every parameter gradient, against
 * central differences of the scalar L = Σₖ rₖ·yₖ, where y is the layer's output and r a fixed
 * random vector (standard normal, seeded). Since ∂L/∂y = r, one backward pass with `r` gives the
 * analytic gradients, and any error in `backward` shows up.
 *
 * @param layer The layer (its parameters keep their values; `input` is perturbed and restored).
 * @param data The input `[batch × inputSize]` and the batch size.
 * @param options Step, tolerance, kink signature, seed.
 * @returns Per-buffer results and whether all passed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkLayerGradients } from "./gradcheck.ts";
 * import { createDenseLayer } from "./layers.ts";
 * const dense = createDenseLayer(3, 2, { weights: Float64Array.of(1, -2, 0.5, 0.3, 0.7, -1) });
 * const result = checkLayerGradients(dense, { input: Float64Array.of(0.1, 0.2, 0.3, -1, 2, 0.5), batch: 2 });
 * assert.ok(result.passed && result.maxRelativeError < 1e-8);
 * ```
 */
export function checkLayerGradients(
  layer: CheckableLayer,
  data: { input: Float64Array; batch: number },
  options: LayerCheckOptions = {},
): LayerCheckResult {
  const { seed = 0, ...checkOptions } = options;
  const { input, batch } = data;
  const y = layer.forward(input, batch);
  const rng = createRng(seed);
  const r = new Float64Array(y.length);
  for (let k = 0; k < r.length; k++) r[k] = rng.normal();
  const loss = (): number => {
    const out = layer.forward(input, batch);
    let sum = 0;
    for (let k = 0; k < out.length; k++) sum += r[k] * out[k];
    return sum;
  };
  loss();
  const gradInput = Float64Array.from(layer.backward(r));
  const inputResult = checkGradient(loss, { value: input, grad: gradInput }, checkOptions);
  const parameters = layer.parameters.map((p) => ({
    name: p.name,
    result: checkGradient(loss, p, checkOptions),
  }));
  const all = [inputResult, ...parameters.map((p) => p.result)];
  let maxRelativeError = 0;
  for (const result of all) {
    if (Number.isNaN(result.maxRelativeError)) maxRelativeError = NaN;
    else if (result.maxRelativeError > maxRelativeError) maxRelativeError = result.maxRelativeError;
  }
  return {
    passed: all.every((result) => result.passed),
    maxRelativeError,
    input: inputResult,
    parameters,
  };
}
