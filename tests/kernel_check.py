"""Kernel check: does the pinned Deno kernel deliver every output, in order, before it reports idle?

Jupyter clients (nbclient, nbconvert --execute, JupyterLab) stop listening for a cell's outputs once
the kernel says `idle` for it. Some Deno releases break that contract: 2.9.0-2.9.6 send a few percent
of outputs after `idle` (they are silently lost), 2.8.2-2.8.3 send no `execute_result` at all and
report throwing cells as successful. This check runs many short executions of each output kind on
the kernel registered in .venv and counts, for each kind, outputs that are missing, late (after
idle) or wrong. Run by `make test` (tools/run_tests.ts); prints one line per check and a summary.

    .venv/bin/python tests/kernel_check.py [--runs 300] [--deno /path/to/other/deno]

`--deno` runs the same check on another Deno binary (through a temporary kernelspec), which is how
the pin was chosen: see README, "Why Deno 2.8.0".
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import tempfile
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_TYPES = {"execute_result", "stream", "display_data", "error"}


@dataclass
class Execution:
    code: str
    outputs: list[dict] = field(default_factory=list)
    late: list[dict] = field(default_factory=list)
    reply_status: str = ""
    idle: bool = False


@dataclass
class Check:
    name: str
    code: Callable[[int], str]
    expect: str  # "execute_result" | "stream" | "display_data" | "error"
    text: Callable[[int], str]  # what the output's plain text must contain
    executions: list[Execution] = field(default_factory=list)


def output_text(msg: dict) -> str:
    content = msg["content"]
    if msg["msg_type"] == "stream":
        return content.get("text", "")
    if msg["msg_type"] == "error":
        return f"{content.get('ename')}: {content.get('evalue')}"
    return str(content.get("data", {}).get("text/plain", ""))


def run(kc, code: str, by_id: dict[str, Execution], timeout: float = 30) -> Execution:
    execution = Execution(code)
    msg_id = kc.execute(code, store_history=True)
    by_id[msg_id] = execution
    deadline = time.monotonic() + timeout
    while not execution.idle:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no idle within {timeout} s for: {code!r}")
        msg = kc.get_iopub_msg(timeout=remaining)
        record(msg, by_id)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    execution.reply_status = reply["content"]["status"]
    return execution


def record(msg: dict, by_id: dict[str, Execution]) -> None:
    parent = by_id.get(msg["parent_header"].get("msg_id", ""))
    if parent is None:
        return
    if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
        parent.idle = True
    elif msg["msg_type"] in OUTPUT_TYPES:
        (parent.late if parent.idle else parent.outputs).append(msg)


def drain(kc, by_id: dict[str, Execution], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while (remaining := deadline - time.monotonic()) > 0:
        try:
            record(kc.get_iopub_msg(timeout=remaining), by_id)
        except queue.Empty:
            return


def verdict(check: Check) -> tuple[bool, str]:
    missing = late = wrong = bad_status = 0
    for i, execution in enumerate(check.executions):
        matching = [m for m in execution.outputs if m["msg_type"] == check.expect]
        if not matching:
            missing += 1
        elif check.text(i) not in output_text(matching[0]):
            wrong += 1
        late += len(execution.late)
        wanted_status = "error" if check.expect == "error" else "ok"
        if execution.reply_status != wanted_status:
            bad_status += 1
    n = len(check.executions)
    ok = missing == late == wrong == bad_status == 0 and n > 0
    detail = f"{n} runs, {missing} missing, {late} after idle, {wrong} wrong, {bad_status} wrong reply status"
    return ok, detail


def kernel_for(deno: str | None) -> str:
    """The kernelspec to start: the project's `deno`, or a temporary one for another binary."""
    if not deno:
        return "deno"
    spec_root = Path(tempfile.mkdtemp(prefix="kernel-check-"))
    spec = spec_root / "kernels" / "deno-under-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [deno, "jupyter", "--kernel", "--conn", "{connection_file}"],
        "display_name": "Deno under test", "language": "typescript",
        "env": {"DENO_DIR": str(ROOT / ".cache" / "deno"), "NO_COLOR": "1", "DENO_NO_UPDATE_CHECK": "1"},
    }))
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(spec_root), os.environ.get("JUPYTER_PATH")]))
    return "deno-under-test"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300, help="executions per output kind (default 300)")
    parser.add_argument("--deno", help="check this Deno binary instead of the pinned one")
    args = parser.parse_args()
    checks = [
        Check("expression result", lambda i: f"{i} * 2", "execute_result", lambda i: str(i * 2)),
        Check("console output", lambda i: f'console.log("line {i}")', "stream", lambda i: f"line {i}"),
        Check("display", lambda i: f'await Deno.jupyter.display({{"text/plain": "shown {i}"}}, {{ raw: true }});',
              "display_data", lambda i: f"shown {i}"),
        Check("course figure", lambda i: f"await show(figure({i}));", "display_data",
              lambda i: f'Plotly figure "figure {i}"'),
        Check("throwing cell", lambda i: f'throw new RangeError("expected failure {i}")', "error",
              lambda i: f"RangeError: expected failure {i}"),
    ]
    km, kc = start_new_kernel(kernel_name=kernel_for(args.deno), cwd=str(ROOT / "notebooks"), startup_timeout=60)
    by_id: dict[str, Execution] = {}
    try:
        setup = run(kc, 'import { show } from "course";\n'
                        'const figure = (i: number) => ({ data: [{ type: "scatter", x: [0, 1], y: [i, i + 1] }],'
                        ' layout: { title: { text: `figure ${i}` } } });', by_id)
        if setup.reply_status != "ok":
            print(f"kernel check: setup cell failed: {[output_text(m) for m in setup.outputs]}")
            print("kernel check: 0 passed, 1 failed")
            return 1
        for check in checks:
            for i in range(args.runs):
                check.executions.append(run(kc, check.code(i), by_id))
        drain(kc, by_id, 2.0)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

    passed = failed = 0
    for check in checks:
        ok, detail = verdict(check)
        print(f"{'ok  ' if ok else 'FAIL'} kernel {check.name}: {detail}")
        passed += ok
        failed += not ok
    print(f"kernel check: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
