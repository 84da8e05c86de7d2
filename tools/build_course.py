"""Run every course notebook on the Deno kernel and export it as an interactive, offline HTML page.

    python tools/build_course.py                       # the whole course (what `make` runs)
    python tools/build_course.py --only 03-gradient-descent --params "learningRate=0.5 steps=20"
    python tools/build_course.py --only 03-gradient-descent --params "learningRate=0.5" --out /tmp/v

Writes build/notebooks/<name>.ipynb (executed), build/html/<name>.html, build/html/index.html and
build/summary.json (or the same under --out). Fails, naming the notebook and the cell, on any cell
error and on any figure output that went missing (each `show(` call in a cell must have produced a
figure output).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
SHOW_CALL = re.compile(r"(?<![\w.])show\(")
SCHEMA_IN_PARAMETERS = re.compile(r"parseParams\(\s*(\w+)")
LABEL_IN_PARAMETERS = re.compile(r"\}\s*,\s*(\"[^\"]*\"|'[^']*')\s*,?\s*\)")


class BuildError(Exception):
    """A failure that names the notebook and the cell."""


@dataclass
class NotebookReport:
    name: str
    title: str
    summary: str
    cells: int
    code_cells: int
    figures: int
    seconds: float
    parameters: str = ""
    injected: dict[str, object] = field(default_factory=dict)


def cell_has_tag(cell: nbformat.NotebookNode, tag: str) -> bool:
    return tag in cell.get("metadata", {}).get("tags", [])


def parse_params(text: str) -> dict[str, object]:
    """`"learningRate=0.5 steps=20 method=exact"` → {"learningRate": 0.5, "steps": 20, "method": "exact"}.

    Each value is read as JSON when it parses as JSON (numbers, true/false, null, [..], "..."),
    otherwise as a string, so the notebook's schema decides what is allowed and says so.
    """
    values: dict[str, object] = {}
    for item in text.split():
        name, sep, raw = item.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z]\w*", name):
            raise BuildError(
                f"Cannot read PARAMS: expected name=value pairs separated by spaces, with no space inside a"
                f" value, e.g. learningRates=[0.1,0.5] (got {item!r})"
            )
        if name in values:
            raise BuildError(f"Cannot read PARAMS: {name} is given twice (got {text!r})")
        try:
            values[name] = json.loads(raw)
        except json.JSONDecodeError:
            values[name] = raw
    return values


def inject_parameters(nb: nbformat.NotebookNode, values: dict[str, object], name: str) -> None:
    """Add a cell tagged `injected-parameters` after the `parameters` cell (papermill's convention)."""
    index = next((i for i, c in enumerate(nb.cells) if cell_has_tag(c, "parameters")), None)
    if index is None:
        raise BuildError(f"{name}: cannot inject parameters: no cell is tagged 'parameters'")
    schema = SCHEMA_IN_PARAMETERS.search(nb.cells[index].source)
    if not schema:
        raise BuildError(f"{name}: cannot inject parameters: the parameters cell does not call parseParams(Schema, …)")
    label = LABEL_IN_PARAMETERS.search(nb.cells[index].source)
    literal = ", ".join(f"{key}: {json.dumps(value)}" for key, value in values.items())
    label_argument = f", {label.group(1)}" if label else ""
    source = (
        "// Injected parameters (from the command line): they replace the values above.\n"
        f"params = parseParams({schema.group(1)}, {{ ...params, {literal} }}{label_argument});\n"
        "params;"
    )
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(index + 1, cell)
    # Say so where a reader sees it: the prose quotes the numbers of the default parameters.
    changed = ", ".join(f"{key} = {json.dumps(value)}" for key, value in values.items())
    notice = nbformat.v4.new_markdown_cell(
        f"> **Edited parameters.** This page was built with {changed}. The outputs and figures are"
        " computed for these values; the numbers quoted in the text are those of the defaults."
    )
    notice.metadata["tags"] = ["injected-parameters-notice"]
    nb.cells.insert(index + 2, notice)


def error_line(cell: nbformat.NotebookNode) -> str:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".strip()
    return "the cell failed"


def check_figures(nb: nbformat.NotebookNode, name: str) -> int:
    """Every `show(` call must have produced one figure output; returns the figure count."""
    total = 0
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        figures = sum(1 for o in cell.get("outputs", []) if PLOTLY_MIME in o.get("data", {}))
        expected = len(SHOW_CALL.findall(cell.source))
        if figures < expected:
            raise BuildError(
                f"{name}, cell {number}: {expected} show() call(s) but {figures} figure output(s): an output was lost"
            )
        total += figures
    return total


def title_and_summary(nb: nbformat.NotebookNode) -> tuple[str, str]:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = cell.source.strip().splitlines()
            title = lines[0].lstrip("#").strip() if lines else ""
            # The summary is the first paragraph after the title.
            paragraphs = "\n".join(lines[1:]).strip().split("\n\n")
            rest = " ".join(line.strip() for line in paragraphs[0].splitlines() if line.strip())
            return title, rest
    return "", ""


def shown_parameters(nb: nbformat.NotebookNode) -> str:
    """The validated parameters as the notebook printed them (the injected ones if any)."""
    text = ""
    for cell in nb.cells:
        if cell.cell_type == "code" and (cell_has_tag(cell, "parameters") or cell_has_tag(cell, "injected-parameters")):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "execute_result":
                    text = "".join(output["data"].get("text/plain", ""))
    return text


def run_notebook(path: Path, injected: dict[str, object], timeout: int) -> tuple[nbformat.NotebookNode, NotebookReport]:
    name = path.stem
    nb = nbformat.read(path, as_version=4)
    if injected:
        inject_parameters(nb, injected, name)
    client = NotebookClient(nb, kernel_name="deno", timeout=timeout, resources={"metadata": {"path": str(NOTEBOOKS)}})
    started = time.perf_counter()
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        for number, cell in enumerate(nb.cells, start=1):
            if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                raise BuildError(f"{name}, cell {number} ({first}): {error_line(cell)}") from None
        raise BuildError(f"{name}: {type(error).__name__}: {str(error).strip().splitlines()[-1]}") from None
    seconds = time.perf_counter() - started
    figures = check_figures(nb, name)
    title, summary = title_and_summary(nb)
    report = NotebookReport(
        name=name, title=title, summary=summary, cells=len(nb.cells),
        code_cells=sum(1 for c in nb.cells if c.cell_type == "code"), figures=figures,
        seconds=round(seconds, 2), parameters=shown_parameters(nb), injected=injected,
    )
    return nb, report


# Plotly's official partial bundles (pinned in deno.json) and the trace types each contains; a page
# whose figures use only these types loads the smaller bundle, in about half the time.
PLOTLY_PARTIAL_BUNDLES = {
    "cartesian": {"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour",
                  "image", "pie", "scatter", "scatterternary", "violin"},
    "gl3d": {"cone", "isosurface", "mesh3d", "scatter", "scatter3d", "streamtube", "surface", "volume"},
}


def plotly_bundle(nb: nbformat.NotebookNode) -> str:
    """The smallest plotly.js bundle that draws every figure of the notebook ("full" if none fits)."""
    types = {
        trace.get("type", "scatter")
        for cell in nb.cells
        for output in cell.get("outputs", [])
        for trace in output.get("data", {}).get(PLOTLY_MIME, {}).get("data", [])
    }
    for bundle, contains in PLOTLY_PARTIAL_BUNDLES.items():
        if types <= contains:
            return bundle
    return "full"


def export_html(nb: nbformat.NotebookNode, name: str) -> str:
    exporter = HTMLExporter(template_name="course")
    resources = {"metadata": {"name": name}, "course_index_href": "index.html", "plotly_bundle": plotly_bundle(nb)}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    if body.count("data-plotly-bundle=") != 1:
        raise BuildError(f"{name}: the exported page must include plotly.js exactly once")
    return body


def index_page(reports: list[NotebookReport]) -> str:
    items = []
    for r in reports:
        params = f"<pre class='params'>{html.escape(r.parameters)}</pre>" if r.parameters else ""
        injected = " <span class='tag'>edited parameters</span>" if r.injected else ""
        items.append(
            f"<li><a href='{html.escape(r.name)}.html'>{html.escape(r.title or r.name)}</a>{injected}"
            f"<p>{html.escape(r.summary)}</p>"
            f"<p class='meta'>{r.figures} interactive figures · built with these parameters:</p>{params}</li>"
        )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gradients, and why they vanish and explode — a course</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }}
h1 {{ font-size: 1.8rem; }} ol {{ padding-left: 1.2rem; }} li {{ margin-bottom: 1.4rem; }}
li > a {{ font-size: 1.2rem; color: #0072B2; text-decoration: none; font-weight: 600; }}
li > a:hover {{ text-decoration: underline; }}
p {{ margin: 0.3rem 0; }} .meta {{ color: #666; font-size: 0.9rem; }}
pre.params {{ background: #f5f5f5; padding: 0.5rem 0.75rem; border-radius: 4px; font-size: 0.85rem; overflow-x: auto; margin: 0.2rem 0; }}
.tag {{ background: #E69F00; color: #fff; border-radius: 3px; padding: 0 0.4rem; font-size: 0.8rem; }}
</style></head>
<body>
<h1>Gradients, and why they vanish and explode</h1>
<p>An interactive course in TypeScript notebooks. Each chapter is a page of prose, code and figures
you can rotate, zoom and hover; the pages work offline.</p>
<ol>
{chr(10).join(items)}
</ol>
</body></html>
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="build one notebook, by name (e.g. 03-gradient-descent)")
    parser.add_argument("--params", default="", help='parameters to inject, e.g. "learningRate=0.5 steps=20"')
    parser.add_argument("--timeout", type=int, default=120, help="seconds a cell may run (default 120)")
    parser.add_argument("--out", type=Path, default=BUILD, help="folder to write to (default build/)")
    args = parser.parse_args()
    out = args.out.resolve()

    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    if args.only:
        paths = [p for p in paths if p.stem == args.only or p.name == args.only]
        if not paths:
            names = ", ".join(p.stem for p in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")))
            print(f"Cannot build: no notebook named {args.only!r} (have: {names})", file=sys.stderr)
            return 2
    elif args.params:
        print("Cannot build: PARAMS needs NB (one notebook's parameters)", file=sys.stderr)
        return 2
    if not paths:
        print(f"Cannot build: no notebooks in {NOTEBOOKS}", file=sys.stderr)
        return 2

    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    (out / "html").mkdir(parents=True, exist_ok=True)
    reports: list[NotebookReport] = []
    started = time.perf_counter()
    try:
        injected = parse_params(args.params)
        for number, path in enumerate(paths, start=1):
            print(f"[{number}/{len(paths)}] {path.stem} …", end=" ", flush=True)
            nb, report = run_notebook(path, injected, args.timeout)
            nbformat.write(nb, out / "notebooks" / path.name)
            (out / "html" / f"{path.stem}.html").write_text(export_html(nb, path.stem))
            reports.append(report)
            print(f"{report.code_cells} code cells, {report.figures} figures, {report.seconds:.1f} s", flush=True)
    except BuildError as error:
        print(f"\nBuild failed: {error}", file=sys.stderr)
        return 1

    if not args.only:
        # Pages and notebooks of chapters that no longer exist would be stale: remove them.
        built = {p.stem for p in paths}
        for stale in [*(out / "html").glob("[0-9][0-9]-*.html"), *(out / "notebooks").glob("*.ipynb")]:
            if stale.stem not in built:
                stale.unlink()
        (out / "html" / "index.html").write_text(index_page(reports))
    else:
        # Keep the index in step: replace this chapter's entry, keep the others from the last build.
        summary_path = out / "summary.json"
        previous = json.loads(summary_path.read_text())["notebooks"] if summary_path.exists() else []
        merged = {r["name"]: NotebookReport(**r) for r in previous}
        merged.update({r.name: r for r in reports})
        reports = [merged[k] for k in sorted(merged)]
        (out / "html" / "index.html").write_text(index_page(reports))

    total = time.perf_counter() - started
    (out / "summary.json").write_text(json.dumps(
        {"notebooks": [asdict(r) for r in reports], "seconds": round(total, 2)}, indent=2) + "\n")
    width = max(len(r.name) for r in reports)
    print()
    print(f"{'notebook':<{width}}  cells  figures  seconds")
    for r in reports:
        print(f"{r.name:<{width}}  {r.cells:>5}  {r.figures:>7}  {r.seconds:>7.1f}")
    print(f"Built {len(paths)} notebook(s) in {total:.1f} s → {out / 'html' / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
