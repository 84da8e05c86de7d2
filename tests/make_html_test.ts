/**
 * `make html NB=… PARAMS=…`: a teacher builds one chapter with edited parameters.
 *
 * Each build writes to its own temporary folder (OUT=…), so the course's build/ is left as `make`
 * made it. A good value must reach the page: it is injected in a cell tagged
 * `injected-parameters` right after the `parameters` cell (papermill's convention), the figures
 * change, and the page and the index show the values. A bad value must stop the build with a
 * non-zero exit code and the same one-line message the notebook gives in JupyterLab (computed here
 * with parseParams), naming the notebook, the parameter, the value and what is allowed, and write
 * no page.
 *
 * @module
 */
import assert from "node:assert/strict";
import { Chapter3Params, parseParams } from "../lib/params.ts";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const CHAPTER = "03-gradient-descent";
const SCHEMA = Chapter3Params;
const PLOTLY_MIME = "application/vnd.plotly.v1+json";
const SHOW_CALL = /(?<![\w.])show\(/g;

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: Output[];
}
const text = (value: string | string[]) => (Array.isArray(value) ? value.join("") : value);

interface Build {
  code: number;
  stdout: string;
  stderr: string;
  out: string;
}

/** Run `make html` with these variables into a new temporary folder. */
async function makeHtml(variables: Record<string, string>): Promise<Build> {
  await Deno.mkdir(`${root}/build`, { recursive: true });
  const out = await Deno.makeTempDir({ dir: `${root}/build`, prefix: "make-html-test-" });
  const args = ["--no-print-directory", "-C", root, "html", `OUT=${out}`];
  for (const [name, value] of Object.entries(variables)) args.push(`${name}=${value}`);
  const result = await new Deno.Command("make", { args, stdout: "piped", stderr: "piped" })
    .output();
  const decoder = new TextDecoder();
  return {
    code: result.code,
    stdout: decoder.decode(result.stdout),
    stderr: decoder.decode(result.stderr),
    out,
  };
}

function readNotebook(path: string): { cells: Cell[] } {
  return JSON.parse(Deno.readTextFileSync(path));
}

/** The data (x, y, z of every trace) of each figure output of an executed notebook. */
function figureData(cells: Cell[]): string[] {
  return cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.[PLOTLY_MIME]).map((o) => {
    const figure = o.data![PLOTLY_MIME] as { data: Record<string, unknown>[] };
    return JSON.stringify(figure.data.map((t) => [t.x, t.y, t.z]));
  });
}

/** The message parseParams gives for these values, as the kernel reports it ("Name: message"). */
function expectedError(values: Record<string, unknown>): string {
  try {
    parseParams(SCHEMA, values, "chapter 3");
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  throw new Error(`expected ${JSON.stringify(values)} to be refused`);
}

const source = readNotebook(`${root}/notebooks/${CHAPTER}.ipynb`);
const parametersIndex = source.cells.findIndex((c) => c.metadata.tags?.includes("parameters"));
const showCalls = source.cells.filter((c) => c.cell_type === "code")
  .reduce((sum, c) => sum + (text(c.source).match(SHOW_CALL)?.length ?? 0), 0);

Deno.test(`make html NB=${CHAPTER} PARAMS='learningRate=0.5 steps=20' builds the chapter with those values`, async () => {
  const plain = await makeHtml({ NB: CHAPTER });
  const edited = await makeHtml({ NB: CHAPTER, PARAMS: "learningRate=0.5 steps=20" });
  try {
    assert.equal(plain.code, 0, `make html without PARAMS failed:\n${plain.stderr}`);
    assert.equal(edited.code, 0, `make html with PARAMS failed:\n${edited.stderr}`);
    const defaults = readNotebook(`${plain.out}/notebooks/${CHAPTER}.ipynb`).cells;
    const cells = readNotebook(`${edited.out}/notebooks/${CHAPTER}.ipynb`).cells;

    // No PARAMS, no injected cell; with PARAMS, one, right after the parameters cell.
    assert.equal(
      defaults.filter((c) => c.metadata.tags?.includes("injected-parameters")).length,
      0,
    );
    assert.equal(cells.length, source.cells.length + 2); // the injected cell and its notice
    assert.ok(cells[parametersIndex].metadata.tags?.includes("parameters"));
    const injected = cells[parametersIndex + 1];
    assert.deepEqual(injected.metadata.tags, ["injected-parameters"]);
    assert.match(text(injected.source), /learningRate: 0\.5, steps: 20/);
    // A visible notice follows: the prose quotes the defaults' numbers, the outputs are these.
    const notice = cells[parametersIndex + 2];
    assert.equal(notice.cell_type, "markdown");
    assert.match(text(notice.source), /built with learningRate = 0\.5, steps = 20\./);
    const shown = (injected.outputs ?? []).find((o) => o.output_type === "execute_result");
    const shownText = text((shown?.data?.["text/plain"] ?? "") as string | string[]);
    assert.match(shownText, /learningRate: 0\.5,/, "the injected cell shows the checked values");
    assert.match(shownText, /steps: 20,/);

    // Every cell ran without error, every figure is there, and the figures changed.
    for (const [i, cell] of cells.entries()) {
      const errors = (cell.outputs ?? []).filter((o) => o.output_type === "error");
      assert.deepEqual(errors, [], `cell ${i + 1} failed`);
    }
    const before = figureData(defaults);
    const after = figureData(cells);
    assert.equal(before.length, showCalls);
    assert.equal(after.length, showCalls);
    assert.ok(
      after.some((figure, i) => figure !== before[i]),
      "no figure changed with the new values",
    );

    // The page shows the injected cell and its values; the index marks the edit and lists them.
    const page = Deno.readTextFileSync(`${edited.out}/html/${CHAPTER}.html`);
    assert.match(page, /Injected parameters/);
    assert.match(page, /learningRate: 0\.5,/);
    assert.equal(page.split("data-plotly-bundle=").length - 1, 1, "plotly.js is included once");
    const index = Deno.readTextFileSync(`${edited.out}/html/index.html`);
    assert.ok(index.includes(`href='${CHAPTER}.html'`), "the index links the chapter");
    assert.match(index, /edited parameters/);
    assert.match(index, /learningRate: 0\.5,/);
    assert.match(index, /steps: 20,/);
    const plainIndex = Deno.readTextFileSync(`${plain.out}/html/index.html`);
    assert.doesNotMatch(plainIndex, /edited parameters/);
    assert.match(
      plainIndex,
      /learningRate: 1,/,
      "the index shows the default the chapter was built with",
    );
  } finally {
    await Deno.remove(plain.out, { recursive: true });
    await Deno.remove(edited.out, { recursive: true });
  }
});

const BAD: { params: string; values: Record<string, unknown> }[] = [
  { params: "learningRate=-0.1", values: { learningRate: -0.1 } },
  { params: 'learningRate="0.1"', values: { learningRate: "0.1" } },
  { params: "learningrate=0.5", values: { learningrate: 0.5 } },
];

for (const bad of BAD) {
  Deno.test(`make html NB=${CHAPTER} PARAMS='${bad.params}' fails with the one-line error`, async () => {
    const build = await makeHtml({ NB: CHAPTER, PARAMS: bad.params });
    try {
      assert.notEqual(build.code, 0, "the build must fail");
      const message = expectedError(bad.values);
      const line = build.stderr.split("\n").find((l) => l.includes(message));
      assert.ok(line, `stderr has no line with "${message}":\n${build.stderr}`);
      assert.match(
        line,
        new RegExp(`^Build failed: ${CHAPTER}, cell ${parametersIndex + 2} `),
        "it names the notebook and the cell",
      );
      assert.throws(() => Deno.statSync(`${build.out}/html/${CHAPTER}.html`), Deno.errors.NotFound);
    } finally {
      await Deno.remove(build.out, { recursive: true });
    }
  });
}

Deno.test("make html refuses PARAMS without NB, and PARAMS that are not name=value pairs", async () => {
  const noName = await makeHtml({ PARAMS: "learningRate=0.5" });
  const noValue = await makeHtml({ NB: CHAPTER, PARAMS: "learningRate" });
  try {
    assert.equal(noName.code, 2);
    assert.match(noName.stdout + noName.stderr, /make html needs NB=<notebook>/);
    assert.notEqual(noValue.code, 0);
    const expected = "Cannot read PARAMS: expected name=value pairs separated by spaces, with no " +
      "space inside a value, e.g. learningRates=[0.1,0.5] (got 'learningRate')";
    assert.ok(
      noValue.stderr.includes(expected),
      `stderr should say: ${expected}\n${noValue.stderr}`,
    );
  } finally {
    await Deno.remove(noName.out, { recursive: true });
    await Deno.remove(noValue.out, { recursive: true });
  }
});
