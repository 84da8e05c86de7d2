import assert from "node:assert/strict";
import { PLOTLY_MIME, roundFigureNumbers, toMimeBundle } from "../lib/display.ts";
import { createRng } from "../lib/random.ts";

Deno.test("roundFigureNumbers() keeps six digits of a value smaller than its array's spread", () => {
  // Spread 2 > |v| = 0.123…: six significant digits of v itself.
  const trace = { x: [0, 0.1234567890123, 2, -1.98765432109876] };
  roundFigureNumbers(trace);
  // −1.98765432109876: |v| < spread 3.98…, six digits of v: −1.98765.
  assert.deepEqual(trace.x, [0, 0.123457, 2, -1.98765]);
});

Deno.test("roundFigureNumbers() keeps six digits of the spread when the values sit on an offset", () => {
  // Spread 8.6e−7 ≪ |v| = 58: the last digit kept is 1e−12, so the difference survives.
  const y = [58.000000123456789, 58.000000987654321];
  roundFigureNumbers({ y });
  assert.deepEqual(y, [58.000000123457, 58.000000987654]);
  assert.ok(y[1] - y[0] > 8.6e-7);
});

Deno.test("roundFigureNumbers() keeps six digits of tiny values, as a log axis needs", () => {
  const y = [1.23456789e-300, 2.5e-7 / 3, 0.5];
  roundFigureNumbers({ y });
  assert.deepEqual(y, [1.23457e-300, 8.33333e-8, 0.5]);
});

Deno.test("roundFigureNumbers() rounds a z matrix as one block, with one spread", () => {
  // Spread over all rows: 101.5 − 99.25 = 2.25; six digits of 2.25 end at 1e−5.
  const z = [[100.123456789, 100.987654321], [101.5, 99.25]];
  roundFigureNumbers({ z });
  assert.deepEqual(z, [[100.12346, 100.98765], [101.5, 99.25]]);
});

Deno.test("roundFigureNumbers() leaves integers, nulls, strings and lone numbers alone", () => {
  const figure = {
    data: [{ x: [1, 2, 3], y: [0.1, null, 1 / 3], text: ["a", "b"], marker: { size: 1 / 7 } }],
    layout: { xaxis: { range: [-1, 1e21] }, title: { text: "t" }, width: 2 / 3 },
  };
  roundFigureNumbers(figure);
  assert.deepEqual(figure.data[0].x, [1, 2, 3]);
  assert.deepEqual(figure.data[0].y, [0.1, null, 0.333333]);
  assert.deepEqual(figure.data[0].text, ["a", "b"]);
  assert.equal(figure.data[0].marker.size, 1 / 7);
  assert.deepEqual(figure.layout.xaxis.range, [-1, 1e21]);
  assert.equal(figure.layout.width, 2 / 3);
});

Deno.test("roundFigureNumbers() reaches arrays inside arrays of objects (slider steps)", () => {
  const steps = [{ args: [{ y: [[Math.PI, Math.E]] }] }];
  roundFigureNumbers({ steps });
  // Spread e − π < 0, |π − e| = 0.4233: six digits of it end at 1e−6.
  assert.deepEqual(steps[0].args[0].y, [[3.141593, 2.718282]]);
});

Deno.test("roundFigureNumbers() leaves a value unchanged when it has fewer digits than asked", () => {
  // Spread ≈ 1e−5 on a value of 1e10: six digits of the spread end at 1e−10, beyond what a
  // double holds there (its spacing is 2e−6), so there is nothing to drop.
  const y = [1e10 + 0.5, 1e10 + 0.50001];
  assert.ok(y[1] > y[0]);
  const before = [...y];
  roundFigureNumbers({ y });
  assert.deepEqual(y, before);
});

Deno.test("roundFigureNumbers() keeps six digits of each value when all values are equal", () => {
  const y = [0.12345678, 0.12345678];
  roundFigureNumbers({ y });
  assert.deepEqual(y, [0.123457, 0.123457]);
});

Deno.test("roundFigureNumbers() takes the number of digits, and refuses a bad one", () => {
  const x = [0.1234567, 10];
  roundFigureNumbers({ x }, { digits: 3 });
  assert.deepEqual(x, [0.123, 10]);
  assert.throws(() => roundFigureNumbers({}, { digits: 0 }), {
    name: "RangeError",
    message: "Cannot round figure numbers: digits must be an integer in [1, 17] (got 0)",
  });
  assert.throws(() => roundFigureNumbers({}, { digits: 2.5 }), /digits must be an integer/);
});

Deno.test("toMimeBundle() rounds within 5e−6 of min(|v|, spread) and halves the JSON", () => {
  const rng = createRng(7);
  const n = 2000;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = 50 + (75 * i) / (n - 1);
    y[i] = 100 * rng.normal();
  }
  const figure = { data: [{ type: "scatter", x, y }], layout: {} };
  const shown = toMimeBundle(figure)[PLOTLY_MIME].data[0] as { x: number[]; y: number[] };
  for (const [name, original, rounded] of [["x", x, shown.x], ["y", y, shown.y]] as const) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of original) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    for (let i = 0; i < n; i++) {
      const scale = Math.min(Math.abs(original[i]), hi - lo);
      // Half of the last kept digit: 0.5·10^(⌊log₁₀ scale⌋ − 5) ≤ 5e−6·scale.
      assert.ok(
        Math.abs(rounded[i] - original[i]) <= 5e-6 * scale * (1 + 1e-9),
        `${name}[${i}]: ${original[i]} → ${rounded[i]}`,
      );
    }
  }
  const full = JSON.stringify({ x: Array.from(x), y: Array.from(y) }).length;
  const lean = JSON.stringify({ x: shown.x, y: shown.y }).length;
  assert.ok(lean < 0.6 * full, `${lean} bytes rounded vs ${full} in full`);
});

Deno.test("toMimeBundle() refuses a figure too large to reach the page, saying how large", () => {
  const x = new Float64Array(1_200_000).map((_, i) => i + 0.123456);
  assert.throws(
    () => toMimeBundle({ data: [{ type: "scatter", x, y: x }], layout: {} }),
    (error: Error) =>
      error instanceof RangeError &&
      /^Cannot show figure: its data is \d+\.\d MB of JSON \(at most 10 MB/.test(error.message),
  );
});
