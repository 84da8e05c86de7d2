import assert from "node:assert/strict";
import { activationNames, createActivation } from "../lib/activations.ts";
import { checkLayerGradients, type LayerCheckResult } from "../lib/gradcheck.ts";
import {
  createActivationLayer,
  createBatchNormLayer,
  createDenseLayer,
  createResidualBlock,
} from "../lib/layers.ts";
import { createRng } from "../lib/random.ts";

/** Standard normal numbers from a seed. */
function normals(n: number, seed: number, scale = 1): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => scale * rng.normal());
}

/** Assert a layer check passed with relative error < 1e-6 and every coordinate was checked. */
function assertChecked(result: LayerCheckResult, sizes: number[]): void {
  assert.ok(result.passed, `max relative error ${result.maxRelativeError}`);
  assert.ok(result.maxRelativeError < 1e-6, `max relative error ${result.maxRelativeError}`);
  const all = [result.input, ...result.parameters.map((p) => p.result)];
  assert.deepEqual(all.map((r) => r.entries.length), sizes);
  assert.deepEqual(all.map((r) => r.skipped.length), sizes.map(() => 0));
}

Deno.test("a dense layer computes W·x + b for each example of the batch", () => {
  // W = [[1, 2, 3], [−1, 0, 1]], b = [0.5, −0.5]; x₀ = [1, 1, 1], x₁ = [2, 0, −1].
  const dense = createDenseLayer(3, 2, {
    weights: Float64Array.of(1, 2, 3, -1, 0, 1),
    bias: Float64Array.of(0.5, -0.5),
  });
  const y = dense.forward(Float64Array.of(1, 1, 1, 2, 0, -1), 2);
  assert.deepEqual(y, Float64Array.of(6.5, -0.5, -0.5, -3.5));
  // With ∂L/∂y = [[1, 0], [0, 1]]: ∂L/∂W = Σ_b g[b]ᵀ x[b] = [[1, 1, 1], [2, 0, −1]],
  // ∂L/∂b = [1, 1], ∂L/∂x = g·W = [[1, 2, 3], [−1, 0, 1]].
  const dx = dense.backward(Float64Array.of(1, 0, 0, 1));
  assert.deepEqual(dense.gradWeights, Float64Array.of(1, 1, 1, 2, 0, -1));
  assert.deepEqual(dense.gradBias, Float64Array.of(1, 1));
  assert.deepEqual(dx, Float64Array.of(1, 2, 3, -1, 0, 1));
});

Deno.test("a dense layer passes a gradient check for weights, bias and input", () => {
  // Sizes 5 → 7 (not multiples of 4, so the kernels' remainder loops run too), batch 3.
  const dense = createDenseLayer(5, 7, { weights: normals(35, 1, 0.5), bias: normals(7, 2) });
  const result = checkLayerGradients(dense, { input: normals(15, 3), batch: 3 });
  assertChecked(result, [15, 35, 7]);
});

Deno.test("a wide dense layer gives the same output as a plain triple loop", () => {
  // 9 → 10, batch 4: compare with the definition, computed here independently.
  const w = normals(90, 4);
  const b = normals(10, 5);
  const x = normals(36, 6);
  const y = createDenseLayer(9, 10, { weights: w, bias: b }).forward(x, 4);
  for (let n = 0; n < 4; n++) {
    for (let o = 0; o < 10; o++) {
      let sum = b[o];
      for (let i = 0; i < 9; i++) sum += w[o * 9 + i] * x[n * 9 + i];
      assert.ok(Math.abs(y[n * 10 + o] - sum) < 1e-13);
    }
  }
});

Deno.test("every activation layer passes a gradient check away from kinks", () => {
  // Inputs are normal numbers nudged away from 0 (|z| ≥ 0.05 ≫ h = 1e-5), so no perturbation
  // crosses the ReLU kink and every coordinate is checked.
  const z = normals(24, 7).map((v) => (v >= 0 ? v + 0.05 : v - 0.05));
  for (const name of activationNames) {
    const layer = createActivationLayer(8, createActivation(name, { slope: 0.1 }));
    const result = checkLayerGradients(layer, { input: Float64Array.from(z), batch: 3 });
    assertChecked(result, [24]);
  }
});

Deno.test("a ReLU input exactly at the kink is skipped with a reason, not passed", () => {
  const layer = createActivationLayer(3, createActivation("relu"));
  const z = Float64Array.of(-1, 0, 2);
  const result = checkLayerGradients(layer, { input: z, batch: 1 }, {
    kinkSignature: () => Array.from(layer.input, Math.sign),
  });
  assert.deepEqual(result.input.skipped.map((s) => s.index), [1]);
  assert.match(result.input.skipped[0].reason, /kink/);
  assert.deepEqual(result.input.entries.map((e) => e.index), [0, 2]);
  assert.ok(result.passed);
  // Without the signature the coordinate is checked and honestly fails: the central difference
  // averages the slopes 0 and 1 to 1/2, the convention says 0.
  const blind = checkLayerGradients(layer, { input: z, batch: 1 });
  assert.equal(blind.passed, false);
  assert.equal(blind.input.worstIndex, 1);
});

Deno.test("batch normalization gives each feature mean 0 and variance σ²/(σ² + ε) over the batch", () => {
  const epsilon = 1e-5;
  const bn = createBatchNormLayer(3, { epsilon });
  const x = normals(3 * 6, 8, 4).map((v, i) => v + (i % 3) * 10); // features with means near 0, 10, 20
  const y = bn.forward(x, 6);
  for (let j = 0; j < 3; j++) {
    let mean = 0;
    let sigma2 = 0;
    for (let b = 0; b < 6; b++) mean += x[b * 3 + j] / 6;
    for (let b = 0; b < 6; b++) sigma2 += (x[b * 3 + j] - mean) ** 2 / 6;
    let yMean = 0;
    let yVar = 0;
    for (let b = 0; b < 6; b++) yMean += y[b * 3 + j] / 6;
    for (let b = 0; b < 6; b++) yVar += (y[b * 3 + j] - yMean) ** 2 / 6;
    assert.ok(Math.abs(yMean) < 1e-14, `feature ${j} mean ${yMean}`);
    assert.ok(
      Math.abs(yVar - sigma2 / (sigma2 + epsilon)) < 1e-12,
      `feature ${j} variance ${yVar}`,
    );
    assert.ok(Math.abs(bn.mean[j] - mean) < 1e-12);
    assert.ok(Math.abs(bn.variance[j] - sigma2) < 1e-12);
  }
});

Deno.test("batch normalization passes a gradient check for γ, β and the input", () => {
  const bn = createBatchNormLayer(4);
  bn.gamma.set(Float64Array.of(1.5, -0.7, 0.3, 2));
  bn.beta.set(Float64Array.of(0.1, -0.2, 0.3, 0));
  const result = checkLayerGradients(bn, { input: normals(4 * 5, 9, 2), batch: 5 });
  assertChecked(result, [20, 4, 4]);
});

Deno.test("batch normalization refuses a batch of one", () => {
  const bn = createBatchNormLayer(2);
  assert.throws(
    () => bn.forward(Float64Array.of(1, 2), 1),
    new RangeError("Cannot run batch normalization forward: batch must be ≥ 2 (got 1)"),
  );
});

Deno.test("a residual block computes x + F(x) and passes a gradient check", () => {
  // F = dense → tanh → dense, 4 → 6 → 4.
  const block = createResidualBlock([
    createDenseLayer(4, 6, { weights: normals(24, 10, 0.6), bias: normals(6, 11, 0.1) }),
    createActivationLayer(6, createActivation("tanh")),
    createDenseLayer(6, 4, { weights: normals(24, 12, 0.6), bias: normals(4, 13, 0.1) }),
  ]);
  const x = normals(8, 14);
  const y = Float64Array.from(block.forward(x, 2));
  const f = block.inner[2].output;
  for (let i = 0; i < 8; i++) assert.equal(y[i], x[i] + f[i]);
  const result = checkLayerGradients(block, { input: x, batch: 2 });
  assertChecked(result, [8, 24, 6, 24, 4]);
});

Deno.test("a residual block's input gradient is the output gradient plus F's (the skip path)", () => {
  // F = 0 (zero weights): the block is the identity, and ∂L/∂x = ∂L/∂y exactly.
  const block = createResidualBlock([createDenseLayer(3, 3)]);
  block.forward(Float64Array.of(1, 2, 3), 1);
  assert.deepEqual(block.backward(Float64Array.of(0.5, -1, 2)), Float64Array.of(0.5, -1, 2));
});

Deno.test("layers reuse their buffers for the same batch size and reallocate for a new one", () => {
  const dense = createDenseLayer(2, 2);
  const a = dense.forward(new Float64Array(4), 2);
  const b = dense.forward(new Float64Array(4), 2);
  assert.equal(a, b);
  const c = dense.forward(new Float64Array(6), 3);
  assert.notEqual(c, a);
  assert.equal(c.length, 6);
  assert.equal(dense.batch, 3);
});

Deno.test("layers refuse wrong sizes with a message naming the parameter", () => {
  assert.throws(
    () => createDenseLayer(0, 2),
    new RangeError("Cannot create dense layer: inputSize must be an integer ≥ 1 (got 0)"),
  );
  assert.throws(
    () => createDenseLayer(2, 2, { weights: new Float64Array(3) }),
    new TypeError(
      "Cannot create dense layer: weights must have length outputSize × inputSize = 4 (got 3)",
    ),
  );
  const dense = createDenseLayer(2, 3);
  assert.throws(
    () => dense.backward(new Float64Array(3)),
    new TypeError("Cannot run dense backward: forward must run first (got no forward pass)"),
  );
  assert.throws(
    () => dense.forward(new Float64Array(5), 2),
    new TypeError("Cannot run dense forward: input must have length batch × inputSize = 4 (got 5)"),
  );
  assert.throws(
    () => createResidualBlock([createDenseLayer(2, 3)]),
    new TypeError(
      "Cannot create residual block: the last layer's outputSize must equal the input size, 2 (got 3)",
    ),
  );
});
