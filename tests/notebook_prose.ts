/**
 * Helpers of the notebook prose tests (tests/notebook_0N_test.ts): read a chapter's notebook, fold
 * its markdown into the text a reader reads, look fragments up in it, check the parameters cell,
 * and write numbers the way the prose writes them (fixed decimals with a real minus sign "−",
 * scientific notation with superscript exponents "3.2 × 10⁻⁸", full precision).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fixed, full, scientific } from "./notebook_prose.ts";
 * assert.equal(fixed(-0.3456, 3), "−0.346");
 * assert.equal(scientific(3.2e-8, 2), "3.2×10⁻⁸");
 * assert.equal(scientific(3.2e-8, 2, { spaced: true }), "3.2 × 10⁻⁸");
 * assert.equal(full(-2.1456172713615604), "−2.1456172713615604");
 * ```
 *
 * @module
 */
import assert from "node:assert/strict";
import { powerOfTenLabel } from "../lib/mod.ts";

/** One cell of a notebook, as far as these tests read it. */
export interface NotebookCell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
}

/** A notebook, as far as these tests read it. */
export interface Notebook {
  cells: NotebookCell[];
}

/**
 * Read a notebook of the course from notebooks/.
 *
 * @param name The file name, e.g. `"01-what-is-a-gradient.ipynb"`.
 * @returns The parsed notebook.
 */
export function readNotebook(name: string): Notebook {
  return JSON.parse(Deno.readTextFileSync(new URL(`../notebooks/${name}`, import.meta.url)));
}

/** A cell's source as one string (notebooks store it as a string or as a list of lines). */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/**
 * All the markdown of a notebook as a reader reads it: cells joined by line breaks, blockquote
 * markers (`> `) dropped, and every run of white space folded into a single space.
 */
export function proseOf(notebook: Notebook): string {
  return notebook.cells
    .filter((cell) => cell.cell_type === "markdown")
    .map((cell) => cellSource(cell).replace(/^> ?/gm, ""))
    .join("\n")
    .replace(/\s+/g, " ");
}

/** Assert that the prose (from {@linkcode proseOf}) contains `fragment` word for word. */
export function assertProseSays(prose: string, fragment: string): void {
  assert.ok(prose.includes(fragment), `the notebook's prose should say: ${fragment}`);
}

/** The source of the cell tagged `parameters`; fails the test if there is none. */
export function parametersCell(notebook: Notebook): string {
  const cell = notebook.cells.find((c) => c.metadata.tags?.includes("parameters"));
  assert.ok(cell, "a cell is tagged parameters");
  return cellSource(cell);
}

/**
 * The numeric parameters a parameters cell lists, one a line as `  name: value, // comment`.
 *
 * @param source The cell's source (from {@linkcode parametersCell}).
 * @returns Each listed name with its value as a number.
 */
export function listedParameters(source: string): Record<string, number> {
  const listed: Record<string, number> = {};
  for (const match of source.matchAll(/^ {2}(\w+): (-?[\d.e-]+), \/\/ \S/gm)) {
    listed[match[1]] = Number(match[2]);
  }
  return listed;
}

/**
 * Assert that the parameters cell lists every parameter of the schema with its default, as a
 * line `  name: literal,`: numbers as `String` writes them, strings quoted, arrays as `[a, b]`.
 *
 * @param notebook The chapter's notebook.
 * @param defaults The schema's defaults, e.g. `Chapter3Params.parse({})`.
 */
export function assertParametersCellListsDefaults(
  notebook: Notebook,
  defaults: Record<string, unknown>,
): void {
  const source = parametersCell(notebook);
  for (const [key, value] of Object.entries(defaults)) {
    const literal = Array.isArray(value)
      ? `[${value.join(", ")}]`
      : typeof value === "string"
      ? JSON.stringify(value)
      : String(value);
    assert.ok(source.includes(`  ${key}: ${literal},`), `parameters cell: ${key}: ${literal}`);
  }
}

/** A number as the prose writes it: `digits` decimals and a real minus sign "−". */
export function fixed(value: number, digits: number): string {
  return value.toFixed(digits).replace(/^-/, "−");
}

/** A number at full precision (as a notebook prints it), with a real minus sign "−". */
export function full(value: number): string {
  return value < 0 ? `−${String(-value)}` : String(value);
}

/**
 * A power of ten as the prose writes it, exponent in superscripts: `10⁻⁸`, and `10⁰` where lib's
 * `powerOfTenLabel` writes `1`.
 */
export function powerOfTen(exponent: number): string {
  return exponent === 0 ? "10⁰" : powerOfTenLabel(exponent);
}

/** Options of {@linkcode scientific}. */
export interface ScientificOptions {
  /** Spaces around the times sign: `3.2 × 10⁻⁸` instead of `3.2×10⁻⁸` (default false). */
  spaced?: boolean;
}

/**
 * A number in scientific notation as the prose writes it: `digits` significant digits, trailing
 * zeros kept, superscript exponent (`3.2×10⁻⁸`, `1.0×10⁵`, `5.0×10⁰`). The mantissa keeps
 * `toExponential`'s hyphen-minus.
 */
export function scientific(value: number, digits: number, options: ScientificOptions = {}): string {
  const [mantissa, exponent] = value.toExponential(digits - 1).split("e");
  const times = options.spaced ?? false ? " × " : "×";
  return `${mantissa}${times}${powerOfTen(Number(exponent))}`;
}
