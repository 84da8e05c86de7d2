/**
 * The course's landscape: the article's surface of hills and valleys,
 *
 *     z(x, y) = 0.2·sin(x + y + r) − sin(x/2),   r = √(x² + y²),
 *
 * its exact gradient, and samples of both on a grid.
 *
 * The surface has a cone point at the origin: r = √(x² + y²) is a cone, and a cone has no
 * tangent plane at its tip. Near (0, 0), z ≈ 0.2·(x + y + r) − x/2, so the slope you measure
 * depends on the side you measure it from: along the x axis it is −0.1 just right of 0 and −0.5
 * just left of it. The exact gradient therefore does not exist at (0, 0) — the very point where
 * the article starts its walks — and {@linkcode exactGradient} says so in its result instead of
 * returning NaN.
 *
 * Domain: x and y must be finite with |x|, |y| ≤ {@linkcode SURFACE_LIMIT} (1e300). Beyond that,
 * x + y + r can overflow to Infinity and sin(Infinity) is NaN, so the functions refuse.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exactGradient, surfaceZ } from "./surface.ts";
 * assert.equal(surfaceZ(0, 0), 0);
 * const g = exactGradient(0, 0);
 * assert.equal(g.defined, false); // the cone point
 * ```
 *
 * @module
 */

import type { Grid2D } from "./grid.ts";
import type { Gradient2D } from "./finite_difference.ts";

/** The largest |x| and |y| the surface accepts: beyond it x + y + r may overflow to Infinity. */
export const SURFACE_LIMIT = 1e300;

/** The most points {@linkcode sampleSurface} allocates (2048 × 2048), checked before allocating. */
export const MAX_SURFACE_GRID_POINTS = 2048 * 2048;

/**
 * The exact gradient of the surface at a point, or why it has none.
 *
 * `defined: false` happens only at the cone point (0, 0); `reason` says so in a sentence a reader
 * can be shown.
 */
export type SurfaceGradient =
  | { defined: true; dx: number; dy: number }
  | { defined: false; reason: string };

/** The sentence {@linkcode exactGradient} gives at the origin. */
export const CONE_POINT_REASON =
  "the exact gradient does not exist at (0, 0): the surface has a cone point there " +
  "(r = √(x² + y²) is not differentiable at the origin), so the slope depends on the " +
  "direction you come from";

/** r = √(x² + y²) without underflow or overflow: the fast form, with Math.hypot at the extremes. */
function radius(x: number, y: number): number {
  const r = Math.sqrt(x * x + y * y);
  // x² underflows below ~1e-154 and overflows above ~1e154; hypot rescales. Taken almost never.
  return r > 1e-150 && r < 1e150 ? r : Math.hypot(x, y);
}

/** A value of the wrong type, for a message: its type and, if short, the value. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return `${typeof value} ${text.length > 40 ? text.slice(0, 40) + "…" : text}`;
}

/** Throw unless x and y are in the surface's domain. */
function checkPoint(action: string, x: number, y: number): void {
  if (typeof x !== "number") {
    throw new TypeError(`Cannot ${action}: x must be a number (got ${describe(x)})`);
  }
  if (typeof y !== "number") {
    throw new TypeError(`Cannot ${action}: y must be a number (got ${describe(y)})`);
  }
  if (!(Math.abs(x) <= SURFACE_LIMIT)) {
    throw new RangeError(`Cannot ${action}: x must be finite with |x| ≤ 1e300 (got ${x})`);
  }
  if (!(Math.abs(y) <= SURFACE_LIMIT)) {
    throw new RangeError(`Cannot ${action}: y must be finite with |y| ≤ 1e300 (got ${y})`);
  }
}

/**
 * The height of the surface at (x, y).
 *
 * z(x, y) = 0.2·sin(x + y + r) − sin(x/2), r = √(x² + y²).
 *
 * @param x The first coordinate, finite, |x| ≤ 1e300.
 * @param y The second coordinate, finite, |y| ≤ 1e300.
 * @returns z(x, y), a number in [−1.2, 1.2].
 * @throws {RangeError} If x or y is NaN, ±Infinity or beyond ±1e300.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { surfaceZ } from "./surface.ts";
 * // At (π, 0): r = π, so z = 0.2·sin(2π) − sin(π/2) = −1.
 * assert.ok(Math.abs(surfaceZ(Math.PI, 0) - -1) < 1e-12);
 * assert.throws(() => surfaceZ(NaN, 0), /x must be finite/);
 * ```
 */
export function surfaceZ(x: number, y: number): number {
  checkPoint("evaluate the surface", x, y);
  const r = radius(x, y);
  return 0.2 * Math.sin(x + y + r) - Math.sin(x / 2);
}

/**
 * The exact gradient (∂z/∂x, ∂z/∂y) of the surface, in closed form.
 *
 * ∂z/∂x = 0.2·cos(x+y+r)·(1 + x/r) − 0.5·cos(x/2),  ∂z/∂y = 0.2·cos(x+y+r)·(1 + y/r).
 *
 * At the origin r = 0 and x/r has no limit: the gradient does not exist (a cone point), and the
 * result is `{ defined: false, reason }`. Arbitrarily close to the origin (r tiny but > 0) the
 * formula is fine: x/r and y/r stay in [−1, 1] (r is computed without underflow), but the value
 * depends on the direction of approach — at (1e-300, 0) ∂z/∂x ≈ 0.2·2 − 0.5 = −0.1, at (−1e-300, 0)
 * it is ≈ 0.2·0 − 0.5 = −0.5. That jump is the cone point seen from two sides.
 *
 * @param x The first coordinate, finite, |x| ≤ 1e300.
 * @param y The second coordinate, finite, |y| ≤ 1e300.
 * @returns `{ defined: true, dx, dy }`, or `{ defined: false, reason }` at (0, 0).
 * @throws {RangeError} If x or y is NaN, ±Infinity or beyond ±1e300.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exactGradient } from "./surface.ts";
 * // At (π, 0): cos(2π) = 1, x/r = 1, cos(π/2) = 0, so the gradient is (0.4, 0.2).
 * const g = exactGradient(Math.PI, 0);
 * assert.ok(g.defined);
 * assert.ok(Math.abs(g.dx - 0.4) < 1e-12 && Math.abs(g.dy - 0.2) < 1e-12);
 * assert.match((exactGradient(0, 0) as { reason: string }).reason, /cone point/);
 * ```
 */
export function exactGradient(x: number, y: number): SurfaceGradient {
  checkPoint("compute the exact gradient", x, y);
  const r = radius(x, y);
  if (r === 0) return { defined: false, reason: CONE_POINT_REASON };
  const c = 0.2 * Math.cos(x + y + r);
  return {
    defined: true,
    dx: c * (1 + x / r) - 0.5 * Math.cos(x / 2),
    dy: c * (1 + y / r),
  };
}

/** Where and how finely to sample the surface. The same axis is used for x and y. */
export interface SurfaceGridOptions {
  /** The smallest x and y. Default −5 (the article's). */
  min?: number;
  /** The largest x and y: included when (max − min)/step is a whole number. Default 5. */
  max?: number;
  /** The spacing between grid lines. Default 0.25 (the article's). Give `step` or `count`. */
  step?: number;
  /** The number of points per axis, both ends included (replaces `step`). Default: from `step`. */
  count?: number;
}

/** The grid axis that {@linkcode SurfaceGridOptions} describe, resolved and checked. */
interface AxisSpec {
  min: number;
  max: number;
  /** Number of points on the axis. */
  n: number;
  /** Number of whole steps from min to max when max is on the axis; otherwise 0. */
  spans: number;
  step: number;
}

/** Resolve and check grid options; throws with `action` in the message. */
function axisSpec(action: string, options: SurfaceGridOptions): AxisSpec {
  const { min = -5, max = 5 } = options;
  for (const [name, value] of [["min", min], ["max", max]] as const) {
    if (typeof value !== "number") {
      throw new TypeError(`Cannot ${action}: ${name} must be a number (got ${describe(value)})`);
    }
    if (!(Math.abs(value) <= SURFACE_LIMIT)) {
      throw new RangeError(
        `Cannot ${action}: ${name} must be finite with |${name}| ≤ 1e300 (got ${value})`,
      );
    }
  }
  if (!(min < max)) {
    throw new RangeError(`Cannot ${action}: max must be > min = ${min} (got ${max})`);
  }
  const span = max - min;
  if (options.count !== undefined) {
    if (options.step !== undefined) {
      throw new TypeError(
        `Cannot ${action}: give step or count, not both (got step ${options.step} and count ${options.count})`,
      );
    }
    const count = options.count;
    if (typeof count !== "number") {
      throw new TypeError(`Cannot ${action}: count must be a number (got ${describe(count)})`);
    }
    if (!Number.isInteger(count) || count < 2) {
      throw new RangeError(`Cannot ${action}: count must be an integer ≥ 2 (got ${count})`);
    }
    return { min, max, n: count, spans: count - 1, step: span / (count - 1) };
  }
  const step = options.step ?? 0.25;
  if (typeof step !== "number") {
    throw new TypeError(`Cannot ${action}: step must be a number (got ${describe(step)})`);
  }
  if (!(step > 0) || step === Infinity) {
    throw new RangeError(`Cannot ${action}: step must be a finite number > 0 (got ${step})`);
  }
  if (step > span) {
    throw new RangeError(`Cannot ${action}: step must be ≤ max − min = ${span} (got ${step})`);
  }
  const m = span / step;
  const whole = Math.round(m);
  // A whole number of steps (up to rounding in the division): max is on the axis.
  if (Math.abs(m - whole) <= 1e-9 * whole) return { min, max, n: whole + 1, spans: whole, step };
  return { min, max, n: Math.floor(m) + 1, spans: 0, step };
}

/**
 * The number of points on a grid axis, without building it (e.g. to refuse a grid that is too big).
 *
 * From min to max in steps of `step`; the end point is included when (max − min)/step is a whole
 * number (up to a relative 1e-9, for steps like 0.1 that are not exact in binary). Unlike numpy's
 * `arange(-5, 5, 0.25)`, which stops at 4.75 (40 points), the course's default axis is symmetric:
 * −5 to 5 in 41 points, with 0 on it.
 *
 * @param options The axis (defaults −5, 5, 0.25).
 * @returns The number of points per axis.
 * @throws {RangeError} On a bad min, max, step or count (see {@linkcode SurfaceGridOptions}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gridAxisLength } from "./surface.ts";
 * assert.equal(gridAxisLength(), 41);
 * assert.equal(gridAxisLength({ step: 0.3 }), 34); // −5, −4.7, …, 4.9: 5 is not reached
 * ```
 */
export function gridAxisLength(options: SurfaceGridOptions = {}): number {
  return axisSpec("size the grid axis", options).n;
}

/**
 * The coordinates of a grid axis: min, min + step, … up to max.
 *
 * When max is on the axis, point i is min + (max − min)·(i/n) so both ends are exact and a
 * symmetric axis has an exact 0 in the middle; otherwise it is min + i·step.
 *
 * @param options The axis (defaults −5, 5, 0.25).
 * @returns The coordinates, increasing.
 * @throws {RangeError} On a bad min, max, step or count.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gridAxis } from "./surface.ts";
 * assert.deepEqual(Array.from(gridAxis({ min: -1, max: 1, step: 0.5 })), [-1, -0.5, 0, 0.5, 1]);
 * ```
 */
export function gridAxis(options: SurfaceGridOptions = {}): Float64Array {
  return buildAxis(axisSpec("build the grid axis", options));
}

function buildAxis(spec: AxisSpec): Float64Array {
  const { min, max, n, spans, step } = spec;
  const axis = new Float64Array(n);
  if (spans > 0) {
    const span = max - min;
    for (let i = 0; i < n; i++) axis[i] = min + span * (i / spans);
    axis[n - 1] = max;
  } else {
    for (let i = 0; i < n; i++) axis[i] = min + i * step;
  }
  return axis;
}

/** Resolve the options, refuse grids that are too big (before allocating), build both axes. */
function surfaceAxes(action: string, options: SurfaceGridOptions): [Float64Array, Float64Array] {
  const spec = axisSpec(action, options);
  const points = spec.n * spec.n;
  if (points > MAX_SURFACE_GRID_POINTS) {
    throw new RangeError(
      `Cannot ${action}: the grid must have at most ${MAX_SURFACE_GRID_POINTS} points ` +
        `(got ${spec.n} × ${spec.n} = ${points})`,
    );
  }
  const x = buildAxis(spec);
  return [x, x.slice()];
}

/**
 * Sample the surface on a square grid.
 *
 * z[j][i] = z(x[i], y[j]) — rows follow y, as Plotly expects. The default grid is the article's
 * range and step, −5 to 5 in steps of 0.25, but with the end point 5 included: 41 × 41 points,
 * symmetric about 0 (numpy's `arange(-5, 5, 0.25)` in the article stops at 4.75).
 *
 * @param options The grid (defaults −5, 5, 0.25; see {@linkcode SurfaceGridOptions}).
 * @returns The grid: x, y and the rows of z.
 * @throws {RangeError} On a bad min, max, step or count, or more than 2048 × 2048 points.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sampleSurface, surfaceZ } from "./surface.ts";
 * const grid = sampleSurface();
 * assert.equal(grid.x.length, 41);
 * assert.equal(grid.z[20][20], surfaceZ(0, 0)); // the middle of the grid is the origin
 * assert.equal(grid.z[0][40], surfaceZ(5, -5)); // row j = 0 is y = −5; column i = 40 is x = 5
 * ```
 */
export function sampleSurface(options: SurfaceGridOptions = {}): Grid2D {
  const [x, y] = surfaceAxes("sample the surface", options);
  const nx = x.length;
  const sinHalf = new Float64Array(nx); // sin(x/2) depends on the column only
  for (let i = 0; i < nx; i++) sinHalf[i] = Math.sin(x[i] / 2);
  const values = new Float64Array(nx * y.length); // one allocation; rows are views into it
  const z: Float64Array[] = new Array(y.length);
  for (let j = 0; j < y.length; j++) {
    const yj = y[j];
    const row = values.subarray(j * nx, (j + 1) * nx);
    for (let i = 0; i < nx; i++) {
      const xi = x[i];
      // z = 0.2·sin(x + y + r) − sin(x/2)
      row[i] = 0.2 * Math.sin(xi + yj + radius(xi, yj)) - sinHalf[i];
    }
    z[j] = row;
  }
  return { x, y, z };
}

/** The surface and its exact gradient on one grid (see {@linkcode sampleSurfaceWithGradient}). */
export interface SurfaceGradientGrid {
  /** The surface: z[j][i] = z(x[i], y[j]). */
  grid: Grid2D;
  /** The x coordinates of the columns (the same array as `grid.x`). */
  x: Float64Array;
  /** The y coordinates of the rows (the same array as `grid.y`). */
  y: Float64Array;
  /** ∂z/∂x at each grid point, rows following y; 0 at the points listed in `undefinedAt`. */
  dzdx: Float64Array[];
  /** ∂z/∂y at each grid point, rows following y; 0 at the points listed in `undefinedAt`. */
  dzdy: Float64Array[];
  /**
   * The grid points where the gradient does not exist (the origin, if it is on the grid), as
   * column i and row j. Their `dzdx` and `dzdy` hold a placeholder 0: skip them when drawing.
   */
  undefinedAt: { i: number; j: number }[];
  /** Whether the gradient exists at column i, row j: false only at the points in `undefinedAt`. */
  defined: (i: number, j: number) => boolean;
}

/**
 * Sample the surface and its exact gradient in one pass over the grid.
 *
 * z = 0.2·sin(a) − sin(x/2), ∂z/∂x = 0.2·cos(a)·(1 + x/r) − 0.5·cos(x/2), ∂z/∂y = 0.2·cos(a)·(1 + y/r),
 * with a = x + y + r: one square root, one sine and one cosine per point (sin(x/2), cos(x/2) are
 * computed once per column). A 1000 × 1000 grid takes a few tens of milliseconds.
 *
 * The origin, when it is a grid point (it is on the default grid), has no gradient: its entries
 * in `dzdx` and `dzdy` are 0 — a placeholder, never NaN — and it is listed in `undefinedAt`, so a
 * figure can leave it out (`defined(i, j)` answers per point). Points near but not at the origin
 * get the formula's value. The result has `x`, `y`, `dzdx`, `dzdy` at its top level, the shape a
 * gradient-field figure takes.
 *
 * @param options The grid (defaults −5, 5, 0.25; see {@linkcode SurfaceGridOptions}).
 * @returns The surface grid, both partial derivatives, and the points without a gradient.
 * @throws {RangeError} On a bad min, max, step or count, or more than 2048 × 2048 points.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sampleSurfaceWithGradient } from "./surface.ts";
 * const { grid, dzdx, undefinedAt } = sampleSurfaceWithGradient();
 * assert.equal(grid.z.length, 41);
 * assert.deepEqual(undefinedAt, [{ i: 20, j: 20 }]); // the cone point
 * assert.equal(dzdx[20][20], 0); // a placeholder there, not NaN
 * assert.equal(sampleSurfaceWithGradient().defined(20, 20), false);
 * ```
 */
export function sampleSurfaceWithGradient(options: SurfaceGridOptions = {}): SurfaceGradientGrid {
  const [x, y] = surfaceAxes("sample the surface and its gradient", options);
  const nx = x.length;
  const ny = y.length;
  const sinHalf = new Float64Array(nx);
  const halfCosHalf = new Float64Array(nx); // 0.5·cos(x/2)
  for (let i = 0; i < nx; i++) {
    sinHalf[i] = Math.sin(x[i] / 2);
    halfCosHalf[i] = 0.5 * Math.cos(x[i] / 2);
  }
  // One allocation per quantity (rows are views into it): 3 buffers instead of 3·ny small ones.
  const zValues = new Float64Array(nx * ny);
  const dxValues = new Float64Array(nx * ny);
  const dyValues = new Float64Array(nx * ny);
  const z: Float64Array[] = new Array(ny);
  const dzdx: Float64Array[] = new Array(ny);
  const dzdy: Float64Array[] = new Array(ny);
  const undefinedAt: { i: number; j: number }[] = [];
  for (let j = 0; j < ny; j++) {
    const yj = y[j];
    const zRow = zValues.subarray(j * nx, (j + 1) * nx);
    const dxRow = dxValues.subarray(j * nx, (j + 1) * nx);
    const dyRow = dyValues.subarray(j * nx, (j + 1) * nx);
    for (let i = 0; i < nx; i++) {
      const xi = x[i];
      const r = radius(xi, yj);
      const a = xi + yj + r;
      zRow[i] = 0.2 * Math.sin(a) - sinHalf[i];
      if (r === 0) {
        undefinedAt.push({ i, j }); // the cone point: dzdx, dzdy stay 0
        continue;
      }
      const c = 0.2 * Math.cos(a);
      const invR = 1 / r;
      dxRow[i] = c * (1 + xi * invR) - halfCosHalf[i];
      dyRow[i] = c * (1 + yj * invR);
    }
    z[j] = zRow;
    dzdx[j] = dxRow;
    dzdy[j] = dyRow;
  }
  const defined = (i: number, j: number): boolean => {
    for (let k = 0; k < undefinedAt.length; k++) {
      if (undefinedAt[k].i === i && undefinedAt[k].j === j) return false;
    }
    return true;
  };
  return { grid: { x, y, z }, x, y, dzdx, dzdy, undefinedAt, defined };
}

/** A point in space. */
export interface Point3 {
  x: number;
  y: number;
  z: number;
}

/** A piece of the tangent line at a point, along the gradient (see {@linkcode tangentSegment}). */
export interface TangentSegment {
  /** The point on the surface: (x, y, z(x, y)). */
  start: Point3;
  /** The far end on the tangent plane: (x + Δx, y + Δy, z + gx·Δx + gy·Δy). */
  end: Point3;
  /** The horizontal run along x, Δx. */
  dx: number;
  /** The horizontal run along y, Δy. */
  dy: number;
  /** The rise predicted by the gradient, Δz = gx·Δx + gy·Δy (not the surface's own change). */
  dz: number;
}

/**
 * The tangent line at (x, y) in the direction of the gradient, as a segment of horizontal length
 * `length`.
 *
 * (Δx, Δy) = length·(gx, gy)/|g|, Δz = gx·Δx + gy·Δy = length·|g|: the segment lies on the tangent
 * plane, so it rises by what the gradient predicts. (The article's end point instead adds the
 * surface height at the far point, z(x + Δx, y + Δy), to z — that is neither the tangent line nor
 * the surface.) To draw the article's picture, whose length grows with the slope, pass
 * `length = 7·|g|`. A zero gradient has no direction: the segment is then the single point.
 *
 * @param x The first coordinate of the point (|x| ≤ 1e300).
 * @param y The second coordinate of the point (|y| ≤ 1e300).
 * @param gradient The gradient at the point, exact or estimated, with finite components.
 * @param length The horizontal length of the segment, ≥ 0 and finite.
 * @returns Start and end in 3-D, and the run and rise between them.
 * @throws {RangeError} On a non-finite gradient or a negative or non-finite length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { surfaceZ, tangentSegment } from "./surface.ts";
 * const s = tangentSegment(1, 2, { dx: 3, dy: 4 }, 10); // |g| = 5
 * assert.deepEqual([s.dx, s.dy, s.dz], [6, 8, 50]);
 * assert.equal(s.end.z, surfaceZ(1, 2) + 50);
 * ```
 */
export function tangentSegment(
  x: number,
  y: number,
  gradient: Gradient2D,
  length: number,
): TangentSegment {
  const action = "draw the tangent segment";
  checkPoint(action, x, y);
  const { dx: gx, dy: gy } = gradient;
  if (!Number.isFinite(gx) || !Number.isFinite(gy)) {
    throw new RangeError(
      `Cannot ${action}: gradient must have finite components (got (${gx}, ${gy}))`,
    );
  }
  if (!(length >= 0) || length === Infinity) {
    throw new RangeError(`Cannot ${action}: length must be a finite number ≥ 0 (got ${length})`);
  }
  const z0 = surfaceZ(x, y);
  const norm = Math.hypot(gx, gy);
  // Unit direction of steepest ascent, times the length: (Δx, Δy) = length·g/|g|.
  const dx = norm === 0 ? 0 : (length * gx) / norm;
  const dy = norm === 0 ? 0 : (length * gy) / norm;
  const dz = gx * dx + gy * dy; // the linear approximation of the change in z
  return {
    start: { x, y, z: z0 },
    end: { x: x + dx, y: y + dy, z: z0 + dz },
    dx,
    dy,
    dz,
  };
}
