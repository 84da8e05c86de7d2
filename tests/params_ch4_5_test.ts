import assert from "node:assert/strict";
import { parseParams } from "../lib/params.ts";
import { Chapter4Params, Chapter5Params } from "../lib/params_ch4_5.ts";

Deno.test("Chapter5Params defaults are the article's landscape settings", () => {
  assert.deepEqual(parseParams(Chapter5Params, {}), {
    smallScale: 1,
    mediumScale: 10,
    largeScale: 100,
    start: 58,
    steps: 20,
    learningRate: 1,
    slopeStep: 1e-5,
    points: 1500,
    networkInputs: 4,
    networkWidth: 32,
    networkLayers: 10,
    networkActivation: "tanh",
    networkInit: "naive",
    batch: 1,
    networkSeed: 1,
  });
});

Deno.test("Chapter4Params defaults compare weights and scales below, at and above 1", () => {
  assert.deepEqual(parseParams(Chapter4Params, {}), {
    input: 1,
    smallWeight: 0.5,
    largeWeight: 2,
    depth: 20,
    longDepth: 1100,
    activation: "sigmoid",
    width: 64,
    matrixDepth: 50,
    smallScale: 0.5,
    largeScale: 2,
    matrixActivation: "identity",
    seed: 1,
  });
  // The edges of the teaching range are accepted.
  const edge = parseParams(Chapter4Params, { depth: 200, width: 256, matrixDepth: 200 });
  assert.equal(edge.width, 256);
});

Deno.test("the chapter 4 and 5 schemas refuse bad values with one line naming the parameter", () => {
  const refused: [typeof Chapter4Params | typeof Chapter5Params, object, string, string][] = [
    [
      Chapter4Params,
      { depth: 201 },
      "RangeError",
      "depth must be an integer ≥ 1 and ≤ 200 (got 201)",
    ],
    [
      Chapter4Params,
      { depth: 2.5 },
      "RangeError",
      "depth must be an integer ≥ 1 and ≤ 200 (got 2.5)",
    ],
    [Chapter4Params, { smallWeight: 1 }, "RangeError", "smallWeight must be > 0 and < 1 (got 1)"],
    [Chapter4Params, { largeWeight: 1 }, "RangeError", "largeWeight must be > 1 and ≤ 10 (got 1)"],
    [
      Chapter4Params,
      { width: 257 },
      "RangeError",
      "width must be an integer ≥ 2 and ≤ 256 (got 257)",
    ],
    [Chapter4Params, { width: "64" }, "TypeError", 'width must be an integer (got string "64")'],
    [
      Chapter4Params,
      { activation: "softsign" },
      "RangeError",
      'activation must be one of "sigmoid", "tanh", "relu", "leakyRelu", "identity" (got string "softsign")',
    ],
    [Chapter5Params, { start: 40 }, "RangeError", "start must be ≥ 50 and ≤ 125 (got 40)"],
    [
      Chapter5Params,
      { learningRate: 0 },
      "RangeError",
      "learningRate must be > 0 and ≤ 10 (got 0)",
    ],
    [
      Chapter5Params,
      { slopeStep: NaN },
      "RangeError",
      "slopeStep must be a finite number > 0 and ≤ 1 (got NaN)",
    ],
    [
      Chapter5Params,
      { mediumScale: 0.5 },
      "RangeError",
      "mediumScale must be > smallScale = 1 (got 0.5)",
    ],
    [
      Chapter5Params,
      { largeScale: 5 },
      "RangeError",
      "largeScale must be > mediumScale = 10 (got 5)",
    ],
  ];
  for (const [schema, values, name, message] of refused) {
    assert.throws(() => parseParams(schema, values, "chapter 4"), {
      name,
      message: `Cannot run chapter 4: ${message}`,
    });
  }
});

Deno.test("the chapter 4 and 5 schemas refuse unknown names", () => {
  assert.throws(() => parseParams(Chapter5Params, { lr: 1 }, "chapter 5"), {
    name: "TypeError",
    message: "Cannot run chapter 5: unknown parameter lr (the parameters are smallScale, " +
      "mediumScale, largeScale, start, steps, learningRate, slopeStep, points, networkInputs, " +
      "networkWidth, networkLayers, networkActivation, networkInit, batch, networkSeed)",
  });
  assert.throws(() => parseParams(Chapter4Params, { Depth: 10 }), {
    name: "TypeError",
    message: "Cannot use the parameters: unknown parameter Depth (did you mean depth?)",
  });
});

Deno.test("the parameters added for the deep chains and the unit heat map have their ranges", () => {
  const refused: [typeof Chapter4Params | typeof Chapter5Params, object, string, string][] = [
    [
      Chapter4Params,
      { longDepth: 5001 },
      "RangeError",
      "longDepth must be an integer ≥ 1 and ≤ 5000 (got 5001)",
    ],
    [
      Chapter5Params,
      { networkWidth: 1 },
      "RangeError",
      "networkWidth must be an integer ≥ 2 and ≤ 128 (got 1)",
    ],
    [
      Chapter5Params,
      { networkLayers: 31 },
      "RangeError",
      "networkLayers must be an integer ≥ 2 and ≤ 30 (got 31)",
    ],
    [
      Chapter5Params,
      { networkInit: "random" },
      "RangeError",
      'networkInit must be one of "naive", "small", "xavier", "he" (got string "random")',
    ],
    [Chapter5Params, { batch: 0 }, "RangeError", "batch must be an integer ≥ 1 and ≤ 256 (got 0)"],
  ];
  for (const [schema, values, name, message] of refused) {
    assert.throws(() => parseParams(schema, values, "chapter 5"), {
      name,
      message: `Cannot run chapter 5: ${message}`,
    });
  }
  const edge = parseParams(Chapter5Params, { networkWidth: 128, networkLayers: 30, batch: 256 });
  assert.equal(edge.networkLayers, 30);
});
