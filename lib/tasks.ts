/**
 * Small synthetic tasks for chapter 6's experiments, made from a seeded generator so that every
 * run of a notebook trains on the same numbers.
 *
 * - {@linkcode createSineTask}: learn y = sin(f·x) on [−1, 1] from a batch of points, a
 *   regression task small enough to train a network on in a fraction of a second, and smooth
 *   enough that a badly chosen learning rate, not the task, is what goes wrong.
 * - {@linkcode createRandomSequence}: a sequence of standard normal inputs to run a recurrent
 *   network over.
 *
 * Both draw from streams of the seed that no network layer uses (`network.ts` gives dense layer k
 * the stream k, `recurrent.ts` the streams 0 and 1), so the data does not depend on the weights
 * drawn from the same seed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createSineTask } from "./tasks.ts";
 * const task = createSineTask({ examples: 8, frequency: 3, seed: 1 });
 * assert.equal(task.batch, 8);
 * assert.equal(task.target[0], Math.sin(3 * task.input[0]));
 * ```
 * @module
 */

import type { TrainingData } from "./network.ts";
import { createRng, deriveSeed } from "./random.ts";

/** The stream of the seed that draws the sine task's points. */
export const SINE_TASK_STREAM = 2_000_000;

/** The stream of the seed that draws a random sequence. */
export const SEQUENCE_STREAM = 2_000_001;

/** The most examples or steps a task may have: enough for any figure, bounded in memory. */
export const MAX_TASK_SIZE = 100_000;

/** Options of {@linkcode createSineTask}. */
export interface SineTaskOptions {
  /** The number of points, an integer from 1 to 100 000 (default 64). */
  examples?: number;
  /** f in y = sin(f·x), a finite number > 0 (default 3: about one period on [−1, 1]). */
  frequency?: number;
  /** The standard deviation of normal noise added to each target, finite and ≥ 0 (default 0). */
  noise?: number;
  /** The seed, an integer in [0, 2³² − 1] (default 0). */
  seed?: number;
}

function checkCount(value: number, name: string, action: string): void {
  if (!(Number.isInteger(value) && value >= 1 && value <= MAX_TASK_SIZE)) {
    throw new RangeError(
      `Cannot ${action}: ${name} must be an integer from 1 to ${MAX_TASK_SIZE} (got ${value})`,
    );
  }
}

/**
 * A batch of points of the sine wave y = sin(f·x) + noise·ε, with x uniform in [−1, 1) and ε
 * standard normal: one input and one target per example, ready for `trainNetwork`.
 *
 * xᵢ = 2·uᵢ − 1 with uᵢ uniform in [0, 1) from `createRng(deriveSeed(seed, SINE_TASK_STREAM))`,
 * then yᵢ = sin(f·xᵢ) (+ noise·εᵢ, the normals drawn after all the uᵢ).
 *
 * @param options Examples (default 64), frequency (default 3), noise (default 0), seed (default 0).
 * @returns The inputs `[examples × 1]`, the targets `[examples × 1]` and `batch = examples`.
 * @throws {RangeError} If a size, the frequency or the noise is out of range, or the seed is bad.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createSineTask } from "./tasks.ts";
 * const a = createSineTask({ seed: 7 });
 * const b = createSineTask({ seed: 7 });
 * assert.deepEqual(a.input, b.input); // same seed, same points
 * assert.ok(a.input.every((x) => x >= -1 && x < 1));
 * assert.throws(() => createSineTask({ frequency: 0 }), {
 *   name: "RangeError",
 *   message: "Cannot create sine task: frequency must be a finite number > 0 (got 0)",
 * });
 * ```
 */
export function createSineTask(options: SineTaskOptions = {}): TrainingData {
  const action = "create sine task";
  const { examples = 64, frequency = 3, noise = 0, seed = 0 } = options;
  checkCount(examples, "examples", action);
  if (!(Number.isFinite(frequency) && frequency > 0)) {
    throw new RangeError(
      `Cannot ${action}: frequency must be a finite number > 0 (got ${frequency})`,
    );
  }
  if (!(Number.isFinite(noise) && noise >= 0)) {
    throw new RangeError(`Cannot ${action}: noise must be a finite number ≥ 0 (got ${noise})`);
  }
  const rng = createRng(deriveSeed(seed, SINE_TASK_STREAM));
  const input = new Float64Array(examples);
  const target = new Float64Array(examples);
  for (let i = 0; i < examples; i++) input[i] = 2 * rng.uniform() - 1;
  for (let i = 0; i < examples; i++) target[i] = Math.sin(frequency * input[i]);
  if (noise > 0) {
    for (let i = 0; i < examples; i++) target[i] += noise * rng.normal();
  }
  return { input, target, batch: examples };
}

/** Options of {@linkcode createRandomSequence}. */
export interface RandomSequenceOptions {
  /** Features per step, an integer from 1 to 100 000 (default 1). */
  inputSize?: number;
  /** The seed, an integer in [0, 2³² − 1] (default 0). */
  seed?: number;
}

/**
 * A sequence of standard normal inputs, `[steps × inputSize]` (step t at `xs[t·inputSize + i]`),
 * from `createRng(deriveSeed(seed, SEQUENCE_STREAM))`: the input of a recurrent network whose
 * gradients we follow back in time.
 *
 * @param steps The number of steps, an integer from 1 to 100 000.
 * @param options Features per step (default 1) and seed (default 0).
 * @returns The sequence.
 * @throws {RangeError} If a size or the seed is out of range, or steps × inputSize > 100 000.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRandomSequence } from "./tasks.ts";
 * const xs = createRandomSequence(5, { inputSize: 2, seed: 3 });
 * assert.equal(xs.length, 10);
 * assert.deepEqual(xs, createRandomSequence(5, { inputSize: 2, seed: 3 }));
 * ```
 */
export function createRandomSequence(
  steps: number,
  options: RandomSequenceOptions = {},
): Float64Array {
  const action = "create random sequence";
  const { inputSize = 1, seed = 0 } = options;
  checkCount(steps, "steps", action);
  checkCount(inputSize, "inputSize", action);
  if (steps * inputSize > MAX_TASK_SIZE) {
    throw new RangeError(
      `Cannot ${action}: steps × inputSize must be at most ${MAX_TASK_SIZE} (got ${
        steps * inputSize
      })`,
    );
  }
  const rng = createRng(deriveSeed(seed, SEQUENCE_STREAM));
  const xs = new Float64Array(steps * inputSize);
  for (let i = 0; i < xs.length; i++) xs[i] = rng.normal();
  return xs;
}
