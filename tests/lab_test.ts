/// <reference lib="dom" />
/**
 * JupyterLab as a reader uses it, in a real browser (Debian's Chromium through playwright-core).
 *
 * The test starts JupyterLab with `make lab` (tests/lab_server.ts) on a copy of notebooks/ inside
 * build/ (so nothing the test runs or saves touches the committed notebooks), lands on the first
 * chapter, opens the chapter below from the file browser, and then, with the menus and the
 * keyboard only:
 *
 * a. Run → Run All Cells: every cell runs on the "Deno" kernel and every figure is drawn
 *    by JupyterLab's Plotly renderer (one per `show(` call, each with data that changes its image);
 * b. edits a value in the parameters cell by typing, reruns, and sees the figures' data change;
 * c. types bad values (out of range, and a string), reruns, and sees the one-line error naming the
 *    parameter, the value and what is allowed; the kernel survives, and restoring the value brings
 *    back the first run's figures exactly;
 * d. Kernel → Restart Kernel and Run All Cells: every cell has exactly one set of outputs, the same
 *    as after the first run;
 * e. no news prompt appears and nothing asks jupyter.org for news: the browser may only talk to
 *    the local server;
 * f. File → Save and Export Notebook As → HTML: the downloaded page (the server's nbconvert, with
 *    the course template) is checked like the build's pages (tests/page_check.ts).
 *
 * Screenshots go to build/screenshots/lab-*.png. Set LAB_TEST_NOTEBOOKS to test another folder of
 * notebooks (e.g. a scratch copy); it must hold the chapter below.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Browser, Download, Locator, Page } from "playwright-core";
import { Chapter3Params, parseParams } from "../lib/params.ts";
import { launchBrowser } from "./browser.ts";
import { startLab } from "./lab_server.ts";
import {
  checkExportedPage,
  figureOutputs,
  type FigureReport,
  inspectFigures,
} from "./page_check.ts";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const source = Deno.env.get("LAB_TEST_NOTEBOOKS") ?? `${root}/notebooks`;
const screenshots = `${root}/build/screenshots`;

/** The chapter the reader opens, the parameter they edit, and the values they type. */
const CHAPTER = "03-gradient-descent.ipynb";
const SCHEMA = Chapter3Params;
const PARAMETER = "learningRate";
const EDITED = "0.5";
/** Bad values as typed, the value the notebook receives, and how the reader runs them. */
const BAD_VALUES: { typed: string; value: unknown; runAll: boolean; screenshot: string }[] = [
  { typed: "-0.1", value: -0.1, runAll: true, screenshot: "lab-bad-value.png" },
  { typed: '"0.1"', value: "0.1", runAll: false, screenshot: "lab-bad-type.png" },
];

const SHOW_CALL = /(?<![\w.])show\(/g;
const KERNEL_NAME = "Deno";
const NEWS_PROMPT = "official Jupyter news";
const TIMEOUT = 90_000;

interface NotebookCell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: { output_type: string }[];
}

const text = (cell: NotebookCell) =>
  Array.isArray(cell.source) ? cell.source.join("") : cell.source;

/** What the page shows of one code cell. */
interface CellView {
  /** The execution count in the prompt: a number, "*" while queued or running, null if none. */
  count: number | "*" | null;
  outputs: number;
  figures: number;
  /** Figures Plotly has drawn: laid out, with traces and an SVG. */
  drawn: number;
  /** The text of the cell's error output, if any. */
  error: string | null;
  /** The text of the cell's other outputs. */
  output: string;
}

interface NotebookView {
  /** The kernel's activity, from the toolbar's indicator: "idle", "busy", "restarting"… */
  status: string;
  kernel: string;
  /** One entry per cell of the notebook; null for markdown cells. */
  cells: (CellView | null)[];
}

/** Runs in the page: what the notebook panel shows. */
function readNotebook(panelId: string): NotebookView {
  const panel = document.getElementById(panelId)!;
  const cells = [...panel.querySelectorAll<HTMLElement>(".jp-Notebook .jp-Cell")];
  return {
    status: panel.querySelector(".jp-Notebook-ExecutionIndicator")?.getAttribute("data-status") ??
      "",
    kernel: panel.querySelector(".jp-Toolbar-kernelName")?.textContent?.trim() ?? "",
    cells: cells.map((cell) => {
      if (!cell.classList.contains("jp-CodeCell")) return null;
      const prompt = cell.querySelector(".jp-InputPrompt")?.textContent ?? "";
      const match = /\[(\d+|\*)\]/.exec(prompt);
      const figures = [...cell.querySelectorAll(".jp-RenderedPlotly")];
      const stderr = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]';
      const error = cell.querySelector(stderr);
      const others = [...cell.querySelectorAll(".jp-OutputArea-output")].filter((o) =>
        !o.matches(stderr)
      );
      return {
        count: match ? (match[1] === "*" ? "*" : Number(match[1])) : null,
        outputs: cell.querySelectorAll(".jp-OutputArea-child").length,
        figures: figures.length,
        // deno-lint-ignore no-explicit-any
        drawn: figures.filter((gd: any) =>
          gd._fullLayout && gd.data?.length > 0 && gd.querySelector(".main-svg")
        ).length,
        error: error ? (error.textContent ?? "") : null,
        output: others.map((o) =>
          o.textContent ?? ""
        ).join("\n"),
      };
    }),
  };
}

/** Runs in the page: the data of every figure in the panel (x, y, z of each trace), as JSON. */
function figureData(panelId: string): string[] {
  const panel = document.getElementById(panelId)!;
  // deno-lint-ignore no-explicit-any
  return [...panel.querySelectorAll(".jp-RenderedPlotly")].map((gd: any) =>
    JSON.stringify(
      (gd.data ?? []).map((t: Record<string, unknown>) => ({
        type: t.type,
        x: t.x,
        y: t.y,
        z: t.z,
      })),
    )
  );
}

/** Fail with `what` if the promise has not settled after `ms`. */
async function withTimeout<T>(promise: Promise<T>, what: string, ms = TIMEOUT): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms / 1000} s: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Wait until `probe` returns a value; fail after `timeoutMs` with `what` and the last state seen. */
async function waitUntil<T>(
  what: string,
  probe: () => Promise<{ done: T | undefined; state: unknown }>,
  timeoutMs = TIMEOUT,
): Promise<T> {
  const started = performance.now();
  let state: unknown;
  while (true) {
    const result = await probe();
    if (result.done !== undefined) return result.done;
    state = result.state;
    if (performance.now() - started > timeoutMs) {
      throw new Error(
        `Timed out after ${timeoutMs / 1000} s waiting until ${what}; last state: ${
          JSON.stringify(state)
        }`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const codeViews = (view: NotebookView) => view.cells.filter((c): c is CellView => c !== null);
const maxCount = (view: NotebookView) =>
  Math.max(0, ...codeViews(view).map((c) => (typeof c.count === "number" ? c.count : 0)));

/** Click a top-level menu, then an item of it (a submenu path if several). */
async function menu(page: Page, top: string, ...items: string[]): Promise<void> {
  await page.locator(".lm-MenuBar-itemLabel", { hasText: new RegExp(`^${top}$`) }).click();
  for (const item of items) {
    const label = page.locator(".lm-Menu:visible .lm-Menu-itemLabel", {
      hasText: new RegExp(`^${item}$`),
    });
    await label.click();
  }
}

/** Undo HTML's character references for the five characters HTML escapes. */
function decodeHtml(html: string): string {
  return html.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'").replaceAll("&#x27;", "'").replaceAll("&amp;", "&");
}

/** The error message parseParams gives for these values (what the reader must see). */
function expectedError(values: Record<string, unknown>, label: string): string {
  try {
    parseParams(SCHEMA, values, label);
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  throw new Error(`expected ${JSON.stringify(values)} to be refused`);
}

Deno.test({
  name:
    "JupyterLab: a reader runs a chapter, edits a parameter, makes a mistake, restarts and exports",
  // playwright-core keeps timers and sockets of its own between steps
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    let chapterJson: { cells: NotebookCell[] };
    try {
      chapterJson = JSON.parse(await Deno.readTextFile(`${source}/${CHAPTER}`));
    } catch {
      throw new Error(`Cannot test JupyterLab: ${source}/${CHAPTER} is missing`);
    }
    const cells = chapterJson.cells;
    // One figure output per `show(` call (the notebooks never call it in a loop).
    const codeShowCalls = cells.filter((c) => c.cell_type === "code").map((c) =>
      text(c).match(SHOW_CALL)?.length ?? 0
    );
    const totalFigures = codeShowCalls.reduce((a, b) => a + b, 0);
    const parametersIndex = cells.findIndex((c) => c.metadata.tags?.includes("parameters"));
    assert.ok(parametersIndex >= 0, `${CHAPTER} has no cell tagged 'parameters'`);
    assert.ok(totalFigures > 0, `${CHAPTER} shows no figure`);
    const label = /\}\s*,\s*"([^"]*)"\s*,?\s*\)/.exec(text(cells[parametersIndex]))?.[1];
    const parametersCode = cells.slice(0, parametersIndex).filter((c) =>
      c.cell_type === "code"
    ).length;

    await Deno.mkdir(screenshots, { recursive: true });
    await Deno.mkdir(`${root}/build`, { recursive: true });
    const work = await Deno.makeTempDir({ dir: `${root}/build`, prefix: "lab-test-" });
    const notebooks = `${work}/notebooks`;
    await Deno.mkdir(notebooks);
    for await (const entry of Deno.readDir(source)) {
      if (/^\d\d-.*\.ipynb$/.test(entry.name)) {
        await Deno.copyFile(
          `${source}/${entry.name}`,
          `${notebooks}/${entry.name}`,
        );
      }
    }
    const first = [...Deno.readDirSync(notebooks)].map((e) => e.name).sort()[0];

    const started = performance.now();
    const log = (message: string) =>
      console.log(
        `  ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s  ${message}`,
      );
    const lab = await startLab({ notebooks, stateDir: `${work}/state` }).catch(async (error) => {
      await Deno.remove(work, { recursive: true });
      throw error;
    });
    let browser: Browser | undefined;
    try {
      const opened = await launchBrowser();
      browser = opened;
      const context = await opened.newContext({
        viewport: { width: 1400, height: 1100 },
        acceptDownloads: true,
      });
      const requests: string[] = [];
      const blocked: string[] = [];
      const pageErrors: string[] = [];
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith(`${lab.base}/`)) {
          requests.push(url);
          return route.continue();
        }
        blocked.push(url);
        return route.abort();
      });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      page.on("pageerror", (error) => pageErrors.push(String(error)));

      let panelId = "";
      let panel: Locator;
      const view = () => page.evaluate(readNotebook, panelId);
      const shot = async (name: string) => {
        await page.screenshot({ path: `${screenshots}/${name}` });
      };
      const parametersCell = () => panel.locator(".jp-Notebook .jp-Cell").nth(parametersIndex);
      const scrollToParameters = () =>
        parametersCell().evaluate((el) => el.scrollIntoView({ block: "start" }));
      /** A screenshot of the viewport with the first figure in the middle. */
      const shotFigure = async (name: string) => {
        // Cells above may change height as they render on the way: scroll, let it lay out, again.
        const figure = panel.locator(".jp-RenderedPlotly").first();
        for (let i = 0; i < 2; i++) {
          await figure.evaluate((el) => el.scrollIntoView({ block: "center" }));
          await page.evaluate(() =>
            new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
          );
        }
        await shot(name);
      };

      /** Wait until no cell is queued or running, the kernel is idle, and `accept` holds. */
      const waitForRun = (what: string, accept: (v: NotebookView) => boolean) =>
        waitUntil(what, async () => {
          const v = await view();
          const settled = v.status === "idle" && !codeViews(v).some((c) => c.count === "*");
          return { done: settled && accept(v) ? v : undefined, state: v };
        });

      /** Every code cell ran after `after`, without error, and drew its figures. */
      const allRan = (after: number) => (v: NotebookView) =>
        codeViews(v).length === codeShowCalls.length &&
        codeViews(v).every((c, i) =>
          typeof c.count === "number" && c.count > after && c.error === null &&
          c.figures === codeShowCalls[i] && c.drawn === c.figures
        );

      const runAll = async (what: string) => {
        const before = maxCount(await view());
        await menu(page, "Run", "Run All Cells");
        return await waitForRun(what, allRan(before));
      };

      /** Replace the parameter's value in the parameters cell by typing, as a reader would. */
      const typeValue = async (typed: string) => {
        const line = parametersCell().locator(".cm-line", {
          hasText: new RegExp(`^\\s*${PARAMETER}:`),
        });
        const current = (await line.textContent()) ?? "";
        const match = new RegExp(`^(\\s*${PARAMETER}:\\s*)([^,]+),`).exec(current);
        assert.ok(
          match,
          `the parameters cell has no line "${PARAMETER}: <value>," (got ${current})`,
        );
        await line.click();
        await page.keyboard.press("Home"); // CodeMirror: to the first non-blank character
        const prefix = match[1].trimStart().length;
        for (let i = 0; i < prefix; i++) await page.keyboard.press("ArrowRight");
        for (let i = 0; i < match[2].length; i++) await page.keyboard.press("Shift+ArrowRight");
        await page.keyboard.type(typed);
        await page.keyboard.press("Escape"); // leave the editor (command mode)
        const edited = (await line.textContent()) ?? "";
        assert.ok(
          edited.startsWith(`${match[1]}${typed},`),
          `typing ${typed} gave the line "${edited}"`,
        );
      };

      let firstRun: NotebookView;
      let firstData: string[];
      let defaultValue = "";

      await t.step(
        "a. it lands on the first chapter; the chapter runs on the Deno kernel and draws every figure",
        async () => {
          await page.goto(`${lab.base}/?token=${lab.token}`);
          await page.waitForURL(new RegExp(`/lab/tree/${first.replaceAll(".", "\\.")}`));
          const landing = page.locator('.lm-TabBar-tab[data-type="document-title"]', {
            hasText: first,
          });
          await landing.waitFor();
          if (first !== CHAPTER) {
            await page.locator(".jp-DirListing-item", { hasText: CHAPTER }).dblclick();
          }
          const tab = page.locator('.lm-TabBar-tab.lm-mod-current[data-type="document-title"]', {
            hasText: CHAPTER,
          });
          panelId = (await tab.getAttribute("data-id"))!;
          panel = page.locator(`[id="${panelId}"]`);
          await waitUntil("the kernel is idle", async () => {
            const v = await view();
            return {
              done: v.status === "idle" && v.kernel === KERNEL_NAME ? v : undefined,
              state: v,
            };
          });
          log(`${CHAPTER} is open on ${KERNEL_NAME}; Run → Run All Cells`);
          firstRun = await runAll(
            "the first Run All Cells has run every cell and drawn every figure",
          );
          assert.equal(firstRun.kernel, KERNEL_NAME);
          const views = codeViews(firstRun);
          assert.equal(views.reduce((sum, c) => sum + c.figures, 0), totalFigures);
          for (const [i, c] of views.entries()) {
            assert.equal(c.figures, codeShowCalls[i], `code cell ${i + 1}: figures vs show( calls`);
          }
          // Every figure's data changes its image (Plotly.toImage with and without the traces).
          log("figures drawn; checking their images");
          const inked: FigureReport[] = await withTimeout(
            page.evaluate(inspectFigures, `[id="${panelId}"] .jp-RenderedPlotly`),
            "rendering the figures with Plotly.toImage",
          );
          assert.equal(inked.length, totalFigures);
          for (const [i, figure] of inked.entries()) {
            assert.equal(figure.error, undefined, `figure ${i + 1}: ${figure.error}`);
            assert.ok(figure.traces > 0 && figure.points > 0, `figure ${i + 1} has no data`);
            assert.ok(
              figure.inkFraction > 0.002,
              `figure ${i + 1} looks blank (${figure.inkFraction})`,
            );
          }
          firstData = await page.evaluate(figureData, panelId);
          const line = await parametersCell().locator(".cm-line", {
            hasText: new RegExp(`^\\s*${PARAMETER}:`),
          }).textContent();
          defaultValue = new RegExp(`${PARAMETER}:\\s*([^,]+),`).exec(line ?? "")?.[1] ?? "";
          await shotFigure("lab-before-edit-figure.png");
          await scrollToParameters();
          await shot("lab-before-edit.png");
        },
      );

      await t.step(
        `b. typing ${PARAMETER}: ${EDITED} and running all again changes the figures' data`,
        async () => {
          await typeValue(EDITED);
          const v = await runAll(`the run with ${PARAMETER} = ${EDITED} has finished`);
          const params = codeViews(v)[parametersCode];
          assert.match(params.output, new RegExp(`${PARAMETER}: ${EDITED.replace(".", "\\.")}\\b`));
          const data = await page.evaluate(figureData, panelId);
          const changed = data.filter((d, i) => d !== firstData[i]).length;
          assert.ok(
            changed > 0,
            `no figure's data changed when ${PARAMETER} went from ${defaultValue} to ${EDITED}`,
          );
          await shotFigure("lab-after-edit-figure.png");
          await scrollToParameters();
          await shot("lab-after-edit.png");
        },
      );

      for (const bad of BAD_VALUES) {
        const how = bad.runAll ? "Run All Cells" : "running the cell (Shift+Enter)";
        await t.step(
          `c. typing ${PARAMETER}: ${bad.typed} and ${how} shows a one-line error; the kernel survives`,
          async () => {
            await typeValue(bad.typed);
            const before = maxCount(await view());
            if (bad.runAll) await menu(page, "Run", "Run All Cells");
            else await page.keyboard.press("Shift+Enter"); // the parameters cell is still selected
            const v = await waitForRun(
              `the run with ${PARAMETER} = ${bad.typed} has stopped on the error`,
              (v) => {
                const params = codeViews(v)[parametersCode];
                return typeof params.count === "number" && params.count > before &&
                  params.error !== null;
              },
            );
            const message = expectedError({ [PARAMETER]: bad.value }, label ?? "");
            assert.match(
              message,
              new RegExp(`: ${PARAMETER} must be .+ \\(got .+\\)$`),
              "names the parameter, what is allowed and the value",
            );
            assert.ok(message.includes(String(bad.value)), "the message shows the value given");
            const lines = codeViews(v)[parametersCode].error!.split("\n").map((l) => l.trim());
            assert.ok(
              lines.includes(message),
              `the error output shows the line "${message}"; it shows:\n${lines.join("\n")}`,
            );
            // The Deno kernel does not drop the cells queued after an error (Jupyter's
            // stop_on_error), and a failed `let params = …` keeps the previous value. parseParams
            // retires the old values, so every cell below that ran must stop on that, not draw
            // figures from the old values.
            const ranBelow = codeViews(v).slice(parametersCode + 1).filter((c) =>
              typeof c.count === "number" && c.count > before
            );
            for (const cell of ranBelow) {
              if (cell.error === null) continue; // a cell that does not read params
              assert.match(cell.error, /Cannot use params\.\w+: the parameters were refused/);
              assert.equal(cell.figures, 0, "a cell below a refused parameters cell drew a figure");
            }
            if (ranBelow.length > 0) {
              log(
                `after the error the kernel still ran ${ranBelow.length} cell(s) below; ${
                  ranBelow.filter((c) => c.error !== null).length
                } stopped on the retired parameters`,
              );
            }
            assert.notEqual(v.status, "dead");
            await scrollToParameters();
            await shot(bad.screenshot);
          },
        );
      }

      await t.step(
        `c. restoring ${PARAMETER} and running all brings back the first run's figures`,
        async () => {
          await typeValue(defaultValue);
          await runAll("the run with the value restored has finished");
          assert.deepEqual(await page.evaluate(figureData, panelId), firstData);
        },
      );

      await t.step(
        "d. Restart Kernel and Run All Cells leaves exactly one set of outputs per cell",
        async () => {
          await menu(page, "Kernel", "Restart Kernel and Run All Cells…");
          await page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept").click();
          const n = codeViews(firstRun).length;
          const v = await waitForRun(
            "the restarted kernel has run every cell from 1",
            (v) => codeViews(v).every((c, i) => c.count === i + 1) && allRan(0)(v),
          );
          assert.deepEqual(
            codeViews(v).map((c) => c.outputs),
            codeViews(firstRun).map((c) => c.outputs),
          );
          assert.equal(codeViews(v).length, n);
          assert.deepEqual(await page.evaluate(figureData, panelId), firstData);
        },
      );

      await t.step(
        "e. no news prompt shows, and the browser only talked to the local server",
        async () => {
          const settings =
            await (await lab.api("/lab/api/settings/@jupyterlab/apputils-extension:notification"))
              .json();
          // overrides.json (tools/setup_jupyter.py) sets the default; the reader has set nothing.
          const fetchNews = settings.settings?.fetchNews ??
            settings.schema?.properties?.fetchNews?.default;
          assert.equal(fetchNews, "false", "JupyterLab's fetchNews setting");
          assert.equal(await page.getByText(NEWS_PROMPT).count(), 0, "a news prompt is showing");
          assert.deepEqual(requests.filter((u) => /\/lab\/api\/(news|update)/.test(u)), []);
          assert.deepEqual(blocked, [], "requests outside the local server");
        },
      );

      await t.step(
        "f. File → Save and Export Notebook As → HTML gives a page that draws every figure offline",
        async () => {
          const download = new Promise<Download>((resolve) => {
            context.on("page", (popup) => popup.on("download", resolve));
            page.on("download", resolve);
          });
          await menu(page, "File", "Save and Export Notebook As", "HTML");
          // JupyterLab asks whether to sanitize the HTML (ticked by default): keep the default.
          const dialog = page.locator(".jp-Dialog", { hasText: "Export as HTML" });
          assert.ok(
            await dialog.locator('input[type="checkbox"]').isChecked(),
            "sanitize is ticked by default",
          );
          await dialog.locator(".jp-Dialog-button.jp-mod-accept").click();
          const file = await withTimeout(download, "the HTML export's download");
          log(`downloaded ${file.url().replace(/token=\w+/, "token=…")}`);
          assert.match(
            file.url(),
            new RegExp(`/nbconvert/html/${CHAPTER.replaceAll(".", "\\.")}\\?download=true`),
          );
          const exported = `${work}/export.html`;
          await file.saveAs(exported);
          // The export is of the saved notebook: one figure output per figure drawn in the lab.
          const saved = `${notebooks}/${CHAPTER}`;
          assert.equal(figureOutputs(saved), totalFigures);
          const savedCells = (JSON.parse(await Deno.readTextFile(saved)).cells as NotebookCell[])
            .filter((c) => c.cell_type === "code");
          assert.deepEqual(
            savedCells.map((c) => c.outputs?.length ?? 0),
            codeViews(firstRun).map((c) => c.outputs),
          );
          await checkExportedPage(opened, exported, {
            expectedFigures: totalFigures,
            screenshot: `${screenshots}/lab-export.png`,
            label: `the export of ${CHAPTER}`,
          });
          // Sanitized, the prose is still HTML: the title is the page's <h1>, and no Markdown
          // element shows as escaped text (nbconvert's own sanitizer escapes <p>, <h1>, <table>…).
          const html = await Deno.readTextFile(exported);
          const title = text(cells[0]).trim().split("\n")[0].replace(/^#\s*/, "");
          const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? "";
          assert.equal(
            decodeHtml(h1.replace(/<[^>]*>/g, "")).replace("¶", "").trim(),
            title,
            "the page's <h1>",
          );
          const escaped = html.match(
            /&lt;\/?(?:p|h[1-6]|ul|ol|li|table|tr|td|th|blockquote|br|hr|em|strong)\b/g,
          );
          assert.equal(
            escaped,
            null,
            `the page shows markup as text: ${escaped?.slice(0, 5).join(" ")}`,
          );
          assert.deepEqual(pageErrors, [], "JupyterLab had page errors");
        },
      );
      await context.close();
    } finally {
      try {
        await browser?.close();
      } finally {
        await lab.stop();
        await Deno.remove(work, { recursive: true });
      }
      console.log(`JupyterLab test: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  },
});
