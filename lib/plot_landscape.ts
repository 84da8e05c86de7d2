/**
 * Figures of chapter 5: the one-dimensional landscape with descent paths drawn on it, and the size
 * of the slope at every step on a log axis.
 *
 * A large slope throws the descent out of the plotted range. Such points are not dropped: the path
 * runs off the edge of the plot, each point outside is marked at the edge it left by (◀ or ▶) with
 * its step and x in the hover text, the first one is labelled, and their legend entry counts them
 * and says how far they went. A wide view of the same landscape (`sampleLandscape` over the path's `extent`) then shows
 * where they went.
 *
 * Colours: the landscape takes its scale's colour (`scaleColor`), a path its method's colour
 * (`methodColor.forward` for the article's forward difference, `methodColor.exact`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { descendLandscape, sampleLandscape } from "./landscape.ts";
 * import { landscapeDescentFigure } from "./plot_landscape.ts";
 * const figure = landscapeDescentFigure(sampleLandscape(100), [descendLandscape(100)]);
 * const outside = figure.data[2];
 * assert.equal((outside.x as number[])[0], 50); // x₂ = 36.02 is marked at the left edge
 * ```
 * @module
 */

import type { Layout, ScatterData } from "plotly.js-dist-min";
import type { Figure, Trace } from "./display.ts";
import {
  LANDSCAPE_RANGE,
  type LandscapeDescent,
  type LandscapeSamples,
  type LandscapeSlopeMethod,
  sampleLandscape,
} from "./landscape.ts";
import { methodColor, scaleColor } from "./palette.ts";
import { lineChart, type LineSeries } from "./plot_2d.ts";
import { asTrace, axisTitle, checkRange, formatNumber } from "./plot_shared.ts";

/** How each slope method's path is drawn: the article's forward difference, or the exact slope. */
const METHOD_STYLE: Record<
  LandscapeSlopeMethod,
  { name: string; symbol: "x-thin-open" | "circle-open" }
> = {
  forward: { name: "forward difference", symbol: "x-thin-open" },
  exact: { name: "exact slope", symbol: "circle-open" },
};

const SUBSCRIPT: Record<string, string> = {
  "0": "₀",
  "1": "₁",
  "2": "₂",
  "3": "₃",
  "4": "₄",
  "5": "₅",
  "6": "₆",
  "7": "₇",
  "8": "₈",
  "9": "₉",
};

/** `x` with a subscript step number: `x₁₂`. */
function xAt(step: number): string {
  return "x" + [...String(step)].map((c) => SUBSCRIPT[c] ?? c).join("");
}

/** A number with 4 significant digits at most and a real minus sign (`36.02`, `−77.58`). */
function position(value: number): string {
  const s = String(Number(value.toPrecision(4)));
  return s.startsWith("-") ? `−${s.slice(1)}` : s;
}

/** "to x = −77.58" (and/or the right side) for a legend entry. */
function farthest(farLeft: number, farRight: number): string {
  const parts: string[] = [];
  if (farLeft !== Infinity) parts.push(`x = ${position(farLeft)}`);
  if (farRight !== -Infinity) parts.push(`x = ${position(farRight)}`);
  return `to ${parts.join(" and ")}`;
}

/** Options of {@linkcode landscapeDescentFigure}. */
export interface LandscapeDescentFigureOptions {
  /** Title: what to notice (default `"Descent on the landscape ×s"`). */
  title?: string;
  /**
   * Shade this x interval and label it (default: none), e.g. the article's 50 ≤ x ≤ 125 in a
   * wide view.
   */
  window?: { from: number; to: number; label?: string };
  /** Height in pixels (default 460). */
  height?: number;
  /** Write the step number next to each point of the paths (default false). */
  stepLabels?: boolean;
}

/**
 * The landscape f(x, s) as a line, with descent paths on it. The x axis is fixed to the curve's
 * range; a path's points outside it are marked at the edge and counted (see the module
 * documentation), never clipped silently. A path that diverged says so in a note on the plot.
 *
 * @param curve The sampled landscape (`sampleLandscape`), drawn in its scale's colour.
 * @param runs Descents (`descendLandscape`), usually the same scale as the curve, one per method.
 * @param options Title, a shaded window, height, step labels.
 * @returns The figure: the curve, then for each run its path and, if some of its points are outside
 * the curve's range, their edge markers.
 * @throws {RangeError} For a bad height or window.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { descendLandscape, sampleLandscape } from "./landscape.ts";
 * import { landscapeDescentFigure } from "./plot_landscape.ts";
 * const figure = landscapeDescentFigure(sampleLandscape(1), [descendLandscape(1)]);
 * assert.equal(figure.data.length, 2); // the curve and the path: nothing left the plot
 * assert.equal((figure.data[1].x as Float64Array).length, 21); // x₀ … x₂₀
 * ```
 */
export function landscapeDescentFigure(
  curve: LandscapeSamples,
  runs: readonly LandscapeDescent[],
  options: LandscapeDescentFigureOptions = {},
): Figure {
  const action = "draw landscape descent";
  const height = options.height ?? 460;
  checkRange(action, "height", height, 100, 4000);
  const n = curve.x.length;
  if (n < 2) throw new RangeError(`Cannot ${action}: curve must have at least 2 points (got ${n})`);
  const from = curve.x[0];
  const to = curve.x[n - 1];
  const scaleLabel = `×${formatNumber(curve.scale)}`;
  const data: Trace[] = [
    asTrace(
      {
        type: "scatter",
        mode: "lines",
        name: `landscape f(x) ${scaleLabel}`,
        x: curve.x,
        y: curve.y,
        line: { color: scaleColor(curve.scale), width: 2 },
        hovertemplate: "x = %{x:.3f}<br>f = %{y:.4g}<extra>landscape</extra>",
      } satisfies Partial<ScatterData>,
    ),
  ];
  const notes: string[] = [];
  for (const run of runs) {
    const style = METHOD_STYLE[run.method];
    const color = methodColor[run.method];
    const m = run.x.length;
    const steps = Array.from({ length: m }, (_, k) => k);
    const path: Partial<ScatterData> = {
      type: "scatter",
      mode: options.stepLabels ? "lines+markers+text" : "lines+markers",
      name: `descent, ${style.name} (${m - 1} steps)`,
      x: run.x,
      y: run.y,
      customdata: steps,
      line: { color, width: 1.5 },
      marker: {
        color,
        size: 9,
        symbol: style.symbol,
        line: { color, width: 2 },
      },
      hovertemplate:
        "step %{customdata}<br>x = %{x:.4f}<br>f = %{y:.4g}<extra>%{fullData.name}</extra>",
    };
    if (options.stepLabels) {
      path.text = steps.map(String);
      path.textposition = "top center";
      path.textfont = { color, size: 10 };
    }
    // The points outside [from, to], marked at the edge they left by.
    const ex: number[] = [];
    const ey: number[] = [];
    const symbols: ("triangle-left" | "triangle-right")[] = [];
    const text: string[] = [];
    const hover: string[] = [];
    let farLeft = Infinity;
    let farRight = -Infinity;
    for (let k = 0; k < m; k++) {
      const xk = run.x[k];
      if (xk >= from && xk <= to) continue;
      const left = xk < from;
      ex.push(left ? from : to);
      ey.push(run.y[k]);
      symbols.push(left ? "triangle-left" : "triangle-right");
      text.push(ex.length === 1 ? `${xAt(k)} = ${position(xk)}` : "");
      hover.push(
        `step ${k}: ${xAt(k)} = ${position(xk)}, outside the plot<br>f = ${position(run.y[k])}`,
      );
      if (left && xk < farLeft) farLeft = xk;
      if (!left && xk > farRight) farRight = xk;
    }
    const outside: Partial<ScatterData> = {
      type: "scatter",
      mode: "text+markers",
      name: `${ex.length} of ${m} points off the plot (${farthest(farLeft, farRight)})`,
      x: ex,
      y: ey,
      text,
      textposition: ex.length > 0 && ex[0] === from ? "middle right" : "middle left",
      textfont: { color, size: 11 },
      hovertext: hover,
      hoverinfo: "text",
      cliponaxis: false,
      marker: {
        color,
        size: 10,
        symbol: symbols,
        line: { color: "#ffffff", width: 1 },
      },
    };
    data.push(asTrace(path));
    if (ex.length > 0) data.push(asTrace(outside));
    if (run.diverged !== undefined) {
      notes.push(
        `${style.name}: ${run.diverged.quantity} overflowed at step ${run.diverged.step}; ` +
          `the path stops at step ${run.diverged.step - 1}`,
      );
    }
  }
  const layout: Partial<Layout> = {
    title: { text: options.title ?? `Descent on the landscape ${scaleLabel}` },
    height,
    margin: { t: 70 },
    xaxis: { title: axisTitle("x"), range: [from, to], zeroline: false },
    yaxis: { title: axisTitle(`f(x) ${scaleLabel}`), zeroline: false },
    hovermode: "closest",
  };
  if (notes.length > 0) {
    layout.annotations = [{
      text: notes.join("<br>"),
      xref: "paper",
      yref: "paper",
      x: 0.02,
      y: 0.98,
      xanchor: "left",
      yanchor: "top",
      align: "left",
      showarrow: false,
      bgcolor: "rgba(255, 255, 255, 0.8)",
      font: { size: 11, color: methodColor.guide },
    }];
  }
  if (options.window !== undefined) {
    const w = options.window;
    if (!(Number.isFinite(w.from) && Number.isFinite(w.to) && w.to > w.from)) {
      throw new RangeError(
        `Cannot ${action}: window must have finite from < to (got ${w.from}, ${w.to})`,
      );
    }
    layout.shapes = [{
      type: "rect",
      xref: "x",
      yref: "paper",
      x0: w.from,
      x1: w.to,
      y0: 0,
      y1: 1,
      fillcolor: methodColor.guide,
      opacity: 0.08,
      line: { width: 0 },
      layer: "below",
    }];
    layout.annotations = [...(layout.annotations ?? []), {
      text: w.label ?? `${formatNumber(w.from)} ≤ x ≤ ${formatNumber(w.to)}`,
      xref: "x",
      yref: "paper",
      x: (w.from + w.to) / 2,
      y: 0,
      yanchor: "bottom",
      yshift: 4,
      showarrow: false,
      font: { size: 11, color: methodColor.guide },
    }];
  }
  return { data, layout: layout as Record<string, unknown> };
}

/** The most curve points {@linkcode landscapeOverview} samples, whatever the range. */
export const MAX_OVERVIEW_POINTS = 20_000;

/** Options of {@linkcode landscapeOverview}. */
export interface LandscapeOverviewOptions {
  /** Room left and right of the farthest points visited, in x units, ≥ 0 (default 10). */
  margin?: number;
  /**
   * Curve points per unit of x, in (0, 1000] (default 5: about 31 points per wiggle of sin(cos x),
   * and about 2 per pixel across a wide view of some 400 units; more only adds to the page).
   */
  pointsPerUnit?: number;
  /** The range to shade and include (default 50 ≤ x ≤ 125, the article's plot). */
  window?: { from: number; to: number; label?: string };
  /** Title: what to notice (default `"Where the descents went"`). */
  title?: string;
  /** Height in pixels (default 520). */
  height?: number;
}

/**
 * A wide view of descents that left the plotted range: the landscape at their scale, sampled over
 * every point they visited (plus a margin) and the shaded window, with the paths drawn whole.
 *
 * @param runs Descents of the same scale (at least one), e.g. forward difference and exact.
 * @param options Margin, curve density, the window, title and height.
 * @returns A {@linkcode landscapeDescentFigure} over [min x − margin, max x + margin].
 * @throws {RangeError} For no runs, runs of different scales, or an option out of range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { descendLandscape } from "./landscape.ts";
 * import { landscapeOverview } from "./plot_landscape.ts";
 * const figure = landscapeOverview([descendLandscape(100)]);
 * const x = figure.data[0].x as Float64Array;
 * assert.ok(x[0] <= -77.58 - 10 && x[x.length - 1] >= 125); // the farthest point, and the window
 * assert.equal(figure.data.length, 2); // the curve and the whole path: nothing off the plot
 * ```
 */
export function landscapeOverview(
  runs: readonly LandscapeDescent[],
  options: LandscapeOverviewOptions = {},
): Figure {
  const action = "draw landscape overview";
  if (runs.length === 0) {
    throw new RangeError(`Cannot ${action}: runs must hold at least 1 run (got 0)`);
  }
  const scale = runs[0].scale;
  for (let r = 1; r < runs.length; r++) {
    if (runs[r].scale !== scale) {
      throw new RangeError(
        `Cannot ${action}: runs[${r}].scale must equal runs[0].scale = ${scale} (got ${
          runs[r].scale
        })`,
      );
    }
  }
  const margin = options.margin ?? 10;
  checkRange(action, "margin", margin, 0, 1e6);
  const density = options.pointsPerUnit ?? 5;
  checkRange(action, "pointsPerUnit", density, Number.MIN_VALUE, 1000);
  const window = options.window ?? { ...LANDSCAPE_RANGE, label: "the article's plot" };
  let min = window.from;
  let max = window.to;
  for (const run of runs) {
    min = Math.min(min, run.extent.min);
    max = Math.max(max, run.extent.max);
  }
  const from = Math.floor(min - margin);
  const to = Math.ceil(max + margin);
  // At most 20 000 points: a few per pixel however far a descent flew (the curve wiggles with a
  // period of 2π, so over thousands of units it becomes a band either way).
  const points = Math.min(MAX_OVERVIEW_POINTS, Math.max(2, Math.ceil(density * (to - from))));
  const curve = sampleLandscape(scale, { from, to, points });
  return landscapeDescentFigure(curve, runs, {
    title: options.title ?? "Where the descents went",
    window,
    height: options.height ?? 520,
  });
}

/** Options of {@linkcode descentSlopeChart}. */
export interface DescentSlopeChartOptions {
  /** Title: what to notice (default `"Size of the slope at every step"`). */
  title?: string;
  /** Height in pixels (default 460). */
  height?: number;
}

/**
 * The size of the slope |f′(xₖ)| at every step k of some descents, on a log axis: one colour per
 * scale (`scaleColor`), solid for the forward difference and dotted for the exact slope. With
 * η = 1, |f′(xₖ)| is also the length of step k.
 *
 * @param runs Descents (`descendLandscape`), at least one.
 * @param options Title and height.
 * @returns A line chart; a slope of exactly 0 (no place on a log axis) is dropped with a note.
 * @throws {RangeError} For no runs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { descendLandscape } from "./landscape.ts";
 * import { descentSlopeChart } from "./plot_landscape.ts";
 * const run = descendLandscape(10, { steps: 3 });
 * const figure = descentSlopeChart([run]);
 * assert.equal(figure.data[0].name, "×10, forward difference");
 * assert.deepEqual(figure.data[0].x, [0, 1, 2, 3]);
 * assert.equal((figure.data[0].y as Float64Array)[0], Math.abs(run.slope[0]));
 * ```
 */
export function descentSlopeChart(
  runs: readonly LandscapeDescent[],
  options: DescentSlopeChartOptions = {},
): Figure {
  if (runs.length === 0) {
    throw new RangeError(`Cannot draw descent slopes: runs must hold at least 1 run (got 0)`);
  }
  const series: LineSeries[] = runs.map((run) => {
    const m = run.slope.length;
    const x = new Array<number>(m);
    const y = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      x[k] = k;
      y[k] = Math.abs(run.slope[k]);
    }
    return {
      name: `×${formatNumber(run.scale)}, ${METHOD_STYLE[run.method].name}`,
      x,
      y,
      color: scaleColor(run.scale),
      dash: run.method === "forward" ? "solid" : "dot",
      markers: true,
    };
  });
  return lineChart(series, {
    title: options.title ?? "Size of the slope at every step",
    xTitle: "step k",
    yTitle: "|f′(xₖ)| (log scale)",
    yType: "log",
    nonPositive: "drop",
    height: options.height ?? 460,
  });
}
