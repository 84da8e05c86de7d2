/**
 * Walking the surface along its gradient: ascent climbs, descent goes down.
 *
 * Each step moves the point by the learning rate η times the gradient:
 * ascent (x, y) ← (x, y) + η·g(x, y), descent (x, y) ← (x, y) − η·g(x, y).
 * The gradient g is the exact one or a finite-difference estimate; the article's procedure is
 * forward differences with step 0.9, η = 1, 10 steps from (0, 0).
 *
 * A walk that cannot go on stops and says why, instead of filling the path with NaN: the exact
 * gradient does not exist at the cone point (0, 0) — the article's start — and a learning rate
 * large enough can throw the point beyond where the surface can be evaluated (|x|, |y| ≤ 1e300).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradientAscent } from "./descent.ts";
 * // The article's ascent: forward slopes with h = 0.9, lr = 1, 10 steps from (0, 0) (the defaults).
 * const path = gradientAscent({ x: 0, y: 0 });
 * assert.equal(path.x.length, 11);
 * assert.equal(path.stopped, null);
 * assert.ok(path.z[10] > path.z[0]); // it climbed
 * ```
 *
 * @module
 */

import { centralGradient, forwardGradient } from "./finite_difference.ts";
import type { Path3D } from "./grid.ts";
import { exactGradient, SURFACE_LIMIT, type SurfaceGradient, surfaceZ } from "./surface.ts";

/** The ways to get the gradient: forward or central differences with step h, or the exact formula. */
export const GRADIENT_METHODS = ["forward", "central", "exact"] as const;

/** One of {@linkcode GRADIENT_METHODS}. */
export type GradientMethod = typeof GRADIENT_METHODS[number];

/** Uphill or downhill. */
export const WALK_DIRECTIONS = ["ascent", "descent"] as const;

/** One of {@linkcode WALK_DIRECTIONS}. */
export type WalkDirection = typeof WALK_DIRECTIONS[number];

/** The most steps a walk may take (the path is allocated up front). */
export const MAX_WALK_STEPS = 1_000_000;

/** How to get the surface's gradient (see {@linkcode surfaceGradient}). */
export interface SurfaceGradientOptions {
  /** Forward or central differences, or the exact formula. Default "forward" (the article's). */
  method?: GradientMethod;
  /** The finite-difference step, for "forward" and "central". Default 0.9 (the article's). */
  h?: number;
}

/** Throw unless method is one of the three and h is a finite number > 0. */
function checkMethod(action: string, method: unknown, h: unknown): void {
  if (!(GRADIENT_METHODS as readonly unknown[]).includes(method)) {
    throw new TypeError(
      `Cannot ${action}: method must be one of "forward", "central", "exact" (got ${
        JSON.stringify(method) ?? String(method)
      })`,
    );
  }
  if (typeof h !== "number" || !(h > 0) || h === Infinity) {
    throw new RangeError(`Cannot ${action}: h must be a finite number > 0 (got ${h})`);
  }
}

/**
 * The gradient of the course's surface at (x, y) by a chosen method.
 *
 * "forward": ((z(x+h, y) − z(x, y))/h, (z(x, y+h) − z(x, y))/h), "central": the same with
 * (z(· + h) − z(· − h))/(2h), "exact": the closed form of {@linkcode exactGradient}.
 * Finite differences are defined everywhere, including the cone point, where they give a slope
 * that depends on h; the exact gradient is undefined there.
 *
 * @param x The first coordinate, finite, |x| ≤ 1e300.
 * @param y The second coordinate, finite, |y| ≤ 1e300.
 * @param options The method (default "forward") and step h (default 0.9).
 * @returns `{ defined: true, dx, dy }`, or `{ defined: false, reason }` for "exact" at (0, 0).
 * @throws {TypeError} On an unknown method.
 * @throws {RangeError} On a bad h or point, or when a probe point x + h leaves the surface's domain.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { surfaceGradient } from "./descent.ts";
 * const slope = surfaceGradient(0, 0); // the article's slope at (0, 0), h = 0.9
 * assert.ok(slope.defined);
 * // slope along y: (z(0, 0.9) − z(0, 0))/0.9 = 0.2·sin(1.8)/0.9
 * assert.ok(Math.abs(slope.dy - (0.2 * Math.sin(1.8)) / 0.9) < 1e-15);
 * assert.equal(surfaceGradient(0, 0, { method: "exact" }).defined, false);
 * ```
 */
export function surfaceGradient(
  x: number,
  y: number,
  options: SurfaceGradientOptions = {},
): SurfaceGradient {
  const { method = "forward", h = 0.9 } = options;
  checkMethod("compute the surface gradient", method, h);
  if (method === "exact") return exactGradient(x, y);
  const g = method === "forward"
    ? forwardGradient(surfaceZ, x, y, h)
    : centralGradient(surfaceZ, x, y, h);
  return { defined: true, dx: g.dx, dy: g.dy };
}

/** How to walk (see {@linkcode followGradient}). */
export interface FollowGradientOptions extends SurfaceGradientOptions {
  /** "ascent" (x + η·g) or "descent" (x − η·g). Default "descent". */
  direction?: WalkDirection;
  /** The learning rate η, a finite number > 0. Default 1 (the article's). */
  lr?: number;
  /** The number of steps, an integer from 0 to 1 000 000. Default 10 (the article's). */
  steps?: number;
}

/** Why and where a walk stopped early. */
export interface WalkStop {
  /**
   * The number of steps taken before stopping, which is also the index of the path's last point:
   * step `step + 1` could not be taken from it.
   */
  step: number;
  /**
   * "undefined-gradient": the gradient does not exist at the last point (the exact method at the
   * cone point). "overflow": the next point, or a point needed to estimate the gradient, lies
   * beyond |x|, |y| ≤ 1e300, where the surface can no longer be evaluated.
   */
  reason: "undefined-gradient" | "overflow";
  /** One sentence for the reader, with the point and the numbers. */
  message: string;
}

/** A walk on the surface: the points visited, their heights, and the gradients that moved them. */
export interface GradientPath extends Path3D {
  /** x of each point visited, the start first: `stepsTaken + 1` values. */
  x: Float64Array;
  /** y of each point visited. */
  y: Float64Array;
  /** z(x, y) at each point visited. */
  z: Float64Array;
  /** ∂z/∂x used at each step: `gradX[k]` is the gradient at point k, which moved it to k + 1. */
  gradX: Float64Array;
  /** ∂z/∂y used at each step, as `gradX`. */
  gradY: Float64Array;
  /** How many steps were taken: the requested number unless the walk stopped. */
  stepsTaken: number;
  /** Why the walk stopped early, or null if it took every step. */
  stopped: WalkStop | null;
  /** The settings used, for titles and legends. */
  direction: WalkDirection;
  method: GradientMethod;
  h: number;
  lr: number;
}

/** Format a point for a message. */
function at(x: number, y: number): string {
  return `(${x}, ${y})`;
}

/**
 * Walk the surface along the gradient for a number of steps from a start point.
 *
 * ascent: p_{k+1} = p_k + η·g(p_k); descent: p_{k+1} = p_k − η·g(p_k), with g from
 * {@linkcode surfaceGradient} (the chosen method).
 *
 * The walk stops early — reported in `stopped`, with the path so far — when the gradient is
 * undefined (the exact method at the cone point (0, 0), e.g. the article's start) or when a step
 * would leave the surface's domain (|x|, |y| ≤ 1e300). On this surface |g| stays below 1, so
 * the second needs an absurd learning rate; it is there so that nothing returns NaN.
 *
 * @param start The start point, finite, |x|, |y| ≤ 1e300.
 * @param options direction (default "descent"), method ("forward"), h (0.9), lr (1), steps (10).
 * @returns The path: points, heights, gradients used, and whether it stopped early.
 * @throws {TypeError} On an unknown method or direction.
 * @throws {RangeError} On a bad start, h, lr or number of steps.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { followGradient } from "./descent.ts";
 * const walk = followGradient({ x: 0, y: 0 }, { method: "exact" });
 * assert.equal(walk.stepsTaken, 0); // no gradient at the cone point: not a single step
 * assert.equal(walk.stopped?.reason, "undefined-gradient");
 * assert.equal(walk.x.length, 1);
 * ```
 */
export function followGradient(
  start: { x: number; y: number },
  options: FollowGradientOptions = {},
): GradientPath {
  const action = "follow the gradient";
  const { direction = "descent", method = "forward", h = 0.9, lr = 1, steps = 10 } = options;
  if (!(WALK_DIRECTIONS as readonly unknown[]).includes(direction)) {
    throw new TypeError(
      `Cannot ${action}: direction must be "ascent" or "descent" (got ${
        JSON.stringify(direction) ?? String(direction)
      })`,
    );
  }
  checkMethod(action, method, h);
  if (typeof lr !== "number" || !(lr > 0) || lr === Infinity) {
    throw new RangeError(`Cannot ${action}: lr must be a finite number > 0 (got ${lr})`);
  }
  if (!Number.isInteger(steps) || steps < 0 || steps > MAX_WALK_STEPS) {
    throw new RangeError(
      `Cannot ${action}: steps must be an integer from 0 to ${MAX_WALK_STEPS} (got ${steps})`,
    );
  }
  const { x: x0, y: y0 } = start ?? {};
  for (const [name, value] of [["start.x", x0], ["start.y", y0]] as const) {
    if (typeof value !== "number") {
      throw new TypeError(`Cannot ${action}: ${name} must be a number (got ${typeof value})`);
    }
    if (!(Math.abs(value) <= SURFACE_LIMIT)) {
      throw new RangeError(
        `Cannot ${action}: ${name} must be a finite number with |${name}| ≤ 1e300 (got ${value})`,
      );
    }
  }

  const sign = direction === "ascent" ? 1 : -1;
  const px = new Float64Array(steps + 1);
  const py = new Float64Array(steps + 1);
  const pz = new Float64Array(steps + 1);
  const gradX = new Float64Array(steps);
  const gradY = new Float64Array(steps);
  px[0] = x0;
  py[0] = y0;
  pz[0] = surfaceZ(x0, y0);
  let stopped: WalkStop | null = null;
  let k = 0;
  for (; k < steps; k++) {
    const x = px[k];
    const y = py[k];
    let g: SurfaceGradient;
    try {
      g = surfaceGradient(x, y, { method, h });
    } catch (error) {
      // The point is in the domain (checked when it was made), so only a probe x ± h can fail.
      if (!(error instanceof RangeError)) throw error;
      stopped = {
        step: k,
        reason: "overflow",
        message: `the walk stopped at point ${k}, ${at(x, y)}: the ${method} difference with ` +
          `h = ${h} needs the surface beyond |x|, |y| ≤ 1e300 (${error.message})`,
      };
      break;
    }
    if (!g.defined) {
      stopped = {
        step: k,
        reason: "undefined-gradient",
        message: `the walk stopped at point ${k}, ${at(x, y)}, before step ${k + 1}: ${g.reason}`,
      };
      break;
    }
    // p_{k+1} = p_k ± η·g(p_k)
    const nx = x + sign * lr * g.dx;
    const ny = y + sign * lr * g.dy;
    if (!(Math.abs(nx) <= SURFACE_LIMIT && Math.abs(ny) <= SURFACE_LIMIT)) {
      stopped = {
        step: k,
        reason: "overflow",
        message: `the walk stopped at point ${k}, ${at(x, y)}: step ${k + 1} with gradient ` +
          `${at(g.dx, g.dy)} and lr = ${lr} lands at ${at(nx, ny)}, beyond |x|, |y| ≤ 1e300 ` +
          `where the surface can be evaluated`,
      };
      break;
    }
    gradX[k] = g.dx;
    gradY[k] = g.dy;
    px[k + 1] = nx;
    py[k + 1] = ny;
    pz[k + 1] = surfaceZ(nx, ny);
  }
  return {
    x: px.subarray(0, k + 1),
    y: py.subarray(0, k + 1),
    z: pz.subarray(0, k + 1),
    gradX: gradX.subarray(0, k),
    gradY: gradY.subarray(0, k),
    stepsTaken: k,
    stopped,
    direction,
    method,
    h,
    lr,
  };
}

/**
 * Climb the surface: {@linkcode followGradient} with direction "ascent", p ← p + η·g(p).
 *
 * @param start The start point.
 * @param options method ("forward"), h (0.9), lr (1), steps (10): the article's procedure.
 * @returns The path (see {@linkcode GradientPath}).
 * @throws {TypeError | RangeError} As {@linkcode followGradient}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradientAscent } from "./descent.ts";
 * const path = gradientAscent({ x: 1, y: 1 }, { method: "exact", lr: 0.5, steps: 3 });
 * assert.equal(path.direction, "ascent");
 * assert.equal(path.x[1], 1 + 0.5 * path.gradX[0]);
 * ```
 */
export function gradientAscent(
  start: { x: number; y: number },
  options: Omit<FollowGradientOptions, "direction"> = {},
): GradientPath {
  return followGradient(start, { ...options, direction: "ascent" });
}

/**
 * Go down the surface: {@linkcode followGradient} with direction "descent", p ← p − η·g(p).
 *
 * @param start The start point.
 * @param options method ("forward"), h (0.9), lr (1), steps (10): the article's procedure.
 * @returns The path (see {@linkcode GradientPath}).
 * @throws {TypeError | RangeError} As {@linkcode followGradient}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradientDescent } from "./descent.ts";
 * const path = gradientDescent({ x: 0, y: 0 });
 * assert.ok(path.z[10] < path.z[0]); // it went down
 * ```
 */
export function gradientDescent(
  start: { x: number; y: number },
  options: Omit<FollowGradientOptions, "direction"> = {},
): GradientPath {
  return followGradient(start, { ...options, direction: "descent" });
}
