/**
 * Flat figures: the contour map of z = f(x, y), the gradient field drawn over it as arrows,
 * descent and ascent paths on the map, and line charts on linear or log axes.
 *
 * Same conventions as `plot_3d.ts`: plain Plotly JSON, colours from `palette.ts` (one per
 * gradient method, one per direction of travel, grey guides), axes labelled with symbols.
 *
 * @module
 */

import type { ContourData, Layout, ScatterData } from "plotly.js-dist-min";
import type { Figure, Trace } from "./display.ts";
import type { Grid2D } from "./grid.ts";
import { methodColor, surfaceColorscale } from "./palette.ts";
import { gradientLabel, type PathDirection, type PlotMethod, seriesColors } from "./plot.ts";
import {
  asTrace,
  axisTitle,
  checkFiniteArray,
  checkGrid,
  checkIncreasing,
  checkRange,
  checkSameLength,
  dataArray,
  formatNumber,
  horizontalColorbar,
  rowsOf,
} from "./plot_shared.ts";

/** Options of {@linkcode contourTrace}. */
export interface ContourTraceOptions {
  /** At most this many contour levels, chosen by Plotly at round values (default 20). */
  levels?: number;
  /** How levels are shown: filled bands, a smooth heat map, or lines only (default `"fill"`). */
  coloring?: "fill" | "heatmap" | "lines";
  /** Write each level's value on its line (default false). */
  labels?: boolean;
  /** Show the colour bar (default true). */
  showScale?: boolean;
  /** Title of the colour bar (default `"z"`). */
  colorbarTitle?: string;
  /** Opacity in [0, 1] (default 1). */
  opacity?: number;
  /** The trace's name in hover labels (default `"z = f(x, y)"`). */
  name?: string;
}

/** Options of {@linkcode contourFigure}. */
export interface ContourFigureOptions extends ContourTraceOptions {
  /** Title: what to notice (default `"Contour map of z = f(x, y): each line joins points of equal height"`). */
  title?: string;
  /** Axis titles (defaults `"x"` and `"y"`). */
  axisTitles?: { x?: string; y?: string };
  /** One unit of x as long as one unit of y, so right angles look right (default true). */
  equalAspect?: boolean;
  /** Height in pixels (default 560). */
  height?: number;
  /**
   * Axis ranges: `"auto"` grows them to show every trace, e.g. a path that leaves the grid
   * (default); `"grid"` fixes them to the grid's edges, cutting arrows that poke out at the frame.
   */
  extent?: "auto" | "grid";
}

const ACTION_CONTOUR = "draw contour map";

/**
 * The contour trace of a sampled function, coloured by height (Viridis, like the surface).
 *
 * @param grid The sampled surface (rows follow y); shares its arrays.
 * @param options See {@linkcode ContourTraceOptions}.
 * @returns A `contour` trace.
 * @throws {TypeError} If a value is not finite or the rows do not match the coordinates.
 * @throws {RangeError} If the grid is smaller than 2 × 2, or `levels`/`opacity` is out of range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contourTrace } from "./plot_2d.ts";
 * const grid = { x: new Float64Array([0, 1]), y: new Float64Array([0, 1]),
 *   z: [new Float64Array([0, 1]), new Float64Array([1, 2])] };
 * const trace = contourTrace(grid, { coloring: "lines" });
 * assert.equal(trace.type, "contour");
 * assert.deepEqual(trace.contours, { coloring: "lines", showlabels: false });
 * ```
 */
export function contourTrace(grid: Grid2D, options: ContourTraceOptions = {}): Trace {
  checkGrid(ACTION_CONTOUR, "grid", grid);
  const levels = options.levels ?? 20;
  checkRange(ACTION_CONTOUR, "levels", levels, 2, 200);
  const opacity = options.opacity ?? 1;
  checkRange(ACTION_CONTOUR, "opacity", opacity, 0, 1);
  const trace: Partial<ContourData> = {
    type: "contour",
    name: options.name ?? "z = f(x, y)",
    x: grid.x,
    y: grid.y,
    z: rowsOf(grid.z),
    colorscale: surfaceColorscale,
    ncontours: Math.round(levels),
    contours: { coloring: options.coloring ?? "fill", showlabels: options.labels ?? false },
    opacity,
    showscale: options.showScale ?? true,
    hovertemplate: "x = %{x:.2f}<br>y = %{y:.2f}<br>z = %{z:.3f}<extra></extra>",
  };
  if (trace.showscale) trace.colorbar = horizontalColorbar(options.colorbarTitle ?? "z");
  return asTrace(trace);
}

/**
 * A contour map of z = f(x, y): the surface seen from above, one line per height.
 *
 * @param grid The sampled surface (rows follow y).
 * @param options See {@linkcode ContourFigureOptions}.
 * @returns The figure: one `contour` trace; by default x and y share one scale.
 * @throws {TypeError | RangeError} As {@linkcode contourTrace}, or for a bad height.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contourFigure } from "./plot_2d.ts";
 * const grid = { x: new Float64Array([0, 1]), y: new Float64Array([0, 1]),
 *   z: [new Float64Array([0, 1]), new Float64Array([1, 2])] };
 * const figure = contourFigure(grid);
 * const yaxis = figure.layout.yaxis as { scaleanchor: string; scaleratio: number };
 * assert.deepEqual([yaxis.scaleanchor, yaxis.scaleratio], ["x", 1]);
 * ```
 */
export function contourFigure(grid: Grid2D, options: ContourFigureOptions = {}): Figure {
  const height = options.height ?? 560;
  checkRange(ACTION_CONTOUR, "height", height, 100, 4000);
  const equal = options.equalAspect ?? true;
  const titles = options.axisTitles ?? {};
  const layout: Partial<Layout> = {
    title: {
      text: options.title ?? "Contour map of z = f(x, y): each line joins points of equal height",
    },
    height,
    margin: { t: 60, r: 20 },
    xaxis: { title: axisTitle(titles.x ?? "x"), constrain: "domain", zeroline: false },
    yaxis: equal
      ? {
        title: axisTitle(titles.y ?? "y"),
        scaleanchor: "x",
        scaleratio: 1,
        constrain: "domain",
        zeroline: false,
      }
      : { title: axisTitle(titles.y ?? "y"), zeroline: false },
    legend: { x: 1, y: 1, xanchor: "left", yanchor: "top" },
  };
  const trace = contourTrace(grid, options);
  if ((options.extent ?? "auto") === "grid") {
    layout.xaxis!.range = [grid.x[0], grid.x[grid.x.length - 1]];
    layout.yaxis!.range = [grid.y[0], grid.y[grid.y.length - 1]];
  }
  return { data: [trace], layout: layout as Record<string, unknown> };
}

/** A gradient sampled on a grid: rows follow y, like `Grid2D.z`. */
export interface GradientField {
  /** The x coordinates of the columns, increasing. */
  x: Float64Array;
  /** The y coordinates of the rows, increasing. */
  y: Float64Array;
  /** ∂z/∂x at (x[i], y[j]) in `dzdx[j][i]`. */
  dzdx: Float64Array[];
  /** ∂z/∂y at (x[i], y[j]) in `dzdy[j][i]`. */
  dzdy: Float64Array[];
  /** Whether the gradient exists at (x[i], y[j]); used when `options.defined` is not given. */
  defined?: (i: number, j: number) => boolean;
}

/** Options of {@linkcode gradientFieldTraces}. */
export interface GradientFieldOptions {
  /** How the gradient was computed; sets the colour and default name (default `"exact"`). */
  method?: PlotMethod;
  /** Legend name (default e.g. `"∇z, exact gradient"`, or `"−∇z, …"` when `negate`). */
  name?: string;
  /** Draw every arrow the same length: direction only (default false: length ∝ |∇z|). */
  normalize?: boolean;
  /** Draw every `stride`-th point in x and in y (default 1: every point). */
  stride?: number;
  /** The longest arrow spans this fraction of one cell (stride × spacing), in (0, 1] (default 0.9). */
  fill?: number;
  /** Arrowhead length as a fraction of the arrow's length, in (0, 1) (default 0.3). */
  headSize?: number;
  /** Point arrows downhill, along −∇z, the way descent moves (default false: uphill, ∇z). */
  negate?: boolean;
  /**
   * Whether the gradient exists at (x[i], y[j]) (default: `field.defined`, else everywhere).
   * Points where it returns false are skipped and, unless `markUndefined` is false, marked with
   * an open circle. A non-finite component at a point not excluded here is an error, never a
   * silent gap.
   */
  defined?: (i: number, j: number) => boolean;
  /** Mark skipped points with their own legend entry (default true). */
  markUndefined?: boolean;
  /** Legend name of the skipped points (default `"gradient undefined here"`). */
  undefinedName?: string;
}

/** Half-angle of an arrowhead: 25°. */
const HEAD_ANGLE = (25 * Math.PI) / 180;

/**
 * The gradient field drawn as arrows over a contour map (Plotly has no 2-D arrow trace we rely
 * on, so each arrow is drawn as lines).
 *
 * All arrows are ONE `scatter` trace: per arrow 7 entries, `tail, tip, null, left, tip, right,
 * null`, the shaft, then the head as two short segments meeting at the tip; `null` breaks the
 * line between pieces. An arrow at (x, y) points along ∇z = (∂z/∂x, ∂z/∂y) (or −∇z if `negate`)
 * with length fill·cell·|∇z|/max|∇z|, so the longest spans `fill` of a cell (cell = stride ×
 * the smallest grid spacing); with `normalize`, every arrow has length fill·cell. Points with
 * ∇z = 0 have no direction and get no arrow. Arrowheads are built in data units: use a map with
 * equal aspect (the `contourFigure` default) so they look symmetric.
 *
 * @param field The gradient on a grid; its components must be finite where `defined` allows.
 * @param options See {@linkcode GradientFieldOptions}.
 * @returns The arrow trace, then (if any point was skipped and `markUndefined`) a marker trace.
 * @throws {TypeError} For mismatched shapes, or a non-finite component at a defined point.
 * @throws {RangeError} For a grid smaller than 2 × 2 or an option out of range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradientFieldTraces } from "./plot_2d.ts";
 * // ∇z = (1, 0) everywhere on a 2 × 2 grid with spacing 1: arrows of length 0.9 pointing +x.
 * const field = {
 *   x: new Float64Array([0, 1]),
 *   y: new Float64Array([0, 1]),
 *   dzdx: [new Float64Array([1, 1]), new Float64Array([1, 1])],
 *   dzdy: [new Float64Array([0, 0]), new Float64Array([0, 0])],
 * };
 * const [arrows] = gradientFieldTraces(field, { defined: (i, j) => i + j > 0 });
 * const x = arrows.x as (number | null)[];
 * assert.equal(x.length, 3 * 7); // three arrows; (0, 0) skipped
 * assert.deepEqual(x.slice(0, 3), [1, 1.9, null]); // first arrow: at x = 1, y = 0
 * ```
 */
export function gradientFieldTraces(
  field: GradientField,
  options: GradientFieldOptions = {},
): Trace[] {
  const action = "draw gradient field";
  const nx = field.x.length;
  const ny = field.y.length;
  if (nx < 2 || ny < 2) {
    throw new RangeError(
      `Cannot ${action}: field must have at least 2 x and 2 y values (got ${nx} × ${ny})`,
    );
  }
  checkIncreasing(action, "field.x", field.x);
  checkIncreasing(action, "field.y", field.y);
  const stride = options.stride ?? 1;
  if (!Number.isInteger(stride) || stride < 1) {
    throw new RangeError(`Cannot ${action}: stride must be an integer ≥ 1 (got ${stride})`);
  }
  const fill = options.fill ?? 0.9;
  checkRange(action, "fill", fill, Number.MIN_VALUE, 1);
  const headSize = options.headSize ?? 0.3;
  checkRange(action, "headSize", headSize, Number.MIN_VALUE, 1 - Number.EPSILON);
  checkRowShape(action, "field.dzdx", field.dzdx, nx, ny);
  checkRowShape(action, "field.dzdy", field.dzdy, nx, ny);
  const defined = options.defined ?? field.defined ?? (() => true);
  const sign = options.negate ? -1 : 1;

  // Pass 1: check the drawn points, find the largest |∇z| and count arrows and skipped points.
  let maxNorm = 0;
  let arrowCount = 0;
  let skippedCount = 0;
  for (let j = 0; j < ny; j += stride) {
    for (let i = 0; i < nx; i += stride) {
      if (!defined(i, j)) {
        skippedCount++;
        continue;
      }
      const gx = field.dzdx[j][i];
      const gy = field.dzdy[j][i];
      if (!Number.isFinite(gx)) throw undefinedHere(action, "dzdx", i, j, gx);
      if (!Number.isFinite(gy)) throw undefinedHere(action, "dzdy", i, j, gy);
      const norm = Math.hypot(gx, gy);
      if (norm > 0) arrowCount++;
      if (norm > maxNorm) maxNorm = norm;
    }
  }

  // Pass 2: the arrows. cell = stride × smallest spacing; longest arrow = fill · cell.
  const cell = stride * Math.min(smallestStep(field.x), smallestStep(field.y));
  const longest = fill * cell;
  const xs = new Array<number | null>(7 * arrowCount);
  const ys = new Array<number | null>(7 * arrowCount);
  const cos = Math.cos(HEAD_ANGLE);
  const sin = Math.sin(HEAD_ANGLE);
  let k = 0;
  for (let j = 0; j < ny; j += stride) {
    for (let i = 0; i < nx; i += stride) {
      if (!defined(i, j)) continue;
      const gx = sign * field.dzdx[j][i];
      const gy = sign * field.dzdy[j][i];
      const norm = Math.hypot(gx, gy);
      if (norm === 0) continue;
      const ux = gx / norm; // unit direction
      const uy = gy / norm;
      const length = options.normalize ? longest : (longest * norm) / maxNorm;
      const x0 = field.x[i];
      const y0 = field.y[j];
      const tipX = x0 + length * ux;
      const tipY = y0 + length * uy;
      const head = headSize * length;
      // Head: the direction u rotated by ±25°, stepped back from the tip.
      const leftX = tipX - head * (ux * cos - uy * sin);
      const leftY = tipY - head * (ux * sin + uy * cos);
      const rightX = tipX - head * (ux * cos + uy * sin);
      const rightY = tipY - head * (-ux * sin + uy * cos);
      xs[k] = x0, ys[k++] = y0;
      xs[k] = tipX, ys[k++] = tipY;
      xs[k] = null, ys[k++] = null;
      xs[k] = leftX, ys[k++] = leftY;
      xs[k] = tipX, ys[k++] = tipY;
      xs[k] = rightX, ys[k++] = rightY;
      xs[k] = null, ys[k++] = null;
    }
  }
  const method = options.method ?? "exact";
  const arrows: Partial<ScatterData> = {
    type: "scatter",
    mode: "lines",
    name: options.name ?? `${options.negate ? "−∇z" : "∇z"}, ${gradientLabel(method)}`,
    x: xs,
    y: ys,
    line: { color: methodColor[method], width: 1.6 },
    hoverinfo: "skip",
  };
  const traces = [asTrace(arrows)];
  if (skippedCount > 0 && (options.markUndefined ?? true)) {
    const sx = new Float64Array(skippedCount);
    const sy = new Float64Array(skippedCount);
    let s = 0;
    for (let j = 0; j < ny; j += stride) {
      for (let i = 0; i < nx; i += stride) {
        if (defined(i, j)) continue;
        sx[s] = field.x[i];
        sy[s++] = field.y[j];
      }
    }
    const skipped: Partial<ScatterData> = {
      type: "scatter",
      mode: "markers",
      name: options.undefinedName ?? "gradient undefined here",
      x: sx,
      y: sy,
      marker: { symbol: "circle-open", size: 11, color: methodColor.guide, line: { width: 2 } },
      hovertemplate: "x = %{x:.3f}<br>y = %{y:.3f}<extra>%{fullData.name}</extra>",
    };
    traces.push(asTrace(skipped));
  }
  return traces;
}

/** A path in the plane; a `Path3D` fits (its z is ignored). */
export interface PlanePath {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** Options of {@linkcode contourPathTraces}. */
export interface ContourPathOptions {
  /** Ascent or descent; sets the colour and default name (default `"descent"`). */
  direction?: PathDirection;
  /** Legend name of the path (default `"descent path"` or `"ascent path"`). */
  name?: string;
  /** Write the step number next to each point (default: true for paths of at most 25 points). */
  stepLabels?: boolean;
  /** Mark the start and the end with their own legend entries (default true). */
  ends?: boolean;
}

/**
 * A descent or ascent path on the contour map: the points visited, joined in order, each drawn
 * as an arrowhead pointing the way the path moved, with step numbers and the ends marked.
 *
 * @param path The points visited (at least one), e.g. the x and y of a descent result.
 * @param options See {@linkcode ContourPathOptions}.
 * @returns A `scatter` lines+markers(+text) trace, then (if `ends`) start and end markers.
 * @throws {TypeError} If lengths differ or a value is not finite.
 * @throws {RangeError} If the path is empty.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contourPathTraces } from "./plot_2d.ts";
 * const [line, start, end] = contourPathTraces({ x: [0, 1, 1], y: [0, 0, 2] }, { direction: "ascent" });
 * assert.equal(line.mode, "lines+markers+text");
 * assert.deepEqual(line.text, ["0", "1", "2"]);
 * assert.deepEqual((line.marker as { symbol: string[] }).symbol, ["circle", "arrow", "arrow"]);
 * assert.equal(start.name, "start (0, 0)");
 * assert.equal(end.name, "end after 2 steps (1, 2)");
 * ```
 */
export function contourPathTraces(path: PlanePath, options: ContourPathOptions = {}): Trace[] {
  const action = "draw path";
  checkSameLength(action, ["path.x", "path.y"], path.x, path.y);
  const n = path.x.length;
  if (n === 0) throw new RangeError(`Cannot ${action}: path must have at least 1 point (got 0)`);
  checkFiniteArray(action, "path.x", path.x);
  checkFiniteArray(action, "path.y", path.y);
  const direction = options.direction ?? "descent";
  const color = methodColor[direction];
  const labels = options.stepLabels ?? n <= 25;
  const x = Float64Array.from(path.x);
  const y = Float64Array.from(path.y);
  const steps = new Array<number>(n);
  const text = new Array<string>(n);
  const symbols = new Array<"circle" | "arrow">(n);
  for (let k = 0; k < n; k++) {
    steps[k] = k;
    text[k] = String(k);
    symbols[k] = k === 0 ? "circle" : "arrow";
  }
  const line: Partial<ScatterData> = {
    type: "scatter",
    mode: labels ? "lines+markers+text" : "lines+markers",
    name: options.name ?? `${direction} path`,
    x,
    y,
    customdata: steps,
    line: { color, width: 2 },
    marker: {
      color,
      size: 11,
      symbol: symbols,
      angleref: "previous",
      line: { color: "#ffffff", width: 0.5 },
    },
    hovertemplate:
      "step %{customdata}<br>x = %{x:.3f}<br>y = %{y:.3f}<extra>%{fullData.name}</extra>",
  };
  if (labels) {
    line.text = text;
    line.textposition = "top right";
    line.textfont = { color: "#222222", size: 11, shadow: "auto" }; // dark, haloed: legible on any colour
  }
  const traces = [asTrace(line)];
  if (options.ends ?? true) {
    const last = n - 1;
    const marker = (k: number, name: string, symbol: "circle-open" | "diamond"): Trace =>
      asTrace(
        {
          type: "scatter",
          mode: "markers",
          name,
          x: [x[k]],
          y: [y[k]],
          marker: {
            color,
            size: symbol === "circle-open" ? 16 : 12,
            symbol,
            line: symbol === "circle-open" ? { color, width: 2.5 } : { color: "#ffffff", width: 1 },
          },
          hovertemplate: "x = %{x:.3f}<br>y = %{y:.3f}<extra>%{fullData.name}</extra>",
        } satisfies Partial<ScatterData>,
      );
    traces.push(marker(0, `start (${formatNumber(x[0])}, ${formatNumber(y[0])})`, "circle-open"));
    traces.push(
      marker(
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

/** One named line of a {@linkcode lineChart}. */
export interface LineSeries {
  /** Legend name, e.g. `"forward difference"`. */
  name: string;
  /** x values (finite). */
  x: ArrayLike<number>;
  /** y values (finite), one per x value. */
  y: ArrayLike<number>;
  /** Colour (default: the next of `seriesColors`); use `methodColor`/`scaleColor` for meaning. */
  color?: string;
  /** Line dash (default `"solid"`). */
  dash?: "solid" | "dash" | "dot" | "dashdot";
  /** Draw a marker at each point (default: the chart's `markers`). */
  markers?: boolean;
}

/** Options of {@linkcode lineChart}. */
export interface LineChartOptions {
  /** Title: what to notice (default `"<y title> against <x title>"`). */
  title?: string;
  /** x-axis title, with symbol or unit (default `"x"`). */
  xTitle?: string;
  /** y-axis title, with symbol or unit (default `"y"`). */
  yTitle?: string;
  /** x-axis type (default `"linear"`). */
  xType?: "linear" | "log";
  /** y-axis type (default `"linear"`). */
  yType?: "linear" | "log";
  /** Markers on every series that does not choose (default false). */
  markers?: boolean;
  /** d3-format of x in hover labels (default `".4~g"`). */
  xHoverFormat?: string;
  /** d3-format of y in hover labels (default `".4~g"`). */
  yHoverFormat?: string;
  /**
   * What to do with values ≤ 0 on a log axis, which have no place there: `"throw"` a RangeError
   * naming the series and index (default), or `"drop"` them, leaving a gap in the line, adding
   * "(n points ≤ 0 not shown)" to the series' legend name and a note above the plot.
   */
  nonPositive?: "throw" | "drop";
  /** Height in pixels (default 480). */
  height?: number;
}

/**
 * A line chart of several named series, on linear or log axes: errors against step size on
 * log–log axes, gradient norms per layer on a log y axis, loss per step.
 *
 * Log axes label their ticks as powers of ten. A value ≤ 0 on a log axis is either refused or
 * dropped visibly (see {@linkcode LineChartOptions.nonPositive}); it never vanishes silently.
 *
 * @param series The lines (at least one, each with at least one point).
 * @param options See {@linkcode LineChartOptions}.
 * @returns The figure: one `scatter` trace per series.
 * @throws {TypeError} For mismatched lengths or a non-finite value.
 * @throws {RangeError} For no series, an empty series, or a value ≤ 0 on a log axis (`"throw"`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lineChart } from "./plot_2d.ts";
 * const h = [1e-1, 1e-2, 1e-3];
 * const figure = lineChart([{ name: "error", x: h, y: [1e-2, 1e-4, 0] }], {
 *   xType: "log", yType: "log", nonPositive: "drop", xTitle: "step h", yTitle: "|error|",
 * });
 * assert.deepEqual(figure.data[0].y, [1e-2, 1e-4, null]);
 * assert.equal(figure.data[0].name, "error (1 point ≤ 0 not shown)");
 * assert.equal((figure.layout.yaxis as { type: string }).type, "log");
 * assert.throws(
 *   () => lineChart([{ name: "error", x: h, y: [1, 0, 1] }], { yType: "log" }),
 *   /Cannot draw line chart: series "error" y\[1\] must be > 0 on a log y axis \(got 0\)/,
 * );
 * ```
 */
export function lineChart(series: readonly LineSeries[], options: LineChartOptions = {}): Figure {
  const action = "draw line chart";
  if (series.length === 0) {
    throw new RangeError(`Cannot ${action}: series must hold at least 1 series (got 0)`);
  }
  const height = options.height ?? 480;
  checkRange(action, "height", height, 100, 4000);
  const xType = options.xType ?? "linear";
  const yType = options.yType ?? "linear";
  const nonPositive = options.nonPositive ?? "throw";
  const notes: string[] = [];
  let droppedTotal = 0;
  const data = series.map((s, index) => {
    const where = `series "${s.name}"`;
    checkSameLength(action, [`${where} x`, `${where} y`], s.x, s.y);
    if (s.x.length === 0) {
      throw new RangeError(`Cannot ${action}: ${where} must have at least 1 point (got 0)`);
    }
    checkFiniteArray(action, `${where} x`, s.x);
    checkFiniteArray(action, `${where} y`, s.y);
    let x: number[] | Float64Array | (number | null)[] = dataArray(s.x);
    let y: number[] | Float64Array | (number | null)[] = dataArray(s.y);
    let dropped = 0;
    if (xType === "log" || yType === "log") {
      const bad = (v: number, type: string) => type === "log" && v <= 0;
      for (let i = 0; i < s.x.length; i++) {
        const axis = bad(s.x[i], xType) ? "x" : bad(s.y[i], yType) ? "y" : "";
        if (axis === "") continue;
        if (nonPositive === "throw") {
          const value = axis === "x" ? s.x[i] : s.y[i];
          throw new RangeError(
            `Cannot ${action}: ${where} ${axis}[${i}] must be > 0 on a log ${axis} axis (got ${value}); ` +
              `pass nonPositive: "drop" to leave a visible gap`,
          );
        }
        if (dropped === 0) { // copy once, then punch gaps
          x = Array.from(s.x);
          y = Array.from(s.y);
        }
        x[i] = null;
        y[i] = null;
        dropped++;
      }
    }
    droppedTotal += dropped;
    if (dropped > 0) notes.push(`${s.name}: ${dropped}`);
    const markers = s.markers ?? options.markers ?? false;
    const color = s.color ?? seriesColors[index % seriesColors.length];
    const trace: Partial<ScatterData> = {
      type: "scatter",
      mode: markers ? "lines+markers" : "lines",
      name: dropped > 0
        ? `${s.name} (${dropped} point${dropped === 1 ? "" : "s"} ≤ 0 not shown)`
        : s.name,
      x,
      y,
      line: { color, width: 2, dash: s.dash ?? "solid" },
      xhoverformat: options.xHoverFormat ?? ".4~g",
      yhoverformat: options.yHoverFormat ?? ".4~g",
    };
    if (markers) trace.marker = { color, size: 6 };
    return asTrace(trace);
  });
  const xTitle = options.xTitle ?? "x";
  const yTitle = options.yTitle ?? "y";
  const axis = (title: string, type: "linear" | "log") =>
    type === "log"
      ? { title: axisTitle(title), type, exponentformat: "power" as const }
      : { title: axisTitle(title), type };
  const layout: Partial<Layout> = {
    title: { text: options.title ?? `${yTitle} against ${xTitle}` },
    height,
    margin: { t: 70 },
    xaxis: axis(xTitle, xType),
    yaxis: axis(yTitle, yType),
    hovermode: "closest",
  };
  if (droppedTotal > 0) {
    layout.annotations = [{
      text: `Not shown on the log axis: ${droppedTotal} point${
        droppedTotal === 1 ? "" : "s"
      } ≤ 0 (${notes.join(", ")})`,
      xref: "paper",
      yref: "paper",
      x: 0,
      y: 1,
      xanchor: "left",
      yanchor: "bottom",
      yshift: 4,
      showarrow: false,
      font: { size: 12, color: methodColor.guide },
    }];
  }
  return { data, layout: layout as Record<string, unknown> };
}

/** Check the shape of a gradient component (finiteness is checked where drawn). */
function checkRowShape(
  action: string,
  name: string,
  rows: readonly Float64Array[],
  nx: number,
  ny: number,
): void {
  if (rows.length !== ny) {
    throw new TypeError(
      `Cannot ${action}: ${name} must have one row per y value, ${ny} (got ${rows.length})`,
    );
  }
  for (let j = 0; j < ny; j++) {
    if (rows[j].length !== nx) {
      throw new TypeError(
        `Cannot ${action}: ${name}[${j}] must have one value per x value, ${nx} (got ${
          rows[j].length
        })`,
      );
    }
  }
}

/** The error for a non-finite gradient component at a point the caller did not exclude. */
function undefinedHere(action: string, name: string, i: number, j: number, g: number): TypeError {
  return new TypeError(
    `Cannot ${action}: field.${name}[${j}][${i}] must be a finite number (got ${g}); ` +
      `mark points where the gradient is undefined with options.defined`,
  );
}

/** The smallest gap between neighbours of an increasing array. */
function smallestStep(values: Float64Array): number {
  let step = Infinity;
  for (let i = 1; i < values.length; i++) step = Math.min(step, values[i] - values[i - 1]);
  return step;
}
