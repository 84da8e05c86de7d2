/**
 * A sequence task for chapter 7's truncated backpropagation through time: the echo task.
 *
 * The input is a sequence of random signs, xₜ = ±1; the target at step t is the input `delay`
 * steps earlier, yₜ = xₜ₋d (for t ≥ d; earlier steps have no target). A recurrent network can
 * only solve it by carrying each input d steps forward in its hidden state, so its gradient must
 * reach d steps back: a truncation window of d steps or fewer cuts exactly the path it needs.
 *
 * The signs come from `createRng(deriveSeed(seed, ECHO_TASK_STREAM))`, a stream that neither the
 * networks (streams 0, 1, … per layer) nor `tasks.ts` (streams 2 000 000 and 2 000 001) use.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createEchoTask } from "./tasks_ch7.ts";
 * const task = createEchoTask(6, { delay: 2, seed: 1 });
 * assert.equal(task.target[4], task.input[2]); // y₄ = x₂
 * assert.equal(task.from, 2); // steps 0 and 1 have no target
 * ```
 * @module
 */

import { createRng, deriveSeed, type Rng } from "./random.ts";

/** The stream of the seed that draws the echo task's signs. */
export const ECHO_TASK_STREAM = 3_000_000;

/** The longest echo sequence: long enough for any figure, bounded in memory. */
export const MAX_ECHO_STEPS = 100_000;

/** Options of {@linkcode createEchoTask} and {@linkcode createEchoStream}. */
export interface EchoTaskOptions {
  /** d, how many steps back the target looks, an integer ≥ 1 and < steps (default 3). */
  delay?: number;
  /** The seed, an integer in [0, 2³² − 1] (default 0). */
  seed?: number;
}

/** One echo sequence. */
export interface EchoTask {
  /** xₜ = ±1, `[steps]` (one feature per step). */
  input: Float64Array;
  /** yₜ = xₜ₋d for t ≥ d, and 0 (unused) for t < d, `[steps]`. */
  target: Float64Array;
  /** The first step with a target: d. */
  from: number;
  /** The number of steps. */
  steps: number;
}

function checkEcho(steps: number, delay: number, action: string): void {
  if (!(Number.isInteger(steps) && steps >= 2 && steps <= MAX_ECHO_STEPS)) {
    throw new RangeError(
      `Cannot ${action}: steps must be an integer from 2 to ${MAX_ECHO_STEPS} (got ${steps})`,
    );
  }
  if (!(Number.isInteger(delay) && delay >= 1 && delay < steps)) {
    throw new RangeError(
      `Cannot ${action}: delay must be an integer ≥ 1 and < steps = ${steps} (got ${delay})`,
    );
  }
}

function fillEcho(rng: Rng, task: EchoTask, delay: number): void {
  const { input, target } = task;
  for (let t = 0; t < input.length; t++) input[t] = rng.uniform() < 0.5 ? -1 : 1;
  target.fill(0);
  for (let t = delay; t < input.length; t++) target[t] = input[t - delay]; // yₜ = xₜ₋d
}

/**
 * One echo sequence: xₜ = ±1 with equal chance, yₜ = xₜ₋d.
 *
 * @param steps The sequence length, an integer from 2 to 100 000.
 * @param options The delay d (default 3) and seed (default 0).
 * @returns The inputs, targets and first target step.
 * @throws {RangeError} If steps or delay is out of range, or the seed is bad.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createEchoTask } from "./tasks_ch7.ts";
 * const a = createEchoTask(10, { seed: 4 });
 * assert.deepEqual(a.input, createEchoTask(10, { seed: 4 }).input); // seeded
 * assert.ok(a.input.every((x) => x === 1 || x === -1));
 * assert.throws(() => createEchoTask(10, { delay: 10 }), {
 *   name: "RangeError",
 *   message: "Cannot create echo task: delay must be an integer ≥ 1 and < steps = 10 (got 10)",
 * });
 * ```
 */
export function createEchoTask(steps: number, options: EchoTaskOptions = {}): EchoTask {
  const { delay = 3, seed = 0 } = options;
  checkEcho(steps, delay, "create echo task");
  const task: EchoTask = {
    input: new Float64Array(steps),
    target: new Float64Array(steps),
    from: delay,
    steps,
  };
  fillEcho(createRng(deriveSeed(seed, ECHO_TASK_STREAM)), task, delay);
  return task;
}

/**
 * A stream of fresh echo sequences for training, one per call of `next()`, all drawn from one
 * seeded generator (the first equals `createEchoTask(steps, options)`). `next()` refills and
 * returns the same buffers: copy a sequence to keep it.
 *
 * @param steps The sequence length, an integer from 2 to 100 000.
 * @param options The delay d (default 3) and seed (default 0).
 * @returns An object whose `next()` gives the next sequence.
 * @throws {RangeError} As {@linkcode createEchoTask}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createEchoStream, createEchoTask } from "./tasks_ch7.ts";
 * const stream = createEchoStream(8, { seed: 2 });
 * assert.deepEqual(stream.next().input, createEchoTask(8, { seed: 2 }).input);
 * ```
 */
export function createEchoStream(
  steps: number,
  options: EchoTaskOptions = {},
): { next(): EchoTask } {
  const { delay = 3, seed = 0 } = options;
  checkEcho(steps, delay, "create echo stream");
  const rng = createRng(deriveSeed(seed, ECHO_TASK_STREAM));
  const task: EchoTask = {
    input: new Float64Array(steps),
    target: new Float64Array(steps),
    from: delay,
    steps,
  };
  return {
    next() {
      fillEcho(rng, task, delay);
      return task;
    },
  };
}
