import assert from "node:assert/strict";
import { parseParams } from "../lib/params.ts";
import { Chapter7Params } from "../lib/params_ch7.ts";

Deno.test("Chapter7Params defaults show each problem, and chapter 5's landscape", () => {
  assert.deepEqual(parseParams(Chapter7Params, {}), {
    bnActivation: "sigmoid",
    bnInit: "xavier",
    bnLayers: 20,
    bnWidth: 32,
    bnBatch: 64,
    miniBatchSizes: [1, 4, 16],
    examples: 32,
    frequency: 3,
    width: 16,
    clipLayers: 10,
    clipActivation: "relu",
    clipInit: "he",
    learningRate: 0.2,
    trainSteps: 120,
    clipNorm: 1,
    clipValue: 0.1,
    penaltyLayers: 6,
    penaltyActivation: "tanh",
    penaltyInit: "naive",
    penaltyLearningRate: 0.05,
    penaltySteps: 200,
    l2Strength: 0.1,
    l1Strength: 0.01,
    seed: 1,
    hiddenSize: 16,
    recurrentGain: 3,
    sequenceLength: 30,
    delay: 3,
    windows: [10, 5, 3],
    rnnLearningRate: 0.2,
    rnnSteps: 500,
    rnnSeed: 2,
    landscapeScale: 100,
    start: 58,
    landscapeSteps: 20,
    landscapeLearningRate: 1,
    smallLearningRate: 0.01,
    slopeClip: 8,
    normalizedStep: 1,
  });
});

Deno.test("the edges of chapter 7's teaching range are accepted", () => {
  const edge = parseParams(Chapter7Params, {
    bnLayers: 30,
    bnWidth: 64,
    bnBatch: 256,
    miniBatchSizes: [1, 2, 4, 8, 16, 256],
    examples: 64,
    width: 32,
    clipLayers: 16,
    trainSteps: 300,
    l2Strength: 0,
    sequenceLength: 100,
    delay: 99,
    windows: [100, 1],
    rnnSteps: 1500,
    start: 125,
  });
  assert.equal(edge.delay, 99);
  assert.deepEqual(edge.windows, [100, 1]);
});

Deno.test("chapter 7's schema refuses bad values with one line naming the parameter", () => {
  const refused: [object, string, string][] = [
    [{ bnLayers: 31 }, "RangeError", "bnLayers must be an integer ≥ 2 and ≤ 30 (got 31)"],
    [{ learningRate: 0 }, "RangeError", "learningRate must be > 0 and ≤ 10 (got 0)"],
    [{ clipNorm: -1 }, "RangeError", "clipNorm must be > 0 and ≤ 100 (got -1)"],
    [{ l1Strength: 2 }, "RangeError", "l1Strength must be ≥ 0 and ≤ 1 (got 2)"],
    [
      { penaltyInit: "zeros" },
      "RangeError",
      'penaltyInit must be one of "naive", "small", "xavier", "he" (got string "zeros")',
    ],
    [
      { windows: [] },
      "RangeError",
      "windows must be a list of 1 to 5 numbers, each integer ≥ 1 and ≤ 100 (got array of length 0)",
    ],
    [{ windows: [2.5] }, "RangeError", "windows[0] must be an integer ≥ 1 and ≤ 100 (got 2.5)"],
    [{ windows: 10 }, "TypeError", "windows must be a list of numbers (got number 10)"],
    [
      { recurrentGain: Infinity },
      "RangeError",
      "recurrentGain must be a finite number > 0 and ≤ 5 (got Infinity)",
    ],
    [{ slopeclip: 8 }, "TypeError", "unknown parameter slopeclip (did you mean slopeClip?)"],
  ];
  for (const [values, name, message] of refused) {
    assert.throws(() => parseParams(Chapter7Params, values, "chapter 7"), {
      name,
      message: `Cannot run chapter 7: ${message}`,
    });
  }
});

Deno.test("chapter 7's checks between parameters name the parameter and the limit it broke", () => {
  assert.throws(() => parseParams(Chapter7Params, { delay: 30 }, "chapter 7"), {
    name: "RangeError",
    message: "Cannot run chapter 7: delay must be < sequenceLength = 30 (got 30)",
  });
  assert.throws(
    () => parseParams(Chapter7Params, { bnBatch: 8, miniBatchSizes: [1, 16] }, "chapter 7"),
    {
      name: "RangeError",
      message: "Cannot run chapter 7: miniBatchSizes[1] must be ≤ bnBatch = 8 (got 16)",
    },
  );
  assert.throws(
    () => parseParams(Chapter7Params, { sequenceLength: 8, windows: [10, 5] }, "chapter 7"),
    {
      name: "RangeError",
      message: "Cannot run chapter 7: windows[0] must be ≤ sequenceLength = 8 (got 10)",
    },
  );
});
