import assert from "node:assert/strict";
import {
  assertParametersCellListsDefaults,
  fixed,
  full,
  listedParameters,
  type Notebook,
  powerOfTen,
  proseOf,
  scientific,
} from "./notebook_prose.ts";

Deno.test("fixed() rounds to the given decimals with a real minus sign, kept on a negative that rounds to 0", () => {
  assert.equal(fixed(-1.23456, 3), "−1.235");
  assert.equal(fixed(2.5, 0), "3");
  assert.equal(fixed(-0.0004, 2), "−0.00"); // toFixed keeps the sign of a negative number
  assert.equal(fixed(-0, 2), "0.00"); // but not of negative zero
});

Deno.test("full() writes every digit JavaScript keeps, with a real minus sign", () => {
  assert.equal(full(-3.1049518549736064), "−3.1049518549736064");
  assert.equal(full(0.1 + 0.2), "0.30000000000000004");
  assert.equal(full(-1e-25), "−1e-25");
  assert.equal(full(-0), "0");
});

Deno.test("powerOfTen() writes the exponent in superscripts, zero and minus included", () => {
  assert.equal(powerOfTen(-15), "10⁻¹⁵");
  assert.equal(powerOfTen(0), "10⁰");
  assert.equal(powerOfTen(308), "10³⁰⁸");
});

Deno.test("scientific() keeps trailing zeros, superscripts the exponent and spaces × on request", () => {
  assert.equal(scientific(2.220446049250313e-16, 2, { spaced: true }), "2.2 × 10⁻¹⁶");
  assert.equal(scientific(2 ** 50, 2), "1.1×10¹⁵"); // 1 125 899 906 842 624
  assert.equal(scientific(100000, 2), "1.0×10⁵");
  assert.equal(scientific(5, 1), "5×10⁰");
  assert.equal(scientific(0.00096, 1), "1×10⁻³"); // rounding carries into the exponent
  assert.equal(scientific(-3.14e-7, 2), "-3.1×10⁻⁷"); // the mantissa keeps a hyphen-minus
});

const notebook: Notebook = {
  cells: [
    { cell_type: "markdown", source: ["# Title\n", "> a quoted\n", ">line\n"], metadata: {} },
    { cell_type: "code", source: "not prose", metadata: {} },
    {
      cell_type: "code",
      source:
        '// Parameters\nlet params = parseParams(P, {\n  lr: 0.5, // η\n  method: "exact", // m\n' +
        '  rates: [1, 2], // r\n}, "x");\nparams;',
      metadata: { tags: ["parameters"] },
    },
    { cell_type: "markdown", source: "  Two   spaces\n\nand a break.", metadata: {} },
  ],
};

Deno.test("proseOf() joins the markdown cells, drops blockquote markers and folds white space", () => {
  assert.equal(proseOf(notebook), "# Title a quoted line Two spaces and a break.");
});

Deno.test("the parameters cell's listed values and defaults are read line by line", () => {
  const source = notebook.cells[2].source as string;
  assert.deepEqual(listedParameters(source), { lr: 0.5 });
  assertParametersCellListsDefaults(notebook, { lr: 0.5, method: "exact", rates: [1, 2] });
  assert.throws(
    () => assertParametersCellListsDefaults(notebook, { lr: 0.1 }),
    /parameters cell: lr: 0\.1/,
  );
  assert.throws(
    () => assertParametersCellListsDefaults({ cells: [] }, {}),
    /a cell is tagged parameters/,
  );
});
