/**
 * The exported pages, as a reader opens them: from file://, with the network cut off.
 *
 * For every page in build/html/ (written by `make`): no page errors, no request other than the page
 * itself (every other request is blocked and counted), plotly.js present once, and one drawn
 * Plotly figure per figure output of the executed notebook. "Drawn" means Plotly rendered the
 * figure and its image has real content: each figure is exported with Plotly.toImage and its
 * pixels are counted, so a blank canvas or an empty plot fails (see tests/page_check.ts). A
 * screenshot of each page is written to build/screenshots/ for people to look at.
 *
 * @module
 */
import assert from "node:assert/strict";
import { launchBrowser } from "./browser.ts";
import { checkExportedPage, figureOutputs } from "./page_check.ts";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const html = `${root}/build/html`;

function pages(): string[] {
  try {
    return [...Deno.readDirSync(html)].map((e) => e.name).filter((n) => n.endsWith(".html")).sort();
  } catch {
    throw new Error("Cannot test the pages: build/html/ is missing (run `make` first)");
  }
}

await Deno.mkdir(`${root}/build/screenshots`, { recursive: true });

for (const page of pages()) {
  Deno.test(`exported page ${page} draws every figure offline`, async () => {
    const browser = await launchBrowser();
    const name = page.replace(/\.html$/, "");
    const isIndex = name === "index";
    try {
      await checkExportedPage(browser, `${html}/${page}`, {
        expectedFigures: isIndex ? 0 : figureOutputs(`${root}/build/notebooks/${name}.ipynb`),
        plotlyOnce: !isIndex,
        screenshot: `${root}/build/screenshots/${name}.png`,
        label: page,
      });
    } finally {
      await browser.close();
    }
  });
}

Deno.test("the index page links every chapter", () => {
  const index = Deno.readTextFileSync(`${html}/index.html`);
  const chapters = pages().filter((p) => p !== "index.html");
  assert.ok(chapters.length >= 3, `expected at least 3 chapters, found ${chapters.length}`);
  for (const chapter of chapters) {
    assert.ok(index.includes(`href='${chapter}'`), `index.html does not link ${chapter}`);
  }
});
