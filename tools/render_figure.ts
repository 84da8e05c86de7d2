/**
 * Render figures to standalone HTML pages and, optionally, PNG screenshots, to look at them.
 *
 * Each page is what an exported chapter holds for one figure: the `text/html` output of
 * `toMimeBundle`, with plotly.js (node_modules/plotly.js-dist-min, 4.1.1) inlined once in the
 * head, so nothing is loaded from the network. With `--png`, headless Chromium (driven by
 * playwright-core) opens every page from `file://` with all other requests blocked, and the tool
 * reports per figure: Plotly.validate's complaints, page errors, blocked requests, whether the
 * figure drew (SVG, and WebGL for 3-D scenes), and the screenshot's path. With `--slider`, it also
 * drags each figure's slider to every step by clicking the slider itself, checks that the
 * slider-driven traces now hold that step's data, and screenshots each step.
 *
 * Usage (from the repository root):
 *   deno run -A tools/render_figure.ts FIGURE.json [--out DIR] [--png] [--slider]
 *   deno run -A tools/render_figure.ts MODULE.ts   [--out DIR] [--png] [--slider]
 *   deno run -A tools/render_figure.ts --gallery   [--out DIR] [--png] [--slider]
 *
 * A JSON file holds one figure (`{ data, layout }`), an array of figures, or an object of named
 * figures. A module's exports that are figures (or objects of named figures) are rendered, each
 * under its export name. `--gallery` renders one example of every builder in `lib/plot*.ts` on
 * the article's surface z = 0.2·sin(x + y + r) − sin(x/2), r = √(x² + y²), sampled here.
 * Pages go to DIR (default `build/figures`); the exit code is 1 if any check failed.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { type Figure, PLOTLY_MIME, toMimeBundle } from "../lib/display.ts";
import type { Grid2D } from "../lib/grid.ts";
import { methodColor } from "../lib/palette.ts";
import { sideBySide, withSlider, withTraces } from "../lib/plot.ts";
import {
  contourFigure,
  contourPathTraces,
  gradientFieldTraces,
  lineChart,
} from "../lib/plot_2d.ts";
import { gradientOnSurfaceTraces, surfaceFigure, surfacePathTraces } from "../lib/plot_3d.ts";

const PLOTLY_JS = new URL("../node_modules/plotly.js-dist-min/plotly.min.js", import.meta.url);
const CHROMIUM = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";

/** A standalone page for one figure: plotly.js inlined, then the figure's HTML output. */
export function pageHtml(figure: Figure, name: string, plotlyJs: string): string {
  const html = toMimeBundle(figure)["text/html"];
  const title = name.replace(/[<>&]/g, "");
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title>\n` +
    `<script type="text/javascript">${plotlyJs.replaceAll("</script", "<\\/script")}</script>\n` +
    `<style>body{margin:0;padding:8px;font-family:sans-serif;background:#fff}</style>\n` +
    `</head><body>\n${html}\n</body></html>\n`;
}

/** True if `value` looks like a figure: `{ data: [...], layout: {...} }`. */
function isFigure(value: unknown): value is Figure {
  const v = value as Figure | null;
  return typeof v === "object" && v !== null && Array.isArray(v.data) &&
    typeof v.layout === "object" && v.layout !== null;
}

/** Collect named figures from a value: a figure, an array of them, or an object of them. */
function collect(value: unknown, name: string, out: Map<string, Figure>): void {
  if (isFigure(value)) out.set(name, value);
  else if (Array.isArray(value)) value.forEach((v, i) => collect(v, `${name}-${i}`, out));
  else if (typeof value === "object" && value !== null) {
    for (const [key, v] of Object.entries(value)) if (isFigure(v)) out.set(key, v);
  }
}

/** Load the figures of a JSON file or a module. */
async function loadFigures(input: string): Promise<Map<string, Figure>> {
  const figures = new Map<string, Figure>();
  const base = input.replace(/^.*\//, "").replace(/\.[^.]+$/, "");
  if (input.endsWith(".json")) {
    collect(JSON.parse(await Deno.readTextFile(input)), base, figures);
  } else {
    const url = new URL(input, `file://${Deno.cwd()}/`).href;
    const module = await import(url) as Record<string, unknown>;
    for (const [key, value] of Object.entries(module)) {
      collect(value, key === "default" ? base : key, figures);
    }
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------
// The gallery: one example of every builder, on the article's surface.

/** z = 0.2·sin(x + y + r) − sin(x/2), r = √(x² + y²). */
function surfaceZ(x: number, y: number): number {
  const r = Math.hypot(x, y);
  return 0.2 * Math.sin(x + y + r) - Math.sin(x / 2);
}

/** ∇z = (0.2·cos(u)·(1 + x/r) − 0.5·cos(x/2), 0.2·cos(u)·(1 + y/r)), u = x + y + r; NaN at r = 0. */
function exactGradient(x: number, y: number): [number, number] {
  const r = Math.hypot(x, y);
  const c = 0.2 * Math.cos(x + y + r);
  return [c * (1 + x / r) - 0.5 * Math.cos(x / 2), c * (1 + y / r)];
}

/** Forward slopes ((f(x + h, y) − f(x, y))/h, (f(x, y + h) − f(x, y))/h). */
function forwardSlope(x: number, y: number, h: number): [number, number] {
  const z = surfaceZ(x, y);
  return [(surfaceZ(x + h, y) - z) / h, (surfaceZ(x, y + h) - z) / h];
}

/** Sample a function of (x, y) on [lo, hi]² with the given step; rows follow y. */
function sample(lo: number, hi: number, step: number, f: (x: number, y: number) => number): Grid2D {
  const n = Math.round((hi - lo) / step) + 1;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = lo + i * step;
  const z = Array.from({ length: n }, (_, j) => {
    const row = new Float64Array(n);
    for (let i = 0; i < n; i++) row[i] = f(x[i], x[j]);
    return row;
  });
  return { x, y: x.slice(), z };
}

/** x ← x ± lr·g for `steps` steps; returns the points visited and their heights. */
function walk(
  start: [number, number],
  lr: number,
  steps: number,
  sign: 1 | -1,
  gradient: (x: number, y: number) => [number, number],
) {
  const x = [start[0]];
  const y = [start[1]];
  const z = [surfaceZ(start[0], start[1])];
  for (let k = 0; k < steps; k++) {
    const [gx, gy] = gradient(x[k], y[k]);
    x.push(x[k] + sign * lr * gx);
    y.push(y[k] + sign * lr * gy);
    z.push(surfaceZ(x[k + 1], y[k + 1]));
  }
  return { x, y, z };
}

/** One figure per builder, on the article's surface and the article's settings. */
export function galleryFigures(): Record<string, Figure> {
  const grid = sample(-5, 5, 0.25, surfaceZ);
  const slope = (x: number, y: number) => forwardSlope(x, y, 0.9);
  const ascent = walk([0, 0], 1, 10, 1, slope);
  const descent = walk([0, 0], 1, 10, -1, slope);

  // The slope-based gradient at the origin, drawn 7× long as in the article, with the honest
  // end height: z₁ = z₀ + rise along the tangent = z₀ + 7·|g|².
  const [gx, gy] = slope(0, 0);
  const scale = 7;
  const start = { x: 0, y: 0, z: surfaceZ(0, 0) };
  const end = { x: scale * gx, y: scale * gy, z: start.z + scale * (gx * gx + gy * gy) };
  const [ex, ey] = exactGradient(2, -1);
  const p = { x: 2, y: -1, z: surfaceZ(2, -1) };
  const q = { x: 2 + 2 * ex, y: -1 + 2 * ey, z: p.z + 2 * (ex * ex + ey * ey) };

  // The exact gradient on a coarser grid; it does not exist at the origin (the cone point).
  const coarse = sample(-5, 5, 0.5, surfaceZ);
  const n = coarse.x.length;
  const dzdx = Array.from({ length: n }, () => new Float64Array(n));
  const dzdy = Array.from({ length: n }, () => new Float64Array(n));
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) [dzdx[j][i], dzdy[j][i]] = exactGradient(coarse.x[i], coarse.y[j]);
  }
  const field = { x: coarse.x, y: coarse.y, dzdx, dzdy };
  const defined = (i: number, j: number) => coarse.x[i] !== 0 || coarse.y[j] !== 0;

  // Finite-difference error of ∂z/∂x at (1, 0.5) against the closed form, h = 1 … 1e-15.
  const hs: number[] = [];
  for (let k = 0; k <= 30; k++) hs.push(10 ** (-k / 2));
  const [exact] = exactGradient(1, 0.5);
  const f0 = surfaceZ(1, 0.5);
  const forwardError = hs.map((h) => Math.abs((surfaceZ(1 + h, 0.5) - f0) / h - exact));
  const centralError = hs.map((h) =>
    Math.abs((surfaceZ(1 + h, 0.5) - surfaceZ(1 - h, 0.5)) / (2 * h) - exact)
  );

  // A chain of 30 layers, each multiplying by w: |∂out/∂a_l| = w^(30 − l).
  const layers = Array.from({ length: 30 }, (_, l) => l + 1);
  const chain = (w: number) => layers.map((l) => w ** (30 - l));

  const surface = surfaceFigure(grid, {
    title: "The article's surface: a ridge and a valley, rippled by the 0.2·sin term",
  });
  const faded = (title: string) => surfaceFigure(grid, { opacity: 0.45, title });
  const contour = (title: string, showScale = true) =>
    contourFigure(grid, { title, coloring: "heatmap", showScale, levels: 24 });

  const errorFigure = lineChart([
    { name: "forward difference", x: hs, y: forwardError, color: methodColor.forward },
    { name: "central difference", x: hs, y: centralError, color: methodColor.central },
  ], {
    xType: "log",
    yType: "log",
    markers: true,
    nonPositive: "drop",
    xTitle: "step h",
    yTitle: "|estimate − ∂z/∂x|",
    title: "Shrinking h helps until round-off takes over (forward ~h, central ~h²)",
  });

  const sliderBase = lineChart([{
    name: "1 (signal kept)",
    x: [1, 30],
    y: [1, 1],
    color: methodColor.guide,
    dash: "dash",
  }], {
    yType: "log",
    markers: false,
    xTitle: "layer l",
    yTitle: "|∂out/∂a<sub>l</sub>| = w<sup>30 − l</sup>",
    title: "Drag the weight",
  });
  sliderBase.layout.yaxis = { ...(sliderBase.layout.yaxis as object), range: [-10, 10] };
  const weights = [0.5, 0.7, 0.9, 1, 1.1, 1.3, 2];
  const slider = withSlider(sliderBase, {
    prefix: "weight w = ",
    active: 3,
    steps: weights.map((w) => ({
      label: String(w),
      title: `w = ${w}: the gradient reaching layer 1 is ${chain(w)[0].toExponential(1)}`,
      traces: [{
        type: "scatter",
        mode: "lines+markers",
        name: `w = ${w}`,
        x: layers,
        y: chain(w),
        line: {
          color: w < 1 ? methodColor.descent : w > 1 ? methodColor.forward : methodColor.central,
        },
      }],
    })),
  });

  const rates = [0.25, 1, 1.5];
  const panels = rates.map((lr, k) =>
    withTraces(
      contour(`η = ${lr}`, k === rates.length - 1),
      contourPathTraces(walk([1, 1], lr, 10, -1, exactGradient), { stepLabels: k < 2 }),
    )
  );

  return {
    surface,
    "gradient-on-surface": withTraces(
      faded("The slope-based gradient at the origin points up the hill; its tangent line rises"),
      [
        ...gradientOnSurfaceTraces({ start, end }, { method: "forward", h: 0.9 }),
        ...gradientOnSurfaceTraces({ start: p, end: q }, { method: "exact" }),
      ],
    ),
    "paths-on-surface": withTraces(
      faded("From the origin, ascent climbs the ridge and descent slides into the valley"),
      [
        ...surfacePathTraces(ascent, { direction: "ascent", lift: 0.03 }),
        ...surfacePathTraces(descent, { direction: "descent", lift: 0.03 }),
      ],
    ),
    "gradient-field": withTraces(
      contourFigure(grid, {
        title: "The gradient is perpendicular to the contour lines and longest where they crowd",
        coloring: "heatmap",
        levels: 24,
        opacity: 0.75,
        extent: "grid",
      }),
      gradientFieldTraces(field, { defined, stride: 2 }),
    ),
    "gradient-field-normalized": withTraces(
      contourFigure(grid, {
        title: "Downhill directions only (−∇z, every arrow the same length)",
        coloring: "lines",
        levels: 24,
        extent: "grid",
      }),
      gradientFieldTraces(field, { defined, normalize: true, negate: true }),
    ),
    "paths-on-contour": withTraces(
      contour("Ascent and descent from the origin, seen from above"),
      [
        ...contourPathTraces(ascent, { direction: "ascent" }),
        ...contourPathTraces(descent, { direction: "descent" }),
      ],
    ),
    "finite-difference-error": errorFigure,
    "layer-gradients": lineChart(
      [0.5, 1, 2].map((w) => ({
        name: `w = ${w}`,
        x: layers,
        y: chain(w),
      })),
      {
        yType: "log",
        markers: true,
        xTitle: "layer l",
        yTitle: "|∂out/∂a<sub>l</sub>|",
        title: "Below 1 the gradient vanishes toward layer 1, above 1 it explodes",
      },
    ),
    "weight-slider": slider,
    "side-by-side": sideBySide(panels, {
      title: "Descent from (1, 1) with three learning rates: too small crawls, too large bounces",
      height: 460,
      sharedY: true,
    }),
    "surface-and-contour": sideBySide([
      surfaceFigure(grid, { title: "surface", showScale: false }),
      contour("contour map"),
    ], { title: "The same surface in 3-D and from above", height: 520 }),
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering and checks in headless Chromium.

interface Report {
  name: string;
  png: string;
  problems: string[];
  notes: string[];
}

/** Open each page in Chromium, check it drew, screenshot it (and each slider step). */
async function renderPngs(
  pages: { name: string; path: string; figure: Figure }[],
  sliders: boolean,
): Promise<Report[]> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
  });
  const reports: Report[] = [];
  try {
    for (const { name, path, figure } of pages) {
      const height = typeof figure.layout.height === "number" ? figure.layout.height : 480;
      const page = await browser.newPage({ viewport: { width: 1000, height: height + 40 } });
      const problems: string[] = [];
      const notes: string[] = [];
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning") {
          notes.push(`console ${message.type()}: ${message.text()}`);
        }
      });
      let blocked = 0;
      await page.route("**/*", (route) => {
        if (route.request().url().startsWith("file:")) return route.continue();
        blocked++;
        return route.abort();
      });
      await page.goto(`file://${path}`);
      await page.waitForSelector(".js-plotly-plot .main-svg", { timeout: 15000 });
      await page.waitForTimeout(800);
      const spec = toMimeBundle(figure)[PLOTLY_MIME];
      const state = await page.evaluate((spec) => {
        // deno-lint-ignore no-explicit-any
        const w = globalThis as any;
        const gd = w.document.querySelector(".js-plotly-plot");
        let invalid: { msg: string }[];
        let crashed = "";
        try {
          invalid = w.Plotly.validate(spec.data, spec.layout) ?? [];
        } catch (error) {
          // plotly.js 4.1.1's validate throws on a layout.legend (legend2, …) that shows nothing;
          // check the rest of the layout instead.
          crashed = String(error);
          const rest = Object.fromEntries(
            Object.entries(spec.layout).filter(([key]) => !/^legend\d*$/.test(key)),
          );
          invalid = w.Plotly.validate(spec.data, rest) ?? [];
        }
        // Plotly.validate compares slider/menu `args` by identity: equal values "got reset" to
        // themselves. Those are not problems.
        invalid = invalid.filter((e) => {
          const m = /set to '(.*)'\) got reset to '(.*)' during defaults/.exec(e.msg);
          return !(m && m[1] === m[2] && /\.args\[/.test(e.msg));
        });
        const scenes = gd.querySelectorAll(".gl-container canvas").length;
        const webgl = !!w.document.createElement("canvas").getContext("webgl");
        const drawn = gd.querySelectorAll(".trace, .contour, .scatterlayer path").length;
        return {
          invalid: invalid.map((e: { msg: string }) => e.msg),
          crashed,
          scenes,
          webgl,
          drawn,
          traces: gd._fullData.length,
        };
      }, spec);
      for (const msg of state.invalid) problems.push(`Plotly.validate: ${msg}`);
      if (state.crashed) {
        notes.push(
          `Plotly.validate crashed on an unused layout.legend (${state.crashed}); validated the rest`,
        );
      }
      if (blocked > 0) problems.push(`${blocked} network request(s) blocked`);
      const has3d = figure.data.some((t) => t.type === "surface" || t.type === "scatter3d");
      if (has3d && (!state.webgl || state.scenes === 0)) {
        problems.push("3-D scene has no WebGL canvas");
      }
      if (!has3d && state.drawn === 0) problems.push("nothing drawn in the SVG");
      notes.push(`${state.traces} traces drawn; webgl ${state.webgl}; gl canvases ${state.scenes}`);
      const png = path.replace(/\.html$/, ".png");
      await page.screenshot({ path: png, fullPage: true });
      const stepCount = sliderStepCount(figure);
      if (sliders && stepCount > 0) {
        for (let k = 0; k < stepCount; k++) {
          const result = await clickSliderStep(page, k);
          if (!result.ok) problems.push(`slider step ${k}: ${result.message}`);
          await page.screenshot({ path: png.replace(/\.png$/, `-step${k}.png`), fullPage: true });
        }
        notes.push(`slider: clicked all ${stepCount} steps`);
      }
      reports.push({ name, png, problems, notes });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return reports;
}

/** The number of steps of a figure's first slider, or 0. */
function sliderStepCount(figure: Figure): number {
  const sliders = figure.layout.sliders as { steps?: unknown[] }[] | undefined;
  return sliders?.[0]?.steps?.length ?? 0;
}

/** Click step k's label on the slider, then check the slider moved and the data changed. */
async function clickSliderStep(
  page: import("playwright-core").Page,
  k: number,
): Promise<{ ok: boolean; message: string }> {
  const rail = await page.locator(".slider-rail-touch-rect").first().boundingBox();
  const label = await page.locator(".slider-labels .slider-label").nth(k).boundingBox();
  if (!rail || !label) return { ok: false, message: "slider not found" };
  await page.mouse.click(label.x + label.width / 2, rail.y + rail.height / 2);
  await page.waitForTimeout(300);
  return await page.evaluate((step: number) => {
    // deno-lint-ignore no-explicit-any
    const gd = (globalThis as any).document.querySelector(".js-plotly-plot");
    const slider = gd.layout.sliders[0];
    if (gd._fullLayout.sliders[0].active !== step) {
      return { ok: false, message: `active is ${gd._fullLayout.sliders[0].active}` };
    }
    const [update, , indices] = slider.steps[step].args;
    for (const key of ["x", "y", "z"]) {
      if (!(key in update)) continue;
      for (let t = 0; t < indices.length; t++) {
        const want = JSON.stringify(update[key][t]);
        const got = JSON.stringify(Array.from(gd.data[indices[t]][key] ?? []));
        if (want !== got) return { ok: false, message: `trace ${indices[t]} ${key} not updated` };
      }
    }
    return { ok: true, message: "" };
  }, k);
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    options: {
      out: { type: "string", default: "build/figures" },
      png: { type: "boolean", default: false },
      slider: { type: "boolean", default: false },
      gallery: { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  const figures = new Map<string, Figure>();
  if (values.gallery) {
    for (const [name, figure] of Object.entries(galleryFigures())) figures.set(name, figure);
  }
  for (const input of positionals) {
    for (const [name, figure] of await loadFigures(input)) figures.set(name, figure);
  }
  if (figures.size === 0) {
    console.error(
      "Usage: render_figure.ts (FIGURE.json | MODULE.ts | --gallery) [--out DIR] [--png] [--slider]",
    );
    Deno.exit(2);
  }
  const out = values.out.startsWith("/") ? values.out : `${Deno.cwd()}/${values.out}`;
  await Deno.mkdir(out, { recursive: true });
  const plotlyJs = await Deno.readTextFile(PLOTLY_JS);
  const pages: { name: string; path: string; figure: Figure }[] = [];
  for (const [name, figure] of figures) {
    const path = `${out}/${name}.html`;
    await Deno.writeTextFile(path, pageHtml(figure, name, plotlyJs));
    pages.push({ name, path, figure });
    console.log(`wrote ${path}`);
  }
  if (values.png) {
    const reports = await renderPngs(pages, values.slider);
    let failed = 0;
    for (const report of reports) {
      const status = report.problems.length === 0 ? "ok  " : "FAIL";
      if (report.problems.length > 0) failed++;
      console.log(`${status} ${report.name} -> ${report.png}`);
      for (const line of [...report.problems, ...report.notes]) console.log(`     ${line}`);
    }
    console.log(`${reports.length - failed} rendered cleanly, ${failed} with problems`);
    if (failed > 0) Deno.exit(1);
  }
}
