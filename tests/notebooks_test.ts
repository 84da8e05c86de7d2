/**
 * The notebooks: committed clean, executed by `make` without error, with every figure they promise.
 *
 * The executed copies are read from build/notebooks/ (written by `make`, which `make test` runs
 * first). The expected figure counts below are part of the course's contract: a notebook that
 * loses a figure, or an edit that drops one, fails here.
 *
 * @module
 */
import assert from "node:assert/strict";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Figures each chapter shows with its default parameters. */
const expectedFigures: Record<string, number> = {
  "01-what-is-a-gradient": 3,
  "02-actual-gradients": 4,
  "03-gradient-descent": 7,
  "04-exploding-and-vanishing": 6,
  "05-why-it-hurts": 4,
  "06-fixing-gradients": 8,
  "07-more-fixes": 9,
};

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: Output[];
  execution_count?: number | null;
}
interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string } };
}

function read(path: string): Notebook {
  return JSON.parse(Deno.readTextFileSync(path));
}

const source = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);

const committed = [...Deno.readDirSync(`${root}/notebooks`)]
  .map((e) => e.name)
  .filter((n) => /^\d\d-.*\.ipynb$/.test(n))
  .sort();

Deno.test("every committed notebook has an expected figure count, and every count a notebook", () => {
  assert.deepEqual(
    committed.map((n) => n.replace(/\.ipynb$/, "")),
    Object.keys(expectedFigures).sort(),
  );
});

for (const name of committed) {
  const stem = name.replace(/\.ipynb$/, "");

  Deno.test(`${stem} is committed without outputs, on the Deno kernel, parameters first`, () => {
    const notebook = read(`${root}/notebooks/${name}`);
    assert.equal(notebook.metadata.kernelspec?.name, "deno");
    const code = notebook.cells.filter((c) => c.cell_type === "code");
    for (const [i, cell] of code.entries()) {
      assert.deepEqual(cell.outputs ?? [], [], `code cell ${i + 1} has outputs`);
      assert.equal(cell.execution_count ?? null, null, `code cell ${i + 1} has an execution count`);
    }
    assert.equal(
      notebook.cells[0].cell_type,
      "markdown",
      "a notebook opens with its title and purpose",
    );
    assert.match(source(notebook.cells[0]), /^# /, "the first cell starts with a title");
    const parameters = notebook.cells.filter((c) => c.metadata.tags?.includes("parameters"));
    assert.equal(parameters.length, 1, "exactly one cell is tagged 'parameters'");
    assert.match(
      source(parameters[0]),
      /parseParams\(\w+Params,/,
      "the parameters cell is checked by its schema",
    );
    for (const [i, cell] of code.entries()) {
      assert.match(
        source(cell),
        /^\/\/ /,
        `code cell ${i + 1} opens with a one-line comment of intent`,
      );
    }
  });

  Deno.test(`${stem} executes without error and shows its ${expectedFigures[stem]} figures`, () => {
    let executed: Notebook;
    try {
      executed = read(`${root}/build/notebooks/${name}`);
    } catch {
      throw new Error(
        `Cannot check ${stem}: build/notebooks/${name} is missing (run \`make\` first)`,
      );
    }
    const code = executed.cells.filter((c) => c.cell_type === "code");
    for (const [i, cell] of code.entries()) {
      const errors = (cell.outputs ?? []).filter((o) => o.output_type === "error");
      assert.deepEqual(
        errors,
        [],
        `code cell ${i + 1} raised ${errors[0]?.ename}: ${errors[0]?.evalue}`,
      );
      assert.ok(typeof cell.execution_count === "number", `code cell ${i + 1} did not run`);
    }
    const figures = code.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.[PLOTLY_MIME]);
    assert.equal(figures.length, expectedFigures[stem]);
    for (const figure of figures) {
      const spec = figure.data![PLOTLY_MIME] as { data: unknown[] };
      assert.ok(spec.data.length > 0, "a figure without traces");
      // nbformat stores a multi-line string as a list of lines.
      const html = figure.data!["text/html"];
      const htmlText = Array.isArray(html) ? html.join("") : html;
      assert.ok(
        typeof htmlText === "string" && htmlText.includes("Plotly.newPlot"),
        "a figure without its HTML for export",
      );
    }
  });
}
