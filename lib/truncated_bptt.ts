/**
 * Truncated backpropagation through time on the echo task: a vanilla RNN with a linear read-out,
 * its gradient back in time for a given truncation window, and a training loop.
 *
 * The model reads xₜ one step at a time, hₜ = tanh(W·xₜ + U·hₜ₋₁ + b), and predicts
 * ŷₜ = v·hₜ + c. The loss is the mean squared error over the steps that have a target,
 * L = (1/n)·Σₜ₌d^{T−1} (ŷₜ − yₜ)², n = T − d. Backpropagation runs through the read-out to
 * ∂L/∂hₜ, then back in time with `RecurrentNetwork.backward(gradHidden, { window })`: a window of
 * k cuts the sequence, from its end, into chunks of k steps and stops the gradient at every cut.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createEchoTask } from "./tasks_ch7.ts";
 * import { createEchoRnn, echoGradient } from "./truncated_bptt.ts";
 * const model = createEchoRnn({ hiddenSize: 4, seed: 1 });
 * const task = createEchoTask(12, { delay: 2, seed: 1 });
 * const cut = echoGradient(model, task, { window: 5, lossAt: "last" });
 * assert.ok(cut.hiddenGradNormByStepsBack[4] > 0); // 4 steps back: inside the window
 * assert.equal(cut.hiddenGradNormByStepsBack[5], 0); // 5 steps back: cut
 * ```
 * @module
 */

import { createDenseLayer, type DenseLayer, type Parameter } from "./layers.ts";
import { clipByGlobalNorm, globalNorm, gradientsOf, sgdStep } from "./optim.ts";
import { createRng, deriveSeed } from "./random.ts";
import { createRnn, type RecurrentNetwork } from "./recurrent.ts";
import type { EchoTask } from "./tasks_ch7.ts";

/** Options of {@linkcode createEchoRnn}. */
export interface EchoRnnOptions {
  /** Hidden units, an integer ≥ 1 (default 16). */
  hiddenSize?: number;
  /**
   * The recurrent weights' gain (default 1): U ~ N(0, gain²/hiddenSize), so U's spectral radius
   * is about the gain. Well above 1 the gradient back in time tends to explode.
   */
  recurrentGain?: number;
  /** The seed of the weights (default 0). */
  seed?: number;
}

/** A tanh RNN with one input feature and a linear read-out to one output. */
export interface EchoRnn {
  readonly rnn: RecurrentNetwork;
  /** The read-out v·hₜ + c, a dense layer `hiddenSize → 1` applied to every step. */
  readonly readout: DenseLayer;
  /** The RNN's parameters, then the read-out's. */
  readonly parameters: readonly Parameter[];
}

/**
 * A fresh echo model: `createRnn(1, hiddenSize, { seed, recurrentGain })` and a read-out whose
 * weights are N(0, 1/hiddenSize) from the seed's stream 2 (the RNN uses streams 0 and 1), bias 0.
 *
 * @param options Hidden size (16), recurrent gain (1), seed (0).
 * @returns The model.
 * @throws {RangeError} On a bad size, gain or seed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createEchoRnn } from "./truncated_bptt.ts";
 * const model = createEchoRnn({ hiddenSize: 8, seed: 3 });
 * assert.equal(model.parameters.length, 5); // W, U, b, then v and c
 * assert.deepEqual(model.readout.weights, createEchoRnn({ hiddenSize: 8, seed: 3 }).readout.weights);
 * ```
 */
export function createEchoRnn(options: EchoRnnOptions = {}): EchoRnn {
  const { hiddenSize = 16, recurrentGain = 1, seed = 0 } = options;
  const rnn = createRnn(1, hiddenSize, { seed, recurrentGain });
  const rng = createRng(deriveSeed(seed, 2));
  const v = new Float64Array(hiddenSize);
  const std = 1 / Math.sqrt(hiddenSize);
  for (let i = 0; i < hiddenSize; i++) v[i] = std * rng.normal();
  const readout = createDenseLayer(hiddenSize, 1, { weights: v });
  return { rnn, readout, parameters: [...rnn.parameters, ...readout.parameters] };
}

/** Options of {@linkcode echoGradient}. */
export interface EchoGradientOptions {
  /** The truncation window k, an integer ≥ 1 (default: the whole sequence, full BPTT). */
  window?: number;
  /**
   * Which steps the loss covers: `"all"` the steps with a target (default, as in training), or
   * `"last"` the last step only, to see how far back one step's gradient reaches.
   */
  lossAt?: "all" | "last";
}

/** What {@linkcode echoGradient} measured. */
export interface EchoGradient {
  /** The loss L of the sequence. */
  loss: number;
  /** ‖∂L/∂hₜ‖ by steps back from the end: entry k is for t = T − 1 − k. */
  hiddenGradNormByStepsBack: Float64Array;
  /** ‖∂L/∂θ‖ over every parameter (RNN and read-out). */
  gradientNorm: number;
}

/**
 * Run one sequence forward, back-propagate its loss with truncation window k, and measure the
 * gradient: the parameters' `grad` buffers hold ∂L/∂θ afterwards.
 *
 * With `lossAt: "last"`, L = (ŷ_{T−1} − y_{T−1})² and the gradient reaches exactly k steps back
 * (entries k and beyond are 0). With `"all"`, L is the mean over the steps with a target.
 *
 * @param model The model (its gradients are overwritten).
 * @param task The sequence (`createEchoTask`).
 * @param options Window (default: full BPTT) and which steps the loss covers (default all).
 * @returns The loss, ‖∂L/∂hₜ‖ by steps back, and the global gradient norm.
 * @throws {RangeError} On a bad window or `lossAt`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createEchoTask } from "./tasks_ch7.ts";
 * import { createEchoRnn, echoGradient } from "./truncated_bptt.ts";
 * const model = createEchoRnn({ hiddenSize: 4 });
 * const task = createEchoTask(10, { delay: 1 });
 * const full = echoGradient(model, task, { lossAt: "last" });
 * const cut = echoGradient(model, task, { lossAt: "last", window: 3 });
 * assert.equal(cut.hiddenGradNormByStepsBack[2], full.hiddenGradNormByStepsBack[2]); // same inside
 * ```
 */
export function echoGradient(
  model: EchoRnn,
  task: EchoTask,
  options: EchoGradientOptions = {},
): EchoGradient {
  const action = "compute echo gradient";
  const lossAt = options.lossAt ?? "all";
  if (lossAt !== "all" && lossAt !== "last") {
    throw new RangeError(
      `Cannot ${action}: lossAt must be "all" or "last" (got ${String(lossAt)})`,
    );
  }
  const T = task.steps;
  const hidden = model.rnn.forward(task.input, T);
  const yHat = model.readout.forward(hidden, T);
  const gy = new Float64Array(T);
  let loss = 0;
  const first = lossAt === "all" ? task.from : T - 1;
  const n = T - first;
  for (let t = first; t < T; t++) {
    const e = yHat[t] - task.target[t];
    loss += (e * e) / n; // L = (1/n)·Σ (ŷₜ − yₜ)²
    gy[t] = (2 * e) / n; // ∂L/∂ŷₜ
  }
  const gradHidden = model.readout.backward(gy);
  const bptt = model.rnn.backward(gradHidden, { window: options.window });
  return {
    loss,
    hiddenGradNormByStepsBack: bptt.hiddenGradNormByStepsBack,
    gradientNorm: globalNorm(gradientsOf(model.parameters)),
  };
}

/** Options of {@linkcode trainEchoRnn}. */
export interface EchoTrainOptions {
  /** The learning rate η, finite and > 0 (no default). */
  lr: number;
  /** The number of training steps, one fresh sequence each, an integer ≥ 1 (no default). */
  steps: number;
  /** The truncation window (default: full BPTT). */
  window?: number;
  /** Clip the gradient's global norm to this before each step (default: no clipping). */
  clipNorm?: number;
  /** How many recent steps `averageLoss` averages over, an integer ≥ 1 (default 25). */
  averageOver?: number;
}

/** What {@linkcode trainEchoRnn} recorded, one entry per step taken. */
export interface EchoTrainingHistory {
  /** The loss of each step's sequence, before the step. */
  loss: number[];
  /** The mean of the last `averageOver` losses (fewer at the start): the trend under the noise. */
  averageLoss: number[];
  /** ‖∂L/∂θ‖ at each step, before clipping. */
  gradientNorm: number[];
  /** The step at which the loss or gradient stopped being finite, and why; `null` if never. */
  diverged: { step: number; reason: string } | null;
}

/**
 * Train the model by SGD on a stream of echo sequences, one per step: forward, truncated BPTT,
 * optional clipping by global norm, then θ ← θ − η·∂L/∂θ. Stops at the first non-finite loss or
 * gradient and says where, instead of writing NaN into the history.
 *
 * @param model The model (trained in place).
 * @param stream Where the sequences come from (`createEchoStream`).
 * @param options Learning rate, steps, window, clipping, averaging.
 * @returns The history.
 * @throws {RangeError} On a bad option.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createEchoStream } from "./tasks_ch7.ts";
 * import { createEchoRnn, trainEchoRnn } from "./truncated_bptt.ts";
 * const model = createEchoRnn({ hiddenSize: 8, seed: 1 });
 * const history = trainEchoRnn(model, createEchoStream(12, { delay: 1, seed: 1 }), {
 *   lr: 0.2, steps: 200,
 * });
 * assert.ok(history.averageLoss[199] < history.averageLoss[0] / 4);
 * ```
 */
export function trainEchoRnn(
  model: EchoRnn,
  stream: { next(): EchoTask },
  options: EchoTrainOptions,
): EchoTrainingHistory {
  const action = "train echo RNN";
  const { lr, steps, window, clipNorm, averageOver = 25 } = options;
  if (!(Number.isFinite(lr) && lr > 0)) {
    throw new RangeError(`Cannot ${action}: lr must be a finite number > 0 (got ${lr})`);
  }
  for (const [name, value] of [["steps", steps], ["averageOver", averageOver]] as const) {
    if (!(Number.isInteger(value) && value >= 1)) {
      throw new RangeError(`Cannot ${action}: ${name} must be an integer ≥ 1 (got ${value})`);
    }
  }
  if (clipNorm !== undefined && !(Number.isFinite(clipNorm) && clipNorm > 0)) {
    throw new RangeError(
      `Cannot ${action}: clipNorm must be a finite number > 0 (got ${clipNorm})`,
    );
  }
  const history: EchoTrainingHistory = {
    loss: [],
    averageLoss: [],
    gradientNorm: [],
    diverged: null,
  };
  const grads = gradientsOf(model.parameters);
  for (let step = 0; step < steps; step++) {
    const { loss, gradientNorm } = echoGradient(model, stream.next(), { window });
    if (!Number.isFinite(loss) || !Number.isFinite(gradientNorm)) {
      const what = Number.isFinite(loss)
        ? `the gradient norm is ${gradientNorm}`
        : `the loss is ${loss}`;
      history.diverged = { step, reason: what };
      break;
    }
    if (clipNorm !== undefined) clipByGlobalNorm(grads, { maxNorm: clipNorm });
    sgdStep(model.parameters, { lr });
    history.loss.push(loss);
    history.gradientNorm.push(gradientNorm);
    // the mean of the last `averageOver` losses, summed afresh (no drift from a running sum)
    const from = Math.max(0, step + 1 - averageOver);
    let sum = 0;
    for (let k = from; k <= step; k++) sum += history.loss[k];
    history.averageLoss.push(sum / (step + 1 - from));
  }
  return history;
}
