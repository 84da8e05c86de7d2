/**
 * Figures of chapter 7: quantities over training steps (or steps back in time), one line per
 * run, with guide lines for the thresholds a fix sets and a mark where a run blew up. A run that
 * explodes to 10²³⁷ would squash every other run into a flat line at the bottom of a log axis, so
 * the axis can stop at a ceiling (`yMax`): values above it leave through the top edge, where they
 * are marked ▲ with their true value in the hover text, never dropped silently.
 *
 * Colours: the run without a fix comes first and is drawn in vermillion (the colour of trouble
 * and of the steep ×100 landscape), the fixed runs in blue, green, amber … ({@linkcode fixColors});
 * guide lines are grey and dashed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stepChart } from "./plot_fixes.ts";
 * const figure = stepChart([{ name: "loss", values: [4, 2, 1] }], { yTitle: "loss" });
 * assert.deepEqual(figure.data[0].x, [0, 1, 2]);
 * ```
 * @module
 */

import type { ScatterData } from "plotly.js-dist-min";
import type { Figure, Trace } from "./display.ts";
import { methodColor, scaleColors } from "./palette.ts";
import { lineChart, type LineSeries } from "./plot_2d.ts";
import { asTrace, formatNumber } from "./plot_shared.ts";

/** Series colours in order: the unfixed run first (vermillion), then the fixes. */
export const fixColors: readonly string[] = [
  methodColor.forward,
  methodColor.exact,
  methodColor.central,
  scaleColors[1],
  methodColor.ascent,
  methodColor.descent,
];

/** One run's values, step by step. */
export interface StepSeries {
  /** Legend name, non-empty. */
  name: string;
  /** The value at each step (finite; on a log axis values ≤ 0 are dropped with a note). */
  values: ArrayLike<number>;
  /** The step of `values[0]` (default 0). */
  firstStep?: number;
  /** Colour (default: `fixColors` by position). */
  color?: string;
  /** Line dash (default `"solid"`). */
  dash?: "solid" | "dash" | "dot" | "dashdot";
  /**
   * The step at which the run stopped because it blew up (default: it did not): marked ✕ after
   * its last value and said in the legend.
   */
  divergedAt?: number;
}

/** A guide line: horizontal at `y` (a threshold) or vertical at `x` (a cut). */
export interface StepGuide {
  /**
   * Legend name. A horizontal guide's value is appended to it, as `"η·c"` becomes `"η·c = 0.2"`
   * (3 significant digits); a vertical guide's label is used as it is.
   */
  label: string;
  /** Draw a horizontal line at this value. */
  y?: number;
  /** Draw a vertical line at this step. */
  x?: number;
  /** Colour (default grey). */
  color?: string;
}

/** Options of {@linkcode stepChart}. */
export interface StepChartOptions {
  /** Title: what to notice (default `"<y title> at every step"`). */
  title?: string;
  /** x-axis title (default `"training step"`). */
  xTitle?: string;
  /** y-axis title (default `"value"`). */
  yTitle?: string;
  /** y-axis type (default `"log"`). */
  yType?: "linear" | "log";
  /**
   * The top of the y axis (default: the largest value, so every value is in the plot). Values
   * above it leave the plot through its top edge, where each is marked ▲ with its true value in
   * the hover text and counted in the legend: a blow-up then no longer squashes the other runs
   * into a flat line at the bottom.
   */
  yMax?: number;
  /** Guide lines (default none). */
  guides?: readonly StepGuide[];
  /** Height in pixels (default 440). */
  height?: number;
  /** Markers on every point of the series (default false; guides never have markers). */
  markers?: boolean;
}

/** log10 of the ends of a log axis, padded by 5 % of the span (at least a tenth of a decade). */
function logRange(low: number, high: number): [number, number] {
  const lo = Math.log10(low);
  const hi = Math.log10(high);
  const pad = Math.max(0.1, 0.05 * (hi - lo));
  return [lo - pad, hi + pad];
}

/**
 * A line chart of runs over steps, with guide lines, blow-up marks, and an optional ceiling
 * (`yMax`) above which values are marked at the top edge instead of stretching the axis. Each
 * horizontal guide spans every step; each vertical guide spans the plotted values.
 *
 * @param series The runs (at least one), each with at least one value.
 * @param options Title, axis titles, y type, ceiling, guides, height, markers.
 * @returns The figure: one trace per guide (drawn first, under the runs, and listed last in the
 * legend), one per series, then the ▲ marks of each series with values above `yMax`, then one ✕
 * per run that blew up.
 * @throws {RangeError} For no series, an empty series, no value > 0 on a log axis, a guide without
 * exactly one of x and y, or a `yMax` not above the smallest plotted value.
 * @throws {TypeError} For a non-finite value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stepChart } from "./plot_fixes.ts";
 * const figure = stepChart(
 *   [{ name: "no clipping", values: [1, 10, 1e9], divergedAt: 3 }, { name: "clipped", values: [1, 1, 1, 1] }],
 *   { guides: [{ label: "η·c", y: 2 }], yMax: 100 },
 * );
 * assert.equal(figure.data[0].name, "η·c = 2");
 * assert.deepEqual(figure.data[0].x, [0, 3]); // the guide spans every step
 * assert.equal(figure.data[1].name, "no clipping (blew up at step 3)");
 * assert.deepEqual(figure.data[3].x, [2]); // 10⁹ is above the plot: marked ▲ at step 2
 * assert.deepEqual(figure.data[4].x, [3]); // the ✕ where the first run blew up
 * ```
 */
export function stepChart(series: readonly StepSeries[], options: StepChartOptions = {}): Figure {
  const action = "draw step chart";
  if (series.length === 0) {
    throw new RangeError(`Cannot ${action}: series must hold at least 1 series (got 0)`);
  }
  const yType = options.yType ?? "log";
  const guides = options.guides ?? [];
  const yMax = options.yMax ?? Infinity;
  const plotted = (v: number) => (yType === "linear" || v > 0) && v <= yMax;
  // The extent of the plotted values (and of the horizontal guides).
  let firstX = Infinity;
  let lastX = -Infinity;
  let low = Infinity;
  let high = -Infinity;
  for (const s of series) {
    if (s.values.length === 0) {
      throw new RangeError(
        `Cannot ${action}: series "${s.name}" must have at least 1 value (got 0)`,
      );
    }
    const first = s.firstStep ?? 0;
    firstX = Math.min(firstX, first);
    lastX = Math.max(lastX, first + s.values.length - 1, s.divergedAt ?? -Infinity);
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i];
      if (!plotted(v)) continue;
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
  }
  for (const guide of guides) {
    if ((guide.x === undefined) === (guide.y === undefined)) {
      throw new RangeError(
        `Cannot ${action}: guide "${guide.label}" must have exactly one of x and y (got ${
          guide.x === undefined ? "neither" : "both"
        })`,
      );
    }
    if (guide.y !== undefined && plotted(guide.y)) {
      low = Math.min(low, guide.y);
      high = Math.max(high, guide.y);
    }
  }
  if (!(high >= low)) {
    throw new RangeError(
      `Cannot ${action}: series must have a value ${
        yType === "log" ? "> 0 " : ""
      }below yMax (got none)`,
    );
  }
  if (yMax !== Infinity && !(yMax > low)) {
    throw new RangeError(
      `Cannot ${action}: yMax must be > the smallest value, ${low} (got ${yMax})`,
    );
  }
  const top = yMax === Infinity ? high : yMax;
  let range: [number, number];
  if (yType === "log") range = logRange(low, top);
  else {
    const pad = 0.05 * (top - low || 1);
    range = [low - pad, top + pad];
  }
  // The top edge of the plot, a hair inside it: Plotly hides unclipped points beyond the range,
  // and 10^range[1] can round to just beyond it.
  const inside = range[1] - 0.002 * (range[1] - range[0]);
  const edge = yType === "log" ? Math.pow(10, inside) : inside;
  const beyond = yType === "log" ? Math.pow(10, range[1] + 1) : range[1] + (range[1] - range[0]);

  const colorOf = (s: StepSeries, index: number) => s.color ?? fixColors[index % fixColors.length];
  const lines: LineSeries[] = series.map((s, index) => {
    const first = s.firstStep ?? 0;
    const x = Array.from({ length: s.values.length }, (_, i) => first + i);
    // Values above yMax are moved further up, so that their line leaves through the top edge.
    const y = Array.from(s.values, (v) => (v > yMax ? beyond : v));
    const name = s.divergedAt === undefined
      ? s.name
      : `${s.name} (blew up at step ${s.divergedAt})`;
    return {
      name,
      x,
      y,
      color: colorOf(s, index),
      dash: s.dash,
      markers: options.markers ?? false,
    };
  });
  for (const guide of guides) {
    const color = guide.color ?? methodColor.guide;
    if (guide.y !== undefined) {
      const name = `${guide.label} = ${formatNumber(guide.y)}`;
      lines.push({
        name,
        x: [firstX, lastX],
        y: [guide.y, guide.y],
        color,
        dash: "dash",
        markers: false,
      });
    } else {
      const x = guide.x!;
      lines.push({
        name: guide.label,
        x: [x, x],
        y: [low, top],
        color,
        dash: "dot",
        markers: false,
      });
    }
  }
  const figure = lineChart(lines, {
    title: options.title ?? `${options.yTitle ?? "value"} at every step`,
    xTitle: options.xTitle ?? "training step",
    yTitle: options.yTitle ?? "value",
    yType,
    nonPositive: "drop",
    height: options.height ?? 440,
  });
  const yaxis: Record<string, unknown> = {
    ...(figure.layout.yaxis as Record<string, unknown>),
    range,
  };
  if (yType === "log") {
    yaxis.dtick = Math.max(1, Math.ceil((range[1] - range[0]) / 8)); // whole decades, ≤ about 8
    yaxis.tick0 = 0;
  }
  const marks: Trace[] = [];
  series.forEach((s, index) => {
    const color = colorOf(s, index);
    const first = s.firstStep ?? 0;
    const above: number[] = [];
    const hover: string[] = [];
    for (let i = 0; i < s.values.length; i++) {
      if (!(s.values[i] > yMax)) continue;
      above.push(first + i);
      hover.push(`step ${first + i}: ${s.values[i].toPrecision(3)}, above the plot`);
    }
    if (above.length === 0) return;
    const mark: Partial<ScatterData> = {
      type: "scatter",
      mode: "markers",
      name: `${s.name}: ${above.length} value${above.length === 1 ? "" : "s"} above the plot`,
      x: above,
      y: above.map(() => edge),
      hovertext: hover,
      hoverinfo: "text",
      cliponaxis: false,
      marker: { color, size: 8, symbol: "triangle-up" },
    };
    marks.push(asTrace(mark));
  });
  series.forEach((s, index) => {
    if (s.divergedAt === undefined) return;
    const color = colorOf(s, index);
    let lastValue = NaN;
    for (let i = s.values.length - 1; i >= 0; i--) {
      if (yType === "linear" || s.values[i] > 0) {
        lastValue = Math.min(s.values[i], edge);
        break;
      }
    }
    const mark: Partial<ScatterData> = {
      type: "scatter",
      mode: "text+markers",
      name: `${s.name}: blew up`,
      showlegend: false,
      x: [s.divergedAt],
      y: [lastValue],
      text: [`blew up at step ${s.divergedAt}`],
      textposition: "bottom right",
      textfont: { color, size: 11 },
      cliponaxis: false,
      marker: { color, size: 12, symbol: "x-thin-open", line: { color, width: 3 } },
      hovertemplate: `step %{x}: the loss or gradient was no longer finite<extra>${s.name}</extra>`,
    };
    marks.push(asTrace(mark));
  });
  // Guides are drawn first, under the runs (a run on its ceiling stays visible), and listed
  // after them in the legend.
  const runs = figure.data.slice(0, series.length);
  const guideTraces = figure.data.slice(series.length).map((t, i) => ({
    ...t,
    legendrank: 1001 + i,
  }));
  return {
    ...figure,
    data: [...guideTraces, ...runs, ...marks],
    layout: { ...figure.layout, yaxis },
  };
}
