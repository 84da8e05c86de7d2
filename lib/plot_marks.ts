/**
 * Landmarks on a flat figure: one marked point with its own legend entry, e.g. the top of a hill
 * or the bottom of a valley on a contour map, so a path can be read against where it should go.
 *
 * The 3-D counterpart is `surfacePointTrace` in `plot_3d.ts`.
 *
 * @module
 */

import type { ScatterData } from "plotly.js-dist-min";
import type { Trace } from "./display.ts";
import { methodColor } from "./palette.ts";
import { asTrace, checkFinite, checkRange, formatNumber } from "./plot_shared.ts";

/** The marker shapes a landmark may have. */
export type PlanePointSymbol =
  | "diamond"
  | "circle"
  | "square"
  | "x"
  | "star"
  | "triangle-up"
  | "triangle-down";

/** Options of {@linkcode planePointTrace}. */
export interface PlanePointOptions {
  /** Legend name (default `"point (x, y)"` with the coordinates). */
  name?: string;
  /** Colour (default the guide grey, `methodColor.guide`). */
  color?: string;
  /** Marker shape (default `"diamond"`): `"triangle-up"` for a top, `"triangle-down"` for a bottom. */
  symbol?: PlanePointSymbol;
  /** Marker size in pixels, from 1 to 40 (default 13). */
  size?: number;
  /** Colour of the marker's outline (default white, which stands out on dark ground). */
  outline?: string;
}

/**
 * One marked point on a flat figure (a contour map, a chart), with an outline so it stands out
 * from the ground under it, and its coordinates on hover. On a map with both light and dark
 * ground, a white fill with a dark outline reads everywhere.
 *
 * @param point The point; both coordinates finite.
 * @param options See {@linkcode PlanePointOptions}.
 * @returns A `scatter` trace with one marker.
 * @throws {TypeError} If a coordinate is not finite.
 * @throws {RangeError} If `size` is outside [1, 40].
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planePointTrace } from "./plot_marks.ts";
 * const top = planePointTrace({ x: -Math.PI, y: 1.25 }, { symbol: "triangle-up" });
 * assert.deepEqual([top.x, top.y], [[-Math.PI], [1.25]]);
 * assert.equal(top.name, "point (-3.14, 1.25)");
 * assert.equal((top.marker as { symbol: string }).symbol, "triangle-up");
 * ```
 */
export function planePointTrace(
  point: { x: number; y: number },
  options: PlanePointOptions = {},
): Trace {
  const action = "draw point";
  checkFinite(action, "point.x", point.x);
  checkFinite(action, "point.y", point.y);
  const size = options.size ?? 13;
  checkRange(action, "size", size, 1, 40);
  const trace: Partial<ScatterData> = {
    type: "scatter",
    mode: "markers",
    name: options.name ?? `point (${formatNumber(point.x)}, ${formatNumber(point.y)})`,
    x: [point.x],
    y: [point.y],
    marker: {
      symbol: options.symbol ?? "diamond",
      size,
      color: options.color ?? methodColor.guide,
      line: { color: options.outline ?? "#ffffff", width: 1.5 },
    },
    hovertemplate: "x = %{x:.3f}<br>y = %{y:.3f}<extra>%{fullData.name}</extra>",
  };
  return asTrace(trace);
}
