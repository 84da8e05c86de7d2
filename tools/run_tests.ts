/**
 * `make test`: every suite of the course, one after another, and one summary line at the end.
 *
 * Suites: formatting, lint, type checks (lib/, tests/, tools/), the notebooks' code cells (type
 * check and lint), the unit, doc, notebook, page and browser tests (`deno test`), and the kernel
 * check (tests/kernel_check.py). Each suite's own output is shown as it runs; the last line is
 * `N passed, N failed` over all of them (a suite without its own count counts as one).
 *
 * @module
 */

interface Suite {
  name: string;
  command: string[];
  /** Reads the passed/failed counts from the suite's output; undefined = count the suite as one. */
  counts?: (output: string) => { passed: number; failed: number } | undefined;
}

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const deno = Deno.execPath();
const python = `${root}/.venv/bin/python`;

/** "ok | 57 passed | 0 failed" or "FAILED | 55 passed | 2 failed" (deno test's closing line). */
function denoTestCounts(output: string) {
  const match = [
    ...output.matchAll(/(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/g),
  ].pop();
  return match ? { passed: Number(match[1]), failed: Number(match[2]) } : undefined;
}

/** "<label>: N passed, N failed" (this project's own scripts). */
function plainCounts(output: string) {
  const match = [...output.matchAll(/(\d+) passed, (\d+) failed/g)].pop();
  return match ? { passed: Number(match[1]), failed: Number(match[2]) } : undefined;
}

const suites: Suite[] = [
  { name: "format", command: [deno, "fmt", "--check"] },
  { name: "lint", command: [deno, "lint"] },
  { name: "type check", command: [deno, "check", "lib/", "tests/", "tools/"] },
  {
    name: "notebook code",
    command: [deno, "run", "--allow-all", "tools/check_notebooks.ts"],
    counts: plainCounts,
  },
  {
    name: "deno test",
    command: [deno, "test", "--allow-all", "--doc", "lib/", "tests/"],
    counts: denoTestCounts,
  },
  {
    name: "kernel check",
    command: [python, "tests/kernel_check.py", "--runs", "300"],
    counts: plainCounts,
  },
];

// Drop ANSI colour codes so the counts can be read.
// deno-lint-ignore no-control-regex
const ansi = /\x1b\[[0-9;]*m/g;

async function runSuite(
  suite: Suite,
): Promise<{ passed: number; failed: number; seconds: number }> {
  console.log(
    `\n==> ${suite.name}: ${suite.command.map((a) => a.replace(`${root}/`, "")).join(" ")}`,
  );
  const started = performance.now();
  const child = new Deno.Command(suite.command[0], {
    args: suite.command.slice(1),
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const decoder = new TextDecoder();
  let output = "";
  const pump = async (
    stream: ReadableStream<Uint8Array>,
    sink: { write(p: Uint8Array): Promise<number> },
  ) => {
    for await (const chunk of stream) {
      output += decoder.decode(chunk, { stream: true });
      await sink.write(chunk);
    }
  };
  const [status] = await Promise.all([
    child.status,
    pump(child.stdout, Deno.stdout),
    pump(child.stderr, Deno.stderr),
  ]);
  const seconds = (performance.now() - started) / 1000;
  const counted = suite.counts?.(output.replace(ansi, ""));
  if (counted) {
    // A suite that exits non-zero has failed even if its counts look clean.
    const failed = counted.failed === 0 && !status.success ? 1 : counted.failed;
    return { passed: counted.passed, failed, seconds };
  }
  return { passed: status.success ? 1 : 0, failed: status.success ? 0 : 1, seconds };
}

if (import.meta.main) {
  const results: { name: string; passed: number; failed: number; seconds: number }[] = [];
  for (const suite of suites) results.push({ name: suite.name, ...(await runSuite(suite)) });
  console.log("\nSuite            passed  failed  seconds");
  for (const r of results) {
    console.log(
      `${r.name.padEnd(16)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${
        r.seconds.toFixed(1).padStart(7)
      }`,
    );
  }
  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  console.log(`\n${passed} passed, ${failed} failed`);
  Deno.exit(failed === 0 ? 0 : 1);
}
