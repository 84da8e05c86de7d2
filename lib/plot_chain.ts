/**
 * Figures that follow a quantity through the layers of a network (chapters 4 and 5): per-layer
 * magnitudes on a log axis, a slider that sweeps them, and a per-layer, per-unit heat map of
 * gradient magnitudes on a log colour scale.
 *
 * Exploding and vanishing numbers end in two places a log axis cannot show: an overflow (±∞ or
 * NaN, which `chain.ts` reports in `diverged` and keeps out of its arrays) and an underflow to
 * exactly 0. Both are drawn as markers at the edge of the plot, with their own legend entry and
 * hover text, instead of silently leaving a gap; NaN, ±∞ and `null` never reach the figure.
 *
 * Colours: a factor below 1 (vanishing), at 1 and above 1 (exploding) get the three colours of
 * `scaleColors`, the same green, amber and red that chapter 5 gives to small, moderate and
 * large gradients.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runChain } from "./chain.ts";
 * import { chainSeries, layerMagnitudeChart } from "./plot_chain.ts";
 * const chain = runChain(2, { depth: 5 });
 * const figure = layerMagnitudeChart([chainSeries(chain, "inputGradients", { name: "∂y/∂hₖ" })]);
 * assert.deepEqual(figure.data[0].y, [32, 16, 8, 4, 2, 1]); // 2⁵⁻ᵏ
 * ```
 * @module
 */

import type { HeatmapData, Layout, ScatterData } from "plotly.js-dist-min";
import type { ActivationName } from "./activations.ts";
import { type ChainResult, type RandomChainResult, runChain } from "./chain.ts";
import type { Figure, Trace } from "./display.ts";
import { methodColor, scaleColors } from "./palette.ts";
import { type SliderStep, withSlider } from "./plot.ts";
import { asTrace, axisTitle, checkRange, formatNumber } from "./plot_shared.ts";

/** The colours of a factor below 1, equal to 1 and above 1. */
export const factorColors = {
  /** Below 1: products shrink (vanishing). Green, like chapter 5's ×1 landscape. */
  below: scaleColors[0],
  /** Exactly 1: products stay put. Amber. */
  one: scaleColors[1],
  /** Above 1: products grow (exploding). Red-orange, like chapter 5's ×100 landscape. */
  above: scaleColors[2],
} as const;

/**
 * The colour of a weight or weight scale by how its size compares with 1.
 *
 * @param factor The weight (its absolute value is compared with 1).
 * @returns {@linkcode factorColors}`.below`, `.one` or `.above`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { factorColor, factorColors } from "./plot_chain.ts";
 * assert.equal(factorColor(0.5), factorColors.below);
 * assert.equal(factorColor(-2), factorColors.above);
 * assert.equal(factorColor(1), factorColors.one);
 * ```
 */
export function factorColor(factor: number): string {
  const a = Math.abs(factor);
  return a < 1 ? factorColors.below : a > 1 ? factorColors.above : factorColors.one;
}

/**
 * Values from `below` up to 1 and on to `above`, evenly spaced on a log scale, 1 included: the
 * positions of a slider that sweeps a weight or a scale through 1.
 *
 * vᵢ = below^((n − i)/n) for i = 0 … n, then above^(i/n) for i = 1 … n (n = stepsPerSide).
 *
 * @param below A number in (0, 1).
 * @param above A number > 1 (finite).
 * @param options `stepsPerSide`: positions on each side of 1, an integer in [1, 50] (default 6).
 * @returns 2n + 1 increasing values; the first is `below`, the middle 1, the last `above`.
 * @throws {RangeError} If a bound or the number of steps is out of range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sweepThroughOne } from "./plot_chain.ts";
 * assert.deepEqual(sweepThroughOne(0.25, 4, { stepsPerSide: 2 }), [0.25, 0.5, 1, 2, 4]);
 * ```
 */
export function sweepThroughOne(
  below: number,
  above: number,
  options: { stepsPerSide?: number } = {},
): number[] {
  const action = "sweep through 1";
  if (!(typeof below === "number" && below > 0 && below < 1)) {
    throw new RangeError(`Cannot ${action}: below must be > 0 and < 1 (got ${below})`);
  }
  if (!(typeof above === "number" && above > 1 && Number.isFinite(above))) {
    throw new RangeError(`Cannot ${action}: above must be a finite number > 1 (got ${above})`);
  }
  const n = options.stepsPerSide ?? 6;
  if (!(Number.isInteger(n) && n >= 1 && n <= 50)) {
    throw new RangeError(`Cannot ${action}: stepsPerSide must be an integer in [1, 50] (got ${n})`);
  }
  const values: number[] = [];
  for (let i = 0; i < n; i++) values.push(i === 0 ? below : Math.pow(below, (n - i) / n));
  values.push(1);
  for (let i = 1; i <= n; i++) values.push(i === n ? above : Math.pow(above, i / n));
  return values;
}

/** One quantity per layer, for {@linkcode layerMagnitudeChart}. */
export interface LayerSeries {
  /** Legend name, e.g. `"|∂y/∂hₖ|, w = 2"`. Non-empty. */
  name: string;
  /**
   * The values, finite; their magnitudes |v| are drawn. Entries equal to 0 (an underflow, or a
   * unit that is off) are marked at the bottom of the plot. May be empty (e.g. no gradients
   * because the forward pass overflowed).
   */
  values: ArrayLike<number>;
  /** The layer of `values[0]` (default 0), e.g. `ChainResult.gradientsFrom` for gradients. */
  firstLayer?: number;
  /** Colour (default: by position, from the palette). */
  color?: string;
  /** Line dash (default `"solid"`). */
  dash?: "solid" | "dash" | "dot" | "dashdot";
  /**
   * The layer whose number overflowed to ±∞ or NaN and so is not in `values`: marked at the top
   * of the plot (default: none).
   */
  overflowAt?: number;
  /** Why `values` is empty, shown in the legend (e.g. `"no gradients: the forward pass overflowed"`). */
  emptyReason?: string;
}

/** Options of {@linkcode layerMagnitudeChart}. */
export interface LayerMagnitudeOptions {
  /** Title: what to notice (default `"Magnitudes layer by layer"`). */
  title?: string;
  /** x-axis title (default `"layer k"`). */
  xTitle?: string;
  /** y-axis title (default `"magnitude (log scale)"`). */
  yTitle?: string;
  /** Height in pixels (default 480). */
  height?: number;
  /** Draw a marker at every layer (default: when a series has at most 60 layers). */
  markers?: boolean;
}

/** Which of the quantities of a {@linkcode ChainResult} to draw. */
export type ChainQuantity = "values" | "inputGradients" | "weightGradients" | "activationSlopes";

/** Which of the norms of a {@linkcode RandomChainResult} to draw. */
export type RandomChainQuantity = "signalNorms" | "gradientNorms" | "weightGradientNorms";

/** Options of {@linkcode chainSeries} and {@linkcode randomChainSeries}. */
export interface ChainSeriesOptions {
  /** Legend name (default: the quantity's symbol, e.g. `"|∂y/∂hₖ|"`). */
  name?: string;
  /** Colour (default: by position). */
  color?: string;
  /** Line dash (default `"solid"`). */
  dash?: "solid" | "dash" | "dot" | "dashdot";
}

const CHAIN_NAMES: Record<ChainQuantity | RandomChainQuantity, string> = {
  values: "|hₖ|",
  inputGradients: "|∂y/∂hₖ|",
  weightGradients: "|∂y/∂wₖ|",
  activationSlopes: "φ′(aₖ)",
  signalNorms: "‖hₖ‖",
  gradientNorms: "‖∂y/∂hₖ‖",
  weightGradientNorms: "‖∂y/∂Wₖ‖",
};

/**
 * One quantity of a scalar chain as a {@linkcode LayerSeries}, at the right layers: gradients
 * start at `gradientsFrom` (later than 0 if the backward pass overflowed), and the layer that
 * overflowed is marked.
 *
 * Positions: hₖ at k = 0 … L (the forward pass's overflow of layer k's output at k + 1);
 * ∂y/∂hₖ at k = gradientsFrom … L; ∂y/∂wₖ and φ′(aₖ) at k = 0 … L − 1 (from `gradientsFrom` for
 * ∂y/∂wₖ); a backward overflow at layer k is marked at k.
 *
 * @param chain A result of `runChain`.
 * @param quantity Which array to draw.
 * @param options Name, colour and dash.
 * @returns The series.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runChain } from "./chain.ts";
 * import { chainSeries } from "./plot_chain.ts";
 * // 2¹⁰²⁴ overflows: the forward pass stops, h₁₀₂₄ is marked as an overflow.
 * const series = chainSeries(runChain(2, { depth: 1100 }), "values");
 * assert.equal(series.values.length, 1024);
 * assert.equal(series.overflowAt, 1024);
 * ```
 */
export function chainSeries(
  chain: ChainResult,
  quantity: ChainQuantity,
  options: ChainSeriesOptions = {},
): LayerSeries {
  const series: LayerSeries = {
    name: options.name ?? CHAIN_NAMES[quantity],
    values: chain[quantity],
    firstLayer: quantity === "inputGradients" || quantity === "weightGradients"
      ? chain.gradientsFrom
      : 0,
  };
  if (options.color !== undefined) series.color = options.color;
  if (options.dash !== undefined) series.dash = options.dash;
  const d = chain.diverged;
  if (d !== undefined) {
    if (quantity === "values" && d.pass === "forward") series.overflowAt = d.layer + 1;
    if (quantity === "activationSlopes" && d.pass === "forward") series.overflowAt = d.layer;
    if (quantity === "inputGradients" || quantity === "weightGradients") {
      if (d.pass === "backward") series.overflowAt = d.layer;
      else series.emptyReason = `none: the forward pass overflowed at layer ${d.layer}`;
    }
  }
  return series;
}

/**
 * One norm of a random-matrix chain as a {@linkcode LayerSeries}, at the right layers (as
 * {@linkcode chainSeries}: gradient norms start at `gradientsFrom`).
 *
 * @param chain A result of `runRandomChain`.
 * @param quantity Which norms to draw.
 * @param options Name, colour and dash.
 * @returns The series.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runRandomChain } from "./chain.ts";
 * import { randomChainSeries } from "./plot_chain.ts";
 * const series = randomChainSeries(runRandomChain({ depth: 3 }), "gradientNorms");
 * assert.equal(series.values.length, 4);
 * assert.equal(series.firstLayer, 0);
 * ```
 */
export function randomChainSeries(
  chain: RandomChainResult,
  quantity: RandomChainQuantity,
  options: ChainSeriesOptions = {},
): LayerSeries {
  const series: LayerSeries = {
    name: options.name ?? CHAIN_NAMES[quantity],
    values: chain[quantity],
    firstLayer: quantity === "signalNorms" ? 0 : chain.gradientsFrom,
  };
  if (options.color !== undefined) series.color = options.color;
  if (options.dash !== undefined) series.dash = options.dash;
  const d = chain.diverged;
  if (d !== undefined) {
    if (quantity === "signalNorms" && d.pass === "forward") series.overflowAt = d.layer + 1;
    if (quantity !== "signalNorms") {
      if (d.pass === "backward") series.overflowAt = d.layer;
      else series.emptyReason = `none: the forward pass overflowed at layer ${d.layer}`;
    }
  }
  return series;
}

/** A series checked and split into what a log axis can show and what it cannot. */
interface PreparedSeries {
  name: string;
  color: string;
  dash: "solid" | "dash" | "dot" | "dashdot";
  /** Layers and magnitudes of the entries > 0. */
  x: number[];
  y: number[];
  /** Layers whose entry is exactly 0. */
  zeros: number[];
  overflowAt?: number;
  emptyReason?: string;
}

/** The y range shared by every step of a chart, in log₁₀ units, and where edge markers sit. */
interface LogFrame {
  range: [number, number];
  /** log₁₀ of where zeros are drawn (just above the bottom). */
  floor: number;
  /** log₁₀ of where overflows are drawn (just below the top). */
  ceiling: number;
  /** The x range, half a layer beyond the first and last layer. */
  xRange: [number, number];
}

const SERIES_COLORS = [factorColors.below, factorColors.one, factorColors.above, methodColor.exact];

function prepareSeries(series: LayerSeries, index: number, action: string): PreparedSeries {
  const where = `series[${index}]`;
  if (typeof series.name !== "string" || series.name === "") {
    throw new TypeError(`Cannot ${action}: ${where}.name must be a non-empty string`);
  }
  const first = series.firstLayer ?? 0;
  if (!(Number.isInteger(first) && first >= 0)) {
    throw new RangeError(
      `Cannot ${action}: ${where}.firstLayer must be an integer ≥ 0 (got ${first})`,
    );
  }
  if (
    series.overflowAt !== undefined &&
    !(Number.isInteger(series.overflowAt) && series.overflowAt >= 0)
  ) {
    throw new RangeError(
      `Cannot ${action}: ${where}.overflowAt must be an integer ≥ 0 (got ${series.overflowAt})`,
    );
  }
  const x: number[] = [];
  const y: number[] = [];
  const zeros: number[] = [];
  const values = series.values;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new TypeError(
        `Cannot ${action}: ${where}.values[${i}] must be a finite number (got ${v}); ` +
          `report an overflow with overflowAt instead`,
      );
    }
    if (v === 0) zeros.push(first + i);
    else {
      x.push(first + i);
      y.push(Math.abs(v));
    }
  }
  const prepared: PreparedSeries = {
    name: series.name,
    color: series.color ?? SERIES_COLORS[index % SERIES_COLORS.length],
    dash: series.dash ?? "solid",
    x,
    y,
    zeros,
  };
  if (series.overflowAt !== undefined) prepared.overflowAt = series.overflowAt;
  if (series.emptyReason !== undefined) prepared.emptyReason = series.emptyReason;
  return prepared;
}

/** log₁₀ of the smallest positive double (5e−324), nudged inwards so 10^it stays > 0. */
const LOG10_SMALLEST = -323.3;

/** log₁₀ of the largest double (1.8e308), nudged inwards so 10^it stays finite. */
const LOG10_LARGEST = 308.25;

/** A frame that shows every positive magnitude, with room for the edge markers. */
function logFrame(all: readonly PreparedSeries[]): LogFrame {
  let lo = Infinity;
  let hi = -Infinity;
  let first = Infinity;
  let last = -Infinity;
  let zeros = false;
  let overflow = false;
  for (const s of all) {
    for (let i = 0; i < s.y.length; i++) {
      const l = Math.log10(s.y[i]);
      if (l < lo) lo = l;
      if (l > hi) hi = l;
      if (s.x[i] < first) first = s.x[i];
      if (s.x[i] > last) last = s.x[i];
    }
    for (const k of s.zeros) {
      zeros = true;
      first = Math.min(first, k);
      last = Math.max(last, k);
    }
    if (s.overflowAt !== undefined) {
      overflow = true;
      first = Math.min(first, s.overflowAt);
      last = Math.max(last, s.overflowAt);
    }
  }
  if (lo === Infinity) [lo, hi] = [0, 0];
  if (first === Infinity) [first, last] = [0, 1];
  const pad = Math.max(0.5, 0.05 * (hi - lo));
  // The edge markers are data: keep them within what a double holds (10^±(308…323) would not be).
  const floor = Math.max(lo - pad, LOG10_SMALLEST);
  const ceiling = Math.min(hi + pad, LOG10_LARGEST);
  return {
    range: [zeros ? floor - pad : lo - pad, overflow ? ceiling + pad : hi + pad],
    floor,
    ceiling,
    xRange: [first - 0.5, last + 0.5],
  };
}

/** Whether a series has something to mark at the edges of the plot. */
function hasEdges(s: PreparedSeries): boolean {
  return s.zeros.length > 0 || s.overflowAt !== undefined;
}

/**
 * The traces of a series: its line, then (if `edges` is not "omit") its edge markers (zeros at
 * the bottom, an overflow at the top). Plotly refuses traces without points, so a series with no
 * positive value keeps its legend entry with a single point drawn as nothing (a one-point line),
 * and with `edges: "placeholder"` a series without edge markers gets an edge trace holding one
 * invisible point, so that every step of a slider has the same traces.
 */
function seriesTraces(
  s: PreparedSeries,
  frame: LogFrame,
  markers: boolean,
  edges: "auto" | "placeholder" | "omit",
): Trace[] {
  const group = s.name;
  const nothing = s.x.length === 0;
  // A one-point line draws nothing but keeps the legend entry (and its reason).
  const anchorX = frame.xRange[0] + 0.5;
  const anchorY = Math.pow(10, frame.floor);
  const line: Partial<ScatterData> = {
    type: "scatter",
    mode: nothing ? "lines" : markers ? "lines+markers" : "lines",
    name: nothing && s.emptyReason ? `${s.name} (${s.emptyReason})` : s.name,
    legendgroup: group,
    x: nothing ? [anchorX] : s.x,
    y: nothing ? [anchorY] : s.y,
    line: { color: s.color, width: 2, dash: s.dash },
    hovertemplate: "layer %{x}<br>%{y:.4~g}<extra>%{fullData.name}</extra>",
  };
  if (line.mode === "lines+markers") line.marker = { color: s.color, size: 5 };
  if (nothing) line.hoverinfo = "skip";
  if (edges === "omit" || (edges === "auto" && !hasEdges(s))) return [asTrace(line)];
  if (!hasEdges(s)) {
    const placeholder: Partial<ScatterData> = {
      type: "scatter",
      mode: "markers",
      name: `${s.name}: no edge markers`,
      legendgroup: group,
      showlegend: false,
      x: [nothing ? anchorX : s.x[0]],
      y: [nothing ? anchorY : s.y[0]],
      marker: { color: s.color, size: 1, opacity: 0 },
      hoverinfo: "skip",
    };
    return [asTrace(line), asTrace(placeholder)];
  }
  const ex: number[] = [];
  const ey: number[] = [];
  const symbols: ("x-thin-open" | "triangle-up")[] = [];
  const text: string[] = [];
  const hover: string[] = [];
  const positions: string[] = [];
  const parts: string[] = [];
  if (s.zeros.length > 0) {
    const floorValue = Math.pow(10, frame.floor);
    for (let i = 0; i < s.zeros.length; i++) {
      ex.push(s.zeros[i]);
      ey.push(floorValue);
      symbols.push("x-thin-open");
      text.push(i === 0 ? `0 from layer ${s.zeros[0]}` : "");
      positions.push("top right");
      hover.push(`layer ${s.zeros[i]}: exactly 0 (too small for a double, or switched off)`);
    }
    parts.push(
      `exactly 0 at ${s.zeros.length} layer${s.zeros.length === 1 ? "" : "s"} (from ${s.zeros[0]})`,
    );
  }
  if (s.overflowAt !== undefined) {
    ex.push(s.overflowAt);
    ey.push(Math.pow(10, frame.ceiling));
    symbols.push("triangle-up");
    text.push(`overflow at layer ${s.overflowAt}`);
    positions.push("bottom left");
    hover.push(`layer ${s.overflowAt}: overflow (beyond ±1.8·10³⁰⁸, or NaN)`);
    parts.push(`overflow at layer ${s.overflowAt}`);
  }
  const marks: Partial<ScatterData> = {
    type: "scatter",
    mode: "text+markers",
    name: `${s.name}: ${parts.join(", ")}`,
    legendgroup: group,
    showlegend: true,
    x: ex,
    y: ey,
    text,
    textposition: positions as ScatterData["textposition"],
    textfont: { color: s.color, size: 11 },
    hovertext: hover,
    hoverinfo: "text",
    cliponaxis: false,
    marker: {
      color: s.color,
      size: 10,
      symbol: symbols,
      line: { color: s.color, width: 2 },
    },
  };
  return [asTrace(line), asTrace(marks)];
}

/** Ticks every 1, 2, 5, 10, 20, 50 … decades, at most about 8 of them, on a wide log axis. */
function decadeTicks(range: [number, number]): { tick0?: number; dtick?: number } {
  const span = range[1] - range[0];
  if (span <= 12) return {}; // Plotly's own ticks read well
  const target = span / 8;
  const base = Math.pow(10, Math.floor(Math.log10(target)));
  const step = [1, 2, 5, 10].map((m) => m * base).find((d) => d >= target) ?? 10 * base;
  return { tick0: 0, dtick: step };
}

function magnitudeLayout(options: LayerMagnitudeOptions, frame: LogFrame): Partial<Layout> {
  return {
    title: { text: options.title ?? "Magnitudes layer by layer" },
    height: options.height ?? 480,
    margin: { t: 70 },
    xaxis: {
      title: axisTitle(options.xTitle ?? "layer k"),
      range: frame.xRange,
      zeroline: false,
    },
    yaxis: {
      title: axisTitle(options.yTitle ?? "magnitude (log scale)"),
      type: "log",
      range: frame.range,
      exponentformat: "power",
      ...decadeTicks(frame.range),
    },
    hovermode: "closest",
    legend: { x: 1.02, xanchor: "left", y: 1, yanchor: "top" },
  };
}

function useMarkers(all: readonly PreparedSeries[], markers: boolean | undefined): boolean {
  if (markers !== undefined) return markers;
  let most = 0;
  for (const s of all) most = Math.max(most, s.x.length + s.zeros.length);
  return most <= 60;
}

/**
 * A chart of per-layer magnitudes on a log axis: values, gradients or norms through a chain,
 * one line per series. Entries equal to 0 are marked (✕) at the bottom and an overflow (▲) at
 * the top, with legend entries saying where; nothing is dropped without a mark.
 *
 * Each series gives its line, followed by a trace of its edge markers if it has any. A series
 * with no positive entry keeps its legend entry (with its `emptyReason`) and draws nothing.
 *
 * @param series The series (at least one).
 * @param options Title, axis titles, height, markers.
 * @returns The figure: a log y axis fitted to every series, the x axis to every layer.
 * @throws {RangeError} For no series, or a bad `firstLayer`/`overflowAt`/height.
 * @throws {TypeError} For an empty name or a non-finite value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { layerMagnitudeChart } from "./plot_chain.ts";
 * const figure = layerMagnitudeChart([{ name: "h", values: [1, 1e-200, 0, 0] }]);
 * assert.deepEqual(figure.data[0].x, [0, 1]); // the line: the positive entries
 * assert.deepEqual(figure.data[1].x, [2, 3]); // the markers: exactly 0 at layers 2 and 3
 * assert.equal(figure.data[1].name, "h: exactly 0 at 2 layers (from 2)");
 * ```
 */
export function layerMagnitudeChart(
  series: readonly LayerSeries[],
  options: LayerMagnitudeOptions = {},
): Figure {
  const action = "draw layer magnitudes";
  if (series.length === 0) {
    throw new RangeError(`Cannot ${action}: series must hold at least 1 series (got 0)`);
  }
  checkRange(action, "height", options.height ?? 480, 100, 4000);
  const prepared = series.map((s, i) => prepareSeries(s, i, action));
  const frame = logFrame(prepared);
  const markers = useMarkers(prepared, options.markers);
  const data = prepared.flatMap((s) => seriesTraces(s, frame, markers, "auto"));
  return { data, layout: magnitudeLayout(options, frame) as Record<string, unknown> };
}

/** One position of a {@linkcode layerMagnitudeSlider}. */
export interface LayerMagnitudeStep {
  /** The label under the slider's tick, e.g. `"1.12"`. */
  label: string;
  /** The title at this step: what to read off it (default: the chart's title). */
  title?: string;
  /** The series at this step; every step has the same number of series. */
  series: LayerSeries[];
}

/** Options of {@linkcode layerMagnitudeSlider}. */
export interface LayerMagnitudeSliderOptions extends LayerMagnitudeOptions {
  /** Text before the slider's current label, e.g. `"weight w = "` (default `""`). */
  prefix?: string;
  /** The step shown first (default 0). */
  active?: number;
}

/**
 * A {@linkcode layerMagnitudeChart} with a slider: each position shows its own series (a weight,
 * a depth, a scale), on axes fixed to fit every position, so positions compare by eye. The data
 * of every position is in the page: the slider works in an exported page with no kernel.
 *
 * @param steps The positions (at least one), each with the same number of series.
 * @param options Title, axes, height, markers, the slider's prefix and first position.
 * @returns The figure, with `layout.sliders[0]`.
 * @throws {RangeError} For no steps or no series. @throws {TypeError} As `withSlider`, or for a
 * bad series.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runChain } from "./chain.ts";
 * import { chainSeries, layerMagnitudeSlider } from "./plot_chain.ts";
 * const figure = layerMagnitudeSlider([0.5, 2].map((w) => ({
 *   label: String(w),
 *   series: [chainSeries(runChain(w, { depth: 4 }), "values")],
 * })), { prefix: "w = " });
 * const yaxis = figure.layout.yaxis as { range: number[] };
 * assert.ok(yaxis.range[0] < Math.log10(0.5 ** 4) && yaxis.range[1] > Math.log10(2 ** 4));
 * ```
 */
export function layerMagnitudeSlider(
  steps: readonly LayerMagnitudeStep[],
  options: LayerMagnitudeSliderOptions = {},
): Figure {
  const action = "draw layer magnitude slider";
  if (steps.length === 0) {
    throw new RangeError(`Cannot ${action}: steps must hold at least 1 step (got 0)`);
  }
  checkRange(action, "height", options.height ?? 480, 100, 4000);
  const prepared = steps.map((step, s) => {
    if (step.series.length === 0) {
      throw new RangeError(`Cannot ${action}: steps[${s}].series must not be empty (got 0)`);
    }
    return step.series.map((series, i) => prepareSeries(series, i, action));
  });
  const frame = logFrame(prepared.flat());
  const markers = useMarkers(prepared.flat(), options.markers);
  // A series gets an edge trace in every step if it has edge markers in any step.
  const count = prepared[0].length;
  const edged = Array.from(
    { length: count },
    (_, i) => prepared.some((p) => p[i] && hasEdges(p[i])),
  );
  const sliderSteps: SliderStep[] = steps.map((step, s) => {
    if (prepared[s].length !== count) {
      throw new TypeError(
        `Cannot ${action}: steps[${s}].series must hold ${count} series like steps[0] (got ${
          prepared[s].length
        })`,
      );
    }
    const out: SliderStep = {
      label: step.label,
      traces: prepared[s].flatMap((series, i) =>
        seriesTraces(series, frame, markers, edged[i] ? "placeholder" : "omit")
      ),
    };
    if (step.title !== undefined) out.title = step.title;
    return out;
  });
  const base: Figure = {
    data: [],
    layout: { ...magnitudeLayout(options, frame), margin: { t: 70, b: 40 } } as Record<
      string,
      unknown
    >,
  };
  return withSlider(base, {
    steps: sliderSteps,
    active: options.active ?? 0,
    prefix: options.prefix ?? "",
  });
}

/** Options of {@linkcode chainWeightSlider}. */
export interface ChainWeightSliderOptions extends LayerMagnitudeOptions {
  /** The number of layers L (default 10). */
  depth?: number;
  /** The input x₀ (default 1). */
  input?: number;
  /** The activation between layers (default `"identity"`, the article's chain). */
  activation?: ActivationName;
  /** The position shown first (default: the weight 1 if swept, else the first). */
  active?: number;
}

/**
 * A slider over the weight of a constant-weight chain: at each weight w, the values |hₖ| (solid)
 * and the gradients |∂y/∂hₖ| (dashed) of `runChain(w, { depth, input, activation })`, coloured by
 * how w compares with 1, on axes that fit every weight. Each position's title gives the output y
 * and the gradient at the input ∂y/∂x₀ (or where the chain overflowed).
 *
 * @param weights The weights to sweep, e.g. from {@linkcode sweepThroughOne} (at least one).
 * @param options Depth, input, activation, first position, title and axes.
 * @returns The figure with its slider.
 * @throws {RangeError | TypeError} As `runChain` and {@linkcode layerMagnitudeSlider}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chainWeightSlider } from "./plot_chain.ts";
 * const figure = chainWeightSlider([0.5, 1, 2], { depth: 3 });
 * assert.deepEqual(figure.data[0].y, [1, 1, 1, 1]); // starts at w = 1: every |hₖ| is 1
 * const steps = (figure.layout.sliders as { steps: { args: unknown[] }[] }[])[0].steps;
 * assert.equal(steps.length, 3);
 * ```
 */
export function chainWeightSlider(
  weights: readonly number[],
  options: ChainWeightSliderOptions = {},
): Figure {
  const action = "draw chain weight slider";
  if (weights.length === 0) {
    throw new RangeError(`Cannot ${action}: weights must hold at least 1 weight (got 0)`);
  }
  const depth = options.depth ?? 10;
  const steps: LayerMagnitudeStep[] = weights.map((w) => {
    const chain = runChain(w, { depth, input: options.input ?? 1, activation: options.activation });
    const color = factorColor(w);
    const label = formatNumber(w);
    let title: string;
    if (chain.diverged !== undefined) {
      title =
        `w = ${label}: the ${chain.diverged.pass} pass overflows at layer ${chain.diverged.layer}`;
    } else {
      title = `w = ${label}: output y = ${scientificLabel(chain.values[depth])}, ` +
        `gradient at the input ∂y/∂x₀ = ${scientificLabel(chain.inputGradients[0])}`;
    }
    return {
      label,
      title,
      series: [
        chainSeries(chain, "values", { name: "|hₖ|, the values", color }),
        chainSeries(chain, "inputGradients", {
          name: "|∂y/∂hₖ|, the gradients",
          color,
          dash: "dash",
        }),
      ],
    };
  });
  const one = weights.indexOf(1);
  return layerMagnitudeSlider(steps, {
    ...options,
    prefix: "weight w = ",
    active: options.active ?? (one >= 0 ? one : 0),
  });
}

// ---------------------------------------------------------------------------------------------
// Per-unit heat map

/**
 * The colour scale of gradient magnitudes on a log scale: blue far below 1 (vanishing), light grey
 * near 1, red-orange far above 1 (exploding). The blue and red-orange are the Okabe–Ito colours of
 * `palette.ts`, which stay apart for the common colour blindnesses.
 */
export const magnitudeColors = {
  small: methodColor.exact,
  one: "#f2f2f2",
  large: methodColor.forward,
} as const;

const SUPERSCRIPT: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};

/**
 * A power of ten written with a superscript exponent, for tick labels: `10⁻⁸`, `10³`, `1` for 10⁰.
 *
 * @param exponent An integer.
 * @returns The label.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { powerOfTenLabel } from "./plot_chain.ts";
 * assert.equal(powerOfTenLabel(-12), "10⁻¹²");
 * assert.equal(powerOfTenLabel(0), "1");
 * ```
 */
export function powerOfTenLabel(exponent: number): string {
  if (exponent === 0) return "1";
  return "10" + [...String(exponent)].map((c) => SUPERSCRIPT[c] ?? c).join("");
}

/**
 * A short label for a number that may be huge or tiny: 3 significant digits, with a power of ten
 * beyond 10⁴ or below 10⁻³ (`1.05×10⁶`, `9.54×10⁻⁷`, `0.125`, `1`).
 *
 * @param value A finite number.
 * @returns The label.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scientificLabel } from "./plot_chain.ts";
 * assert.equal(scientificLabel(2 ** 20), "1.05×10⁶");
 * assert.equal(scientificLabel(0.5 ** 20), "9.54×10⁻⁷");
 * assert.equal(scientificLabel(0.125), "0.125");
 * assert.equal(scientificLabel(-12), "-12");
 * ```
 */
export function scientificLabel(value: number): string {
  const a = Math.abs(value);
  if (a === 0 || (a >= 1e-3 && a < 1e4) || !Number.isFinite(a)) return formatNumber(value);
  const [mantissa, exponent] = value.toExponential(2).split("e");
  const m = String(Number(mantissa));
  return `${m}×${powerOfTenLabel(Number(exponent))}`;
}

/** Options of {@linkcode unitGradientHeatmap}. */
export interface UnitHeatmapOptions {
  /** Title: what to notice (default `"Gradient magnitude of every unit, layer by layer"`). */
  title?: string;
  /** The layer number of `rows[0]` (default 1: the hidden layer next to the input). */
  firstLayer?: number;
  /** x-axis title (default `"hidden layer (1 = next to the input)"`). */
  xTitle?: string;
  /** y-axis title (default `"unit"`). */
  yTitle?: string;
  /** What a cell's number is, for hover and the colour bar (default `"‖∂L/∂wᵢ‖"`). */
  valueName?: string;
  /** Height in pixels (default 560). */
  height?: number;
}

/**
 * A heat map of gradient magnitudes, one column per layer and one row per unit, coloured by
 * log₁₀ of the magnitude on a scale centred on 1: blue cells receive far less than 1, red-orange
 * cells far more. Units whose gradient is exactly 0 (no place on a log scale) are coloured like
 * the smallest and marked ✕, with a legend entry counting them.
 *
 * @param rows One array per layer (input side first), each with one magnitude ≥ 0 per unit; all
 * layers the same width.
 * @param options Title, first layer number, axis titles, value name, height.
 * @returns The figure: a `heatmap` trace (z = log₁₀ magnitude, hover shows the magnitude), then,
 * if some units receive exactly 0, a `scatter` trace marking them.
 * @throws {RangeError} For no layers, an empty layer, or a negative magnitude.
 * @throws {TypeError} For layers of different widths, or a non-finite magnitude (report the
 * overflow and pass the finite layers only).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unitGradientHeatmap } from "./plot_chain.ts";
 * const figure = unitGradientHeatmap([Float64Array.of(1e-6, 1), Float64Array.of(100, 0)]);
 * assert.deepEqual(figure.data[0].z, [[-6, 2], [0, -6]]); // rows follow units, columns layers
 * assert.equal(figure.data[1].name, "exactly 0 (1 unit)");
 * ```
 */
export function unitGradientHeatmap(
  rows: readonly ArrayLike<number>[],
  options: UnitHeatmapOptions = {},
): Figure {
  const action = "draw unit gradient heat map";
  const layers = rows.length;
  if (layers === 0) {
    throw new RangeError(`Cannot ${action}: rows must hold at least 1 layer (got 0)`);
  }
  const units = rows[0].length;
  if (units === 0) throw new RangeError(`Cannot ${action}: rows[0] must not be empty (got 0)`);
  const height = options.height ?? 560;
  checkRange(action, "height", height, 100, 4000);
  const first = options.firstLayer ?? 1;
  if (!Number.isInteger(first)) {
    throw new RangeError(`Cannot ${action}: firstLayer must be an integer (got ${first})`);
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < layers; k++) {
    const row = rows[k];
    if (row.length !== units) {
      throw new TypeError(
        `Cannot ${action}: rows[${k}] must have ${units} units like rows[0] (got ${row.length})`,
      );
    }
    for (let i = 0; i < units; i++) {
      const v = row[i];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new TypeError(
          `Cannot ${action}: rows[${k}][${i}] must be a finite number (got ${v}); ` +
            `report the overflow and pass the finite layers only`,
        );
      }
      if (v < 0) {
        throw new RangeError(`Cannot ${action}: rows[${k}][${i}] must be ≥ 0 (got ${v})`);
      }
      if (v > 0) {
        const l = Math.log10(v);
        if (l < lo) lo = l;
        if (l > hi) hi = l;
      }
    }
  }
  if (lo === Infinity) [lo, hi] = [-1, 1];
  const zmin = Math.floor(lo);
  const zmax = Math.max(Math.ceil(hi), zmin + 1);
  const valueName = options.valueName ?? "‖∂L/∂wᵢ‖";

  // z[i][k]: rows of z follow y (the unit), columns follow x (the layer).
  const x = new Array<number>(layers);
  for (let k = 0; k < layers; k++) x[k] = first + k;
  const y = new Array<number>(units);
  for (let i = 0; i < units; i++) y[i] = i + 1;
  const z: number[][] = [];
  const text: string[][] = [];
  const zeroX: number[] = [];
  const zeroY: number[] = [];
  for (let i = 0; i < units; i++) {
    const zr = new Array<number>(layers);
    const tr = new Array<string>(layers);
    for (let k = 0; k < layers; k++) {
      const v = rows[k][i];
      if (v === 0) {
        zr[k] = zmin;
        tr[k] = "exactly 0";
        zeroX.push(first + k);
        zeroY.push(i + 1);
      } else {
        zr[k] = Math.log10(v);
        tr[k] = v.toExponential(2).replace("e+", "·10^").replace("e-", "·10^-");
      }
    }
    z.push(zr);
    text.push(tr);
  }

  // Neutral colour at log₁₀ 1 = 0 when 0 is inside the range.
  const mid = (0 - zmin) / (zmax - zmin);
  const colorscale: [number, string][] = mid <= 0
    ? [[0, magnitudeColors.one], [1, magnitudeColors.large]]
    : mid >= 1
    ? [[0, magnitudeColors.small], [1, magnitudeColors.one]]
    : [[0, magnitudeColors.small], [mid, magnitudeColors.one], [1, magnitudeColors.large]];
  const span = zmax - zmin;
  const every = span <= 10 ? 1 : span <= 20 ? 2 : Math.ceil(span / 10);
  const tickvals: number[] = [];
  const ticktext: string[] = [];
  for (let t = Math.ceil(zmin / every) * every; t <= zmax; t += every) {
    tickvals.push(t);
    ticktext.push(powerOfTenLabel(t));
  }
  const heatmap: Partial<HeatmapData> = {
    type: "heatmap",
    name: valueName,
    x,
    y,
    z,
    text,
    zmin,
    zmax,
    colorscale,
    xgap: 1,
    ygap: 1,
    colorbar: {
      title: { text: `${valueName} (log scale)`, side: "right" },
      tickvals,
      ticktext,
      x: 1.02,
      xanchor: "left",
      len: 0.75,
      y: 1,
      yanchor: "top",
      thickness: 14,
    },
    hovertemplate: `layer %{x}, unit %{y}<br>${valueName} = %{text}<extra></extra>`,
  };
  const zeros: Partial<ScatterData> = {
    type: "scatter",
    mode: "markers",
    name: `exactly 0 (${zeroX.length} unit${zeroX.length === 1 ? "" : "s"})`,
    x: zeroX,
    y: zeroY,
    marker: { symbol: "x-thin-open", size: 8, color: methodColor.guide, line: { width: 1.5 } },
    hovertemplate: `layer %{x}, unit %{y}<br>${valueName} = 0<extra></extra>`,
  };
  const layout: Partial<Layout> = {
    title: { text: options.title ?? "Gradient magnitude of every unit, layer by layer" },
    height,
    margin: { t: 70 },
    xaxis: {
      title: axisTitle(options.xTitle ?? "hidden layer (1 = next to the input)"),
      dtick: 1,
      zeroline: false,
      showgrid: false,
    },
    yaxis: {
      title: axisTitle(options.yTitle ?? "unit"),
      zeroline: false,
      showgrid: false,
      autorange: true,
    },
  };
  if (zeroX.length > 0) layout.legend = { x: 1.02, xanchor: "left", y: 0.1, yanchor: "top" };
  return {
    data: zeroX.length > 0 ? [asTrace(heatmap), asTrace(zeros)] : [asTrace(heatmap)],
    layout: layout as Record<string, unknown>,
  };
}
