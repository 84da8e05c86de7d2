import assert from "node:assert/strict";
import { createDeepNetwork } from "../lib/network.ts";
import { parseParams } from "../lib/params.ts";
import { Chapter6Params, MAX_SWEEP_WORK, sweepWork } from "../lib/params_ch6.ts";

function assertRefused(values: unknown, name: "RangeError" | "TypeError", tail: string): void {
  assert.throws(() => parseParams(Chapter6Params, values, "chapter 6"), {
    name,
    message: `Cannot run chapter 6: ${tail}`,
  });
}

Deno.test("Chapter6Params defaults: a small sine-fitting sweep, a 20 × 32 deep network, 100 steps", () => {
  assert.deepEqual(parseParams(Chapter6Params, {}), {
    seed: 1,
    examples: 64,
    frequency: 3,
    width: 16,
    hiddenLayers: 3,
    activation: "tanh",
    init: "xavier",
    learningRates: [0.001, 0.01, 0.1, 0.3, 1],
    steps: 200,
    leakySlope: 0.1,
    deepLayers: 20,
    deepWidth: 32,
    deepInit: "he",
    initActivation: "relu",
    architectureActivation: "sigmoid",
    sequenceLength: 100,
    hiddenSize: 16,
    recurrentGain: 1,
    forgetBiases: [1, 3],
  });
  // The default lists are fresh arrays at each parse.
  parseParams(Chapter6Params, {}).learningRates.push(5);
  parseParams(Chapter6Params, {}).forgetBiases.push(5);
  assert.deepEqual(parseParams(Chapter6Params, {}).learningRates, [0.001, 0.01, 0.1, 0.3, 1]);
  assert.deepEqual(parseParams(Chapter6Params, {}).forgetBiases, [1, 3]);
});

Deno.test("the edges of chapter 6's teaching range are accepted", () => {
  const edge = parseParams(Chapter6Params, {
    seed: 4294967295,
    examples: 8,
    frequency: 20,
    deepLayers: 30,
    deepWidth: 64,
    leakySlope: 0,
    sequenceLength: 200,
    hiddenSize: 64,
    recurrentGain: 0,
    forgetBiases: [-5, 0, 5],
    init: "naive",
    deepInit: "small",
    initActivation: "leakyRelu",
    architectureActivation: "identity",
  });
  assert.equal(edge.deepWidth, 64);
  assert.deepEqual(edge.forgetBiases, [-5, 0, 5]);
});

Deno.test("chapter 6's parameters refuse values out of range with one line naming them", () => {
  const ranges: [object, string][] = [
    [{ examples: 7 }, "examples must be an integer ≥ 8 and ≤ 256 (got 7)"],
    [{ frequency: 0 }, "frequency must be > 0 and ≤ 20 (got 0)"],
    [{ width: 33 }, "width must be an integer ≥ 2 and ≤ 32 (got 33)"],
    [{ hiddenLayers: 0 }, "hiddenLayers must be an integer ≥ 1 and ≤ 6 (got 0)"],
    [{ steps: 501 }, "steps must be an integer ≥ 1 and ≤ 500 (got 501)"],
    [{ leakySlope: 1 }, "leakySlope must be ≥ 0 and < 1 (got 1)"],
    [{ deepLayers: 31 }, "deepLayers must be an integer ≥ 2 and ≤ 30 (got 31)"],
    [{ sequenceLength: 1 }, "sequenceLength must be an integer ≥ 2 and ≤ 200 (got 1)"],
    [{ recurrentGain: 3.5 }, "recurrentGain must be ≥ 0 and ≤ 3 (got 3.5)"],
    [{ learningRates: [0.1, 0] }, "learningRates[1] must be > 0 and ≤ 10 (got 0)"],
    [{ forgetBiases: [6] }, "forgetBiases[0] must be ≥ -5 and ≤ 5 (got 6)"],
    [
      { forgetBiases: [] },
      "forgetBiases must be a list of 1 to 3 numbers, each ≥ -5 and ≤ 5 (got array of length 0)",
    ],
  ];
  for (const [values, tail] of ranges) assertRefused(values, "RangeError", tail);
  assertRefused(
    { activation: "softmax" },
    "RangeError",
    'activation must be one of "sigmoid", "tanh", "relu", "leakyRelu", "identity" (got string "softmax")',
  );
  assertRefused(
    { init: "glorot" },
    "RangeError",
    'init must be one of "naive", "small", "xavier", "he" (got string "glorot")',
  );
  assertRefused(
    { deepwidth: 8 },
    "TypeError",
    "unknown parameter deepwidth (did you mean deepWidth?)",
  );
});

Deno.test("sweepWork() counts three multiply-adds per weight, example, step and run", () => {
  // Independently: the weights of the network the sweep trains, counted from the network itself.
  for (const [width, hiddenLayers] of [[2, 1], [16, 3], [32, 6]]) {
    const net = createDeepNetwork({ inputSize: 1, width, hiddenLayers, outputSize: 1 });
    const weights = net.dense.reduce((sum, layer) => sum + layer.weights.length, 0);
    const values = { learningRates: [0.1, 1], steps: 7, examples: 5, width, hiddenLayers };
    assert.equal(sweepWork(values), 2 * 7 * 5 * 3 * weights);
  }
});

Deno.test("a sweep that would cost more than its budget is refused, naming the steps that fit", () => {
  // 6 rates × 500 steps × 256 examples × 3 × (32²·5 + 2·32) multiply-adds = 1.19e10: too many.
  const values = {
    learningRates: [1, 1, 1, 1, 1, 1],
    steps: 500,
    examples: 256,
    width: 32,
    hiddenLayers: 6,
  };
  const perStep = 6 * 256 * 3 * (32 * 32 * 5 + 64);
  const fits = Math.floor(MAX_SWEEP_WORK / perStep);
  assert.equal(fits, 41);
  assertRefused(
    values,
    "RangeError",
    `steps must be ≤ 41 with these learningRates, examples, width and hiddenLayers, to keep the sweep within 1000000000 multiply-adds (got 500)`,
  );
  // The largest number of steps that fits is accepted.
  assert.equal(parseParams(Chapter6Params, { ...values, steps: fits }).steps, fits);
});
