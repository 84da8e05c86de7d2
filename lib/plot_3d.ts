/**
 * Figures in three dimensions: the surface z = f(x, y), a point on it, the gradient at that point
 * drawn as a tangent line with its components, and ascent or descent paths over the surface.
 *
 * {@linkcode surfaceFigure} returns a whole figure; the other builders return traces to add with
 * {@linkcode withTraces}. Colours follow `palette.ts`: each gradient method and each direction of
 * travel has one colour in every chapter; guides are grey.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withTraces } from "./plot.ts";
 * import { gradientOnSurfaceTraces, surfaceFigure } from "./plot_3d.ts";
 * const grid = {
 *   x: new Float64Array([-1, 0, 1]),
 *   y: new Float64Array([-1, 1]),
 *   z: [new Float64Array([1, 0, 1]), new Float64Array([1, 0, 1])],
 * };
 * const figure = withTraces(
 *   surfaceFigure(grid, { opacity: 0.4 }),
 *   gradientOnSurfaceTraces({ start: { x: 0, y: 0, z: 0 }, end: { x: 1, y: 0, z: 0.5 } }),
 * );
 * assert.deepEqual(figure.data.map((t) => t.type), [
 *   "surface", "scatter3d", "scatter3d", "scatter3d", "scatter3d",
 * ]);
 * ```
 *
 * @module
 */

import type { Layout, Scatter3dData, Scene, SurfaceData } from "plotly.js-dist-min";
import type { Figure, Trace } from "./display.ts";
import type { Grid2D, Path3D } from "./grid.ts";
import { methodColor, surfaceColorscale } from "./palette.ts";
import { gradientLabel, type PathDirection, type PlotMethod } from "./plot.ts";
import {
  asTrace,
  axisTitle,
  checkFinite,
  checkFiniteArray,
  checkGrid,
  checkRange,
  checkSameLength,
  formatNumber,
  rowsOf,
  sideColorbar,
} from "./plot_shared.ts";

/** A point in space, e.g. a point on the surface. */
export interface PlotPoint3D {
  x: number;
  y: number;
  z: number;
}

/** Where a 3-D scene's camera sits and looks (Plotly's `scene.camera`). */
export type SceneCamera = NonNullable<Scene["camera"]>;

/** Titles of the three axes of a 3-D scene. */
export interface SceneAxisTitles {
  /** Default `"x"`. */
  x?: string;
  /** Default `"y"`. */
  y?: string;
  /** Default `"z = f(x, y)"`. */
  z?: string;
}

/** Options of {@linkcode surfaceTrace}. */
export interface SurfaceTraceOptions {
  /** Opacity of the surface in [0, 1] (default 1). Lower it (0.3–0.6) so lines on it show. */
  opacity?: number;
  /** Show the colour bar (default true). */
  showScale?: boolean;
  /** Title of the colour bar (default `"z"`). */
  colorbarTitle?: string;
  /** The trace's name in hover labels (default `"z = f(x, y)"`). */
  name?: string;
  /** Project contour lines of z onto the floor of the box (default false). */
  floorContours?: boolean;
}

/** Options of {@linkcode surfaceFigure}: the surface's own options plus the scene's. */
export interface SurfaceFigureOptions extends SurfaceTraceOptions {
  /** Title: what to notice (default `"The surface z = f(x, y): bright peaks, dark valleys"`). */
  title?: string;
  /** Axis titles (defaults `x`, `y`, `z = f(x, y)`). */
  axisTitles?: SceneAxisTitles;
  /** Camera (default: eye at (1.3, −1.3, 0.75), looking at the centre, z up). */
  camera?: SceneCamera;
  /** Relative lengths of the box's sides (default x 1, y 1, z 0.55). */
  aspectRatio?: { x: number; y: number; z: number };
  /** Height in pixels (default 600). */
  height?: number;
}

/** The default camera of surface figures: from the front right, a little above. */
export const defaultSurfaceCamera: Readonly<SceneCamera> = {
  eye: { x: 1.3, y: -1.3, z: 0.75 },
  center: { x: 0, y: 0, z: -0.08 },
  up: { x: 0, y: 0, z: 1 },
};

const ACTION_SURFACE = "draw surface";

/**
 * The surface trace of a sampled function: `z[j][i] = f(x[i], y[j])`, coloured by height (Viridis).
 *
 * The trace shares the grid's arrays (no copy); `toMimeBundle` turns them into plain arrays.
 *
 * @param grid The sampled surface; coordinates increase, values are finite.
 * @param options See {@linkcode SurfaceTraceOptions}.
 * @returns A `surface` trace.
 * @throws {TypeError} If a value is not finite or the rows do not match the coordinates.
 * @throws {RangeError} If the grid has fewer than 2 × 2 points or `opacity` is outside [0, 1].
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { surfaceTrace } from "./plot_3d.ts";
 * const grid = { x: new Float64Array([0, 1]), y: new Float64Array([0, 1]),
 *   z: [new Float64Array([0, 1]), new Float64Array([1, 2])] };
 * const trace = surfaceTrace(grid, { opacity: 0.5 });
 * assert.equal(trace.type, "surface");
 * assert.equal(trace.colorscale, "Viridis");
 * assert.throws(() => surfaceTrace(grid, { opacity: 2 }), /opacity must be in \[0, 1\] \(got 2\)/);
 * ```
 */
export function surfaceTrace(grid: Grid2D, options: SurfaceTraceOptions = {}): Trace {
  checkGrid(ACTION_SURFACE, "grid", grid);
  const opacity = options.opacity ?? 1;
  checkRange(ACTION_SURFACE, "opacity", opacity, 0, 1);
  const trace: Partial<SurfaceData> = {
    type: "surface",
    name: options.name ?? "z = f(x, y)",
    x: grid.x,
    y: grid.y,
    z: rowsOf(grid.z),
    colorscale: surfaceColorscale,
    opacity,
    showscale: options.showScale ?? true,
    hovertemplate: "x = %{x:.2f}<br>y = %{y:.2f}<br>z = %{z:.3f}<extra></extra>",
  };
  if (trace.showscale) trace.colorbar = sideColorbar(options.colorbarTitle ?? "z");
  if (options.floorContours) {
    trace.contours = { z: { show: true, usecolormap: true, project: { z: true } } };
  }
  return asTrace(trace);
}

/**
 * A figure of the surface z = f(x, y) in a 3-D scene, with labelled axes and a set camera.
 *
 * Add points, gradients and paths with `withTraces(figure, [...])`.
 *
 * @param grid The sampled surface (rows follow y).
 * @param options See {@linkcode SurfaceFigureOptions}.
 * @returns The figure: one `surface` trace and a layout with one scene.
 * @throws {TypeError | RangeError} As {@linkcode surfaceTrace}, or for a bad height.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { surfaceFigure } from "./plot_3d.ts";
 * const grid = { x: new Float64Array([0, 1]), y: new Float64Array([0, 1]),
 *   z: [new Float64Array([0, 1]), new Float64Array([1, 2])] };
 * const figure = surfaceFigure(grid, { title: "A tilted plane" });
 * assert.deepEqual(figure.layout.title, { text: "A tilted plane" });
 * const scene = figure.layout.scene as { zaxis: { title: { text: string } } };
 * assert.equal(scene.zaxis.title.text, "z = f(x, y)");
 * ```
 */
export function surfaceFigure(grid: Grid2D, options: SurfaceFigureOptions = {}): Figure {
  const height = options.height ?? 600;
  checkRange(ACTION_SURFACE, "height", height, 100, 4000);
  const titles = options.axisTitles ?? {};
  const ratio = options.aspectRatio ?? { x: 1, y: 1, z: 0.55 };
  checkRange(ACTION_SURFACE, "aspectRatio.x", ratio.x, 0.01, 100);
  checkRange(ACTION_SURFACE, "aspectRatio.y", ratio.y, 0.01, 100);
  checkRange(ACTION_SURFACE, "aspectRatio.z", ratio.z, 0.01, 100);
  const layout: Partial<Layout> = {
    title: { text: options.title ?? "The surface z = f(x, y): bright peaks, dark valleys" },
    height,
    margin: { l: 10, r: 10, t: 60, b: 10 },
    scene: {
      xaxis: { title: axisTitle(titles.x ?? "x") },
      yaxis: { title: axisTitle(titles.y ?? "y") },
      zaxis: { title: axisTitle(titles.z ?? "z = f(x, y)") },
      camera: structuredClone(options.camera ?? defaultSurfaceCamera),
      aspectmode: "manual",
      aspectratio: { ...ratio },
    },
    legend: { x: 1, y: 1, xanchor: "left", yanchor: "top" },
  };
  return { data: [surfaceTrace(grid, options)], layout: layout as Record<string, unknown> };
}

/** Options of {@linkcode surfacePointTrace}. */
export interface SurfacePointOptions {
  /** Legend name (default `"point (x, y)"` with the coordinates). */
  name?: string;
  /** Colour (default the guide grey, `methodColor.guide`). */
  color?: string;
  /** Marker size in pixels (default 6). */
  size?: number;
}

/**
 * A single marked point in the 3-D scene, e.g. where a gradient is taken.
 *
 * @param point The point; all coordinates finite.
 * @param options See {@linkcode SurfacePointOptions}.
 * @returns A `scatter3d` trace with one diamond marker.
 * @throws {TypeError} If a coordinate is not finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { surfacePointTrace } from "./plot_3d.ts";
 * const trace = surfacePointTrace({ x: 1, y: -2, z: 0.5 });
 * assert.deepEqual([trace.x, trace.y, trace.z], [[1], [-2], [0.5]]);
 * assert.equal(trace.name, "point (1, -2)");
 * ```
 */
export function surfacePointTrace(point: PlotPoint3D, options: SurfacePointOptions = {}): Trace {
  checkPoint("draw point", "point", point);
  const size = options.size ?? 6;
  checkRange("draw point", "size", size, 1, 40);
  const trace: Partial<Scatter3dData> = {
    type: "scatter3d",
    mode: "markers",
    name: options.name ?? `point (${formatNumber(point.x)}, ${formatNumber(point.y)})`,
    x: [point.x],
    y: [point.y],
    z: [point.z],
    marker: {
      symbol: "diamond",
      size,
      color: options.color ?? methodColor.guide,
      line: { color: "#ffffff", width: 1 },
    },
    hovertemplate: "x = %{x:.3f}<br>y = %{y:.3f}<br>z = %{z:.3f}<extra>%{fullData.name}</extra>",
  };
  return asTrace(trace);
}

/** The two ends of a gradient drawn on the surface (computed by the caller). */
export interface GradientArrow3D {
  /** The point where the gradient is taken, (x₀, y₀, z₀) with z₀ = f(x₀, y₀). */
  start: PlotPoint3D;
  /** The far end of the tangent line, (x₁, y₁, z₁): z₁ = z₀ + the rise along the gradient. */
  end: PlotPoint3D;
}

/** Options of {@linkcode gradientOnSurfaceTraces}. */
export interface GradientOnSurfaceOptions {
  /** How the gradient was computed; sets the colour and default label (default `"forward"`). */
  method?: PlotMethod;
  /** The finite-difference step, shown in the default label (default: not shown). */
  h?: number;
  /** Legend group title (default e.g. `"gradient (forward slope, h = 0.9)"`). */
  label?: string;
  /** Draw the dashed x, y and z components (default true). */
  components?: boolean;
  /** Draw the gradient's direction in the x–y plane at height z₀ (default true). */
  projection?: boolean;
  /** Mark the start point (default true). */
  point?: boolean;
}

/**
 * The gradient at a point, drawn on the surface as the article draws it, with honest ends.
 *
 * Traces, all in one legend group titled by the method:
 * 1. the tangent line from (x₀, y₀, z₀) to (x₁, y₁, z₁), solid, in the method's colour;
 * 2. the gradient's direction in the x–y plane at height z₀, (x₀, y₀, z₀) → (x₁, y₁, z₀), dotted;
 * 3. its components as dashed grey guides: along x to (x₁, y₀, z₀), then along y to
 *    (x₁, y₁, z₀), then up (or down) in z to (x₁, y₁, z₁);
 * 4. the point (x₀, y₀, z₀).
 *
 * The ends are the caller's: this draws, it does not differentiate. (The article's end height
 * adds f(x₁, y₁) to z₀ instead of the rise along the gradient; compute z₁ = z₀ + rise.)
 *
 * @param arrow The start point and the tangent line's far end.
 * @param options See {@linkcode GradientOnSurfaceOptions}.
 * @returns Two to four `scatter3d` traces, in the order above.
 * @throws {TypeError} If a coordinate or `h` is not finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradientOnSurfaceTraces } from "./plot_3d.ts";
 * const [tangent, projection, components, point] = gradientOnSurfaceTraces(
 *   { start: { x: 0, y: 0, z: 1 }, end: { x: 2, y: 3, z: 4 } },
 *   { method: "forward", h: 0.9 },
 * );
 * assert.equal(tangent.legendgroup, "gradient (forward slope, h = 0.9)");
 * assert.deepEqual(projection.z, [1, 1]);
 * assert.deepEqual(components.x, [0, 2, 2, 2]);
 * assert.deepEqual(components.y, [0, 0, 3, 3]);
 * assert.deepEqual(components.z, [1, 1, 1, 4]);
 * assert.deepEqual(point.x, [0]);
 * ```
 */
export function gradientOnSurfaceTraces(
  arrow: GradientArrow3D,
  options: GradientOnSurfaceOptions = {},
): Trace[] {
  const action = "draw gradient";
  checkPoint(action, "arrow.start", arrow.start);
  checkPoint(action, "arrow.end", arrow.end);
  if (options.h !== undefined) checkFinite(action, "h", options.h);
  const method = options.method ?? "forward";
  const color = methodColor[method];
  const label = options.label ?? gradientLabel(method, options.h);
  const { start: p, end: q } = arrow;
  const group = { legendgroup: label, legendgrouptitle: { text: label } };
  const hover = "x = %{x:.3f}<br>y = %{y:.3f}<br>z = %{z:.3f}<extra>%{fullData.name}</extra>";
  const traces: Partial<Scatter3dData>[] = [{
    type: "scatter3d",
    mode: "lines",
    name: "tangent line, (x₀, y₀, z₀) → (x₁, y₁, z₁)",
    ...group,
    x: [p.x, q.x],
    y: [p.y, q.y],
    z: [p.z, q.z],
    line: { color, width: 7 },
    hovertemplate: hover,
  }];
  if (options.projection ?? true) {
    traces.push({
      type: "scatter3d",
      mode: "lines",
      name: "direction in the x–y plane at z₀",
      ...group,
      x: [p.x, q.x],
      y: [p.y, q.y],
      z: [p.z, p.z],
      line: { color, width: 5, dash: "dot" },
      hovertemplate: hover,
    });
  }
  if (options.components ?? true) {
    traces.push({
      type: "scatter3d",
      mode: "lines",
      name: "components: along x, along y, then the rise in z",
      ...group,
      x: [p.x, q.x, q.x, q.x],
      y: [p.y, p.y, q.y, q.y],
      z: [p.z, p.z, p.z, q.z],
      line: { color: methodColor.guide, width: 4, dash: "dash" },
      hovertemplate: hover,
    });
  }
  const traceList = traces.map(asTrace);
  if (options.point ?? true) {
    const point = surfacePointTrace(p, {
      name: `point (x₀, y₀) = (${formatNumber(p.x)}, ${formatNumber(p.y)})`,
    });
    point.legendgroup = label;
    traceList.push(point);
  }
  return traceList;
}

/** Options of {@linkcode surfacePathTraces}. */
export interface SurfacePathOptions {
  /** Ascent or descent; sets the colour and default name (default `"descent"`). */
  direction?: PathDirection;
  /** Legend name of the path (default `"descent path"` or `"ascent path"`). */
  name?: string;
  /** Raise the drawn path by this much so the surface does not hide it (default 0). */
  lift?: number;
  /** Mark the start and the end with their own legend entries (default true). */
  ends?: boolean;
}

/**
 * A descent or ascent path over the surface: the points visited, joined in order, with the start
 * and the end marked. Hovering a point shows its step number (0 is the start).
 *
 * @param path The points visited, with the surface height at each (at least one point).
 * @param options See {@linkcode SurfacePathOptions}.
 * @returns A `scatter3d` lines+markers trace, then (if `ends`) start and end marker traces.
 * @throws {TypeError} If lengths differ or a value is not finite.
 * @throws {RangeError} If the path is empty.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { methodColor } from "./palette.ts";
 * import { surfacePathTraces } from "./plot_3d.ts";
 * const [line, start, end] = surfacePathTraces({ x: [0, 1, 2], y: [0, 0, 1], z: [3, 2, 1] });
 * assert.equal(line.mode, "lines+markers");
 * assert.equal((line.line as { color: string }).color, methodColor.descent);
 * assert.deepEqual(line.customdata, [0, 1, 2]);
 * assert.equal(start.name, "start (0, 0)");
 * assert.equal(end.name, "end after 2 steps (2, 1)");
 * ```
 */
export function surfacePathTraces(path: Path3D, options: SurfacePathOptions = {}): Trace[] {
  const action = "draw path";
  const n = checkPath3D(action, path);
  const lift = options.lift ?? 0;
  checkFinite(action, "lift", lift);
  const direction = options.direction ?? "descent";
  const color = methodColor[direction];
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const z = new Float64Array(n);
  const steps = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    x[k] = path.x[k];
    y[k] = path.y[k];
    z[k] = path.z[k] + lift;
    steps[k] = k;
  }
  const line: Partial<Scatter3dData> = {
    type: "scatter3d",
    mode: "lines+markers",
    name: options.name ?? `${direction} path`,
    x,
    y,
    z,
    customdata: steps,
    line: { color, width: 5 },
    marker: { color, size: 3.5, symbol: "circle" },
    hovertemplate: "step %{customdata}<br>x = %{x:.3f}<br>y = %{y:.3f}<br>z = %{z:.3f}" +
      "<extra>%{fullData.name}</extra>",
  };
  const traces = [asTrace(line)];
  if (options.ends ?? true) {
    const last = n - 1;
    const end = (k: number, name: string, symbol: "circle-open" | "diamond"): Trace =>
      asTrace(
        {
          type: "scatter3d",
          mode: "markers",
          name,
          x: [x[k]],
          y: [y[k]],
          z: [z[k]],
          marker: { color, size: symbol === "circle-open" ? 9 : 7, symbol },
          hovertemplate:
            "x = %{x:.3f}<br>y = %{y:.3f}<br>z = %{z:.3f}<extra>%{fullData.name}</extra>",
        } satisfies Partial<Scatter3dData>,
      );
    traces.push(end(0, `start (${formatNumber(x[0])}, ${formatNumber(y[0])})`, "circle-open"));
    traces.push(
      end(
        last,
        `end after ${last} step${last === 1 ? "" : "s"} (${formatNumber(x[last])}, ${
          formatNumber(y[last])
        })`,
        "diamond",
      ),
    );
  }
  return traces;
}

/** Check a point's three coordinates. */
function checkPoint(action: string, name: string, point: PlotPoint3D): void {
  checkFinite(action, `${name}.x`, point.x);
  checkFinite(action, `${name}.y`, point.y);
  checkFinite(action, `${name}.z`, point.z);
}

/** Check a 3-D path (equal lengths, finite, not empty) and return its length. */
function checkPath3D(action: string, path: Path3D): number {
  checkSameLength(action, ["path.x", "path.y"], path.x, path.y);
  checkSameLength(action, ["path.x", "path.z"], path.x, path.z);
  if (path.x.length === 0) {
    throw new RangeError(`Cannot ${action}: path must have at least 1 point (got 0)`);
  }
  checkFiniteArray(action, "path.x", path.x);
  checkFiniteArray(action, "path.y", path.y);
  checkFiniteArray(action, "path.z", path.z);
  return path.x.length;
}
