/// <reference lib="dom" />
/**
 * How an exported page is checked, as a reader opens it: from file://, with the network cut off.
 *
 * {@linkcode checkExportedPage} asserts: no page errors, no request other than the page itself
 * (every other request is blocked and counted), plotly.js present once (for a chapter), and one
 * drawn Plotly figure per figure output of the notebook. "Drawn" means Plotly rendered the figure
 * and its image has real content: each figure is exported with Plotly.toImage twice, with its
 * traces and with them hidden, and the pixels that differ are counted, so a blank canvas or an
 * empty plot fails. A full-page screenshot is written for people to look at.
 *
 * Used by tests/pages_test.ts (the pages `make` builds) and tests/lab_test.ts (the page
 * JupyterLab's File → Save and Export Notebook As → HTML gives).
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";

/** The MIME type of a figure output. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** What the page reports about one figure. */
export interface FigureReport {
  id: string;
  traces: number;
  points: number;
  /** Fraction of the image's pixels that the data changes (data drawn vs traces hidden). */
  inkFraction: number;
  colours: number;
  error?: string;
}

/** How to check a page (see {@linkcode checkExportedPage}). */
export interface PageCheckOptions {
  /** Figures the page must draw: the notebook's figure outputs. Default 0. */
  expectedFigures?: number;
  /** Whether the page must include plotly.js exactly once. Default true. */
  plotlyOnce?: boolean;
  /**
   * Where to write a full-page screenshot (`x.png`; a page taller than one slice is written as
   * `x.png`, `x-2.png`, `x-3.png`, …). Default: none.
   */
  screenshot?: string;
  /** The page's name in messages. Default: the file's name. */
  label?: string;
}

/** The number of figure outputs of a notebook file (.ipynb). */
export function figureOutputs(notebookPath: string): number {
  const notebook = JSON.parse(Deno.readTextFileSync(notebookPath));
  let count = 0;
  for (const cell of notebook.cells) {
    for (const output of cell.outputs ?? []) if (output.data?.[PLOTLY_MIME]) count++;
  }
  return count;
}

/**
 * Runs in the page: render every figure (the elements `selector` matches: `.course-figure` on
 * an exported page) to PNG with and without its traces, and count its ink.
 */
export async function inspectFigures(selector: string): Promise<FigureReport[]> {
  // deno-lint-ignore no-explicit-any
  const Plotly = (globalThis as any).Plotly;
  const divs = [...document.querySelectorAll<HTMLElement>(selector)];
  const reports: FigureReport[] = [];
  for (const div of divs) {
    // deno-lint-ignore no-explicit-any
    const gd = div as any;
    const report: FigureReport = { id: div.id, traces: 0, points: 0, inkFraction: 0, colours: 0 };
    try {
      if (!gd._fullLayout) throw new Error("Plotly did not draw this figure");
      report.traces = gd.data.length;
      for (const trace of gd.data) {
        for (const key of ["x", "y", "z"]) {
          const values = trace[key];
          if (Array.isArray(values)) {
            report.points += values.flat(2).filter((v: unknown) => v !== null).length;
          }
        }
      }
      // Render the figure twice, with its traces and with them hidden (same layout): the pixels
      // that differ are the data Plotly drew. A blank canvas or an empty trace changes nothing.
      const size = { format: "png", width: 600, height: 420 };
      const hidden = {
        data: gd.data.map((t: object) => ({ ...t, visible: false })),
        layout: gd.layout,
      };
      const [drawn, empty] = await Promise.all([
        Plotly.toImage(gd, size),
        Plotly.toImage(hidden, size),
      ]);
      const pixels = async (url: string) => {
        const image = new Image();
        await new Promise((resolve, reject) => {
          image.onload = resolve;
          image.onerror = reject;
          image.src = url;
        });
        const canvas = document.createElement("canvas");
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext("2d")!;
        context.drawImage(image, 0, 0);
        return context.getImageData(0, 0, canvas.width, canvas.height).data;
      };
      const [withData, withoutData] = await Promise.all([pixels(drawn), pixels(empty)]);
      let ink = 0;
      const colours = new Set<number>();
      for (let i = 0; i < withData.length; i += 4) {
        const difference = Math.abs(withData[i] - withoutData[i]) +
          Math.abs(withData[i + 1] - withoutData[i + 1]) +
          Math.abs(withData[i + 2] - withoutData[i + 2]);
        if (difference > 30) {
          ink++;
          colours.add(
            ((withData[i] >> 4) << 8) | ((withData[i + 1] >> 4) << 4) | (withData[i + 2] >> 4),
          );
        }
      }
      report.inkFraction = ink / (withData.length / 4);
      report.colours = colours.size;
    } catch (error) {
      report.error = String(error);
    }
    reports.push(report);
  }
  return reports;
}

/**
 * Open an exported page from file:// with the network cut off and assert that it draws every
 * figure (see the module's doc).
 *
 * @param browser A browser from `launchBrowser()`; a new context is opened and closed.
 * @param path The page's absolute path.
 * @param options The figures expected, plotly.js once or not, the screenshot's path.
 * @returns The report of each figure on the page.
 */
export async function checkExportedPage(
  browser: Browser,
  path: string,
  options: PageCheckOptions = {},
): Promise<FigureReport[]> {
  const { expectedFigures = 0, plotlyOnce = true, screenshot } = options;
  const label = options.label ?? path.split("/").pop()!;
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const tab = await context.newPage();
  const blocked: string[] = [];
  const errors: string[] = [];
  const pageUrl = `file://${path}`;
  await tab.route("**/*", (route) => {
    const url = route.request().url();
    if (url === pageUrl) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  tab.on("pageerror", (error) => errors.push(String(error)));
  tab.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  try {
    await tab.goto(pageUrl, { waitUntil: "load" });
    const plotlyCopies = await tab.evaluate(() =>
      [...document.querySelectorAll("script")].filter((s) => s.hasAttribute("data-plotly-bundle"))
        .length
    );
    const figures = await tab.evaluate(inspectFigures, ".course-figure");
    if (screenshot) await screenshotInSlices(tab, screenshot);

    assert.deepEqual(
      blocked,
      [],
      `${label} tried to load ${blocked.length} resource(s): ${blocked.join(", ")}`,
    );
    assert.deepEqual(errors, [], `${label} had page errors`);
    if (plotlyOnce) assert.equal(plotlyCopies, 1, `${label} must include plotly.js exactly once`);
    assert.equal(
      figures.length,
      expectedFigures,
      `${label}: figure outputs in the notebook vs figures on the page`,
    );
    for (const figure of figures) {
      assert.equal(figure.error, undefined, `${label} ${figure.id}: ${figure.error}`);
      assert.ok(figure.traces > 0 && figure.points > 0, `${label} ${figure.id} has no data`);
      // Drawn data changes at least 0.2% of the image (a thin line does); a blank figure changes none.
      assert.ok(
        figure.inkFraction > 0.002,
        `${label} ${figure.id} looks blank: its data changes ${
          (figure.inkFraction * 100).toFixed(3)
        }% of the image`,
      );
    }
    return figures;
  } finally {
    await context.close();
  }
}

/** Tallest slice of a page in one PNG: Chromium repeats the top of taller full-page captures. */
const SLICE_HEIGHT = 4000;

/** A full-page screenshot, in slices of at most {@linkcode SLICE_HEIGHT} pixels. */
async function screenshotInSlices(tab: Page, path: string): Promise<void> {
  const { width, height } = await tab.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  for (let top = 0, slice = 1; top < height; top += SLICE_HEIGHT, slice++) {
    const file = slice === 1 ? path : path.replace(/\.png$/, `-${slice}.png`);
    const clip = { x: 0, y: top, width, height: Math.min(SLICE_HEIGHT, height - top) };
    await tab.screenshot({ path: file, fullPage: true, clip });
  }
}
