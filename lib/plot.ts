/**
 * Putting figures together: names shared by every figure builder, adding traces to a figure,
 * a slider that swaps traces with no kernel behind the page, and panels side by side.
 *
 * The builders themselves live in `plot_3d.ts` (surface, gradient on the surface, paths over the
 * surface) and `plot_2d.ts` (contour map, gradient field, paths on the map, line charts). All of
 * them return plain Plotly JSON, `{ data, layout }`, and draw nothing; `show(figure)` draws.
 *
 * Everything here targets plotly.js 4.1.1: titles are `title: { text }`, sliders use the
 * `"update"` method (data and title in the step's own arguments, so an exported page needs
 * neither a kernel nor animation frames).
 *
 * @module
 */

import type { Layout, Slider } from "plotly.js-dist-min";
import { DEFAULT_HEIGHT, type Figure, type Trace } from "./display.ts";
import { methodColor, scaleColors } from "./palette.ts";
import { checkRange, formatNumber } from "./plot_shared.ts";

/** How a gradient was computed; each has one colour (`methodColor`) in every chapter. */
export type PlotMethod = "exact" | "forward" | "central";

/** Which way a path goes over a surface: up the gradient or down it. */
export type PathDirection = "ascent" | "descent";

/**
 * Colours for line-chart series that do not choose one: the course palette's colours, in an
 * order where neighbours differ most. Series that stand for a method or a scale should use
 * `methodColor` or `scaleColor` instead, so the colour means the same thing in every chapter.
 */
export const seriesColors: readonly string[] = [
  methodColor.exact,
  methodColor.forward,
  methodColor.central,
  scaleColors[1],
  methodColor.ascent,
  methodColor.descent,
  methodColor.guide,
];

/**
 * The legend label of a gradient method: `"exact gradient"`, `"gradient (forward slope, h = 0.9)"`,
 * `"gradient (central difference, h = 0.001)"`.
 *
 * @param method How the gradient was computed.
 * @param h The finite-difference step, shown when given (ignored for `"exact"`).
 * @returns The label.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradientLabel } from "./plot.ts";
 * assert.equal(gradientLabel("forward", 0.9), "gradient (forward slope, h = 0.9)");
 * assert.equal(gradientLabel("central"), "gradient (central difference)");
 * assert.equal(gradientLabel("exact", 0.1), "exact gradient");
 * ```
 */
export function gradientLabel(method: PlotMethod, h?: number): string {
  if (method === "exact") return "exact gradient";
  const kind = method === "forward" ? "forward slope" : "central difference";
  return h === undefined ? `gradient (${kind})` : `gradient (${kind}, h = ${formatNumber(h)})`;
}

/**
 * A copy of a figure with more traces drawn on top (later traces are drawn last).
 *
 * @param figure The figure to extend; it is not changed.
 * @param traces Traces to append, e.g. from `gradientOnSurfaceTraces` or `surfacePathTraces`.
 * @returns A new figure sharing the layout object's contents.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withTraces } from "./plot.ts";
 * const base = { data: [{ type: "scatter", x: [0], y: [0] }], layout: {} };
 * const more = withTraces(base, [{ type: "scatter", x: [1], y: [1] }]);
 * assert.equal(more.data.length, 2);
 * assert.equal(base.data.length, 1);
 * ```
 */
export function withTraces(figure: Figure, traces: readonly Trace[]): Figure {
  return { ...figure, data: [...figure.data, ...traces] };
}

/** One position of a slider: its label and what the slider-driven traces show there. */
export interface SliderStep {
  /** The label under the slider's tick, e.g. `"0.5"`. Non-empty. */
  label: string;
  /**
   * The slider-driven traces at this step, in the same order and with the same `type` at every
   * step. Attributes a step leaves out fall back to Plotly's defaults at that step.
   */
  traces: Trace[];
  /** The figure's title at this step (default: the figure's own title). */
  title?: string;
}

/** What {@linkcode withSlider} adds. */
export interface SliderOptions {
  /** The positions of the slider, in order (at least one). */
  steps: SliderStep[];
  /** The step shown first (default 0). */
  active?: number;
  /** Text before the current label, e.g. `"weight w = "` (default `""`). */
  prefix?: string;
}

/**
 * A figure with a slider that swaps some of its traces: sweep a weight, a depth, a step size.
 *
 * The figure's own traces stay put; each step's traces are appended after them, starting with
 * the active step's. Every slider step carries its data in its own arguments (method
 * `"update"`), so the sweep works in an exported page with no kernel and no animation frames.
 * Axes autorange at each step unless the figure fixes `layout.xaxis.range` / `yaxis.range`;
 * fix them to compare steps by eye.
 *
 * @param figure The fixed part (axes, title, reference traces). Must not have a slider already.
 * @param slider The steps, the first active step and the label prefix.
 * @returns A new figure with `layout.sliders[0]`, one step per `slider.steps` entry.
 * @throws {RangeError} If there are no steps, a step has no traces, or `active` is out of range.
 * @throws {TypeError} If steps differ in trace count or type, a label is empty, or the figure
 *   already has a slider.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withSlider } from "./plot.ts";
 * const base = { data: [], layout: { title: { text: "Products of weights" } } };
 * const figure = withSlider(base, {
 *   prefix: "w = ",
 *   steps: [0.5, 2].map((w) => ({
 *     label: String(w),
 *     traces: [{ type: "scatter", x: [1, 2, 3], y: [w, w * w, w * w * w] }],
 *   })),
 * });
 * const steps = (figure.layout.sliders as { steps: { args: unknown[] }[] }[])[0].steps;
 * assert.equal(steps.length, 2);
 * assert.deepEqual(steps[1].args[0], { x: [[1, 2, 3]], y: [[2, 4, 8]] });
 * assert.deepEqual(steps[1].args[2], [0]);
 * assert.deepEqual(figure.data[0].y, [0.5, 0.25, 0.125]);
 * ```
 */
export function withSlider(figure: Figure, slider: SliderOptions): Figure {
  const action = "add slider";
  const { steps } = slider;
  if (steps.length === 0) {
    throw new RangeError(`Cannot ${action}: steps must have at least 1 step (got 0)`);
  }
  if (Array.isArray(figure.layout.sliders) && figure.layout.sliders.length > 0) {
    throw new TypeError(`Cannot ${action}: figure must not have a slider already (got 1)`);
  }
  const active = slider.active ?? 0;
  if (!Number.isInteger(active) || active < 0 || active >= steps.length) {
    throw new RangeError(
      `Cannot ${action}: active must be an integer in [0, ${steps.length - 1}] (got ${active})`,
    );
  }
  const m = steps[0].traces.length;
  if (m === 0) throw new RangeError(`Cannot ${action}: steps[0].traces must not be empty (got 0)`);
  const types = steps[0].traces.map((t) => String(t.type ?? "scatter"));
  const keySet = new Set<string>();
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s];
    if (typeof step.label !== "string" || step.label === "") {
      throw new TypeError(`Cannot ${action}: steps[${s}].label must be a non-empty string`);
    }
    if (step.traces.length !== m) {
      throw new TypeError(
        `Cannot ${action}: steps[${s}].traces must have ${m} traces like steps[0] (got ${step.traces.length})`,
      );
    }
    for (let k = 0; k < m; k++) {
      const type = String(step.traces[k].type ?? "scatter");
      if (type !== types[k]) {
        throw new TypeError(
          `Cannot ${action}: steps[${s}].traces[${k}].type must be "${
            types[k]
          }" like steps[0] (got "${type}")`,
        );
      }
      for (const key of Object.keys(step.traces[k])) if (key !== "type") keySet.add(key);
    }
  }
  const keys = [...keySet];
  const first = figure.data.length;
  const indices = Array.from({ length: m }, (_, k) => first + k);
  const baseTitle = titleText(figure.layout);
  const anyTitle = steps.some((step) => step.title !== undefined);
  const sliderSteps = steps.map((step) => {
    // One value per driven trace and attribute; null resets what this step leaves out.
    const update: Record<string, unknown[]> = {};
    for (const key of keys) update[key] = step.traces.map((t) => t[key] ?? null);
    const relayout = anyTitle ? { "title.text": step.title ?? baseTitle } : {};
    return { label: step.label, method: "update" as const, args: [update, relayout, indices] };
  });
  const layoutSlider: Partial<Slider> = {
    active,
    steps: sliderSteps,
    currentvalue: { prefix: slider.prefix ?? "", visible: true, xanchor: "left" },
    pad: { t: 45, l: 10, r: 10 },
    len: 0.95,
    x: 0.025,
    xanchor: "left",
  };
  const title = anyTitle
    ? { ...asRecord(figure.layout.title), text: steps[active].title ?? baseTitle }
    : figure.layout.title;
  return {
    ...figure,
    data: [...figure.data, ...steps[active].traces],
    layout: { ...figure.layout, title, sliders: [layoutSlider] },
  };
}

/** Options of {@linkcode sideBySide}. */
export interface SideBySideOptions {
  /** Overall title: what to compare (default `"Compare the panels side by side"`). */
  title?: string;
  /** Height in pixels (default: the tallest figure's height, else 480). */
  height?: number;
  /** Gap between panels as a fraction of the width, in [0, 0.3] (default 0.08). */
  gap?: number;
  /** Link the y axes of the 2-D panels: same range, zoom together (default false). */
  sharedY?: boolean;
}

const SCENE_TYPES = new Set([
  "surface",
  "scatter3d",
  "mesh3d",
  "cone",
  "streamtube",
  "isosurface",
  "volume",
]);

/**
 * Figures side by side in one row, each keeping its axes, scene, traces and title.
 *
 * Each 2-D figure gets its own x/y axes (`xaxis2`, `yaxis2`, …) and each 3-D figure its own scene
 * (`scene2`, …), placed by domain; so a surface and a contour map can share a row. Each figure's
 * title becomes its panel's heading, its legend sits under it (`legend`, `legend2`, …) and its
 * colour bar stands at its right, in the gap before the next panel. With
 * `sharedY`, the y axes zoom together; for equal-aspect panels the x axes are linked too, since
 * Plotly ignores `scaleanchor` on an axis that matches another.
 *
 * @param figures The panels, left to right (1 to 6), built by this library; not changed.
 * @param options See {@linkcode SideBySideOptions}.
 * @returns One figure.
 * @throws {RangeError} For no figures, more than 6, or a gap outside [0, 0.3].
 * @throws {TypeError} If a figure has a slider or already uses several axes or scenes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sideBySide } from "./plot.ts";
 * const panel = (text: string) => ({
 *   data: [{ type: "scatter", x: [0, 1], y: [0, 1] }],
 *   layout: { title: { text }, xaxis: { title: { text: "step" } } },
 * });
 * const figure = sideBySide([panel("η = 0.1"), panel("η = 1")], { gap: 0.1 });
 * assert.equal(figure.data[1].xaxis, "x2");
 * assert.deepEqual((figure.layout.xaxis2 as { domain: number[] }).domain, [0.55, 1]);
 * ```
 */
export function sideBySide(figures: readonly Figure[], options: SideBySideOptions = {}): Figure {
  const action = "place figures side by side";
  const n = figures.length;
  if (n < 1 || n > 6) {
    throw new RangeError(`Cannot ${action}: figures must hold 1 to 6 figures (got ${n})`);
  }
  const gap = options.gap ?? 0.08;
  checkRange(action, "gap", gap, 0, 0.3);
  const width = (1 - gap * (n - 1)) / n;
  const data: Trace[] = [];
  const layout: Record<string, unknown> = {};
  const annotations: Record<string, unknown>[] = [];
  const shapes: Record<string, unknown>[] = [];
  let axes = 0;
  let scenes = 0;
  let height = 0;
  for (let f = 0; f < n; f++) {
    const figure = figures[f];
    const from = round(f * (width + gap));
    const to = round(from + width);
    if (Array.isArray(figure.layout.sliders) && figure.layout.sliders.length > 0) {
      throw new TypeError(`Cannot ${action}: figures[${f}] must not have a slider`);
    }
    if (typeof figure.layout.height === "number") height = Math.max(height, figure.layout.height);
    const is3d = figure.data.some((t) => SCENE_TYPES.has(String(t.type)));
    const is2d = figure.data.some((t) => !SCENE_TYPES.has(String(t.type ?? "scatter"))) ||
      !is3d;
    const sceneId = is3d ? `scene${++scenes === 1 ? "" : scenes}` : "";
    const suffix = is2d ? (++axes === 1 ? "" : String(axes)) : "";
    if (is3d) {
      layout[sceneId] = { ...asRecord(figure.layout.scene), domain: { x: [from, to], y: [0, 1] } };
    }
    if (is2d) {
      const yaxis: Record<string, unknown> = {
        ...asRecord(figure.layout.yaxis),
        domain: [0, 1],
        anchor: `x${suffix}`,
      };
      const xaxis: Record<string, unknown> = {
        ...asRecord(figure.layout.xaxis),
        domain: [from, to],
        anchor: `y${suffix}`,
      };
      if (yaxis.scaleanchor === "x") yaxis.scaleanchor = `x${suffix}`;
      if (options.sharedY && axes > 1) {
        yaxis.matches = "y";
        if (yaxis.scaleanchor !== undefined) {
          // Plotly ignores scaleanchor on a matching axis: keep the aspect by matching x too.
          delete yaxis.scaleanchor;
          delete yaxis.scaleratio;
          xaxis.matches = "x";
        }
      }
      layout[`xaxis${suffix}`] = xaxis;
      layout[`yaxis${suffix}`] = yaxis;
    }
    for (let t = 0; t < figure.data.length; t++) {
      const trace = { ...figure.data[t] };
      const where = `figures[${f}].data[${t}]`;
      if (SCENE_TYPES.has(String(trace.type))) {
        if (trace.scene !== undefined && trace.scene !== "scene") {
          throw new TypeError(
            `Cannot ${action}: ${where}.scene must be unset (got ${trace.scene})`,
          );
        }
        trace.scene = sceneId;
      } else {
        for (const axis of ["xaxis", "yaxis"] as const) {
          const own = axis === "xaxis" ? "x" : "y";
          if (trace[axis] !== undefined && trace[axis] !== own) {
            throw new TypeError(
              `Cannot ${action}: ${where}.${axis} must be unset or "${own}" (got ${trace[axis]})`,
            );
          }
          trace[axis] = `${own}${suffix}`;
        }
      }
      if (trace.colorbar !== undefined && trace.showscale !== false) {
        const bar = asRecord(trace.colorbar);
        const title = { ...asRecord(bar.title), side: "top" };
        trace.colorbar = {
          ...bar,
          title,
          orientation: "v",
          x: round(to + 0.005),
          xanchor: "left",
          y: 0.5,
          yanchor: "middle",
          len: 0.8,
        };
      }
      if (f > 0) trace.legend = `legend${f + 1}`;
      data.push(trace);
    }
    // Each panel's legend sits under it, so an entry is read with its panel.
    layout[f === 0 ? "legend" : `legend${f + 1}`] = {
      x: from,
      xanchor: "left",
      y: -0.16,
      yanchor: "top",
      font: { size: 11 },
    };
    const text = titleText(figure.layout);
    if (text) {
      annotations.push({
        text: `<b>${text}</b>`,
        x: round((from + to) / 2),
        y: 1,
        xref: "paper",
        yref: "paper",
        xanchor: "center",
        yanchor: "bottom",
        yshift: 8,
        showarrow: false,
      });
    }
    for (const note of asList(figure.layout.annotations)) {
      annotations.push(remap(note, from, width, suffix));
    }
    for (const shape of asList(figure.layout.shapes)) {
      shapes.push(remap(shape, from, width, suffix));
    }
  }
  const combined: Partial<Layout> = {
    title: { text: options.title ?? "Compare the panels side by side" },
    height: options.height ?? (height || DEFAULT_HEIGHT),
    margin: { t: 100, l: 60, r: 60, b: 60 },
  };
  Object.assign(layout, combined);
  if (annotations.length > 0) layout.annotations = annotations;
  if (shapes.length > 0) layout.shapes = shapes;
  const config = Object.assign({}, ...figures.map((figure) => figure.config ?? {}));
  return { data, layout, config };
}

/** A figure layout's title text, or "" if it has none. */
function titleText(layout: Record<string, unknown>): string {
  const title = layout.title as { text?: unknown } | undefined;
  return typeof title?.text === "string" ? title.text : "";
}

/** Move an annotation or shape of a full-width figure into its panel. */
function remap(
  item: Record<string, unknown>,
  from: number,
  width: number,
  suffix: string,
): Record<string, unknown> {
  const out = { ...item };
  if (out.xref === "paper") {
    for (const key of ["x", "x0", "x1"]) {
      if (typeof out[key] === "number") out[key] = round(from + (out[key] as number) * width);
    }
  } else if (typeof out.xref === "string" && out.xref.startsWith("x")) {
    out.xref = out.xref.replace(/^x\d*/, `x${suffix}`);
  }
  if (typeof out.yref === "string" && out.yref.startsWith("y")) {
    out.yref = out.yref.replace(/^y\d*/, `y${suffix}`);
  }
  return out;
}

/** `value` if it is a plain object, else an empty one. */
function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? { ...(value as Record<string, unknown>) }
    : {};
}

/** `value` if it is an array of objects, else an empty array. */
function asList(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value as Record<string, unknown>[] : [];
}

/** Round a paper coordinate to 6 decimals, so domains read cleanly in the JSON. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
