import assert from "node:assert/strict";
import { z } from "zod";
import {
  Chapter1Params,
  Chapter2Params,
  Chapter3Params,
  MAX_PARAM_GRID_POINTS,
  parseParams,
} from "../lib/params.ts";
import { sampleSurface } from "../lib/surface.ts";

/** Assert that parsing throws exactly this error. */
function assertRefused(
  schema: z.ZodType,
  values: unknown,
  name: "RangeError" | "TypeError",
  message: string,
): void {
  assert.throws(() => parseParams(schema, values, "chapter 3"), { name, message });
}

Deno.test("an empty parameters object gives the article's values", () => {
  const ch1: Chapter1Params = parseParams(Chapter1Params, {});
  assert.deepEqual(ch1, {
    x: 0,
    y: 0,
    slopeStep: 0.9,
    tangentScale: 7,
    gridMin: -5,
    gridMax: 5,
    gridStep: 0.25,
  });
  const ch2: Chapter2Params = parseParams(Chapter2Params, {});
  assert.deepEqual(ch2, {
    x: 1,
    y: 1,
    slopeStep: 0.9,
    largestStep: 1,
    smallestStep: 1e-15,
    stepsPerDecade: 4,
    gridMin: -5,
    gridMax: 5,
    gridStep: 0.25,
    fieldStep: 0.5,
  });
  const ch3: Chapter3Params = parseParams(Chapter3Params, {});
  assert.deepEqual(ch3, {
    startX: 0,
    startY: 0,
    learningRate: 1,
    steps: 10,
    slopeStep: 0.9,
    method: "forward",
    gridMin: -5,
    gridMax: 5,
    gridStep: 0.25,
    nudge: 1e-6,
    learningRates: [0.1, 0.5, 1, 3],
  });
});

Deno.test("good values are accepted, including the limits of each range", () => {
  const ch3 = parseParams(Chapter3Params, {
    startX: 1.5,
    startY: -2,
    learningRate: 10,
    steps: 1000,
    slopeStep: 5,
    method: "exact",
  });
  assert.equal(ch3.learningRate, 10);
  assert.equal(ch3.steps, 1000);
  assert.equal(ch3.method, "exact");
  assert.equal(parseParams(Chapter3Params, { steps: 1, learningRate: 1e-9 }).steps, 1);
  // An explicit undefined means "use the default".
  assert.equal(parseParams(Chapter3Params, { learningRate: undefined }).learningRate, 1);
  const ch1 = parseParams(Chapter1Params, {
    x: 5,
    y: -5,
    gridMin: -20,
    gridMax: 20,
    gridStep: 0.1,
  });
  assert.equal(ch1.gridStep, 0.1);
  const ch2 = parseParams(Chapter2Params, {
    smallestStep: 1e-20,
    largestStep: 10,
    stepsPerDecade: 20,
  });
  assert.equal(ch2.smallestStep, 1e-20);
});

Deno.test("a value out of range is refused with the parameter, the range and the value", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ learningRate: -0.1 }, "learningRate must be > 0 and ≤ 10 (got -0.1)"],
    [{ learningRate: 0 }, "learningRate must be > 0 and ≤ 10 (got 0)"],
    [{ learningRate: 10.5 }, "learningRate must be > 0 and ≤ 10 (got 10.5)"],
    [{ steps: 0 }, "steps must be an integer ≥ 1 and ≤ 1000 (got 0)"],
    [{ steps: 2.5 }, "steps must be an integer ≥ 1 and ≤ 1000 (got 2.5)"],
    [{ steps: 1e20 }, "steps must be an integer ≥ 1 and ≤ 1000 (got 100000000000000000000)"],
    [{ startX: -21 }, "startX must be ≥ -20 and ≤ 20 (got -21)"],
    [{ slopeStep: 0 }, "slopeStep must be > 0 and ≤ 5 (got 0)"],
    [{ gridStep: -0.25 }, "gridStep must be > 0 and ≤ 5 (got -0.25)"],
    [{ method: "fwd" }, 'method must be one of "forward", "central", "exact" (got string "fwd")'],
  ];
  for (const [values, tail] of cases) {
    assertRefused(Chapter3Params, values, "RangeError", `Cannot run chapter 3: ${tail}`);
  }
});

Deno.test("NaN and ±Infinity are refused as non-finite numbers", () => {
  for (const value of [NaN, Infinity, -Infinity]) {
    assertRefused(
      Chapter3Params,
      { learningRate: value },
      "RangeError",
      `Cannot run chapter 3: learningRate must be a finite number > 0 and ≤ 10 (got ${value})`,
    );
    assertRefused(
      Chapter3Params,
      { steps: value },
      "RangeError",
      `Cannot run chapter 3: steps must be an integer ≥ 1 and ≤ 1000 (got ${value})`,
    );
    // Grid fields too: the checks between them must not run on a non-finite value.
    assertRefused(
      Chapter1Params,
      { gridStep: value },
      "RangeError",
      `Cannot run chapter 3: gridStep must be a finite number > 0 and ≤ 5 (got ${value})`,
    );
    assertRefused(
      Chapter1Params,
      { gridMin: value },
      "RangeError",
      `Cannot run chapter 3: gridMin must be a finite number ≥ -20 and ≤ 20 (got ${value})`,
    );
  }
});

Deno.test("a value of the wrong type is a TypeError that shows the type", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ learningRate: "0.1" }, 'learningRate must be a number (got string "0.1")'],
    [{ learningRate: null }, "learningRate must be a number (got null)"],
    [{ learningRate: true }, "learningRate must be a number (got boolean true)"],
    [{ learningRate: [0.1] }, "learningRate must be a number (got array of length 1)"],
    [{ learningRate: { value: 1 } }, "learningRate must be a number (got object)"],
    [{ steps: "10" }, 'steps must be an integer (got string "10")'],
    [{ method: 1 }, 'method must be one of "forward", "central", "exact" (got number 1)'],
  ];
  for (const [values, tail] of cases) {
    assertRefused(Chapter3Params, values, "TypeError", `Cannot run chapter 3: ${tail}`);
  }
});

Deno.test("an unknown name is refused, with the closest known name when there is one", () => {
  assertRefused(
    Chapter3Params,
    { lerningRate: 0.5 },
    "TypeError",
    "Cannot run chapter 3: unknown parameter lerningRate (did you mean learningRate?)",
  );
  assertRefused(
    Chapter3Params,
    { learningrate: 0.5 },
    "TypeError",
    "Cannot run chapter 3: unknown parameter learningrate (did you mean learningRate?)",
  );
  assertRefused(
    Chapter3Params,
    { lr: 0.5 },
    "TypeError",
    "Cannot run chapter 3: unknown parameter lr (the parameters are startX, startY, " +
      "learningRate, steps, slopeStep, method, gridMin, gridMax, gridStep, nudge, learningRates)",
  );
  // An unknown name is reported before the other problems, which are listed after it.
  assertRefused(
    Chapter3Params,
    { step: 5, learningRate: -1 },
    "TypeError",
    "Cannot run chapter 3: unknown parameter step (did you mean steps?); also check learningRate",
  );
});

Deno.test("a list of learning rates is checked entry by entry, each named by its index", () => {
  const ch3 = parseParams(Chapter3Params, { learningRates: [0.05, 10], nudge: 0 });
  assert.deepEqual(ch3.learningRates, [0.05, 10]);
  assert.equal(ch3.nudge, 0); // 0 is allowed: the exact walks then start on the cone point
  // The default list is a fresh array at each parse: editing one run's list leaves the next alone.
  parseParams(Chapter3Params, {}).learningRates.push(2);
  assert.deepEqual(parseParams(Chapter3Params, {}).learningRates, [0.1, 0.5, 1, 3]);
  const list = "a list of 1 to 6 numbers, each > 0 and ≤ 10";
  const ranges: [unknown, string][] = [
    [[0.1, -1], "learningRates[1] must be > 0 and ≤ 10 (got -1)"],
    [[NaN], "learningRates[0] must be a finite number > 0 and ≤ 10 (got NaN)"],
    [[], `learningRates must be ${list} (got array of length 0)`],
    [[1, 1, 1, 1, 1, 1, 1], `learningRates must be ${list} (got array of length 7)`],
    [[20, 1, -3], "learningRates[0] must be > 0 and ≤ 10 (got 20); also check learningRates[2]"],
  ];
  for (const [learningRates, tail] of ranges) {
    assertRefused(Chapter3Params, { learningRates }, "RangeError", `Cannot run chapter 3: ${tail}`);
  }
  const types: [unknown, string][] = [
    [[1, "2"], 'learningRates[1] must be a number (got string "2")'],
    [0.5, "learningRates must be a list of numbers (got number 0.5)"],
    ["0.1, 1", 'learningRates must be a list of numbers (got string "0.1, 1")'],
  ];
  for (const [learningRates, tail] of types) {
    assertRefused(Chapter3Params, { learningRates }, "TypeError", `Cannot run chapter 3: ${tail}`);
  }
  assertRefused(
    Chapter3Params,
    { nudge: -1e-6 },
    "RangeError",
    "Cannot run chapter 3: nudge must be ≥ 0 and ≤ 1 (got -0.000001)",
  );
});

Deno.test("parameters that are not an object of values are refused", () => {
  for (
    const [values, got] of [[null, "null"], [undefined, "undefined"], [[], "array of length 0"], [
      5,
      "5",
    ], ["x", 'string "x"']] as const
  ) {
    assertRefused(
      Chapter3Params,
      values,
      "TypeError",
      `Cannot run chapter 3: the parameters must be an object of name: value pairs (got ${got})`,
    );
  }
});

Deno.test("a grid finer than 250 000 points is refused before anything is allocated", () => {
  // gridStep 0.001 over [−5, 5]: 10001 points per axis. The largest allowed: 500 per axis,
  // step ≥ 10/499 = 0.02004…, shown rounded up to 0.0201.
  assertRefused(
    Chapter1Params,
    { gridStep: 0.001 },
    "RangeError",
    "Cannot run chapter 3: gridStep must be ≥ 0.0201 for a grid from -5 to 5, so the surface " +
      "grid stays within 250000 points (got 0.001, which makes 10001 × 10001 = 100020001)",
  );
  // 0.02 makes 501 × 501 = 251001: just over. The suggested 0.0201 is accepted, and sampling it
  // stays within the limit.
  assert.throws(() => parseParams(Chapter1Params, { gridStep: 0.02 }), /501 × 501 = 251001/);
  const ok = parseParams(Chapter1Params, { gridStep: 0.0201 });
  const grid = sampleSurface({ min: ok.gridMin, max: ok.gridMax, step: ok.gridStep });
  assert.ok(grid.x.length * grid.y.length <= MAX_PARAM_GRID_POINTS);
  assert.equal(MAX_PARAM_GRID_POINTS, 250_000);
});

Deno.test("checks between parameters do not run on a value that is already out of range", () => {
  // gridStep −0.25 fails its own range; the grid-size check must not then try to count its points.
  for (const schema of [Chapter1Params, Chapter2Params, Chapter3Params]) {
    assertRefused(
      schema,
      { gridStep: -0.25 },
      "RangeError",
      "Cannot run chapter 3: gridStep must be > 0 and ≤ 5 (got -0.25)",
    );
  }
});

Deno.test("checks between parameters name the parameter to change", () => {
  assertRefused(
    Chapter1Params,
    { gridMin: 5, gridMax: -5 },
    "RangeError",
    "Cannot run chapter 3: gridMax must be > gridMin = 5 (got -5)",
  );
  assertRefused(
    Chapter1Params,
    { gridMin: 0, gridMax: 1, gridStep: 2 },
    "RangeError",
    "Cannot run chapter 3: gridStep must be ≤ gridMax − gridMin = 1 (got 2)",
  );
  assertRefused(
    Chapter1Params,
    { x: 7 },
    "RangeError",
    "Cannot run chapter 3: x must be within the grid, from gridMin = -5 to gridMax = 5 (got 7)",
  );
  assertRefused(
    Chapter3Params,
    { startY: -6 },
    "RangeError",
    "Cannot run chapter 3: startY must be within the grid, from gridMin = -5 to gridMax = 5 (got -6)",
  );
  assertRefused(
    Chapter2Params,
    { smallestStep: 0.5, largestStep: 0.1 },
    "RangeError",
    "Cannot run chapter 3: smallestStep must be < largestStep = 0.1 (got 0.5)",
  );
  assertRefused(
    Chapter2Params,
    { fieldStep: 0.01 },
    "RangeError",
    "Cannot run chapter 3: fieldStep must be ≥ 0.205 for a grid from -5 to 5, so the gradient " +
      "field stays within 2500 arrows (got 0.01, which makes 1001 × 1001 = 1002001)",
  );
});

Deno.test("several bad values: the first is explained, the others are named", () => {
  assertRefused(
    Chapter3Params,
    { learningRate: 0, steps: 0, method: "x" },
    "RangeError",
    "Cannot run chapter 3: learningRate must be > 0 and ≤ 10 (got 0); also check steps, method",
  );
});

Deno.test("without a chapter label the message still names the parameter", () => {
  assert.throws(() => parseParams(Chapter3Params, { learningRate: -0.1 }), {
    name: "RangeError",
    message: "Cannot use the parameters: learningRate must be > 0 and ≤ 10 (got -0.1)",
  });
});

Deno.test("parseParams() works for any flat strict schema a later chapter adds", () => {
  const Later = z.strictObject({
    seed: z.number().int().min(0).max(99).default(1),
    clip: z.boolean().default(false),
    rate: z.number().lt(1).default(0.5),
    label: z.string().default("a"),
  });
  assert.deepEqual(parseParams(Later, {}), { seed: 1, clip: false, rate: 0.5, label: "a" });
  assert.throws(() => parseParams(Later, { seed: -1 }, "chapter 9"), {
    name: "RangeError",
    message: "Cannot run chapter 9: seed must be an integer ≥ 0 and ≤ 99 (got -1)",
  });
  assert.throws(() => parseParams(Later, { clip: "yes" }, "chapter 9"), {
    name: "TypeError",
    message: 'Cannot run chapter 9: clip must be true or false (got string "yes")',
  });
  assert.throws(() => parseParams(Later, { rate: 1 }, "chapter 9"), {
    name: "RangeError",
    message: "Cannot run chapter 9: rate must be < 1 (got 1)",
  });
  assert.throws(() => parseParams(Later, { label: 3 }, "chapter 9"), {
    name: "TypeError",
    message: "Cannot run chapter 9: label must be a string (got number 3)",
  });
  // An unbounded number still refuses NaN.
  const Free = z.strictObject({ a: z.number().default(0) });
  assert.throws(() => parseParams(Free, { a: NaN }), {
    name: "RangeError",
    message: "Cannot use the parameters: a must be a finite number (got NaN)",
  });
});

Deno.test("parseParams() retires the last accepted parameters when a later call is refused", () => {
  const accepted = parseParams(Chapter3Params, { learningRate: 0.5 }, "chapter 3");
  assert.equal(accepted.learningRate, 0.5);
  assert.throws(
    () => parseParams(Chapter3Params, { learningRate: -0.1 }, "chapter 3"),
    {
      name: "RangeError",
      message: "Cannot run chapter 3: learningRate must be > 0 and ≤ 10 (got -0.1)",
    },
  );
  // The cells below a refused parameters cell must not quietly use the old values.
  assert.throws(() => accepted.learningRate, {
    name: "Error",
    message:
      "Cannot use params.learningRate: the parameters were refused (see the error above); fix them and run the parameters cell again",
  });
  assert.throws(() => ({ ...accepted }), /Cannot use params\./);
  // Fixing the value and rerunning gives working parameters again.
  const fixed = parseParams(Chapter3Params, { learningRate: 0.25 }, "chapter 3");
  assert.equal(fixed.learningRate, 0.25);
});

Deno.test("parseParams() only retires the parameters of the schema that refused", () => {
  const chapter1 = parseParams(Chapter1Params, {}, "chapter 1");
  assert.throws(() => parseParams(Chapter3Params, { steps: 0 }, "chapter 3"), RangeError);
  assert.equal(chapter1.slopeStep, 0.9);
});

Deno.test("Chapter2Params refuses the origin, where there is no exact gradient to compare", () => {
  assert.throws(() => parseParams(Chapter2Params, { x: 0, y: 0 }, "chapter 2"), {
    name: "RangeError",
    message:
      "Cannot run chapter 2: x and y must not both be 0: the exact gradient does not exist at the origin (the cone point), so there is nothing to compare it with (got x = 0, y = 0)",
  });
  assert.equal(parseParams(Chapter2Params, { x: 0, y: 1 }, "chapter 2").y, 1);
});
