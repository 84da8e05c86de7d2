import assert from "node:assert/strict";
import { createRng, deriveSeed } from "../lib/random.ts";
import {
  createRandomSequence,
  createSineTask,
  SEQUENCE_STREAM,
  SINE_TASK_STREAM,
} from "../lib/tasks.ts";

Deno.test("createSineTask() gives points of sin(f·x) with x uniform in [−1, 1)", () => {
  const task = createSineTask({ examples: 500, frequency: 2, seed: 4 });
  assert.equal(task.batch, 500);
  assert.equal(task.input.length, 500);
  assert.equal(task.target.length, 500);
  let sum = 0;
  for (let i = 0; i < 500; i++) {
    const x = task.input[i];
    assert.ok(x >= -1 && x < 1, `x[${i}] = ${x}`);
    // The target recomputed from the closed form, to the last bit.
    assert.equal(task.target[i], Math.sin(2 * x));
    sum += x;
  }
  // Uniform on [−1, 1): mean 0, standard error √(1/3)/√500 ≈ 0.026; 4 standard errors.
  assert.ok(Math.abs(sum / 500) < 0.11, `mean ${sum / 500}`);
  // The points spread over the whole interval.
  assert.ok(Math.min(...task.input) < -0.95 && Math.max(...task.input) > 0.95);
});

Deno.test("createSineTask() draws from its own stream of the seed, the same on every run", () => {
  const task = createSineTask({ examples: 3, seed: 9 });
  const rng = createRng(deriveSeed(9, SINE_TASK_STREAM));
  for (let i = 0; i < 3; i++) assert.equal(task.input[i], 2 * rng.uniform() - 1);
  assert.deepEqual(createSineTask({ examples: 3, seed: 9 }), task);
  assert.notDeepEqual(createSineTask({ examples: 3, seed: 10 }).input, task.input);
  // Defaults: 64 points of sin(3x), seed 0, no noise.
  const plain = createSineTask();
  assert.equal(plain.batch, 64);
  assert.equal(plain.target[5], Math.sin(3 * plain.input[5]));
});

Deno.test("createSineTask() adds noise of the given standard deviation to the targets only", () => {
  const clean = createSineTask({ examples: 2000, seed: 1 });
  const noisy = createSineTask({ examples: 2000, seed: 1, noise: 0.5 });
  assert.deepEqual(noisy.input, clean.input);
  let sumSq = 0;
  for (let i = 0; i < 2000; i++) sumSq += (noisy.target[i] - clean.target[i]) ** 2;
  // The sample standard deviation of 2000 normals is within 5% of 0.5 (its standard error ≈ 1.6%).
  const std = Math.sqrt(sumSq / 2000);
  assert.ok(Math.abs(std - 0.5) < 0.025, `std ${std}`);
});

Deno.test("createSineTask() refuses bad sizes, frequencies and noise with one clear line", () => {
  const cases: [object, string][] = [
    [{ examples: 0 }, "examples must be an integer from 1 to 100000 (got 0)"],
    [{ examples: 2.5 }, "examples must be an integer from 1 to 100000 (got 2.5)"],
    [{ examples: 100_001 }, "examples must be an integer from 1 to 100000 (got 100001)"],
    [{ frequency: -1 }, "frequency must be a finite number > 0 (got -1)"],
    [{ frequency: Infinity }, "frequency must be a finite number > 0 (got Infinity)"],
    [{ noise: -0.1 }, "noise must be a finite number ≥ 0 (got -0.1)"],
    [{ noise: NaN }, "noise must be a finite number ≥ 0 (got NaN)"],
  ];
  for (const [options, tail] of cases) {
    assert.throws(() => createSineTask(options), {
      name: "RangeError",
      message: `Cannot create sine task: ${tail}`,
    });
  }
  assert.throws(() => createSineTask({ seed: -1 }), /seed must be an integer in \[0, 4294967295\]/);
});

Deno.test("createRandomSequence() gives standard normals from its own stream", () => {
  const xs = createRandomSequence(4000, { seed: 2 });
  const rng = createRng(deriveSeed(2, SEQUENCE_STREAM));
  assert.equal(xs[0], rng.normal());
  assert.equal(xs[1], rng.normal());
  let sum = 0;
  let sumSq = 0;
  for (const x of xs) {
    sum += x;
    sumSq += x * x;
  }
  // Mean within 4 standard errors (1/√4000 ≈ 0.016) of 0, variance within 10% of 1.
  assert.ok(Math.abs(sum / 4000) < 0.064, `mean ${sum / 4000}`);
  assert.ok(Math.abs(sumSq / 4000 - 1) < 0.1, `variance ${sumSq / 4000}`);
  assert.equal(createRandomSequence(3, { inputSize: 4 }).length, 12);
});

Deno.test("createRandomSequence() refuses bad sizes", () => {
  assert.throws(() => createRandomSequence(0), {
    name: "RangeError",
    message: "Cannot create random sequence: steps must be an integer from 1 to 100000 (got 0)",
  });
  assert.throws(() => createRandomSequence(5, { inputSize: 0 }), {
    name: "RangeError",
    message: "Cannot create random sequence: inputSize must be an integer from 1 to 100000 (got 0)",
  });
  assert.throws(() => createRandomSequence(1000, { inputSize: 1000 }), {
    name: "RangeError",
    message:
      "Cannot create random sequence: steps × inputSize must be at most 100000 (got 1000000)",
  });
});
