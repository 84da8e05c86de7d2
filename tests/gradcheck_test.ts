import assert from "node:assert/strict";
import { checkGradient, relativeError } from "../lib/gradcheck.ts";

Deno.test("relativeError() counts both-zero as exact agreement, not 0/0", () => {
  assert.equal(relativeError(0, 0), 0);
  assert.equal(relativeError(0, 0, { tiny: 0 }), 0); // even with no floor at all
  assert.equal(relativeError(2, 1), 0.5);
  assert.equal(relativeError(-1, 1), 2);
  // Below the floor the error is absolute over the floor: |1e-13 − 0| / 1e-12.
  assert.equal(relativeError(1e-13, 0), 0.1);
  assert.ok(Number.isNaN(relativeError(NaN, 1)));
});

Deno.test("checkGradient() passes a correct gradient with relative error far below 1e-6", () => {
  // f(w) = sin(w₀)·w₁² + exp(w₂), ∇f = (cos(w₀)·w₁², 2·sin(w₀)·w₁, exp(w₂)).
  const w = Float64Array.of(0.4, -1.3, 0.25);
  const f = () => Math.sin(w[0]) * w[1] ** 2 + Math.exp(w[2]);
  const grad = Float64Array.of(
    Math.cos(w[0]) * w[1] ** 2,
    2 * Math.sin(w[0]) * w[1],
    Math.exp(w[2]),
  );
  const result = checkGradient(f, { value: w, grad });
  assert.ok(result.passed);
  assert.ok(result.maxRelativeError < 1e-8, `${result.maxRelativeError}`);
  assert.equal(result.entries.length, 3);
  assert.deepEqual(result.skipped, []);
});

Deno.test("checkGradient() catches a wrong gradient and names the coordinate", () => {
  const w = Float64Array.of(1, 2);
  const f = () => w[0] * w[1];
  const result = checkGradient(f, { value: w, grad: Float64Array.of(2, 2) }); // ∂f/∂w₁ is 1, not 2
  assert.equal(result.passed, false);
  assert.equal(result.worstIndex, 1);
  assert.ok(Math.abs(result.maxRelativeError - 0.5) < 1e-8);
});

Deno.test("a coordinate the loss does not depend on agrees exactly (both zero)", () => {
  const w = Float64Array.of(3, 7);
  const result = checkGradient(() => w[0] ** 2, { value: w, grad: Float64Array.of(6, 0) });
  assert.ok(result.passed);
  const unused = result.entries.find((e) => e.index === 1)!;
  assert.equal(unused.numeric, 0);
  assert.equal(unused.relativeError, 0);
});

Deno.test("a NaN analytic gradient fails the check instead of passing by NaN comparisons", () => {
  const w = Float64Array.of(1, 2, 3);
  const result = checkGradient(() => w[0] + w[1] + w[2], {
    value: w,
    grad: Float64Array.of(1, NaN, 1),
  });
  assert.equal(result.passed, false);
  assert.ok(Number.isNaN(result.maxRelativeError));
  assert.equal(result.worstIndex, 1);
});

Deno.test("a non-finite loss at θ ± h fails the check", () => {
  const w = Float64Array.of(0);
  // f(w) = log w at w = 0: f(+h) is finite, f(−h) is NaN, so the difference is NaN.
  const result = checkGradient(() => Math.log(w[0]), { value: w, grad: Float64Array.of(1) });
  assert.equal(result.passed, false);
});

Deno.test("a perturbation that crosses a kink is skipped with its reason", () => {
  // f(w) = Σ max(0, wᵢ); w₁ = 3e-6 lies within h = 1e-5 of the kink, w₂ exactly on it.
  const w = Float64Array.of(-0.5, 3e-6, 0, 0.8);
  const f = () => w.reduce((s, v) => s + Math.max(0, v), 0);
  const grad = Float64Array.from(w, (v) => (v > 0 ? 1 : 0));
  const result = checkGradient(f, { value: w, grad }, {
    kinkSignature: () => Array.from(w, Math.sign),
  });
  assert.deepEqual(result.skipped.map((s) => s.index), [1, 2]);
  assert.match(result.skipped[0].reason, /−h/); // only the step down crosses for w₁
  assert.match(result.skipped[1].reason, /both directions/);
  assert.deepEqual(result.entries.map((e) => e.index), [0, 3]);
  assert.ok(result.passed);
  // The values are restored exactly.
  assert.deepEqual(w, Float64Array.of(-0.5, 3e-6, 0, 0.8));
});

Deno.test("a check where every coordinate was skipped does not pass", () => {
  const w = Float64Array.of(0);
  const result = checkGradient(() => Math.abs(w[0]), { value: w, grad: Float64Array.of(0) }, {
    kinkSignature: () => [Math.sign(w[0])],
  });
  assert.equal(result.entries.length, 0);
  assert.equal(result.passed, false);
  const none = checkGradient(() => 0, { value: w, grad: Float64Array.of(0) }, { indices: [] });
  assert.equal(none.passed, false);
});

Deno.test("checkGradient() checks only the requested indices", () => {
  const w = Float64Array.of(1, 2, 3, 4);
  const result = checkGradient(() => w[0] * w[3], {
    value: w,
    grad: Float64Array.of(4, 999, 999, 1),
  }, { indices: [0, 3] });
  assert.ok(result.passed);
  assert.deepEqual(result.entries.map((e) => e.index), [0, 3]);
});

Deno.test("checkGradient() refuses bad options", () => {
  const w = Float64Array.of(1);
  assert.throws(
    () => checkGradient(() => w[0], { value: w, grad: Float64Array.of(1) }, { h: 0 }),
    new RangeError("Cannot check gradient: h must be a finite number > 0 (got 0)"),
  );
  assert.throws(
    () => checkGradient(() => w[0], { value: w, grad: new Float64Array(2) }),
    new TypeError("Cannot check gradient: grad must have the length of value, 1 (got 2)"),
  );
  assert.throws(
    () => checkGradient(() => w[0], { value: w, grad: Float64Array.of(1) }, { indices: [1] }),
    new RangeError("Cannot check gradient: indices must be integers in [0, 0] (got 1)"),
  );
});

Deno.test("a gradient below the check's resolution is judged by absolute error, both ways", () => {
  // f(w) = 1 + 1e-9·w: the derivative 1e-9 is far below the resolution 16·ε·|f|/(h·tolerance)
  // ≈ 3.6e-4, where the central difference's rounding error (≈ ε/h ≈ 2e-11) is 2% of it.
  const w = Float64Array.of(0.5);
  const f = () => 1 + 1e-9 * w[0];
  const right = checkGradient(f, { value: w, grad: Float64Array.of(1e-9) });
  assert.ok(right.passed, `${right.maxRelativeError}`);
  assert.equal(right.belowFloor, 1);
  assert.ok(Math.abs(right.tiny - (16 * Number.EPSILON * f()) / (1e-5 * 1e-6)) < 1e-18);
  // An analytic value off by 1e-9 (100%) is still caught: 1e-9 exceeds 16·ε·|f|/h ≈ 3.6e-10.
  const wrong = checkGradient(f, { value: w, grad: Float64Array.of(2e-9) });
  assert.equal(wrong.passed, false);
});
