/**
 * Showing a figure in a notebook cell.
 *
 * A figure is plain Plotly JSON (`{ data, layout }`). {@linkcode toMimeBundle} turns it into the
 * three representations a Jupyter output carries:
 * - `application/vnd.plotly.v1+json`, which JupyterLab's Plotly renderer draws natively;
 * - `text/html`, a `<div>` and a script calling `Plotly.newPlot`, which is what an exported HTML
 *   page shows (the page includes plotly.js once, in its head);
 * - `text/plain`, a one-line description for plain-text viewers.
 *
 * Numbers in the bundle are rounded to what a reader can see ({@linkcode roundFigureNumbers}):
 * six significant digits of the smaller of the number and its array's spread, a millionth of the
 * axis — far below a pixel, even zoomed in a hundredfold — which about halves the bytes a surface
 * or a long curve sends to the notebook and the page.
 *
 * {@linkcode show} sends that bundle to the kernel and waits until it has been sent, so a cell
 * that shows several figures shows all of them. Outside a kernel (in `deno test`) it does nothing.
 *
 * @module
 */

/** One Plotly trace: plain JSON, with `type` and its data arrays. */
export type Trace = Record<string, unknown>;

/** A Plotly figure as plain JSON. Builders in `lib/` return these and draw nothing. */
export interface Figure {
  data: Trace[];
  layout: Record<string, unknown>;
  /** Plotly's config (modebar, responsiveness); {@linkcode defaultConfig} fills what is missing. */
  config?: Record<string, unknown>;
}

/** The MIME types of a figure output, as a Jupyter `display_data` message carries them. */
export interface MimeBundle {
  "application/vnd.plotly.v1+json": Required<Figure>;
  "text/html": string;
  "text/plain": string;
}

/** The MIME type that JupyterLab's Plotly renderer draws. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Config applied to every figure: resizes with the page, no Plotly logo in the modebar. */
export const defaultConfig: Readonly<Record<string, unknown>> = {
  responsive: true,
  displaylogo: false,
};

/**
 * The largest figure, in characters of JSON, that {@linkcode toMimeBundle} accepts. The bundle
 * carries it twice (Plotly JSON and HTML); far larger outputs do not survive the trip from the
 * kernel to the notebook, and no reader's browser would draw them smoothly anyway.
 */
export const MAX_FIGURE_CHARS = 10_000_000;

/** The height in pixels of a figure whose layout does not set one. */
export const DEFAULT_HEIGHT = 480;

/**
 * Copy a value into plain JSON: typed arrays become arrays; NaN and ±Infinity are refused.
 *
 * `null` is kept: Plotly reads it as a deliberate gap in a line. A non-finite number, on the
 * other hand, is a bug upstream (a diverged computation that nobody reported), so it stops here
 * with the path to the bad value instead of reaching the page as a silent gap.
 *
 * @param value Any value made of objects, arrays, typed arrays, strings, numbers, booleans, null.
 * @param path Where `value` sits, for the error message (default `"figure"`).
 * @returns A deep copy that `JSON.stringify` reproduces exactly.
 * @throws {TypeError} On a non-finite number, a function, a symbol, a bigint or `undefined` in an array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toPlainJson } from "./display.ts";
 * assert.deepEqual(toPlainJson({ x: new Float64Array([1, 2]) }), { x: [1, 2] });
 * assert.throws(() => toPlainJson({ y: [1, NaN] }), /figure\.y\[1\] is NaN/);
 * ```
 */
export function toPlainJson(value: unknown, path = "figure"): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new TypeError(
        `Cannot show figure: ${path} is ${value} (figures take finite numbers; report divergence instead of plotting it)`,
      );
    }
    return value;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const typed = value as unknown as ArrayLike<number>;
    const out = new Array<unknown>(typed.length);
    for (let i = 0; i < typed.length; i++) out[i] = toPlainJson(typed[i], `${path}[${i}]`);
    return out;
  }
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) {
        throw new TypeError(`Cannot show figure: ${path}[${i}] is undefined (use null for a gap)`);
      }
      out[i] = toPlainJson(value[i], `${path}[${i}]`);
    }
    return out;
  }
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
      if (entry === undefined) continue; // an unset option, as JSON.stringify would drop it
      out[key] = toPlainJson(entry, `${path}.${key}`);
    }
    return out;
  }
  throw new TypeError(`Cannot show figure: ${path} is a ${typeof value}, which is not JSON`);
}

/** Options of {@linkcode roundFigureNumbers}. */
export interface RoundFigureOptions {
  /**
   * Significant digits kept, counted from the leading digit of the smaller of the number's size
   * and its array's spread (max − min), an integer in [1, 17]. Default 6.
   */
  digits?: number;
}

/** 10⁰ … 10²², all exact doubles. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * v rounded to a whole multiple of 10^(⌊log₁₀ scale⌋ − digits + 1): its last kept digit is `digits`
 * places below the leading digit of `scale` (0 < scale ≤ |v|).
 */
function roundTo(v: number, scale: number, digits: number): number {
  // Decimal places that keep `digits` digits of scale: d = digits − 1 − ⌊log₁₀ scale⌋.
  const d = digits - 1 - Math.floor(Math.log10(scale));
  if (d >= 0 && d <= 22) {
    const p = POWERS_OF_TEN[d];
    const scaled = v * p;
    // Beyond 2⁵² the double already has fewer digits than asked: nothing to drop.
    return Math.abs(scaled) < 4503599627370496 ? Math.round(scaled) / p : v;
  }
  if (d < 0 && d >= -22) {
    const p = POWERS_OF_TEN[-d];
    return Math.round(v / p) * p;
  }
  // Scales below 1e−17 or above 1e22 (e.g. a vanishing gradient on a log axis): by the string.
  const kept = digits + Math.floor(Math.log10(Math.abs(v))) - Math.floor(Math.log10(scale));
  return kept >= 1 && kept <= 17 ? Number(v.toPrecision(kept)) : v;
}

/** Whether every element is a number, null or (recursively) such an array. */
function isNumberBlock(values: unknown[]): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number" || v === null) continue;
    if (!Array.isArray(v) || !isNumberBlock(v)) return false;
  }
  return values.length > 0;
}

/** [min, max] of the finite numbers in a number block, into `extent`. */
function blockExtent(values: unknown[], extent: [number, number]): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number") {
      if (v < extent[0]) extent[0] = v;
      if (v > extent[1]) extent[1] = v;
    } else if (Array.isArray(v)) blockExtent(v, extent);
  }
}

/** Round every non-integer number of a block in place, relative to min(|v|, spread). */
function roundBlock(values: unknown[], spread: number, digits: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number") {
      if (Number.isInteger(v) || !Number.isFinite(v)) continue;
      const size = Math.abs(v);
      values[i] = roundTo(v, spread > 0 && spread < size ? spread : size, digits);
    } else if (Array.isArray(v)) roundBlock(v, spread, digits);
  }
}

/**
 * Round, in place, the numbers of plain figure JSON to what the eye can resolve, and return it.
 *
 * Each array of numbers (a trace's `x`, the rows of a `z` matrix taken together, an axis range)
 * is rounded as a block: a number v keeps `digits` significant digits of min(|v|, max − min).
 * Relative to the spread, that is a millionth of the axis (default 6 digits), far below a pixel
 * even zoomed in; relative to |v|, small values near 0 and values on a log axis keep their own
 * six digits. Integers, single numbers outside arrays, strings and nulls are left alone.
 *
 * Meant for the copy {@linkcode toPlainJson} returns (it mutates its argument).
 *
 * @param value Plain JSON (objects, arrays, numbers, strings, booleans, null).
 * @param options The significant digits (default 6).
 * @returns `value`, rounded.
 * @throws {RangeError} If `digits` is not an integer in [1, 17].
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { roundFigureNumbers } from "./display.ts";
 * const trace = { x: [0, 0.1234567890123, 2], y: [58.000000123456789, 58.000000987654321] };
 * const shown = roundFigureNumbers({ ...trace, size: 1 / 3 });
 * assert.deepEqual(shown.x, [0, 0.123457, 2]); // spread 2: six digits of |v| = 0.123…
 * assert.deepEqual(shown.y, [58.000000123457, 58.000000987654]); // six digits of the spread 8.6e−7
 * assert.equal(shown.size, 1 / 3); // not in an array: untouched
 * ```
 */
export function roundFigureNumbers<T>(value: T, options: RoundFigureOptions = {}): T {
  const digits = options.digits ?? 6;
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) {
    throw new RangeError(
      `Cannot round figure numbers: digits must be an integer in [1, 17] (got ${digits})`,
    );
  }
  roundIn(value, digits);
  return value;
}

function roundIn(value: unknown, digits: number): void {
  if (Array.isArray(value)) {
    if (isNumberBlock(value)) {
      const extent: [number, number] = [Infinity, -Infinity];
      blockExtent(value, extent);
      roundBlock(value, extent[1] - extent[0], digits);
    } else {
      for (let i = 0; i < value.length; i++) roundIn(value[i], digits);
    }
  } else if (value !== null && typeof value === "object") {
    for (const key in value as Record<string, unknown>) {
      roundIn((value as Record<string, unknown>)[key], digits);
    }
  }
}

/** Escape JSON for a `<script>` element: no `</script>`, no `<!--`, no JS line separators. */
function jsonForScript(json: string): string {
  return json
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

/** FNV-1a hash of a string, as 8 hex digits: a stable id for the same figure in every build. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

let figuresMade = 0;

/** A one-line description: title and trace types. */
function describe(figure: Required<Figure>): string {
  const title = figure.layout.title as { text?: unknown } | string | undefined;
  const text = typeof title === "string"
    ? title
    : typeof title?.text === "string"
    ? title.text
    : "";
  const types = figure.data.map((trace) => String(trace.type ?? "scatter"));
  const name = text.replace(/<[^>]*>/g, "") || "untitled";
  return `Plotly figure "${name}" (${types.length} trace${types.length === 1 ? "" : "s"}: ${
    types.join(", ")
  })`;
}

/**
 * Turn a figure into the MIME bundle of a notebook output.
 *
 * @param figure Plotly JSON; typed arrays are allowed and become plain arrays.
 * @returns The bundle: Plotly JSON for JupyterLab, HTML for exported pages, plain text.
 * @throws {TypeError} If the figure holds NaN or ±Infinity (see {@linkcode toPlainJson}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PLOTLY_MIME, toMimeBundle } from "./display.ts";
 * const bundle = toMimeBundle({
 *   data: [{ type: "scatter", x: [0, 1], y: [1, 2] }],
 *   layout: { title: { text: "A line" } },
 * });
 * assert.deepEqual(bundle[PLOTLY_MIME].data[0].y, [1, 2]);
 * assert.match(bundle["text/html"], /Plotly\.newPlot/);
 * assert.equal(bundle["text/plain"], 'Plotly figure "A line" (1 trace: scatter)');
 * ```
 */
export function toMimeBundle(figure: Figure): MimeBundle {
  const plain = roundFigureNumbers(
    toPlainJson({
      data: figure.data,
      layout: figure.layout,
      config: { ...defaultConfig, ...figure.config },
    }) as Required<Figure>,
  );
  const json = JSON.stringify(plain);
  if (json.length > MAX_FIGURE_CHARS) {
    throw new RangeError(
      `Cannot show figure: its data is ${(json.length / 1e6).toFixed(1)} MB of JSON (at most ${
        MAX_FIGURE_CHARS / 1e6
      } MB: a figure this large would be dropped on its way to the page); sample fewer points`,
    );
  }
  const id = `course-figure-${fnv1a(json)}-${++figuresMade}`;
  const height = typeof plain.layout.height === "number" ? plain.layout.height : DEFAULT_HEIGHT;
  const html =
    `<div id="${id}" class="course-figure" style="width:100%;height:${height}px;"></div>\n` +
    `<script type="text/javascript">(function () {\n` +
    `  var el = document.getElementById("${id}");\n` +
    `  var spec = ${jsonForScript(json)};\n` +
    `  if (window.Plotly) { window.Plotly.newPlot(el, spec.data, spec.layout, spec.config); }\n` +
    `  else { el.textContent = "This figure needs plotly.js, which this page does not include."; }\n` +
    `})();</script>`;
  return { [PLOTLY_MIME]: plain, "text/html": html, "text/plain": describe(plain) };
}

/** The kernel's display function, or undefined outside `deno jupyter` (where the getter throws). */
function kernelDisplay():
  | ((bundle: Record<string, unknown>, options: { raw: boolean }) => Promise<void>)
  | undefined {
  try {
    const jupyter = (Deno as unknown as {
      jupyter?: {
        display?: (bundle: Record<string, unknown>, options: { raw: boolean }) => Promise<void>;
      };
    }).jupyter;
    return jupyter?.display?.bind(jupyter);
  } catch {
    return undefined;
  }
}

/**
 * Show a figure as one output of the current cell.
 *
 * Call it once per figure, and await it: the kernel then sends the output before the cell reports
 * that it is done, so none is lost. (The build counts `show(` calls against figure outputs.)
 * Outside a Jupyter kernel it checks the figure and shows nothing.
 *
 * @param figure The figure to show.
 * @returns Resolves once the figure has been sent to the kernel.
 * @throws {TypeError} If a figure holds NaN or ±Infinity.
 *
 * @example
 * ```ts
 * import { show } from "./display.ts";
 * await show({ data: [{ type: "scatter", x: [0, 1], y: [0, 1] }], layout: {} }); // no-op in tests
 * ```
 */
export async function show(figure: Figure): Promise<void> {
  const bundle = toMimeBundle(figure);
  const display = kernelDisplay();
  if (!display) return;
  await display(bundle as unknown as Record<string, unknown>, { raw: true });
}
