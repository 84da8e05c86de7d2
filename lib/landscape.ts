/**
 * The one-dimensional landscape of "why exploding and vanishing gradients hurt", and gradient
 * descent on it at three vertical scales.
 *
 * f(x, s) = s·(0.3·sin(0.1x) + 0.5·sin(cos x) + 0.1·sin(0.3x + 2) + 4·cos(0.1x) + 6·sin(0.05x)).
 *
 * Scaling the landscape by s scales its slope by s: the same start, the same learning rate, and
 * descent either crawls (s = 1), wanders (s = 10) or is thrown far out of the picture (s = 100).
 * The article estimates the slope by a forward difference with step 1e−5; {@linkcode descendLandscape}
 * does the same, or uses the exact derivative {@linkcode landscapeSlope}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { descendLandscape } from "./landscape.ts";
 * const small = descendLandscape(1);
 * const large = descendLandscape(100);
 * assert.equal(small.leftRange, undefined); // stays in the valley it started in
 * assert.equal(large.leftRange?.step, 2); // thrown out of [50, 125] on the second step
 * ```
 * @module
 */

/** The plotted range of the article's figure. */
export const LANDSCAPE_RANGE = { from: 50, to: 125 } as const;

/** The article's forward-difference step. */
export const LANDSCAPE_FORWARD_STEP = 1e-5;

function checkNumber(value: unknown, action: string, name: string): number {
  if (typeof value !== "number") {
    throw new TypeError(`Cannot ${action}: ${name} must be a number (got ${typeof value})`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`Cannot ${action}: ${name} must be a finite number (got ${value})`);
  }
  return value;
}

/**
 * The landscape's height, in the article's order of operations (so the article's numbers are
 * reproduced to the last bit where the sines agree).
 *
 * f(x, s) = s·(0.3·sin(0.1x) + 0.5·sin(cos x) + 0.1·sin(0.3x + 2) + 4·cos(0.1x) + 6·sin(0.05x))
 *
 * @param x The position.
 * @param scale The vertical scale s (default 1).
 * @returns f(x, s); it is not checked (NaN in, NaN out; an infinite s or x gives a non-finite value).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { landscape } from "./landscape.ts";
 * // At x = 0: 0.3·0 + 0.5·sin(1) + 0.1·sin(2) + 4 + 0.
 * const expected = 0.5 * Math.sin(1) + 0.1 * Math.sin(2) + 4;
 * assert.ok(Math.abs(landscape(0) - expected) < 1e-15);
 * assert.ok(Math.abs(landscape(0, 10) - 10 * expected) < 1e-13);
 * ```
 */
export function landscape(x: number, scale = 1): number {
  return scale *
    (0.3 * Math.sin(x * 0.1) + 0.5 * Math.sin(Math.cos(x)) + 0.1 * Math.sin(x * 0.3 + 2) +
      4 * Math.cos(x * 0.1) + 6 * Math.sin(x * 0.05));
}

/**
 * The landscape's exact slope.
 *
 * f′(x, s) = s·(0.03·cos(0.1x) − 0.5·cos(cos x)·sin x + 0.03·cos(0.3x + 2) − 0.4·sin(0.1x)
 * + 0.3·cos(0.05x))
 *
 * @param x The position.
 * @param scale The vertical scale s (default 1).
 * @returns f′(x, s), unchecked like {@linkcode landscape}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { landscapeSlope } from "./landscape.ts";
 * // At x = 0: 0.03 − 0 + 0.03·cos(2) − 0 + 0.3.
 * assert.ok(Math.abs(landscapeSlope(0) - (0.33 + 0.03 * Math.cos(2))) < 1e-15);
 * ```
 */
export function landscapeSlope(x: number, scale = 1): number {
  return scale *
    (0.03 * Math.cos(0.1 * x) - 0.5 * Math.cos(Math.cos(x)) * Math.sin(x) +
      0.03 * Math.cos(0.3 * x + 2) - 0.4 * Math.sin(0.1 * x) + 0.3 * Math.cos(0.05 * x));
}

/** Options of {@linkcode landscapeForwardSlope}. */
export interface LandscapeForwardSlopeOptions {
  /** The step h, finite and > 0 (default 1e−5, the article's). */
  h?: number;
}

/**
 * The article's slope estimate, a forward difference: (f(x + h, s) − f(x, s)) / h.
 *
 * As in the article it divides by h itself, not by the step actually taken, (x + h) − x, which
 * differs from h by rounding; its error is about h·|f″|/2 plus rounding of order 1e−16·|f|/h.
 *
 * @param x The position.
 * @param scale The vertical scale s.
 * @param options The step h (default 1e−5).
 * @returns The estimated slope, unchecked.
 * @throws {RangeError} If h is not a finite number > 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { landscapeForwardSlope, landscapeSlope } from "./landscape.ts";
 * assert.ok(Math.abs(landscapeForwardSlope(58, 1) - landscapeSlope(58, 1)) < 1e-4);
 * ```
 */
export function landscapeForwardSlope(
  x: number,
  scale: number,
  options: LandscapeForwardSlopeOptions = {},
): number {
  const h = options.h ?? LANDSCAPE_FORWARD_STEP;
  if (!(typeof h === "number" && Number.isFinite(h) && h > 0)) {
    throw new RangeError(`Cannot estimate slope: h must be a finite number > 0 (got ${h})`);
  }
  return (landscape(x + h, scale) - landscape(x, scale)) / h;
}

/** Options of {@linkcode sampleLandscape}. */
export interface SampleLandscapeOptions {
  /** The left end of the range (default 50). */
  from?: number;
  /** The right end, > from (default 125). */
  to?: number;
  /**
   * The number of evenly spaced points, an integer in [2, 1 000 000] (default 1500: about 125
   * points per wiggle of sin(cos x), smooth on any screen; the article used 10 000).
   */
  points?: number;
}

/** The landscape sampled on a range, ready for a line plot. */
export interface LandscapeSamples {
  scale: number;
  /** Evenly spaced positions, from `from` to exactly `to`. */
  x: Float64Array;
  /** f(x, s) at each position. */
  y: Float64Array;
}

/**
 * Sample the landscape at evenly spaced points: xᵢ = from + i·(to − from)/(points − 1).
 *
 * @param scale The vertical scale s, finite.
 * @param options The range (default [50, 125]) and the number of points (default 1500).
 * @returns The positions and heights.
 * @throws {RangeError} If the scale or range is not finite, from ≥ to, or points is out of range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { landscape, sampleLandscape } from "./landscape.ts";
 * const curve = sampleLandscape(10, { points: 4, from: 50, to: 80 });
 * assert.deepEqual(curve.x, Float64Array.of(50, 60, 70, 80));
 * assert.equal(curve.y[1], landscape(60, 10));
 * ```
 */
export function sampleLandscape(
  scale: number,
  options: SampleLandscapeOptions = {},
): LandscapeSamples {
  const action = "sample landscape";
  checkNumber(scale, action, "scale");
  const from = checkNumber(options.from ?? LANDSCAPE_RANGE.from, action, "from");
  const to = checkNumber(options.to ?? LANDSCAPE_RANGE.to, action, "to");
  if (!(to > from)) {
    throw new RangeError(`Cannot ${action}: to must be > from = ${from} (got ${to})`);
  }
  const points = options.points ?? 1500;
  if (!(Number.isInteger(points) && points >= 2 && points <= 1_000_000)) {
    throw new RangeError(
      `Cannot ${action}: points must be an integer in [2, 1000000] (got ${points})`,
    );
  }
  const x = new Float64Array(points);
  const y = new Float64Array(points);
  const dx = (to - from) / (points - 1);
  for (let i = 0; i < points; i++) {
    x[i] = i === points - 1 ? to : from + i * dx;
    y[i] = landscape(x[i], scale);
  }
  return { scale, x, y };
}

/** How a descent estimates the slope. */
export type LandscapeSlopeMethod = "forward" | "exact";

/** Options of {@linkcode descendLandscape}. */
export interface LandscapeDescentOptions {
  /** The starting point x₀ (default 58, the article's). */
  start?: number;
  /** The number of steps, an integer in [0, 100 000] (default 20, the article's). */
  steps?: number;
  /** The learning rate η, finite and > 0 (default 1: the article's plain x ← x − f′(x)). */
  lr?: number;
  /** The slope: `"forward"` difference (default, the article's) or `"exact"`. */
  method?: LandscapeSlopeMethod;
  /** The forward-difference step (default 1e−5, the article's); ignored by `"exact"`. */
  h?: number;
  /** The left end of the plotted range, to report leaving it (default 50). */
  from?: number;
  /** The right end of the plotted range (default 125). */
  to?: number;
}

/** Where a descent first left the plotted range. */
export interface LandscapeRangeExit {
  /** The first step k whose point xₖ is outside [from, to]. */
  step: number;
  /** That point, unclipped. */
  x: number;
  /** Which side it left by. */
  side: "left" | "right";
}

/** A descent on the landscape. Every array holds finite numbers only. */
export interface LandscapeDescent {
  scale: number;
  method: LandscapeSlopeMethod;
  lr: number;
  /** x₀ … x_m: the points visited, unclipped (m = steps unless the descent diverged). */
  x: Float64Array;
  /** f(xₖ, s) at each point. */
  y: Float64Array;
  /**
   * The slope estimate at each point; slope[k] moved xₖ to xₖ₊₁ = xₖ − η·slope[k]. The last entry
   * is the slope where the descent stopped (used by no step).
   */
  slope: Float64Array;
  /** The first exit from [from, to], if any (a path may come back later). */
  leftRange?: LandscapeRangeExit;
  /** How many of the points x₀ … x_m lie outside [from, to]. */
  pointsOutside: number;
  /** The smallest and largest x visited, to size an axis that shows the whole path. */
  extent: { min: number; max: number };
  /**
   * Set when x, f(x) or the slope stopped being finite at step k: the arrays then hold steps
   * 0 … k − 1 only, and `value` is the offending number (for a message, never for a figure).
   */
  diverged?: { step: number; quantity: "x" | "f" | "slope"; value: number };
}

/**
 * Run gradient descent on the landscape: xₖ₊₁ = xₖ − η·f′(xₖ, s), from x₀ = 58 for 20 steps by
 * default, with the article's forward-difference slope or the exact one.
 *
 * The path keeps all steps + 1 points (the article's figure draws the first 20 of them, x₀ … x₁₉).
 *
 * @param scale The vertical scale s (the article uses 1, 10 and 100), finite.
 * @param options Start (58), steps (20), η (1), method ("forward"), h (1e−5), range ([50, 125]).
 * @returns The path with its heights and slopes, where it left the range, and divergence if any.
 * @throws {TypeError} If an option has the wrong type. @throws {RangeError} If one is out of range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { descendLandscape } from "./landscape.ts";
 * const run = descendLandscape(1, { method: "exact" });
 * assert.equal(run.x.length, 21);
 * assert.equal(run.x[1], 58 - run.slope[0]);
 * // Diverging: a step of 1e310 overflows, reported at step 1 with x₀ kept.
 * const wild = descendLandscape(1e300, { lr: 1e10 });
 * assert.deepEqual(wild.diverged, { step: 1, quantity: "x", value: wild.diverged?.value });
 * assert.equal(wild.x.length, 1);
 * ```
 */
export function descendLandscape(
  scale: number,
  options: LandscapeDescentOptions = {},
): LandscapeDescent {
  const action = "run descent";
  checkNumber(scale, action, "scale");
  const start = checkNumber(options.start ?? 58, action, "start");
  const steps = options.steps ?? 20;
  if (!(Number.isInteger(steps) && steps >= 0 && steps <= 100_000)) {
    throw new RangeError(
      `Cannot ${action}: steps must be an integer in [0, 100000] (got ${steps})`,
    );
  }
  const lr = checkNumber(options.lr ?? 1, action, "lr");
  if (!(lr > 0)) throw new RangeError(`Cannot ${action}: lr must be > 0 (got ${lr})`);
  const method = options.method ?? "forward";
  if (method !== "forward" && method !== "exact") {
    throw new RangeError(
      `Cannot ${action}: method must be "forward" or "exact" (got ${String(method)})`,
    );
  }
  const h = checkNumber(options.h ?? LANDSCAPE_FORWARD_STEP, action, "h");
  if (!(h > 0)) throw new RangeError(`Cannot ${action}: h must be > 0 (got ${h})`);
  const from = checkNumber(options.from ?? LANDSCAPE_RANGE.from, action, "from");
  const to = checkNumber(options.to ?? LANDSCAPE_RANGE.to, action, "to");
  if (!(to > from)) {
    throw new RangeError(`Cannot ${action}: to must be > from = ${from} (got ${to})`);
  }

  // x_k = x_{k−1} − η·f′(x_{k−1}), written as x_{k−1} + (−η·f′): the same number exactly.
  const walk = walkLandscape(scale, { start, steps, method, h, from, to, move: (g) => -lr * g });
  const result: LandscapeDescent = {
    scale,
    method,
    lr,
    x: walk.x,
    y: walk.y,
    slope: walk.slope,
    pointsOutside: walk.pointsOutside,
    extent: walk.extent,
  };
  if (walk.leftRange !== undefined) result.leftRange = walk.leftRange;
  if (walk.diverged !== undefined) result.diverged = walk.diverged;
  return result;
}

/** Options of {@linkcode walkLandscape}; its callers check them. */
export interface LandscapeWalkOptions {
  /** x₀. */
  start: number;
  /** How many moves (the path has steps + 1 points unless it diverges). */
  steps: number;
  /** How the slope is measured: "exact" or the forward difference with step `h`. */
  method: LandscapeSlopeMethod;
  /** The forward-difference step. */
  h: number;
  /** The plotted range, for `leftRange` and `pointsOutside`. */
  from: number;
  to: number;
  /** The move from xₖ given the slope there: −η·g for plain descent. Called once per move. */
  move: (slope: number) => number;
}

/** What {@linkcode walkLandscape} records. */
export interface LandscapeWalk extends
  Pick<
    LandscapeDescent,
    "x" | "y" | "slope" | "leftRange" | "pointsOutside" | "extent" | "diverged"
  > {
  /** move[k] took xₖ to xₖ₊₁ (one fewer than the points). */
  move: Float64Array;
}

/**
 * Walk the landscape: at each point record f(xₖ, s) and its slope, then step xₖ₊₁ = xₖ + move(slope).
 *
 * The one loop behind {@linkcode descendLandscape} and the fixed descents of chapter 7: it stops
 * at the first x, f or slope that is not finite and says where (`diverged`), records where the
 * path first left [from, to], and never clips a point.
 *
 * @param scale The vertical scale s.
 * @param options Start, steps, slope method, range and the move rule (checked by the caller).
 * @returns The points, heights, slopes and moves, with the range exit and divergence if any.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { walkLandscape } from "./landscape.ts";
 * const walk = walkLandscape(1, {
 *   start: 58, steps: 3, method: "exact", h: 1e-5, from: 50, to: 125, move: (g) => -0.5 * g,
 * });
 * assert.equal(walk.x.length, 4);
 * assert.equal(walk.x[1], 58 + walk.move[0]);
 * assert.equal(walk.move[0], -0.5 * walk.slope[0]);
 * ```
 */
export function walkLandscape(scale: number, options: LandscapeWalkOptions): LandscapeWalk {
  const { start, steps, method, h, from, to } = options;
  const x = new Float64Array(steps + 1);
  const y = new Float64Array(steps + 1);
  const slope = new Float64Array(steps + 1);
  const move = new Float64Array(steps);
  let diverged: LandscapeDescent["diverged"];
  let leftRange: LandscapeRangeExit | undefined;
  let pointsOutside = 0;
  let min = start;
  let max = start;
  let m = steps; // index of the last recorded point

  for (let k = 0; k <= steps; k++) {
    const xk = k === 0 ? start : x[k - 1] + move[k - 1];
    const yk = landscape(xk, scale);
    const gk = method === "exact" ? landscapeSlope(xk, scale) : (landscape(xk + h, scale) - yk) / h;
    if (!Number.isFinite(xk) || !Number.isFinite(yk) || !Number.isFinite(gk)) {
      const quantity = !Number.isFinite(xk) ? "x" : !Number.isFinite(yk) ? "f" : "slope";
      diverged = { step: k, quantity, value: quantity === "x" ? xk : quantity === "f" ? yk : gk };
      m = k - 1;
      break;
    }
    x[k] = xk;
    y[k] = yk;
    slope[k] = gk;
    if (xk < min) min = xk;
    if (xk > max) max = xk;
    if (xk < from || xk > to) {
      pointsOutside++;
      if (leftRange === undefined) {
        leftRange = { step: k, x: xk, side: xk < from ? "left" : "right" };
      }
    }
    if (k < steps) move[k] = options.move(gk);
  }

  const walk: LandscapeWalk = {
    x: x.subarray(0, m + 1),
    y: y.subarray(0, m + 1),
    slope: slope.subarray(0, m + 1),
    move: move.subarray(0, Math.max(m, 0)),
    pointsOutside,
    extent: { min, max },
  };
  if (leftRange !== undefined) walk.leftRange = leftRange;
  if (diverged !== undefined) walk.diverged = diverged;
  return walk;
}
