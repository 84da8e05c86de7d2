/**
 * Figures for chapter 6, the fixes: one colour per activation and per initialisation scheme (the
 * same in every figure of the chapter), the activations' derivative curves, and training-loss
 * curves on a log axis that show where a run diverged instead of plotting NaN.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lossCurveChart } from "./plot_gradient_fixes.ts";
 * const figure = lossCurveChart([
 *   { name: "η = 0.1", loss: [1, 0.5, 0.25] },
 *   { name: "η = 10", loss: [1, 1e3], diverged: { step: 2, reason: "the loss is Infinity" } },
 * ]);
 * assert.equal(figure.data.length, 3); // two curves and one divergence marker
 * ```
 * @module
 */

import type { ScatterData } from "plotly.js-dist-min";
import { type ActivationName, applyActivationDerivative, createActivation } from "./activations.ts";
import type { Figure, Trace } from "./display.ts";
import type { InitScheme } from "./network.ts";
import { methodColor, scaleColors } from "./palette.ts";
import { seriesColors } from "./plot.ts";
import { lineChart, type LineSeries } from "./plot_2d.ts";
import { asTrace, checkRange } from "./plot_shared.ts";

/** One colour per activation, in every figure of chapter 6 (Okabe–Ito colours). */
export const activationColors: Readonly<Record<ActivationName, string>> = {
  sigmoid: methodColor.forward,
  tanh: methodColor.exact,
  relu: methodColor.central,
  leakyRelu: methodColor.ascent,
  identity: methodColor.guide,
};

/**
 * One colour per initialisation scheme, with chapter 4's meanings: `naive` (the signal explodes
 * in a ReLU network) red-orange like a factor above 1, `small` (it vanishes) green like a factor
 * below 1, `he` (it stays steady) amber like a factor of 1, and `xavier` blue.
 */
export const initColors: Readonly<Record<InitScheme, string>> = {
  naive: scaleColors[2],
  small: scaleColors[0],
  xavier: methodColor.exact,
  he: scaleColors[1],
};

/** The name of an activation as the prose writes it. */
export const activationLabels: Readonly<Record<ActivationName, string>> = {
  sigmoid: "sigmoid",
  tanh: "tanh",
  relu: "ReLU",
  leakyRelu: "leaky ReLU",
  identity: "identity",
};

/** Options of {@linkcode activationDerivativeSeries}. */
export interface DerivativeSeriesOptions {
  /** The left end of the z axis (default −5). */
  from?: number;
  /** The right end, > `from` (default 5). */
  to?: number;
  /** The number of evenly spaced points, an integer from 2 to 10 000 (default 401). */
  points?: number;
  /** Leaky ReLU's slope for z < 0, in [0, 1) (default 0.01, as `createActivation`). */
  slope?: number;
}

/**
 * The derivative φ′(z) of each activation on evenly spaced points zᵢ = from + i·(to − from)/(n − 1),
 * one {@linkcode LineSeries} each, coloured by {@linkcode activationColors}: the factor each
 * activation multiplies a gradient by on its way back through a layer. At a kink (z = 0 for ReLU
 * and leaky ReLU) φ′ takes its left value, as `activationDerivative` does.
 *
 * @param names The activations (at least one).
 * @param options The z range, the number of points and leaky ReLU's slope.
 * @returns One series per activation, named e.g. `"tanh′(z)"`.
 * @throws {RangeError} On no names, an unknown name, or a bad range, count or slope.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { activationDerivativeSeries } from "./plot_gradient_fixes.ts";
 * const [sigmoid, relu] = activationDerivativeSeries(["sigmoid", "relu"], { from: -1, to: 1, points: 3 });
 * assert.deepEqual(Array.from(sigmoid.x), [-1, 0, 1]);
 * assert.equal(sigmoid.y[1], 0.25); // σ′(0) = 1/4, the largest it gets
 * assert.deepEqual(Array.from(relu.y), [0, 0, 1]);
 * ```
 */
export function activationDerivativeSeries(
  names: readonly ActivationName[],
  options: DerivativeSeriesOptions = {},
): LineSeries[] {
  const action = "compute activation derivatives";
  if (names.length === 0) {
    throw new RangeError(`Cannot ${action}: names must hold at least 1 activation (got 0)`);
  }
  const { from = -5, to = 5, points = 401 } = options;
  if (!Number.isFinite(from)) {
    throw new RangeError(`Cannot ${action}: from must be a finite number (got ${from})`);
  }
  if (!(Number.isFinite(to) && to > from)) {
    throw new RangeError(
      `Cannot ${action}: to must be a finite number > from = ${from} (got ${to})`,
    );
  }
  if (!(Number.isInteger(points) && points >= 2 && points <= 10_000)) {
    throw new RangeError(
      `Cannot ${action}: points must be an integer from 2 to 10000 (got ${points})`,
    );
  }
  const z = new Float64Array(points);
  for (let i = 0; i < points; i++) z[i] = from + (i * (to - from)) / (points - 1);
  z[points - 1] = to;
  return names.map((name) => {
    const act = createActivation(name, { slope: options.slope });
    const series: LineSeries = {
      name: `${activationLabels[name]}′(z)`,
      x: z,
      y: applyActivationDerivative(act, z),
      color: activationColors[name],
    };
    // Leaky ReLU's slope equals ReLU's for z > 0: dashed, so the ReLU line shows through it.
    if (name === "leakyRelu") series.dash = "dash";
    return series;
  });
}

/** Options of {@linkcode activationDerivativeChart}. */
export interface DerivativeChartOptions extends DerivativeSeriesOptions {
  /** Title: what to notice (default `"The slope each activation puts into the gradient"`). */
  title?: string;
  /** Height in pixels (default 480). */
  height?: number;
}

/**
 * The derivatives φ′(z) of several activations on one chart ({@linkcode activationDerivativeSeries}
 * drawn by `lineChart`), with room above 1 and below 0 and no zero lines, so that the lines lying
 * exactly on 0 and 1 (ReLU's two values) stay visible instead of hiding under the axes.
 *
 * @param names The activations (at least one).
 * @param options The z range, points, leaky slope, title and height.
 * @returns The figure, x axis "pre-activation z", y axis "slope φ′(z)".
 * @throws {RangeError} As {@linkcode activationDerivativeSeries}, or for a bad height.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { activationDerivativeChart } from "./plot_gradient_fixes.ts";
 * const figure = activationDerivativeChart(["relu", "leakyRelu"]);
 * assert.equal(figure.data.length, 2);
 * const yaxis = figure.layout.yaxis as { range: number[]; zeroline: boolean };
 * assert.equal(yaxis.zeroline, false);
 * assert.ok(yaxis.range[0] < 0 && yaxis.range[1] > 1);
 * ```
 */
export function activationDerivativeChart(
  names: readonly ActivationName[],
  options: DerivativeChartOptions = {},
): Figure {
  const series = activationDerivativeSeries(names, options);
  let top = 0;
  for (const s of series) {
    for (let i = 0; i < s.y.length; i++) top = Math.max(top, s.y[i]);
  }
  const chart = lineChart(series, {
    title: options.title ?? "The slope each activation puts into the gradient",
    xTitle: "pre-activation z",
    yTitle: "slope φ′(z)",
    height: options.height,
  });
  const pad = 0.05 * Math.max(top, 1);
  return {
    data: chart.data,
    layout: {
      ...chart.layout,
      xaxis: { ...(chart.layout.xaxis as Record<string, unknown>), zeroline: false },
      yaxis: {
        ...(chart.layout.yaxis as Record<string, unknown>),
        zeroline: false,
        range: [-pad, Math.max(top, 1) + pad],
      },
    },
  };
}

/** One training run for {@linkcode lossCurveChart}. */
export interface LossRun {
  /** Legend name, e.g. `"η = 0.1"`. */
  name: string;
  /** The loss before each step (finite; `loss[k]` is drawn at step k). */
  loss: ArrayLike<number>;
  /** Where the run stopped because the loss or gradient was not finite (default: it did not). */
  diverged?: { step: number; reason: string } | null;
  /** Colour (default: the next of `seriesColors`). */
  color?: string;
  /** Line dash (default `"solid"`). */
  dash?: "solid" | "dash" | "dot" | "dashdot";
}

/** Options of {@linkcode lossCurveChart}. */
export interface LossChartOptions {
  /** Title: what to notice (default `"Training loss per step"`). */
  title?: string;
  /** x-axis title (default `"step"`). */
  xTitle?: string;
  /** y-axis title (default `"loss (log scale)"`). */
  yTitle?: string;
  /**
   * The top of the y axis, > 0 (default: 100 × the largest first loss). A loss above it has blown
   * up: its line leaves the top of the plot (zoom out to follow it).
   */
  ceiling?: number;
  /** Height in pixels (default 480). */
  height?: number;
}

/**
 * Training-loss curves on a log y axis, one per run. A run that diverged ends where its history
 * ends and gets a ▲ marker at the top edge, at the step where its loss or gradient stopped being
 * finite, with a legend entry saying so ("η = 1: diverged at step 120") and the reason on hover.
 * The y axis runs from half the smallest loss to the ceiling, so a run that blows up to 10³⁰⁰
 * does not squash the others into a flat line. Nothing non-finite reaches the figure.
 *
 * @param runs The runs (at least one; a run that diverged at step 0 may have an empty loss).
 * @param options Title, axis titles, ceiling, height.
 * @returns The figure: the curves (as `lineChart`), then one marker trace per diverged run.
 * @throws {RangeError} On no runs, a bad ceiling or height, or no finite loss > 0 at all.
 * @throws {TypeError} On a non-finite loss.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lossCurveChart } from "./plot_gradient_fixes.ts";
 * const figure = lossCurveChart([
 *   { name: "η = 10", loss: [1, 1e100], diverged: { step: 2, reason: "the loss is Infinity" } },
 * ]);
 * const marker = figure.data[1];
 * assert.equal(marker.name, "η = 10: diverged at step 2");
 * assert.deepEqual(marker.x, [2]);
 * assert.deepEqual(marker.y, [100]); // at the top edge: 100 × the first loss
 * assert.deepEqual((figure.layout.yaxis as { range: number[] }).range, [Math.log10(0.5), 2]);
 * ```
 */
export function lossCurveChart(runs: readonly LossRun[], options: LossChartOptions = {}): Figure {
  const action = "draw loss curves";
  if (runs.length === 0) {
    throw new RangeError(`Cannot ${action}: runs must hold at least 1 run (got 0)`);
  }
  const height = options.height ?? 480;
  checkRange(action, "height", height, 100, 4000);
  let smallest = Infinity;
  let largestFirst = 0;
  for (const run of runs) {
    for (let i = 0; i < run.loss.length; i++) {
      const v = run.loss[i];
      if (!Number.isFinite(v)) {
        throw new TypeError(
          `Cannot ${action}: run "${run.name}" loss[${i}] must be a finite number (got ${v})`,
        );
      }
      if (v > 0 && v < smallest) smallest = v;
    }
    if (run.loss.length > 0 && run.loss[0] > largestFirst) largestFirst = run.loss[0];
  }
  if (smallest === Infinity) {
    throw new RangeError(`Cannot ${action}: runs must hold at least one loss > 0 (got none)`);
  }
  const ceiling = options.ceiling ?? 100 * (largestFirst > 0 ? largestFirst : smallest);
  if (!(Number.isFinite(ceiling) && ceiling > smallest)) {
    throw new RangeError(
      `Cannot ${action}: ceiling must be a finite number > the smallest loss, ${smallest} (got ${ceiling})`,
    );
  }
  const colors = runs.map((run, i) => run.color ?? seriesColors[i % seriesColors.length]);
  // A run with no finite step still gets its legend entry: one point at the ceiling, not drawn.
  const series: LineSeries[] = runs.map((run, i) => ({
    name: run.name,
    x: run.loss.length > 0 ? Array.from({ length: run.loss.length }, (_, k) => k) : [0],
    y: run.loss.length > 0 ? run.loss : [ceiling],
    color: colors[i],
    dash: run.dash,
  }));
  const chart = lineChart(series, {
    title: options.title ?? "Training loss per step",
    xTitle: options.xTitle ?? "step",
    yTitle: options.yTitle ?? "loss (log scale)",
    yType: "log",
    nonPositive: "drop",
    height,
  });
  const markers: Trace[] = [];
  runs.forEach((run, i) => {
    if (!run.diverged) return;
    const { step, reason } = run.diverged;
    const trace: Partial<ScatterData> = {
      type: "scatter",
      mode: "markers",
      name: `${run.name}: diverged at step ${step}`,
      x: [step],
      y: [ceiling],
      cliponaxis: false,
      marker: { symbol: "triangle-up", size: 12, color: colors[i], line: { color: colors[i] } },
      hovertext: [`step ${step}: ${reason}; training stopped`],
      hoverinfo: "text",
    };
    markers.push(asTrace(trace));
  });
  const yaxis = {
    ...(chart.layout.yaxis as Record<string, unknown>),
    range: [Math.log10(smallest / 2), Math.log10(ceiling)],
  };
  return {
    data: [...chart.data, ...markers],
    layout: { ...chart.layout, yaxis, legend: { x: 1.02, xanchor: "left", y: 1, yanchor: "top" } },
  };
}
