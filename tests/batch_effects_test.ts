import assert from "node:assert/strict";
import {
  averagedLayerNorms,
  batchSpread,
  compareBatchNorm,
  miniBatchNoise,
  perExampleGradients,
} from "../lib/batch_effects.ts";
import { meanSquaredErrorLoss } from "../lib/losses.ts";
import { createDeepNetwork } from "../lib/network.ts";
import { globalNorm } from "../lib/optim.ts";
import { createRng } from "../lib/random.ts";

const batchOf = (n: number, seed: number) => {
  const rng = createRng(seed);
  const input = Float64Array.from({ length: n }, () => 2 * rng.uniform() - 1);
  return { input, target: input.map((x) => Math.sin(3 * x)), batch: n };
};

Deno.test("the batch spread is the mean over features of each feature's standard deviation", () => {
  // Feature 0: 1, 2, 3 (mean 2, σ = √(2/3)); feature 1: 4, 4, 4 (σ = 0).
  const spread = batchSpread(Float64Array.of(1, 4, 2, 4, 3, 4), { batch: 3, size: 2 });
  assert.ok(Math.abs(spread - Math.sqrt(2 / 3) / 2) < 1e-15);
  assert.equal(batchSpread(Float64Array.of(7), { batch: 1, size: 1 }), 0);
});

Deno.test("batch normalization gives every layer's output a spread of √(σ²/(σ² + ε)) ≈ 1", () => {
  const { normalized } = compareBatchNorm(batchOf(32, 1), { width: 8, hiddenLayers: 6, seed: 2 });
  const spread = normalized.normalizedSpread!;
  assert.equal(spread.length, 6);
  // Each feature's spread is σ/√(σ² + ε) with ε = 1e−5: within 1e−3 of 1 once σ ≥ 0.07.
  for (let k = 0; k < 6; k++) {
    assert.ok(spread[k] <= 1 && spread[k] > 0.97, `layer ${k + 1}: ${spread[k]}`);
  }
});

Deno.test("the two networks share their weights, and differ only by the normalization", () => {
  const data = batchOf(16, 3);
  const { plain, normalized } = compareBatchNorm(data, { width: 6, hiddenLayers: 4, seed: 5 });
  // The first dense layer sees the same input with the same weights: the same spread.
  assert.equal(plain.spread[0], normalized.spread[0]);
  assert.equal(plain.normalizedSpread, null);
  assert.equal(plain.weightGradientNorms.length, 5);
  // Recompute the plain probe with a network built here: same loss and gradients.
  const net = createDeepNetwork({
    inputSize: 1,
    outputSize: 1,
    width: 6,
    hiddenLayers: 4,
    activation: "sigmoid",
    init: "xavier",
    seed: 5,
  });
  const y = net.forward(data.input, 16);
  assert.equal(plain.loss, meanSquaredErrorLoss.value(y, data.target));
  assert.deepEqual(
    plain.weightGradientNorms,
    net.backward(meanSquaredErrorLoss.gradient(y, data.target)).weightGradientNorms,
  );
});

Deno.test("in 20 sigmoid layers the plain network's spread and first gradient vanish, the normalized one's do not", () => {
  const { plain, normalized } = compareBatchNorm(batchOf(64, 1), { seed: 1 });
  assert.ok(plain.spread[19] < 1e-9 * plain.spread[0]);
  const g = plain.weightGradientNorms;
  assert.ok(g[0] < 1e-10 * g[20]);
  const n = normalized.weightGradientNorms;
  assert.ok(n[0] > 0.1 * n[20]);
});

Deno.test("the mean of the per-example gradients is the batch's gradient (an independent computation)", () => {
  const data = batchOf(12, 7);
  const net = createDeepNetwork({
    inputSize: 1,
    outputSize: 1,
    width: 5,
    hiddenLayers: 3,
    activation: "tanh",
    seed: 3,
  });
  const perExample = perExampleGradients(net, data);
  assert.equal(perExample.length, 12);
  const y = net.forward(data.input, 12);
  net.backward(meanSquaredErrorLoss.gradient(y, data.target));
  const norms = averagedLayerNorms(perExample, 12);
  net.dense.forEach((layer, k) => {
    for (let i = 0; i < layer.gradWeights.length; i++) {
      let mean = 0;
      for (const g of perExample) mean += g[k][i] / 12;
      assert.ok(Math.abs(mean - layer.gradWeights[i]) < 1e-14 + 1e-12 * Math.abs(mean));
    }
    assert.ok(Math.abs(norms[k] - globalNorm([layer.gradWeights])) < 1e-12 * norms[k] + 1e-300);
  });
});

Deno.test("mini-batch noise is the root mean square deviation from the full mean, by hand", () => {
  // Four one-number gradients 0, 2, 4, 10: mean 4.
  const perExample = [0, 2, 4, 10].map((g) => [Float64Array.of(g)]);
  const [one, two, four] = miniBatchNoise(perExample, [1, 2, 4]);
  // B = 1: deviations 4, 2, 0, 6 → √((16 + 4 + 0 + 36)/4)/4 = √14/4.
  assert.ok(Math.abs(one.relativeDeviation - Math.sqrt(14) / 4) < 1e-15);
  assert.equal(one.batches, 4);
  // B = 2: means 1 and 7 → deviations 3 and 3 → 3/4.
  assert.equal(two.relativeDeviation, 0.75);
  assert.equal(four.relativeDeviation, 0);
});

Deno.test("a remainder that does not fill a mini-batch is left out", () => {
  const perExample = [1, 3, 100].map((g) => [Float64Array.of(g)]);
  const [two] = miniBatchNoise(perExample, [2]);
  assert.equal(two.batches, 1); // (1, 3) only; 100 is left out
  const mean = 104 / 3;
  assert.ok(Math.abs(two.relativeDeviation - Math.abs(2 - mean) / mean) < 1e-15);
});

Deno.test("bad sizes are refused with one line naming the parameter", () => {
  const perExample = [[Float64Array.of(1)], [Float64Array.of(2)]];
  assert.throws(() => miniBatchNoise(perExample, [3]), {
    name: "RangeError",
    message:
      "Cannot measure mini-batch noise: each batch size must be an integer from 1 to 2 (got 3)",
  });
  assert.throws(() => miniBatchNoise([[Float64Array.of(0)]], [1]), {
    name: "RangeError",
    message: "Cannot measure mini-batch noise: the mean gradient must not be 0 (got norm 0)",
  });
  assert.throws(() => averagedLayerNorms(perExample, 0), {
    name: "RangeError",
    message: "Cannot average layer gradients: count must be an integer from 1 to 2 (got 0)",
  });
  assert.throws(() => batchSpread(Float64Array.of(1, 2, 3), { batch: 2, size: 2 }), {
    name: "TypeError",
    message: "Cannot measure batch spread: values must have length batch × size = 4 (got 3)",
  });
  assert.throws(
    () => compareBatchNorm({ input: Float64Array.of(1), target: Float64Array.of(1), batch: 1 }),
    {
      name: "RangeError",
      message: "Cannot compare batch normalization: data.batch must be an integer ≥ 2 (got 1)",
    },
  );
});
