/// <reference lib="dom" />
/**
 * The exported pages, as a reader opens them: from file://, with the network cut off.
 *
 * For every page in build/html/ (written by `make`): no page errors, no request other than the page
 * itself (every other request is blocked and counted), plotly.js present once, and one drawn
 * Plotly figure per figure output of the executed notebook. "Drawn" means Plotly rendered the
 * figure and its image has real content: each figure is exported with Plotly.toImage and its
 * pixels are counted, so a blank canvas or an empty plot fails. A screenshot of each page is
 * written to build/screenshots/ for people to look at.
 *
 * @module
 */
import assert from "node:assert/strict";
import { launchBrowser } from "./browser.ts";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const html = `${root}/build/html`;
const PLOTLY_MIME = "application/vnd.plotly.v1+json";

interface FigureReport {
  id: string;
  traces: number;
  points: number;
  /** Fraction of the image's pixels that the data changes (data drawn vs traces hidden). */
  inkFraction: number;
  colours: number;
  error?: string;
}

function figureOutputs(notebookPath: string): number {
  const notebook = JSON.parse(Deno.readTextFileSync(notebookPath));
  let count = 0;
  for (const cell of notebook.cells) {
    for (const output of cell.outputs ?? []) if (output.data?.[PLOTLY_MIME]) count++;
  }
  return count;
}

function pages(): string[] {
  try {
    return [...Deno.readDirSync(html)].map((e) => e.name).filter((n) => n.endsWith(".html")).sort();
  } catch {
    throw new Error("Cannot test the pages: build/html/ is missing (run `make` first)");
  }
}

/** Runs in the page: wait for every figure, then render each to PNG and count its ink. */
async function inspectFigures(): Promise<FigureReport[]> {
  // deno-lint-ignore no-explicit-any
  const Plotly = (globalThis as any).Plotly;
  const divs = [...document.querySelectorAll<HTMLElement>(".course-figure")];
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
          if (Array.isArray(values)) report.points += values.flat(2).filter((v: unknown) => v !== null).length;
        }
      }
      // Render the figure twice, with its traces and with them hidden (same layout): the pixels
      // that differ are the data Plotly drew. A blank canvas or an empty trace changes nothing.
      const size = { format: "png", width: 600, height: 420 };
      const hidden = { data: gd.data.map((t: object) => ({ ...t, visible: false })), layout: gd.layout };
      const [drawn, empty] = await Promise.all([Plotly.toImage(gd, size), Plotly.toImage(hidden, size)]);
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
        const difference = Math.abs(withData[i] - withoutData[i]) + Math.abs(withData[i + 1] - withoutData[i + 1]) +
          Math.abs(withData[i + 2] - withoutData[i + 2]);
        if (difference > 30) {
          ink++;
          colours.add(((withData[i] >> 4) << 8) | ((withData[i + 1] >> 4) << 4) | (withData[i + 2] >> 4));
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

await Deno.mkdir(`${root}/build/screenshots`, { recursive: true });

for (const page of pages()) {
  Deno.test(`exported page ${page} draws every figure offline`, async () => {
    const browser = await launchBrowser();
    const name = page.replace(/\.html$/, "");
    const expectedFigures = name === "index" ? 0 : figureOutputs(`${root}/build/notebooks/${name}.ipynb`);
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const tab = await context.newPage();
    const blocked: string[] = [];
    const errors: string[] = [];
    const pageUrl = `file://${html}/${page}`;
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
        [...document.querySelectorAll("script")].filter((s) => s.textContent?.includes("plotly.js v")).length
      );
      const figures = await tab.evaluate(inspectFigures);
      await tab.screenshot({ path: `${root}/build/screenshots/${name}.png`, fullPage: true });

      assert.deepEqual(blocked, [], `${page} tried to load ${blocked.length} resource(s): ${blocked.join(", ")}`);
      assert.deepEqual(errors, [], `${page} had page errors`);
      if (name !== "index") assert.equal(plotlyCopies, 1, `${page} must include plotly.js exactly once`);
      assert.equal(figures.length, expectedFigures, `${page}: figure outputs in the notebook vs figures on the page`);
      for (const figure of figures) {
        assert.equal(figure.error, undefined, `${page} ${figure.id}: ${figure.error}`);
        assert.ok(figure.traces > 0 && figure.points > 0, `${page} ${figure.id} has no data`);
        // Drawn data changes at least 0.2% of the image (a thin line does); a blank figure changes none.
        assert.ok(
          figure.inkFraction > 0.002,
          `${page} ${figure.id} looks blank: its data changes ${(figure.inkFraction * 100).toFixed(3)}% of the image`,
        );
      }
    } finally {
      await context.close();
      await browser.close();
    }
  });
}

Deno.test("the index page links every chapter", () => {
  const index = Deno.readTextFileSync(`${html}/index.html`);
  const chapters = pages().filter((p) => p !== "index.html");
  assert.ok(chapters.length >= 3, `expected at least 3 chapters, found ${chapters.length}`);
  for (const chapter of chapters) assert.ok(index.includes(`href='${chapter}'`), `index.html does not link ${chapter}`);
});
