"""`make bench`: the course as its readers feel it, measured and checked against budgets.

    .venv/bin/python tools/bench_course.py                 # everything (what `make bench` runs)
    .venv/bin/python tools/bench_course.py --skip-build --only 03-gradient-descent --reruns 10

Measures, on this machine, with medians and 95th percentiles over repetitions (the machine is
shared: one number is noise, a median of several is a measurement):

- the library's hot paths: `deno bench --json bench/` (ratios against each group's baseline);
- kernel start to first result: a fresh Deno kernel (jupyter_client) until `1` comes back;
- per chapter: the whole notebook executed by nbclient, kernel start included;
- per figure cell: rerun latency, execute request to `idle`, after one full run in the same kernel;
- the whole `make build`, warm (set-up already done), once;
- per exported page: its size, and navigation to every figure drawn in headless Chromium
  (tools/bench_pages.ts), next to a page holding plotly.js alone, for scale.

Writes build/bench.json, prints a table, and exits 1 naming every budget that is missed and by how
much (2 if something could not be measured at all). Budgets are checked here, never in unit tests.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"
DENO = ROOT / ".venv" / "bin" / "deno"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_JS = ROOT / "node_modules" / "plotly.js-dist-min" / "plotly.min.js"
PLOTLY_TEMPLATE = ROOT / ".venv" / "share" / "jupyter" / "nbconvert" / "templates" / "course" / "plotly_full.html.j2"


@dataclass(frozen=True)
class Budgets:
    """The issue's budgets on the course's 2-core machine."""

    figure_rerun_p95_ms: float = 100.0
    surface_gradient_ms: float = 40.0
    network_pass_ms: float = 1.0
    chapter_s: float = 2.0
    page_drawn_ms: float = 1500.0
    page_extra_bytes: int = 1_000_000  # beyond plotly.js


BUDGETS = Budgets()
# The deno benches the budgets read (matched by the start of their names).
SURFACE_BENCH = "surface + exact gradient, 1000 × 1000"
NETWORK_BENCH = re.compile(r"^forward \+ backward, 20 layers × 32, batch 64, relu")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def p95(values: list[float]) -> float:
    """The 95th percentile by nearest rank: the value 95% of the runs do not exceed."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def chapters(only: str | None) -> list[Path]:
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    if only:
        paths = [p for p in paths if p.stem == only or p.name == only]
    return paths


# --- deno bench ------------------------------------------------------------------------------------


def deno_bench() -> list[dict]:
    """Run every bench/*_bench.ts once with --json; one row per bench with ms statistics."""
    log("==> deno bench --json bench/")
    proc = subprocess.run(
        [str(DENO), "bench", "--allow-read", "--json", "bench/"],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"},
    )
    text = proc.stdout
    start = text.find("{")
    if proc.returncode != 0 or start < 0:
        raise RuntimeError(f"deno bench failed (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}")
    report = json.loads(text[start:])
    rows = []
    for bench in report["benches"]:
        result = bench["results"][0]
        if "ok" not in result:
            rows.append({"group": bench.get("group"), "name": bench["name"], "error": str(result)})
            continue
        ok = result["ok"]
        rows.append({
            "file": bench["origin"].rsplit("/", 1)[-1],
            "group": bench.get("group") or "",
            "name": bench["name"],
            "baseline": bool(bench.get("baseline")),
            "n": ok["n"],
            # deno bench reports nanoseconds; no median, so p75 (≥ the median) is the robust figure.
            "minMs": ok["min"] / 1e6,
            "avgMs": ok["avg"] / 1e6,
            "p75Ms": ok["p75"] / 1e6,
            "p99Ms": ok["p99"] / 1e6,
        })
    # Ratio to the group's baseline (by p75): how many times slower than the baseline.
    for row in rows:
        base = next((r for r in rows if r.get("group") == row.get("group") and r.get("baseline")
                     and r.get("file") == row.get("file")), None)
        if base and "p75Ms" in row and base["p75Ms"] > 0:
            row["vsBaseline"] = row["p75Ms"] / base["p75Ms"]
    return rows


# --- kernel ------------------------------------------------------------------------------------------


def start_kernel():
    from jupyter_client.manager import start_new_kernel

    return start_new_kernel(kernel_name="deno", cwd=str(NOTEBOOKS), startup_timeout=120)


@dataclass
class Execution:
    seconds: float
    outputs: list[dict]
    error: str | None
    figure_bytes: int


def execute(kc, code: str, timeout: float = 120) -> Execution:
    """Execute code; time from the request to the kernel's `idle` for it (its last output is before)."""
    started = time.perf_counter()
    msg_id = kc.execute(code, store_history=True)
    outputs: list[dict] = []
    error = None
    figure_bytes = 0
    deadline = started + timeout
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            raise TimeoutError(f"no idle within {timeout} s")
        msg = kc.get_iopub_msg(timeout=remaining)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            break
        if kind in ("execute_result", "display_data", "stream", "error"):
            outputs.append(msg)
            if kind == "error":
                error = f"{msg['content'].get('ename')}: {msg['content'].get('evalue')}"
            data = msg["content"].get("data", {})
            if PLOTLY_MIME in data:
                figure_bytes += len(json.dumps(data))
    seconds = time.perf_counter() - started
    return Execution(seconds, outputs, error, figure_bytes)


def kernel_first_result(runs: int) -> dict:
    """Fresh kernel until the execute_result of `1`: what a reader waits for on opening a notebook."""
    log(f"==> kernel start to first result ({runs} run(s))")
    ready, first = [], []
    for _ in range(runs):
        started = time.perf_counter()
        km, kc = start_kernel()
        try:
            ready.append(time.perf_counter() - started)
            result = execute(kc, "1")
            kinds = [m["msg_type"] for m in result.outputs]
            if "execute_result" not in kinds:
                raise RuntimeError(f"`1` gave no execute_result (got {kinds})")
            first.append(time.perf_counter() - started)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    return {"readyMs": [s * 1000 for s in ready], "firstResultMs": [s * 1000 for s in first],
            "medianReadyMs": median(ready) * 1000, "medianFirstResultMs": median(first) * 1000}


# --- chapters ----------------------------------------------------------------------------------------


def chapter_once(path: Path) -> tuple[float, float, int]:
    """nbclient on a fresh kernel; (to the last cell's reply, to the end incl. shutdown, code cells)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    last = [0.0]
    client = NotebookClient(nb, kernel_name="deno", timeout=120, resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.on_cell_executed = lambda **_: last.__setitem__(0, time.perf_counter())
    started = time.perf_counter()
    client.execute()
    ended = time.perf_counter()
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    return last[0] - started, ended - started, code_cells


def chapter_times(paths: list[Path], runs: int) -> list[dict]:
    rows = []
    for path in paths:
        log(f"==> chapter {path.stem}: run all, fresh kernel ({runs} run(s))")
        to_last, total, error = [], [], None
        cells = 0
        for _ in range(runs):
            try:
                a, b, cells = chapter_once(path)
            except Exception as exc:  # a failing notebook is reported, not fatal to the bench
                error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
                break
            to_last.append(a)
            total.append(b)
        rows.append({"notebook": path.stem, "codeCells": cells, "runsS": to_last, "withShutdownS": total,
                     "medianS": median(to_last), "medianWithShutdownS": median(total), "error": error})
    return rows


# --- figure cells ------------------------------------------------------------------------------------


def figure_reruns(paths: list[Path], reruns: int) -> list[dict]:
    """Run all cells once in one kernel, then rerun each figure cell `reruns` times."""
    import nbformat

    rows = []
    for path in paths:
        log(f"==> figure cells of {path.stem}: one full run, then {reruns} reruns each")
        nb = nbformat.read(path, as_version=4)
        try:
            rows.extend(figure_reruns_of(path.stem, nb, reruns))
        except Exception as exc:  # a dead or stuck kernel is reported, and the bench goes on
            rows.append({"notebook": path.stem, "cell": None, "error": f"{type(exc).__name__}: {exc}"})
    return rows


def figure_reruns_of(name: str, nb, reruns: int) -> list[dict]:
    """One kernel: every code cell once, in order; then each figure cell `reruns` times."""
    rows = []
    km, kc = start_kernel()
    try:
        figure_cells = []
        for number, cell in enumerate(nb.cells, start=1):
            if cell.cell_type != "code":
                continue
            run = execute(kc, cell.source)
            if run.error:
                return [{"notebook": name, "cell": None, "error": f"full run failed at cell {number}: {run.error}"}]
            figures = sum(1 for m in run.outputs if PLOTLY_MIME in m["content"].get("data", {}))
            if figures:
                figure_cells.append((number, cell, figures, run.seconds))
        for number, cell, figures, first in figure_cells:
            times, payload, error = [], 0, None
            for _ in range(reruns):
                run = execute(kc, cell.source)
                if run.error:
                    error = run.error
                    break
                times.append(run.seconds * 1000)
                payload = run.figure_bytes
            intent = next((line.strip().lstrip("/ ").strip() for line in cell.source.splitlines()
                           if line.strip()), "")
            rows.append({
                "notebook": name, "cell": number, "intent": intent[:70], "figures": figures,
                "firstRunMs": first * 1000, "runsMs": times, "medianMs": median(times),
                "p95Ms": p95(times), "payloadBytes": payload, "error": error,
            })
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return rows


# --- build and pages ---------------------------------------------------------------------------------


def make_build() -> dict:
    log("==> make build (warm)")
    started = time.perf_counter()
    proc = subprocess.run(["make", "--no-print-directory", "build"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    tail = (proc.stdout + proc.stderr).strip().splitlines()[-3:]
    return {"seconds": seconds, "ok": proc.returncode == 0, "tail": tail}


def plotly_bytes() -> int:
    return PLOTLY_JS.stat().st_size


def page_times(paths: list[Path], runs: int) -> tuple[list[dict], dict | None]:
    pages = [BUILD / "html" / f"{p.stem}.html" for p in paths]
    pages = [p for p in pages if p.exists()]
    if not pages:
        return [], None
    log(f"==> pages in headless Chromium ({runs} loads each, plus plotly.js alone)")
    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        # The full plotly.js <script> alone: what loading it costs by itself (partial bundles cost less).
        template = PLOTLY_TEMPLATE.read_text()
        script = template.replace("{% raw %}", "").replace("{% endraw %}", "")
        baseline = Path(tmp) / "plotly-only.html"
        baseline.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'>{script}</head><body></body></html>")
        proc = subprocess.run(
            [str(DENO), "run", "--allow-all", "tools/bench_pages.ts", "--runs", str(runs),
             str(baseline), *map(str, pages)],
            cwd=ROOT, capture_output=True, text=True,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"tools/bench_pages.ts failed: {proc.stderr.strip()[-2000:]}")
    report = json.loads(proc.stdout[proc.stdout.find("{"):])["pages"]
    rows = []
    for page in report:
        runs_ = page["runs"]
        drawn = [r["allDrawnMs"] for r in runs_ if r["allDrawnMs"] is not None]
        errors = sorted({e for r in runs_ for e in r["errors"]})
        kinds = runs_[0].get("kinds", [])

        def cost(kind: str) -> float:
            """Median over loads of the time spent inside newPlot for figures of one kind."""
            totals = [sum(r["returnedMs"][i] - r["calledMs"][i] for i, k in enumerate(r.get("kinds", []))
                          if k == kind and i < len(r["returnedMs"])) for r in runs_]
            return median(totals)

        rows.append({
            "page": page["page"], "bytes": page["bytes"], "figures": page["figures"],
            "figures3d": kinds.count("3d"), "newPlot3dMs": cost("3d"), "newPlot2dMs": cost("2d"),
            "medianCpuMs": median([r["cpuMs"] for r in runs_]),
            "extraBytes": page["bytes"] - plotly_bytes(),
            "allDrawnMs": [r["allDrawnMs"] for r in runs_],
            "medianAllDrawnMs": median(drawn) if len(drawn) == len(runs_) else math.nan,
            "medianFirstDrawnMs": median([r["firstDrawnMs"] for r in runs_ if r["firstDrawnMs"] is not None]),
            "medianPlotlyReadyMs": median([r["plotlyReadyMs"] for r in runs_ if r["plotlyReadyMs"] is not None]),
            "medianDomContentLoadedMs": median([r["domContentLoadedMs"] for r in runs_]),
            "errors": errors,
        })
    return rows[1:], rows[0]


# --- budgets and the table ---------------------------------------------------------------------------


def check_budgets(result: dict) -> list[dict]:
    checks: list[dict] = []

    def check(name: str, value: float, limit: float, unit: str, note: str = "") -> None:
        ok = value < limit if not math.isnan(value) else False
        checks.append({"name": name, "value": value, "limit": limit, "unit": unit, "ok": ok,
                       "over": None if ok or math.isnan(value) else value - limit,
                       "note": note or ("not measured" if math.isnan(value) else "")})

    if "denoBench" in result:
        benches = result["denoBench"]
        surface = next((b for b in benches if b["name"].startswith(SURFACE_BENCH) and "p75Ms" in b), None)
        check("surface + exact gradient, 1000 × 1000 (deno bench p75)",
              surface["p75Ms"] if surface else math.nan, BUDGETS.surface_gradient_ms, "ms")
        network = next((b for b in benches if NETWORK_BENCH.match(b["name"]) and "p75Ms" in b), None)
        if network:
            check("network forward + backward, depth 20, width 32, batch 64 (deno bench p75)",
                  network["p75Ms"], BUDGETS.network_pass_ms, "ms")
        else:
            checks.append({"name": "network forward + backward (bench/network_bench.ts)", "value": math.nan,
                           "limit": BUDGETS.network_pass_ms, "unit": "ms", "ok": True, "over": None,
                           "note": "skipped: no such bench yet"})
    for row in result.get("chapters", []):
        if row["error"]:
            check(f"chapter {row['notebook']} runs", math.nan, BUDGETS.chapter_s, "s", f"failed: {row['error']}")
        else:
            check(f"chapter {row['notebook']}, run all incl. kernel start (median)", row["medianS"],
                  BUDGETS.chapter_s, "s")
    for row in result.get("figureCells", []):
        if row.get("cell") is None or row.get("error"):
            check(f"figure cells of {row['notebook']}", math.nan, BUDGETS.figure_rerun_p95_ms, "ms",
                  f"failed: {row.get('error')}")
        else:
            check(f"rerun p95, {row['notebook']} cell {row['cell']}", row["p95Ms"],
                  BUDGETS.figure_rerun_p95_ms, "ms")
    limit_bytes = plotly_bytes() + BUDGETS.page_extra_bytes
    for row in result.get("pages", []):
        check(f"page {row['page']}, every figure drawn (median)", row["medianAllDrawnMs"],
              BUDGETS.page_drawn_ms, "ms", "; ".join(row["errors"])[:300])
        checks.append({"name": f"page {row['page']} size", "value": row["bytes"], "limit": limit_bytes,
                       "unit": "B", "ok": row["bytes"] <= limit_bytes,
                       "over": None if row["bytes"] <= limit_bytes else row["bytes"] - limit_bytes, "note": ""})
    return checks


def fmt(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.{digits}f}"


def print_table(result: dict) -> None:
    out = []
    machine = result["machine"]
    out.append(f"Course benchmarks — {machine['cpus']} CPUs, load average {machine['loadBefore']} → "
               f"{machine['loadAfter']} (1, 5, 15 min), {machine['date']}")
    if result.get("denoBench"):
        out.append("\nLibrary hot paths (deno bench; ms per call; ×: p75 against the group's baseline)")
        out.append(f"  {'group':<22} {'bench':<70} {'p75':>9} {'avg':>9} {'min':>9} {'×':>6}")
        for b in result["denoBench"]:
            if "error" in b:
                out.append(f"  {b['group'] or '':<22} {b['name'][:70]:<70} failed: {b['error'][:40]}")
                continue
            ratio = "base" if b["baseline"] else fmt(b.get("vsBaseline"), 2)
            out.append(f"  {b['group'][:22]:<22} {b['name'][:70]:<70} {fmt(b['p75Ms'], 3):>9} "
                       f"{fmt(b['avgMs'], 3):>9} {fmt(b['minMs'], 3):>9} {ratio:>6}")
    if result.get("kernel"):
        k = result["kernel"]
        out.append(f"\nKernel start to first result: {fmt(k['medianFirstResultMs'], 0)} ms median "
                   f"(ready {fmt(k['medianReadyMs'], 0)} ms; runs {', '.join(fmt(x, 0) for x in k['firstResultMs'])})")
    if result.get("chapters"):
        out.append("\nChapters: run all on a fresh kernel (nbclient), kernel start included (median)")
        out.append(f"  {'notebook':<32} {'code cells':>10} {'to last cell':>13} {'with shutdown':>14}")
        for c in result["chapters"]:
            if c["error"]:
                out.append(f"  {c['notebook']:<32} failed: {c['error']}")
            else:
                out.append(f"  {c['notebook']:<32} {c['codeCells']:>10} {fmt(c['medianS'], 2) + ' s':>13} "
                           f"{fmt(c['medianWithShutdownS'], 2) + ' s':>14}")
    if result.get("figureCells"):
        reruns = result["settings"]["reruns"]
        out.append(f"\nFigure cells: rerun latency, request to idle, {reruns} reruns after a full run (ms)")
        out.append(f"  {'notebook':<28} {'cell':>4} {'figs':>4} {'median':>7} {'p95':>7} {'payload':>9}  intent")
        for f in result["figureCells"]:
            if f.get("cell") is None:
                out.append(f"  {f['notebook']:<28} {f['error']}")
                continue
            payload = f"{f['payloadBytes'] / 1024:,.0f} KB"
            out.append(f"  {f['notebook'][:28]:<28} {f['cell']:>4} {f['figures']:>4} {fmt(f['medianMs']):>7} "
                       f"{fmt(f['p95Ms']):>7} {payload:>9}  {f['intent'][:60]}"
                       + (f"  ERROR {f['error']}" if f.get("error") else ""))
    if result.get("build"):
        b = result["build"]
        out.append(f"\nmake build (warm): {fmt(b['seconds'], 1)} s" + ("" if b["ok"] else f" — FAILED: {b['tail']}"))
    if result.get("pages"):
        base = result.get("plotlyOnlyPage") or {}
        out.append(f"\nPages in headless Chromium (median of {result['settings']['pageRuns']} loads; ms from navigation)")
        out.append(f"  plotly.js alone: {plotly_bytes():,} B, evaluated at {fmt(base.get('medianPlotlyReadyMs'), 0)} ms "
                   f"(cpu {fmt(base.get('medianCpuMs'), 0)} ms)")
        out.append("  plotly: plotly.js evaluated; first/all: figures drawn; in 3-D/2-D: time inside Plotly.newPlot;")
        out.append("  cpu: CPU time of all Chromium processes during the load (depends less on the machine's load)")
        out.append(f"  {'page':<32} {'bytes':>11} {'+plotly':>9} {'figs (3-D)':>10} {'plotly':>7} {'first':>7} "
                   f"{'all':>7} {'all/plotly':>10} {'in 3-D':>7} {'in 2-D':>7} {'cpu':>7}")
        for p in result["pages"]:
            ratio = p["medianAllDrawnMs"] / base["medianPlotlyReadyMs"] if base.get("medianPlotlyReadyMs") else math.nan
            figs = f"{p['figures']} ({p['figures3d']})"
            out.append(f"  {p['page']:<32} {p['bytes']:>11,} {p['extraBytes'] / 1e6:>7.2f}MB {figs:>10} "
                       f"{fmt(p['medianPlotlyReadyMs'], 0):>7} {fmt(p['medianFirstDrawnMs'], 0):>7} "
                       f"{fmt(p['medianAllDrawnMs'], 0):>7} {fmt(ratio, 2):>10} {fmt(p['newPlot3dMs'], 0):>7} "
                       f"{fmt(p['newPlot2dMs'], 0):>7} {fmt(p['medianCpuMs'], 0):>7}"
                       + (f"  {'; '.join(p['errors'])[:80]}" if p["errors"] else ""))
    out.append("\nBudgets")
    for c in result["budgets"]:
        unit = c["unit"]
        digits = 0 if unit == "B" else (2 if unit == "s" else 1)
        if c["ok"] and not c["note"]:
            status = "ok  "
        elif c["ok"]:
            status = "skip"
        else:
            status = "OVER"
        over = f"  over by {fmt(c['over'], digits)} {unit} ({c['value'] / c['limit']:.2f}× the budget)" if c["over"] else ""
        note = f"  ({c['note']})" if c["note"] else ""
        out.append(f"  {status} {c['name']:<78} {fmt(c['value'], digits):>12} {unit} < {fmt(c['limit'], digits)} {unit}{over}{note}")
    print("\n".join(out), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="one chapter, by name (e.g. 03-gradient-descent)")
    parser.add_argument("--kernel-runs", type=int, default=5, help="kernel starts to time (default 5)")
    parser.add_argument("--chapter-runs", type=int, default=3, help="full runs of each chapter (default 3)")
    parser.add_argument("--reruns", type=int, default=20, help="reruns of each figure cell (default 20)")
    parser.add_argument("--page-runs", type=int, default=5, help="loads of each page (default 5)")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: deno,kernel,chapters,cells,build,pages")
    parser.add_argument("--skip-build", action="store_true", help="same as --skip build (time the pages already built)")
    args = parser.parse_args()
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if args.skip_build:
        skip.add("build")

    paths = chapters(args.only)
    if not paths:
        print(f"Cannot bench: no notebook matches {args.only!r} in {NOTEBOOKS}", file=sys.stderr)
        return 2
    result: dict = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "loadBefore": load_average(),
                    "date": time.strftime("%Y-%m-%d %H:%M:%S")},
        "settings": {"kernelRuns": args.kernel_runs, "chapterRuns": args.chapter_runs, "reruns": args.reruns,
                     "pageRuns": args.page_runs, "only": args.only, "skipped": sorted(skip)},
        "budgets_definition": BUDGETS.__dict__,
    }
    try:
        if "deno" not in skip:
            result["denoBench"] = deno_bench()
        if "kernel" not in skip:
            result["kernel"] = kernel_first_result(args.kernel_runs)
        if "build" not in skip:
            result["build"] = make_build()
        if "chapters" not in skip:
            result["chapters"] = chapter_times(paths, args.chapter_runs)
        if "cells" not in skip:
            result["figureCells"] = figure_reruns(paths, args.reruns)
        if "pages" not in skip:
            result["pages"], result["plotlyOnlyPage"] = page_times(paths, args.page_runs)
    except Exception as exc:
        print(f"Cannot bench: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    result["machine"]["loadAfter"] = load_average()
    result["budgets"] = check_budgets(result)
    BUILD.mkdir(exist_ok=True)
    (BUILD / "bench.json").write_text(json.dumps(clean(result), indent=2) + "\n")
    print_table(result)
    over = [c for c in result["budgets"] if not c["ok"]]
    if result.get("build") and not result["build"]["ok"]:
        over.append({"name": "make build", "note": "failed"})
    if over:
        print(f"\n{len(over)} budget(s) missed:", file=sys.stderr)
        for c in over:
            if c.get("over") is not None:
                print(f"  {c['name']}: {fmt(c['value'], 2)} {c['unit']}, over the {fmt(c['limit'], 2)} {c['unit']} "
                      f"budget by {fmt(c['over'], 2)} {c['unit']}", file=sys.stderr)
            else:
                print(f"  {c['name']}: {c.get('note') or 'not measured'}", file=sys.stderr)
        return 1
    parts = sorted(skip) + ([f"chapters other than {args.only}"] if args.only else [])
    skipped = f" (skipped: {', '.join(parts)})" if parts else ""
    print(f"\nEvery budget measured holds{skipped}. Wrote {BUILD / 'bench.json'}")
    return 0


def clean(value):
    """JSON without NaN: unmeasured numbers become null."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value, 4)
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value


if __name__ == "__main__":
    sys.exit(main())
