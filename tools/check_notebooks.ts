/**
 * Type-check and lint the code cells of the course notebooks.
 *
 * The Deno kernel runs a cell without type-checking it, so a type error in a notebook would go
 * unnoticed until it misbehaves. This script writes each notebook's code cells, in order, into one
 * TypeScript module (a scratch copy outside the project), runs `deno check` and `deno lint` on it
 * with the project's deno.json, and reports problems as `notebooks/<name>.ipynb, cell N, line M`.
 *
 * ```sh
 * deno run --allow-all tools/check_notebooks.ts [notebooks/03-gradient-descent.ipynb …]
 * ```
 * Prints one line per notebook and `notebook check: N passed, N failed`; exits 1 on any failure.
 *
 * @module
 */

interface NotebookCell {
  cell_type: string;
  source: string | string[];
}

/** Where each line of the scratch module came from. */
interface LineOrigin {
  cell: number;
  line: number;
}

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const deno = Deno.execPath();

function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** The notebook's code cells as one module, and the origin of each of its lines. */
function toModule(notebook: { cells: NotebookCell[] }): { code: string; origins: LineOrigin[] } {
  const lines: string[] = [];
  const origins: LineOrigin[] = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const source = cellSource(cell).split("\n");
    source.forEach((text, line) => {
      lines.push(text);
      origins.push({ cell: index + 1, line: line + 1 });
    });
    lines.push("");
    origins.push({ cell: index + 1, line: source.length + 1 });
  });
  return { code: lines.join("\n") + "\n", origins };
}

/** Rewrite `file:///…/scratch.ts:12:5` into `notebooks/x.ipynb, cell 3, line 2:5`. */
function relocate(text: string, scratch: string, label: string, origins: LineOrigin[]): string {
  const pattern = new RegExp(
    `(?:file://)?${scratch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:(\\d+):(\\d+)`,
    "g",
  );
  return text.replace(pattern, (_match, line: string, column: string) => {
    const origin = origins[Number(line) - 1];
    return origin
      ? `${label}, cell ${origin.cell}, line ${origin.line}:${column}`
      : `${label}:${line}:${column}`;
  });
}

async function run(args: string[]): Promise<{ ok: boolean; output: string }> {
  const { success, stdout, stderr } = await new Deno.Command(deno, {
    args,
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { ok: success, output: decoder.decode(stdout) + decoder.decode(stderr) };
}

async function checkNotebook(path: string, scratchDir: string): Promise<boolean> {
  const label = path.replace(`${root}/`, "");
  const name = path.split("/").pop()!.replace(/\.ipynb$/, "");
  const { code, origins } = toModule(JSON.parse(await Deno.readTextFile(path)));
  const scratch = `${scratchDir}/${name}.ts`;
  await Deno.writeTextFile(scratch, code);
  const config = `${root}/deno.json`;
  const check = await run(["check", "--quiet", "--config", config, scratch]);
  // `let params` is deliberate: a cell tagged injected-parameters may reassign it (papermill style).
  const lint = await run(["lint", "--config", config, "--rules-exclude=prefer-const", scratch]);
  const format = await checkFormat(path, `${scratchDir}/${name}-cells`, config);
  const ok = check.ok && lint.ok && format.ok;
  const verdict = (passed: boolean) => (passed ? "ok" : "failed");
  console.log(
    `${ok ? "ok  " : "FAIL"} ${label}: type check ${verdict(check.ok)}, lint ${
      verdict(lint.ok)
    }, format ${verdict(format.ok)}`,
  );
  if (!check.ok) console.log(relocate(check.output, scratch, label, origins));
  if (!lint.ok) console.log(relocate(lint.output, scratch, label, origins));
  if (!format.ok) {
    console.log(`  cells not formatted as \`deno fmt\` would: ${format.cells.join(", ")}`);
  }
  return ok;
}

/**
 * Is every code cell formatted as `deno fmt` formats TypeScript? Each cell is written to its own
 * scratch file and checked with the project's settings. (Deno 2.8.0's `deno fmt --check` on an
 * .ipynb reports a freshly cloned notebook as unformatted even when formatting changes nothing,
 * so deno.json leaves notebooks/ out of `deno fmt` and the cells are checked here.)
 */
async function checkFormat(
  path: string,
  cellsDir: string,
  config: string,
): Promise<{ ok: boolean; cells: number[] }> {
  await Deno.mkdir(cellsDir, { recursive: true });
  const notebook: { cells: NotebookCell[] } = JSON.parse(await Deno.readTextFile(path));
  const written: number[] = [];
  for (const [index, cell] of notebook.cells.entries()) {
    if (cell.cell_type !== "code") continue;
    const file = `${cellsDir}/cell-${String(index + 1).padStart(3, "0")}.ts`;
    await Deno.writeTextFile(file, cellSource(cell).replace(/\n*$/, "\n"));
    written.push(index + 1);
  }
  if (written.length === 0) return { ok: true, cells: [] };
  const result = await run(["fmt", "--check", "--config", config, cellsDir]);
  const cells = [...result.output.matchAll(/cell-(\d+)\.ts/g)].map((m) => Number(m[1]));
  return { ok: result.ok, cells: [...new Set(cells)] };
}

if (import.meta.main) {
  const paths = Deno.args.length > 0
    ? Deno.args.map((p) => (p.startsWith("/") ? p : `${root}/${p}`))
    : [
      ...Deno.readDirSync(`${root}/notebooks`),
    ]
      .filter((entry) => /^\d\d-.*\.ipynb$/.test(entry.name))
      .map((entry) => `${root}/notebooks/${entry.name}`)
      .sort();
  const scratchDir = await Deno.makeTempDir({ prefix: "notebook-check-" });
  let passed = 0;
  let failed = 0;
  try {
    for (const path of paths) {
      if (await checkNotebook(path, scratchDir)) passed++;
      else failed++;
    }
  } finally {
    await Deno.remove(scratchDir, { recursive: true });
  }
  if (paths.length === 0) {
    console.log("notebook check: no notebooks found");
    failed++;
  }
  console.log(`notebook check: ${passed} passed, ${failed} failed`);
  Deno.exit(failed === 0 ? 0 : 1);
}
