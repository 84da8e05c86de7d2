import assert from "node:assert/strict";
import { checkGradient } from "../lib/gradcheck.ts";
import {
  binaryCrossEntropyLoss,
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsGradient,
  meanSquaredError,
  meanSquaredErrorGradient,
  meanSquaredErrorLoss,
  softplus,
} from "../lib/losses.ts";

Deno.test("meanSquaredError() averages the squared residuals over every element", () => {
  // Residuals 1, −2, 0.5: (1 + 4 + 0.25)/3 = 1.75.
  const yHat = Float64Array.of(2, 0, 1.5);
  const y = Float64Array.of(1, 2, 1);
  assert.equal(meanSquaredError(yHat, y), 1.75);
  // ∂L/∂ŷ = 2·r/3.
  const g = meanSquaredErrorGradient(yHat, y);
  const expected = [2 / 3, -4 / 3, 1 / 3];
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(g[i] - expected[i]) < 1e-15);
});

Deno.test("meanSquaredErrorGradient() passes a gradient check", () => {
  const yHat = Float64Array.of(0.3, -1.2, 2.5, 0.01);
  const y = Float64Array.of(1, -1, 0, 0.5);
  const grad = meanSquaredErrorGradient(yHat, y);
  const result = checkGradient(() => meanSquaredError(yHat, y), { value: yHat, grad });
  assert.ok(result.passed, `max relative error ${result.maxRelativeError}`);
  assert.equal(result.entries.length, 4);
  assert.ok(result.maxRelativeError < 1e-6);
});

Deno.test("binaryCrossEntropyWithLogits() is ln 2 at logit 0 and equals the textbook formula", () => {
  assert.equal(binaryCrossEntropyWithLogits(Float64Array.of(0), Float64Array.of(1)), Math.LN2);
  // −[y·ln p + (1 − y)·ln(1 − p)] with p = 1/(1 + e^−z), fine for moderate z (tolerance 1e-12).
  const z = Float64Array.of(-3, -0.5, 0.2, 4);
  const y = Float64Array.of(0, 1, 0.3, 1);
  let textbook = 0;
  for (let i = 0; i < z.length; i++) {
    const p = 1 / (1 + Math.exp(-z[i]));
    textbook -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
  }
  textbook /= z.length;
  assert.ok(Math.abs(binaryCrossEntropyWithLogits(z, y) - textbook) < 1e-12);
});

Deno.test("binary cross-entropy stays finite at logits ±800 and matches the analytic limits", () => {
  // softplus(z) − y·z: wrong and confident costs |z| = 800 exactly, right and confident costs 0
  // (e^−800 is below the smallest double).
  const cases: [number, number, number][] = [[800, 0, 800], [800, 1, 0], [-800, 1, 800], [
    -800,
    0,
    0,
  ]];
  for (const [z, y, expected] of cases) {
    assert.equal(binaryCrossEntropyWithLogits(Float64Array.of(z), Float64Array.of(y)), expected);
  }
  // The gradient σ(z) − y is then ±1 or 0, exactly, divided by N = 4.
  const z = Float64Array.of(800, 800, -800, -800);
  const y = Float64Array.of(0, 1, 1, 0);
  assert.equal(binaryCrossEntropyWithLogits(z, y), 400);
  assert.deepEqual(binaryCrossEntropyWithLogitsGradient(z, y), Float64Array.of(0.25, 0, -0.25, 0));
  // The textbook form breaks here: p = σ(800) rounds to 1 and ln(1 − p) = −Infinity.
  const p = 1 / (1 + Math.exp(-800));
  assert.equal(-Math.log(1 - p), Infinity);
});

Deno.test("softplus() is exact in both tails and at 0", () => {
  assert.equal(softplus(800), 800);
  assert.equal(softplus(-800), 0);
  assert.equal(softplus(0), Math.LN2);
  // log(1 + x) = x − x²/2 + x³/3 − … with x = e^−30; two terms suffice for relative 1e-15.
  const x = Math.exp(-30);
  const expected = x - x * x / 2;
  assert.ok(Math.abs(softplus(-30) - expected) <= 1e-15 * expected);
});

Deno.test("binaryCrossEntropyWithLogitsGradient() passes a gradient check, soft targets included", () => {
  const z = Float64Array.of(-4, -0.7, 0.1, 2.2, 9);
  const y = Float64Array.of(0, 1, 0.25, 0.9, 1);
  const grad = binaryCrossEntropyWithLogitsGradient(z, y);
  const result = checkGradient(() => binaryCrossEntropyWithLogits(z, y), { value: z, grad });
  assert.ok(result.passed, `max relative error ${result.maxRelativeError}`);
  assert.equal(result.entries.length, 5);
});

Deno.test("the Loss objects expose the same functions", () => {
  const a = Float64Array.of(0.5, -1);
  const b = Float64Array.of(1, 0);
  assert.equal(meanSquaredErrorLoss.value(a, b), meanSquaredError(a, b));
  assert.equal(binaryCrossEntropyLoss.value(a, b), binaryCrossEntropyWithLogits(a, b));
  const out = new Float64Array(2);
  assert.equal(binaryCrossEntropyLoss.gradient(a, b, { out }), out);
});

Deno.test("losses refuse empty input, mismatched lengths and targets outside [0, 1]", () => {
  assert.throws(
    () => meanSquaredError(new Float64Array(0), new Float64Array(0)),
    new RangeError(
      "Cannot compute mean squared error: prediction must be non-empty (got length 0)",
    ),
  );
  assert.throws(
    () => meanSquaredError(new Float64Array(2), new Float64Array(3)),
    new TypeError(
      "Cannot compute mean squared error: target must have the length of prediction, 2 (got 3)",
    ),
  );
  assert.throws(
    () => binaryCrossEntropyWithLogits(Float64Array.of(0, 0), Float64Array.of(1, 2)),
    new RangeError(
      "Cannot compute binary cross-entropy: target must be in [0, 1] (got 2 at index 1)",
    ),
  );
  assert.throws(
    () =>
      meanSquaredErrorGradient(Float64Array.of(1), Float64Array.of(1), {
        out: new Float64Array(2),
      }),
    new TypeError(
      "Cannot compute mean squared error gradient: out must have the length of prediction, 1 (got 2)",
    ),
  );
});
