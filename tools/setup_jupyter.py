"""Configure the project's Jupyter, inside .venv only (nothing in the user's home directory).

- the `deno` kernelspec in .venv/share/jupyter/kernels/deno/, pointing at the pinned .venv/bin/deno,
  with DENO_DIR inside the project;
- the `course` nbconvert template (tools/nbconvert/course/ plus plotly.js inlined once), and the
  module `course_nbconvert` (tools/nbconvert/course_nbconvert.py), whose `clean_html` keeps the
  Markdown of sanitized exports readable;
- the venv's Jupyter config: exports from JupyterLab's menu use the course template, JupyterLab
  does not ask about news, and the server listens on 127.0.0.1 with a token.

Run by `make setup`; safe to run again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)
DENO = VENV / "bin" / "deno"
JUPYTER_DATA = VENV / "share" / "jupyter"
JUPYTER_ETC = VENV / "etc" / "jupyter"
NODE_MODULES = ROOT / "node_modules"
# plotly.js as inlined in exported pages: the full bundle, and two of Plotly's official partial
# bundles that load in about half the time. tools/build_course.py picks the smallest bundle with
# every trace type a page uses; an export from JupyterLab's menu always gets the full one.
PLOTLY_BUNDLES = {
    "full": NODE_MODULES / "plotly.js-dist-min" / "plotly.min.js",
    "cartesian": NODE_MODULES / "plotly.js-cartesian-dist-min" / "plotly-cartesian.min.js",
    "gl3d": NODE_MODULES / "plotly.js-gl3d-dist-min" / "plotly-gl3d.min.js",
}


def write_json(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2) + "\n")


def install_kernelspec() -> None:
    target = JUPYTER_DATA / "kernels" / "deno"
    target.mkdir(parents=True, exist_ok=True)
    # `deno jupyter --install` writes to $HOME; point HOME at a scratch folder and keep its logos.
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "HOME": scratch, "DENO_NO_UPDATE_CHECK": "1"}
        subprocess.run([str(DENO), "jupyter", "--install", "--force", "--quiet"], env=env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        installed = next(Path(scratch).rglob("kernels/deno"))
        for logo in installed.glob("logo-*"):
            shutil.copy(logo, target / logo.name)
    write_json(target / "kernel.json", {
        "argv": [str(DENO), "jupyter", "--kernel", "--quiet", "--conn", "{connection_file}"],
        "display_name": "Deno",
        "language": "typescript",
        "env": {
            "DENO_DIR": str(ROOT / ".cache" / "deno"),
            "DENO_NO_UPDATE_CHECK": "1",
            "NO_COLOR": "1",
        },
    })


def install_template() -> None:
    source = ROOT / "tools" / "nbconvert" / "course"
    target = JUPYTER_DATA / "nbconvert" / "templates" / "course"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    for bundle, path in PLOTLY_BUNDLES.items():
        plotly = path.read_text()
        if "{% endraw %}" in plotly:
            raise SystemExit(f"Cannot inline {path}: it contains '{{% endraw %}}'")
        (target / f"plotly_{bundle}.html.j2").write_text(
            f'<script type="text/javascript" data-plotly-bundle="{bundle}">{{% raw %}}'
            + plotly + "{% endraw %}</script>\n"
        )
    # The sanitizer for sanitized exports, importable by the venv's Jupyter server and nbconvert.
    shutil.copy(ROOT / "tools" / "nbconvert" / "course_nbconvert.py",
                Path(sysconfig.get_paths()["purelib"]) / "course_nbconvert.py")


def configure_jupyter() -> None:
    # JupyterLab's export menu sanitizes by default: keep Markdown's headings, paragraphs, tables.
    exporter = {"HTMLExporter": {
        "template_name": "course",
        "filters": {"clean_html": "course_nbconvert.clean_html"},
    }}
    write_json(JUPYTER_ETC / "jupyter_nbconvert_config.json", exporter)
    write_json(JUPYTER_ETC / "jupyter_server_config.json", {
        **exporter,
        "ServerApp": {"ip": "127.0.0.1", "open_browser": False},
    })
    # JupyterLab: no "would you like to receive news?" prompt, no update checks; and every cell
    # rendered (no windowing), so all of a chapter's figures are drawn, not only those in view.
    write_json(JUPYTER_DATA / "lab" / "settings" / "overrides.json", {
        "@jupyterlab/apputils-extension:notification": {
            "checkForUpdates": False,
            "fetchNews": "false",
        },
        "@jupyterlab/notebook-extension:tracker": {
            "windowingMode": "none",
        },
    })


def main() -> None:
    install_kernelspec()
    install_template()
    configure_jupyter()
    print(f"Jupyter configured in {VENV}: kernel 'deno', nbconvert template 'course'.")


if __name__ == "__main__":
    main()
