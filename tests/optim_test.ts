import assert from "node:assert/strict";
import { checkGradient } from "../lib/gradcheck.ts";
import type { Parameter } from "../lib/layers.ts";
import { meanSquaredError, meanSquaredErrorGradient } from "../lib/losses.ts";
import { createDeepNetwork } from "../lib/network.ts";
import {
  addWeightPenaltyGradient,
  averageGradients,
  clipByGlobalNorm,
  clipByValue,
  findNonFinite,
  globalNorm,
  gradientsOf,
  sgdStep,
  weightNorm,
  weightPenalty,
} from "../lib/optim.ts";
import { createRng } from "../lib/random.ts";

/** A penalized parameter starting at 0 with the given gradient. */
function param(grad: ArrayLike<number>, value?: ArrayLike<number>): Parameter {
  return {
    name: "weights",
    value: value ? Float64Array.from(value) : new Float64Array(grad.length),
    grad: Float64Array.from(grad),
    penalized: true,
  };
}

/** The Euclidean norm of an update, from the parameter values before and after (all finite). */
function updateNorm(before: Float64Array[], after: readonly Parameter[]): number {
  return globalNorm(after.map((p, k) => p.value.map((v, i) => v - before[k][i])));
}

Deno.test("globalNorm() of components 1e200 is finite, where the plain formula overflows", () => {
  const g = new Float64Array(16).fill(1e200);
  // Plain: √(Σ g²) = √(16·1e400) = √Infinity.
  let plain = 0;
  for (const v of g) plain += v * v;
  assert.equal(Math.sqrt(plain), Infinity);
  // Exact: 1e200·√16 = 4e200 (the scaling by a power of two is exact; tolerance 1e-15 relative).
  const norm = globalNorm([g]);
  assert.ok(Number.isFinite(norm));
  assert.ok(Math.abs(norm - 4e200) <= 1e-15 * 4e200, `${norm}`);
});

Deno.test("globalNorm() of components 1e-200 is not rounded to 0", () => {
  const g = new Float64Array(9).fill(1e-200);
  assert.ok(Math.abs(globalNorm([g]) - 3e-200) <= 1e-15 * 3e-200);
  assert.equal(globalNorm([new Float64Array(3)]), 0);
  assert.equal(globalNorm([]), 0);
});

Deno.test("globalNorm() spans several buffers and reports NaN and Infinity as such", () => {
  assert.equal(globalNorm([Float64Array.of(3), Float64Array.of(), Float64Array.of(4)]), 5);
  assert.ok(Number.isNaN(globalNorm([Float64Array.of(1, NaN)])));
  assert.equal(globalNorm([Float64Array.of(1, -Infinity)]), Infinity);
});

Deno.test("clipByGlobalNorm() rescales to the threshold and keeps the direction", () => {
  const a = Float64Array.of(3, 0);
  const b = Float64Array.of(-4);
  const result = clipByGlobalNorm([a, b], { maxNorm: 2 });
  assert.equal(result.clipped, true);
  assert.equal(result.norm, 5);
  assert.ok(Math.abs(globalNorm([a, b]) - 2) < 1e-15);
  // (3, 0, −4)·2/5
  assert.ok(Math.abs(a[0] - 1.2) < 1e-15 && a[1] === 0 && Math.abs(b[0] + 1.6) < 1e-15);
  // Below the threshold nothing changes.
  const c = Float64Array.of(0.1, 0.2);
  assert.equal(clipByGlobalNorm([c], { maxNorm: 1 }).clipped, false);
  assert.deepEqual(c, Float64Array.of(0.1, 0.2));
});

Deno.test("clipByGlobalNorm() clips a gradient whose norm overflows to a finite, correct one", () => {
  // Components 1e308: the norm, 2e308, exceeds the largest double, but the clipped vector is
  // (1, 1, 1, 1)/2 exactly in direction.
  const g = new Float64Array(4).fill(1e308);
  const result = clipByGlobalNorm([g], { maxNorm: 1 });
  assert.equal(result.norm, Infinity);
  assert.equal(result.clipped, true);
  for (const v of g) assert.ok(Math.abs(v - 0.5) < 1e-15);
});

Deno.test("a non-finite gradient is reported with its location and never silently changed", () => {
  const a = Float64Array.of(1, 2);
  const b = Float64Array.of(3, NaN, Infinity);
  assert.deepEqual(findNonFinite([a, b]), { buffer: 1, index: 1, value: NaN });
  const byNorm = clipByGlobalNorm([a, b], { maxNorm: 1 });
  assert.deepEqual(byNorm.nonFinite, { buffer: 1, index: 1, value: NaN });
  assert.equal(byNorm.clipped, false);
  const byValue = clipByValue([a, b], { threshold: 0.5 });
  assert.deepEqual(byValue.nonFinite, { buffer: 1, index: 1, value: NaN });
  // Nothing was clamped: Infinity was not turned into 0.5, NaN not into 0.
  assert.deepEqual(a, Float64Array.of(1, 2));
  assert.ok(Number.isNaN(b[1]) && b[2] === Infinity);
  // And SGD refuses the step.
  const p = param([1, Infinity], [5, 5]);
  const step = sgdStep([p], { lr: 0.1 });
  assert.deepEqual(step.nonFinite, { buffer: 0, index: 1, value: Infinity });
  assert.deepEqual(p.value, Float64Array.of(5, 5));
});

Deno.test("clipByValue() clamps each component and counts them", () => {
  const g = Float64Array.of(-3, 0.2, 0.5, 7);
  assert.deepEqual(clipByValue([g], { threshold: 0.5 }), { clippedCount: 2, nonFinite: null });
  assert.deepEqual(g, Float64Array.of(-0.5, 0.2, 0.5, 0.5));
});

/** Random gradients whose components span many orders of magnitude (1e-3 to 1e250). */
function wildGradients(seed: number): Parameter[] {
  const rng = createRng(seed);
  return [5, 12, 3].map((n) => {
    const grad = Float64Array.from({ length: n }, () => {
      const magnitude = 10 ** (-3 + 253 * rng.uniform());
      return rng.uniform() < 0.5 ? -magnitude : magnitude;
    });
    return param(grad);
  });
}

Deno.test("a clipped update never exceeds lr × threshold (clip by norm, then step)", () => {
  const lr = 0.05;
  const maxNorm = 2;
  for (let seed = 0; seed < 200; seed++) {
    const params = wildGradients(seed);
    const before = params.map((p) => Float64Array.from(p.value));
    clipByGlobalNorm(gradientsOf(params), { maxNorm });
    const step = sgdStep(params, { lr });
    // Up to rounding in the rescaling (relative 1e-12).
    const bound = lr * maxNorm * (1 + 1e-12);
    assert.ok(updateNorm(before, params) <= bound, `seed ${seed}`);
    assert.ok(step.updateNorm <= bound);
  }
});

Deno.test("clipping placed after the update fails that bound", () => {
  // Deliberately wrong: the step uses the raw gradient, clipping comes too late to matter.
  function stepThenClip(params: Parameter[], lr: number, maxNorm: number): void {
    sgdStep(params, { lr });
    clipByGlobalNorm(gradientsOf(params), { maxNorm });
  }
  const lr = 0.05;
  const maxNorm = 2;
  let violations = 0;
  for (let seed = 0; seed < 200; seed++) {
    const params = wildGradients(seed);
    const before = params.map((p) => Float64Array.from(p.value));
    stepThenClip(params, lr, maxNorm);
    if (updateNorm(before, params) > lr * maxNorm * (1 + 1e-12)) violations++;
  }
  // Every one of these gradients has a norm far above the threshold, so every step overshoots.
  assert.equal(violations, 200);
});

Deno.test("a value-clipped update moves no component by more than lr × threshold", () => {
  const lr = 0.1;
  const threshold = 0.3;
  for (let seed = 0; seed < 50; seed++) {
    const params = wildGradients(seed);
    clipByValue(gradientsOf(params), { threshold });
    sgdStep(params, { lr });
    // Parameters started at 0, so each value is the update itself.
    for (const p of params) for (const v of p.value) assert.ok(Math.abs(v) <= lr * threshold);
  }
});

Deno.test("sgdStep() moves against the gradient by lr × gradient", () => {
  const p = param([2, -4], [1, 1]);
  const bias: Parameter = { ...param([1], [0]), name: "bias", penalized: false };
  const result = sgdStep([p, bias], { lr: 0.5 });
  assert.deepEqual(p.value, Float64Array.of(0, 3));
  assert.deepEqual(bias.value, Float64Array.of(-0.5));
  // 0.5·‖(2, −4, 1)‖ = 0.5·√21
  assert.ok(Math.abs(result.updateNorm - 0.5 * Math.sqrt(21)) < 1e-15);
  assert.throws(
    () => sgdStep([p], { lr: 0 }),
    new RangeError("Cannot take SGD step: lr must be a finite number > 0 (got 0)"),
  );
});

Deno.test("L1 and L2 penalties have the textbook values and skip biases", () => {
  const w = param([0, 0, 0], [1, -2, 3]);
  const b: Parameter = { ...param([0], [10]), name: "bias", penalized: false };
  // L1: λ·(1 + 2 + 3) = 0.6; L2: (λ/2)·(1 + 4 + 9) = 0.7, with λ = 0.1.
  assert.ok(Math.abs(weightPenalty([w, b], { kind: "l1", lambda: 0.1 }) - 0.6) < 1e-15);
  assert.ok(Math.abs(weightPenalty([w, b], { kind: "l2", lambda: 0.1 }) - 0.7) < 1e-15);
  addWeightPenaltyGradient([w, b], { kind: "l2", lambda: 0.1 });
  assert.ok(w.grad.every((g, i) => Math.abs(g - 0.1 * w.value[i]) < 1e-16));
  assert.deepEqual(b.grad, Float64Array.of(0));
  assert.equal(weightNorm([w, b]), Math.sqrt(14));
  assert.throws(
    () => weightPenalty([w], { kind: "l2", lambda: -1 }),
    new RangeError("Cannot compute weight penalty: lambda must be a finite number ≥ 0 (got -1)"),
  );
});

Deno.test("the penalty gradients pass a gradient check (L1 away from its kink at 0)", () => {
  const value = Float64Array.of(0.7, -1.3, 0.2, -0.05);
  for (const kind of ["l1", "l2"] as const) {
    const w: Parameter = { name: "weights", value, grad: new Float64Array(4), penalized: true };
    addWeightPenaltyGradient([w], { kind, lambda: 0.3 });
    const result = checkGradient(() => weightPenalty([w], { kind, lambda: 0.3 }), w, {
      kinkSignature: () => Array.from(value, Math.sign),
    });
    assert.ok(result.passed, `${kind}: ${result.maxRelativeError}`);
    assert.equal(result.entries.length, 4);
  }
});

Deno.test("averageGradients() is the mean of the per-example gradients", () => {
  const mean = averageGradients([
    Float64Array.of(1, -2),
    Float64Array.of(3, 2),
    Float64Array.of(
      -1,
      3,
    ),
  ]);
  assert.deepEqual(mean, Float64Array.of(1, 1));
  assert.throws(
    () => averageGradients([]),
    new RangeError("Cannot average gradients: perExample must have at least one gradient (got 0)"),
  );
});

Deno.test("a mini-batch gradient equals the average of the per-example gradients", () => {
  // The network's loss is a mean over the batch, so backprop on the batch must give the same
  // gradient as averaging the four single-example gradients (tolerance 1e-12 relative).
  const net = createDeepNetwork({
    inputSize: 3,
    width: 5,
    hiddenLayers: 2,
    outputSize: 1,
    activation: "tanh",
    seed: 4,
  });
  const rng = createRng(5);
  const x = Float64Array.from({ length: 12 }, () => rng.normal());
  const y = Float64Array.from({ length: 4 }, () => rng.normal());
  const w = net.dense[0].gradWeights;

  const yHat = net.forward(x, 4);
  net.backward(meanSquaredErrorGradient(yHat, y));
  const batchGradient = Float64Array.from(w);

  const perExample: Float64Array[] = [];
  for (let b = 0; b < 4; b++) {
    const out = net.forward(x.slice(b * 3, b * 3 + 3), 1);
    net.backward(meanSquaredErrorGradient(out, y.slice(b, b + 1)));
    perExample.push(Float64Array.from(w));
  }
  const mean = averageGradients(perExample);
  const scale = globalNorm([batchGradient]);
  assert.ok(scale > 0);
  for (let i = 0; i < mean.length; i++) {
    assert.ok(Math.abs(mean[i] - batchGradient[i]) <= 1e-12 * scale, `component ${i}`);
  }
  // The loss itself is the mean of the per-example losses as well.
  const whole = meanSquaredError(net.forward(x, 4), y);
  let sum = 0;
  for (let b = 0; b < 4; b++) {
    sum += meanSquaredError(net.forward(x.slice(b * 3, b * 3 + 3), 1), y.slice(b, b + 1));
  }
  assert.ok(Math.abs(whole - sum / 4) < 1e-14);
});
