import assert from "node:assert/strict";
import { createRng, deriveSeed } from "../lib/random.ts";
import { createEchoStream, createEchoTask, ECHO_TASK_STREAM } from "../lib/tasks_ch7.ts";

Deno.test("an echo sequence's target is its input delay steps earlier, and 0 before that", () => {
  const task = createEchoTask(20, { delay: 4, seed: 9 });
  assert.equal(task.steps, 20);
  assert.equal(task.from, 4);
  for (let t = 0; t < 4; t++) assert.equal(task.target[t], 0);
  for (let t = 4; t < 20; t++) assert.equal(task.target[t], task.input[t - 4]);
});

Deno.test("the echo signs are ±1 drawn from the seed's echo stream, one uniform per step", () => {
  const task = createEchoTask(50, { seed: 3 });
  const rng = createRng(deriveSeed(3, ECHO_TASK_STREAM));
  for (let t = 0; t < 50; t++) assert.equal(task.input[t], rng.uniform() < 0.5 ? -1 : 1);
  // Both signs occur: a coin tossed 50 times lands the same way every time with probability 2⁻⁴⁹.
  assert.ok(task.input.includes(1) && task.input.includes(-1));
});

Deno.test("an echo stream continues the same generator: its second sequence follows the first", () => {
  const stream = createEchoStream(5, { delay: 2, seed: 4 });
  const first = Float64Array.from(stream.next().input);
  const second = stream.next();
  const long = createEchoTask(10, { delay: 2, seed: 4 }); // the same 10 uniforms in a row
  assert.deepEqual(first, long.input.subarray(0, 5));
  assert.deepEqual(second.input, long.input.subarray(5, 10));
  assert.equal(second.target[2], second.input[0]); // targets are rebuilt for each sequence
});

Deno.test("bad echo sizes are refused with one line naming the parameter", () => {
  assert.throws(() => createEchoTask(1), {
    name: "RangeError",
    message: "Cannot create echo task: steps must be an integer from 2 to 100000 (got 1)",
  });
  assert.throws(() => createEchoTask(8, { delay: 0 }), {
    name: "RangeError",
    message: "Cannot create echo task: delay must be an integer ≥ 1 and < steps = 8 (got 0)",
  });
  assert.throws(() => createEchoStream(8, { delay: 2.5 }), {
    name: "RangeError",
    message: "Cannot create echo stream: delay must be an integer ≥ 1 and < steps = 8 (got 2.5)",
  });
  assert.throws(() => createEchoTask(8, { seed: -1 }), /seed must be an integer/);
});
