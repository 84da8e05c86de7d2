/**
 * Slopes from function values: forward and central differences, in one and two variables, and
 * the study of their error as the step h shrinks.
 *
 * The article's "simplified gradient" is a forward difference with h = 0.9. Two kinds of error
 * compete as h shrinks:
 * - truncation: the difference quotient is not the derivative. By Taylor's theorem the forward
 *   error is ≈ (h/2)·|f″(x)|, proportional to h; the central error is ≈ (h²/6)·|f‴(x)|,
 *   proportional to h²;
 * - round-off: f(x + h) − f(x) loses digits when the two values nearly agree; the lost part is
 *   about ε·|f(x)|/h (ε ≈ 2.2e-16), which grows as h shrinks.
 * On a log-log plot the error falls with slope 1 (forward) or 2 (central), reaches a minimum near
 * h ≈ √ε ≈ 1e-8 (forward) or ∛ε ≈ 1e-5 (central), then climbs again.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { centralDifference, forwardDifference } from "./finite_difference.ts";
 * const square = (x: number) => x * x; // derivative 2x = 6 at x = 3
 * assert.ok(Math.abs(forwardDifference(square, 3, 0.5) - 6.5) < 1e-12); // error h = 0.5
 * assert.ok(Math.abs(centralDifference(square, 3, 0.5) - 6) < 1e-12); // exact for a parabola
 * ```
 *
 * @module
 */

/** A gradient in the plane: (∂f/∂x, ∂f/∂y), exact or estimated. */
export interface Gradient2D {
  dx: number;
  dy: number;
}

/** Throw unless f is a function, x is finite and h is a finite number > 0. */
function checkInputs(action: string, f: unknown, x: number, h: number, name = "x"): void {
  if (typeof f !== "function") {
    throw new TypeError(`Cannot ${action}: f must be a function (got ${typeof f})`);
  }
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new RangeError(`Cannot ${action}: ${name} must be a finite number (got ${x})`);
  }
  if (typeof h !== "number" || !(h > 0) || h === Infinity) {
    throw new RangeError(`Cannot ${action}: h must be a finite number > 0 (got ${h})`);
  }
}

/** Throw unless an evaluation of f returned a finite number. */
function checkValue(action: string, value: number, what: string, at: number): void {
  if (!Number.isFinite(value)) {
    throw new RangeError(`Cannot ${action}: ${what} must be finite (got ${value} at ${at})`);
  }
}

/** Throw unless the difference quotient itself is finite (a tiny h can overflow it). */
function checkQuotient(action: string, value: number, h: number): number {
  if (!Number.isFinite(value)) {
    throw new RangeError(
      `Cannot ${action}: the difference quotient must be finite (got ${value} with h = ${h})`,
    );
  }
  return value;
}

/**
 * The forward difference: the slope of the chord from x to x + h.
 *
 * f′(x) ≈ (f(x + h) − f(x)) / h, with error ≈ (h/2)·|f″(x)| for small h (before round-off).
 *
 * @param f A function of one variable returning finite values.
 * @param x The point, finite.
 * @param h The step, a finite number > 0.
 * @returns The slope estimate.
 * @throws {RangeError} On a non-finite x, an h that is not > 0 and finite, or a non-finite f value.
 * @throws {TypeError} If f is not a function.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { forwardDifference } from "./finite_difference.ts";
 * assert.equal(forwardDifference((x) => x * x, 1, 1), 3); // (4 − 1)/1; the derivative is 2
 * assert.throws(() => forwardDifference((x) => x, 1, 0), /h must be a finite number > 0 \(got 0\)/);
 * ```
 */
export function forwardDifference(f: (x: number) => number, x: number, h: number): number {
  const action = "take a forward difference";
  checkInputs(action, f, x, h);
  const xh = x + h;
  checkValue(action, xh, "x + h", x);
  const f0 = f(x);
  checkValue(action, f0, "f(x)", x);
  const f1 = f(xh);
  checkValue(action, f1, "f(x + h)", xh);
  return checkQuotient(action, (f1 - f0) / h, h);
}

/**
 * The central difference: the slope of the chord from x − h to x + h.
 *
 * f′(x) ≈ (f(x + h) − f(x − h)) / (2h), with error ≈ (h²/6)·|f‴(x)| for small h.
 *
 * @param f A function of one variable returning finite values.
 * @param x The point, finite.
 * @param h The step, a finite number > 0.
 * @returns The slope estimate.
 * @throws {RangeError} On a non-finite x, an h that is not > 0 and finite, or a non-finite f value.
 * @throws {TypeError} If f is not a function.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { centralDifference } from "./finite_difference.ts";
 * assert.equal(centralDifference((x) => x * x * x, 1, 1), 4); // (8 − 0)/2; the derivative is 3
 * ```
 */
export function centralDifference(f: (x: number) => number, x: number, h: number): number {
  const action = "take a central difference";
  checkInputs(action, f, x, h);
  const xPlus = x + h;
  const xMinus = x - h;
  checkValue(action, xPlus, "x + h", x);
  checkValue(action, xMinus, "x − h", x);
  const fPlus = f(xPlus);
  checkValue(action, fPlus, "f(x + h)", xPlus);
  const fMinus = f(xMinus);
  checkValue(action, fMinus, "f(x − h)", xMinus);
  return checkQuotient(action, (fPlus - fMinus) / (2 * h), h);
}

/**
 * The forward-difference gradient of f(x, y): one forward difference along each axis, the same
 * step h for both — the article's "simplified gradient" when h = 0.9.
 *
 * ∂f/∂x ≈ (f(x + h, y) − f(x, y)) / h,  ∂f/∂y ≈ (f(x, y + h) − f(x, y)) / h.
 *
 * @param f A function of two variables returning finite values.
 * @param x The first coordinate, finite.
 * @param y The second coordinate, finite.
 * @param h The step, a finite number > 0.
 * @returns The estimate `{ dx, dy }`.
 * @throws {RangeError} On a non-finite point, an h that is not > 0 and finite, or a non-finite f value.
 * @throws {TypeError} If f is not a function.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { forwardGradient } from "./finite_difference.ts";
 * const f = (x: number, y: number) => x * x + 3 * y; // gradient (2x, 3)
 * assert.deepEqual(forwardGradient(f, 1, 0, 0.5), { dx: 2.5, dy: 3 });
 * ```
 */
export function forwardGradient(
  f: (x: number, y: number) => number,
  x: number,
  y: number,
  h: number,
): Gradient2D {
  const action = "take a forward-difference gradient";
  checkInputs(action, f, x, h);
  checkInputs(action, f, y, h, "y");
  const xh = x + h;
  const yh = y + h;
  checkValue(action, xh, "x + h", x);
  checkValue(action, yh, "y + h", y);
  const f0 = f(x, y);
  checkValue(action, f0, "f(x, y)", x);
  const fx = f(xh, y);
  checkValue(action, fx, "f(x + h, y)", xh);
  const fy = f(x, yh);
  checkValue(action, fy, "f(x, y + h)", yh);
  return {
    dx: checkQuotient(action, (fx - f0) / h, h),
    dy: checkQuotient(action, (fy - f0) / h, h),
  };
}

/**
 * The central-difference gradient of f(x, y): one central difference along each axis.
 *
 * ∂f/∂x ≈ (f(x + h, y) − f(x − h, y)) / (2h),  ∂f/∂y ≈ (f(x, y + h) − f(x, y − h)) / (2h).
 *
 * @param f A function of two variables returning finite values.
 * @param x The first coordinate, finite.
 * @param y The second coordinate, finite.
 * @param h The step, a finite number > 0.
 * @returns The estimate `{ dx, dy }`.
 * @throws {RangeError} On a non-finite point, an h that is not > 0 and finite, or a non-finite f value.
 * @throws {TypeError} If f is not a function.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { centralGradient } from "./finite_difference.ts";
 * const f = (x: number, y: number) => x * x + 3 * y; // gradient (2x, 3), exact for a quadratic
 * assert.deepEqual(centralGradient(f, 1, 0, 0.5), { dx: 2, dy: 3 });
 * ```
 */
export function centralGradient(
  f: (x: number, y: number) => number,
  x: number,
  y: number,
  h: number,
): Gradient2D {
  const action = "take a central-difference gradient";
  checkInputs(action, f, x, h);
  checkInputs(action, f, y, h, "y");
  const xPlus = x + h;
  const xMinus = x - h;
  const yPlus = y + h;
  const yMinus = y - h;
  checkValue(action, xPlus, "x + h", x);
  checkValue(action, xMinus, "x − h", x);
  checkValue(action, yPlus, "y + h", y);
  checkValue(action, yMinus, "y − h", y);
  const fxPlus = f(xPlus, y);
  checkValue(action, fxPlus, "f(x + h, y)", xPlus);
  const fxMinus = f(xMinus, y);
  checkValue(action, fxMinus, "f(x − h, y)", xMinus);
  const fyPlus = f(x, yPlus);
  checkValue(action, fyPlus, "f(x, y + h)", yPlus);
  const fyMinus = f(x, yMinus);
  checkValue(action, fyMinus, "f(x, y − h)", yMinus);
  return {
    dx: checkQuotient(action, (fxPlus - fxMinus) / (2 * h), h),
    dy: checkQuotient(action, (fyPlus - fyMinus) / (2 * h), h),
  };
}

/** Which step sizes {@linkcode logSpacedSteps} lists. */
export interface LogSpacedStepsOptions {
  /** The first (largest) step. Default 1. */
  largest?: number;
  /** The last (smallest) step, reached when it is a whole number of divisions down. Default 1e-15. */
  smallest?: number;
  /** Steps per factor of ten. Default 4. */
  perDecade?: number;
}

/** The most steps {@linkcode logSpacedSteps} returns (and so the most an error study evaluates). */
export const MAX_LOG_STEPS = 10_000;

/**
 * Step sizes evenly spaced on a log scale, from largest down to smallest.
 *
 * h_k = largest · 10^(−k/perDecade), k = 0, 1, … while h_k ≥ smallest (up to a relative 1e-9).
 *
 * @param options The range and density (defaults 1 to 1e-15, 4 per decade: 61 steps).
 * @returns The steps, decreasing.
 * @throws {RangeError} Unless 0 < smallest ≤ largest (finite) and perDecade is an integer ≥ 1, or
 *   if there would be more than 10 000 steps.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { logSpacedSteps } from "./finite_difference.ts";
 * assert.deepEqual(Array.from(logSpacedSteps({ largest: 1, smallest: 1e-3, perDecade: 1 })), [
 *   1, 0.1, 0.01, 0.001,
 * ]);
 * assert.equal(logSpacedSteps().length, 61);
 * ```
 */
export function logSpacedSteps(options: LogSpacedStepsOptions = {}): Float64Array {
  const action = "list step sizes";
  const { largest = 1, smallest = 1e-15, perDecade = 4 } = options;
  if (!(largest > 0) || largest === Infinity) {
    throw new RangeError(`Cannot ${action}: largest must be a finite number > 0 (got ${largest})`);
  }
  if (!(smallest > 0) || !(smallest <= largest)) {
    throw new RangeError(
      `Cannot ${action}: smallest must be > 0 and ≤ largest = ${largest} (got ${smallest})`,
    );
  }
  if (!Number.isInteger(perDecade) || perDecade < 1) {
    throw new RangeError(`Cannot ${action}: perDecade must be an integer ≥ 1 (got ${perDecade})`);
  }
  const decades = Math.log10(largest / smallest);
  const count = Math.floor(decades * perDecade + 1e-9) + 1;
  if (count > MAX_LOG_STEPS) {
    throw new RangeError(
      `Cannot ${action}: there must be at most ${MAX_LOG_STEPS} steps (got ${count})`,
    );
  }
  const steps = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    // A whole number of decades divides by an exact power of ten, so 1e-15 comes out as 1e-15.
    steps[k] = k % perDecade === 0
      ? largest / 10 ** (k / perDecade)
      : largest * 10 ** (-k / perDecade);
  }
  return steps;
}

/** What {@linkcode differenceErrorStudy} needs besides f and x. */
export interface DifferenceErrorStudyOptions {
  /** The exact derivative f′(x) to compare against (required). */
  exact: number;
  /** The step sizes to try. Default `logSpacedSteps()`: 1 down to 1e-15, 4 per decade. */
  steps?: ArrayLike<number>;
}

/** The errors of both difference formulas at each step size. */
export interface DifferenceErrorStudy {
  /** The step sizes, as given. */
  h: Float64Array;
  /** |forward difference − exact| at each step. Can be exactly 0; log axes leave such points out. */
  forwardError: Float64Array;
  /** |central difference − exact| at each step. Can be exactly 0, as above. */
  centralError: Float64Array;
}

/**
 * The absolute error of the forward and central differences at x, for each step size: the data
 * for a log-log plot where truncation error (slope 1 for forward, 2 for central) gives way to
 * round-off as h shrinks.
 *
 * error_forward(h) = |(f(x + h) − f(x))/h − f′(x)|,  error_central(h) = |(f(x + h) − f(x − h))/(2h) − f′(x)|.
 *
 * @param f A function of one variable returning finite values.
 * @param x The point, finite.
 * @param options `exact` (f′(x), required) and `steps` (default 1 … 1e-15, 4 per decade).
 * @returns The steps and both errors, one entry per step.
 * @throws {RangeError} On a non-finite x or exact, a step that is not > 0 and finite, or an empty
 *   list of steps.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { differenceErrorStudy } from "./finite_difference.ts";
 * const study = differenceErrorStudy(Math.exp, 0, { exact: 1, steps: [1e-2, 1e-3] });
 * // Forward error ≈ h/2 · f″(0) = h/2: ten times smaller for a ten times smaller step.
 * assert.ok(Math.abs(study.forwardError[0] / study.forwardError[1] - 10) < 0.1);
 * ```
 */
export function differenceErrorStudy(
  f: (x: number) => number,
  x: number,
  options: DifferenceErrorStudyOptions,
): DifferenceErrorStudy {
  const action = "study the difference error";
  const { exact } = options ?? {};
  if (typeof exact !== "number" || !Number.isFinite(exact)) {
    throw new RangeError(`Cannot ${action}: exact must be a finite number (got ${exact})`);
  }
  const steps = options.steps ?? logSpacedSteps();
  if (steps.length === 0) {
    throw new RangeError(`Cannot ${action}: steps must hold at least one step (got none)`);
  }
  const n = steps.length;
  const h = Float64Array.from(steps);
  const forwardError = new Float64Array(n);
  const centralError = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // Each call checks its h (> 0, finite) and the values of f.
    forwardError[k] = Math.abs(forwardDifference(f, x, h[k]) - exact);
    centralError[k] = Math.abs(centralDifference(f, x, h[k]) - exact);
  }
  return { h, forwardError, centralError };
}

/** Throw unless values[k] is a finite number > 0 (it goes into a logarithm). */
function checkPositive(action: string, name: string, k: number, value: number): void {
  if (!(value > 0) || value === Infinity) {
    throw new RangeError(
      `Cannot ${action}: ${name}[${k}] must be a finite number > 0 (got ${value})`,
    );
  }
}

/**
 * The slope of a straight line fitted to log10(y) against log10(x) by least squares: the power p
 * in y ≈ C·x^p.
 *
 * p = Σ(u − ū)(v − v̄) / Σ(u − ū)², u = log10 x, v = log10 y.
 *
 * Use it on the truncation part of an error study: about 1 for forward differences, 2 for central.
 *
 * @param xs The x values, > 0.
 * @param ys The y values, > 0, as many as xs.
 * @returns The fitted slope p.
 * @throws {RangeError} On fewer than two points, a value that is not > 0 and finite, or all x equal.
 * @throws {TypeError} If the lengths differ.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { logLogSlope } from "./finite_difference.ts";
 * assert.ok(Math.abs(logLogSlope([1, 2, 4], [3, 12, 48]) - 2) < 1e-12); // y = 3x²
 * ```
 */
export function logLogSlope(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const action = "fit a log-log slope";
  if (xs.length !== ys.length) {
    throw new TypeError(
      `Cannot ${action}: ys must have as many values as xs = ${xs.length} (got ${ys.length})`,
    );
  }
  const n = xs.length;
  if (n < 2) throw new RangeError(`Cannot ${action}: there must be at least 2 points (got ${n})`);
  let uMean = 0;
  let vMean = 0;
  for (let k = 0; k < n; k++) {
    checkPositive(action, "xs", k, xs[k]);
    checkPositive(action, "ys", k, ys[k]);
    uMean += Math.log10(xs[k]);
    vMean += Math.log10(ys[k]);
  }
  uMean /= n;
  vMean /= n;
  let suv = 0;
  let suu = 0;
  for (let k = 0; k < n; k++) {
    const du = Math.log10(xs[k]) - uMean;
    suv += du * (Math.log10(ys[k]) - vMean);
    suu += du * du;
  }
  if (suu === 0) throw new RangeError(`Cannot ${action}: xs must not all be equal (got ${xs[0]})`);
  return suv / suu;
}
