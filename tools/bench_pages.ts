/// <reference lib="dom" />
/**
 * How fast the exported pages draw, as a reader opens them: from file://, network cut off, in
 * headless Chromium (tests/browser.ts). Part of `make bench` (tools/bench_course.py calls it).
 *
 *     deno run --allow-all tools/bench_pages.ts [--runs 5] build/html/01-….html …
 *
 * Each page is loaded `runs` times, each time in a fresh browser context (no cache), after one
 * uncounted warm-up load. In the page, an init script wraps `Plotly.newPlot` as soon as plotly.js
 * defines `window.Plotly`: a figure counts as drawn when its `newPlot` promise has resolved, its
 * `.course-figure` div has `_fullLayout` and is not transitioning, and one more animation frame
 * has been painted. Times are `performance.now()` in the page: milliseconds from navigation start.
 *
 * The machine is shared, so wall time depends on who else is busy. Each run also reports the CPU
 * time Chromium's processes used during the load (from /proc): that depends much less on load, and
 * says how heavy the page itself is.
 *
 * Prints one JSON object on stdout: `{ pages: [{ page, bytes, figures, runs: [PageRun, …] }] }`.
 *
 * @module
 */
import { launchBrowser } from "../tests/browser.ts";

/** One load of a page. Times in ms from navigation start. */
export interface PageRun {
  /** The last figure drawn; null if some figure never drew. */
  allDrawnMs: number | null;
  /** The first figure drawn. */
  firstDrawnMs: number | null;
  /** plotly.js evaluated (`window.Plotly` defined). */
  plotlyReadyMs: number | null;
  domContentLoadedMs: number;
  loadMs: number;
  /** Per figure in page order: `newPlot` called, returned, its promise resolved, drawn. */
  calledMs: number[];
  returnedMs: number[];
  resolvedMs: (number | null)[];
  drawnMs: (number | null)[];
  /** Per figure: "3d" (a WebGL scene) or "2d". */
  kinds: string[];
  /** CPU time (user + system) of all Chromium processes from navigation to the last figure. */
  cpuMs: number;
  errors: string[];
}

/** What the init script records in the page. */
interface Recorder {
  plotlyReady: number | null;
  called: number[];
  returned: number[];
  resolved: (number | null)[];
  drawn: (number | null)[];
  /** "3d" for a figure with a WebGL 3-D scene, "2d" otherwise. */
  kinds: string[];
  errors: string[];
}

/** Installed before any page script runs: records when plotly.js is ready and each figure drawn. */
function recordDrawing(): void {
  // deno-lint-ignore no-explicit-any
  const w = globalThis as any;
  const bench: Recorder = {
    plotlyReady: null,
    called: [],
    returned: [],
    resolved: [],
    drawn: [],
    kinds: [],
    errors: [],
  };
  w.__courseBench = bench;
  let plotly: unknown;
  Object.defineProperty(w, "Plotly", {
    configurable: true,
    get: () => plotly,
    set(value) {
      plotly = value;
      if (bench.plotlyReady === null) bench.plotlyReady = performance.now();
      // deno-lint-ignore no-explicit-any
      const lib = value as any;
      const newPlot = lib?.newPlot;
      if (typeof newPlot !== "function" || newPlot.__courseBench) return;
      // deno-lint-ignore no-explicit-any
      const wrapped = function (this: unknown, gd: any, ...rest: unknown[]) {
        const index = bench.drawn.length;
        bench.called.push(performance.now());
        bench.resolved.push(null);
        bench.drawn.push(null);
        bench.kinds.push("2d");
        const div = typeof gd === "string" ? document.getElementById(gd) : gd;
        const settle = () => {
          if (!div?._fullLayout) {
            bench.errors.push(`figure ${index}: newPlot resolved without _fullLayout`);
            return;
          }
          if (div._transitioning) {
            setTimeout(settle, 5);
            return;
          }
          if (div._fullLayout._has?.("gl3d")) bench.kinds[index] = "3d";
          // One painted frame after Plotly is done: the figure is on screen.
          requestAnimationFrame(() => {
            bench.drawn[index] = performance.now();
          });
        };
        try {
          const result = newPlot.call(this, gd, ...rest);
          bench.returned.push(performance.now());
          Promise.resolve(result).then(() => {
            bench.resolved[index] = performance.now();
            settle();
          }, (error: unknown) => {
            bench.errors.push(`figure ${index}: ${String(error)}`);
          });
          return result;
        } catch (error) {
          bench.errors.push(`figure ${index}: ${String(error)}`);
          throw error;
        }
      };
      wrapped.__courseBench = true;
      lib.newPlot = wrapped;
    },
  });
}

/** CPU time (ms) used so far by the processes descending from this one (Chromium's), from /proc. */
function descendantCpuMs(): number {
  const parentOf = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of Deno.readDirSync("/proc")) {
    const pid = Number(entry.name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
      // Fields after "(comm)": state ppid … utime(14) stime(15), counted from the pid as field 1.
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parentOf.set(pid, Number(rest[1]));
      ticks.set(pid, Number(rest[11]) + Number(rest[12]));
    } catch {
      // the process ended while we read
    }
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    let p: number | undefined = parentOf.get(pid);
    while (p !== undefined && p > 1 && p !== Deno.pid) p = parentOf.get(p);
    if (p === Deno.pid) total += t;
  }
  return total * 10; // clock ticks of 10 ms (CLK_TCK = 100 on Linux)
}

/** Load one page once and time its figures. */
async function timePage(
  browser: Awaited<ReturnType<typeof launchBrowser>>,
  path: string,
  timeoutMs: number,
): Promise<PageRun> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const tab = await context.newPage();
  const errors: string[] = [];
  const pageUrl = `file://${path}`;
  try {
    await tab.route("**/*", (route) => {
      const url = route.request().url();
      if (url === pageUrl) return route.continue();
      errors.push(`blocked request ${url}`);
      return route.abort();
    });
    tab.on("pageerror", (error) => errors.push(String(error)));
    await tab.addInitScript(recordDrawing);
    const cpuBefore = descendantCpuMs();
    await tab.goto(pageUrl, { waitUntil: "load", timeout: timeoutMs });
    const expected = await tab.evaluate(() => document.querySelectorAll(".course-figure").length);
    try {
      await tab.waitForFunction(
        (n) => {
          // deno-lint-ignore no-explicit-any
          const bench = (globalThis as any).__courseBench as Recorder;
          return bench.drawn.length >= n && bench.drawn.every((t) => t !== null);
        },
        expected,
        { timeout: timeoutMs, polling: 20 },
      );
    } catch {
      errors.push(`not every figure drew within ${timeoutMs} ms`);
    }
    const cpuMs = descendantCpuMs() - cpuBefore;
    const timing = await tab.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      // deno-lint-ignore no-explicit-any
      const bench = (globalThis as any).__courseBench as Recorder;
      return {
        ...bench,
        domContentLoadedMs: nav.domContentLoadedEventEnd,
        loadMs: nav.loadEventEnd,
      };
    });
    errors.push(...timing.errors);
    if (timing.drawn.length !== expected) {
      errors.push(`${expected} figure divs but ${timing.drawn.length} newPlot calls`);
    }
    const done = timing.drawn.filter((t): t is number => t !== null);
    const complete = done.length === expected && expected > 0;
    return {
      allDrawnMs: complete ? Math.max(...done) : null,
      firstDrawnMs: done.length ? Math.min(...done) : null,
      plotlyReadyMs: timing.plotlyReady,
      domContentLoadedMs: timing.domContentLoadedMs,
      loadMs: timing.loadMs,
      calledMs: timing.called,
      returnedMs: timing.returned,
      resolvedMs: timing.resolved,
      drawnMs: timing.drawn,
      kinds: timing.kinds,
      cpuMs,
      errors,
    };
  } finally {
    await context.close();
  }
}

if (import.meta.main) {
  let runs = 5;
  let timeoutMs = 60_000;
  const paths: string[] = [];
  for (let i = 0; i < Deno.args.length; i++) {
    if (Deno.args[i] === "--runs") runs = Number(Deno.args[++i]);
    else if (Deno.args[i] === "--timeout-ms") timeoutMs = Number(Deno.args[++i]);
    else paths.push(Deno.args[i]);
  }
  if (!(Number.isInteger(runs) && runs >= 1)) {
    console.error(`Cannot time pages: --runs must be an integer ≥ 1 (got ${runs})`);
    Deno.exit(2);
  }
  const browser = await launchBrowser();
  const pages = [];
  try {
    // One warm-up load, not counted: the first load after launch also starts the GPU process,
    // which a reader's browser already has running.
    if (paths.length > 0) await timePage(browser, await Deno.realPath(paths[0]), timeoutMs);
    for (const path of paths) {
      const absolute = await Deno.realPath(path);
      const bytes = (await Deno.stat(absolute)).size;
      const results: PageRun[] = [];
      for (let r = 0; r < runs; r++) results.push(await timePage(browser, absolute, timeoutMs));
      const figures = results[0].drawnMs.length;
      pages.push({ page: path.split("/").pop(), path: absolute, bytes, figures, runs: results });
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify({ pages }));
}
