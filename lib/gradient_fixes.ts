/**
 * The measurements behind chapter 6's fixes: train the same network at several learning rates,
 * look at one forward and backward pass layer by layer (the signal's scale forward, the gradient's
 * size backward), compare depths, and follow a recurrent network's gradient back in time.
 *
 * Everything is built from `network.ts` and `recurrent.ts`, seeded, and reports a blow-up as a
 * `diverged` entry that says where, never as a NaN in an array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDeepNetwork } from "./network.ts";
 * import { probeGradients } from "./gradient_fixes.ts";
 * import { createSineTask } from "./tasks.ts";
 * const net = createDeepNetwork({
 *   inputSize: 1, width: 8, hiddenLayers: 4, outputSize: 1, activation: "sigmoid", seed: 1,
 * });
 * const probe = probeGradients(net, createSineTask({ examples: 16, seed: 1 }));
 * assert.equal(probe.weightGradientNorms.length, 5); // one per dense layer
 * assert.ok(probe.weightGradientNorms[0] < probe.weightGradientNorms[3]); // fades towards the input
 * ```
 * @module
 */

import type { Layer } from "./layers.ts";
import { type Loss, meanSquaredErrorLoss } from "./losses.ts";
import {
  createDeepNetwork,
  type DeepNetworkOptions,
  type Network,
  type TrainingData,
  type TrainingHistory,
  trainNetwork,
} from "./network.ts";
import { globalNorm } from "./optim.ts";
import type { RecurrentNetwork } from "./recurrent.ts";

/** What one forward and backward pass of a network shows, layer by layer. */
export interface GradientProbe {
  /** The loss of the forward pass (finite unless `diverged` says otherwise). */
  loss: number;
  /**
   * ‖∂L/∂Wₖ‖ for every dense layer k, input side first (the last entry is the output layer);
   * empty when `diverged` is set.
   */
  weightGradientNorms: Float64Array;
  /**
   * The root mean square of every activation layer's output, in order, including those inside
   * residual blocks: the scale of the signal each hidden layer hands on. Entries may be ±∞ or NaN
   * only when `diverged` is set.
   */
  activationRms: Float64Array;
  /** Why the pass gave no finite gradients (a non-finite loss or gradient norm), or `null`. */
  diverged: { reason: string } | null;
}

/** Options of {@linkcode probeGradients} and {@linkcode gradientRatioByDepth}. */
export interface ProbeOptions {
  /** The loss (default `meanSquaredErrorLoss`). */
  loss?: Loss;
}

function collectActivations(layers: readonly Layer[], found: Layer[]): void {
  for (const layer of layers) {
    if (layer.kind === "activation") found.push(layer);
    else if (layer.kind === "residual" && "inner" in layer) {
      collectActivations(layer.inner as readonly Layer[], found);
    }
  }
}

function checkData(network: Network, data: TrainingData, action: string): void {
  if (!(Number.isInteger(data.batch) && data.batch >= 1)) {
    throw new RangeError(`Cannot ${action}: data.batch must be an integer ≥ 1 (got ${data.batch})`);
  }
  const inputs = data.batch * network.inputSize;
  if (data.input.length !== inputs) {
    throw new TypeError(
      `Cannot ${action}: data.input must have length batch × inputSize = ${inputs} (got ${data.input.length})`,
    );
  }
  const targets = data.batch * network.outputSize;
  if (data.target.length !== targets) {
    throw new TypeError(
      `Cannot ${action}: data.target must have length batch × outputSize = ${targets} (got ${data.target.length})`,
    );
  }
}

/**
 * One forward and backward pass on a batch, measured layer by layer: the RMS of every activation
 * layer's output, √((1/n)·Σ aᵢ²), and the norm of every dense layer's weight gradient, ‖∂L/∂Wₖ‖.
 * Nothing is trained; the network's weights are unchanged.
 *
 * @param network The network (its last forward and backward buffers are overwritten).
 * @param data The batch.
 * @param options The loss (default mean squared error).
 * @returns The measurements, or where the pass blew up.
 * @throws {RangeError | TypeError} If the data does not fit the network.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDenseLayer } from "./layers.ts";
 * import { createSequential } from "./network.ts";
 * import { probeGradients } from "./gradient_fixes.ts";
 * // ŷ = 2x on x = 1, y = 0: L = (2 − 0)² = 4, ∂L/∂W = 2·(ŷ − y)·x = 4.
 * const net = createSequential([createDenseLayer(1, 1, { weights: Float64Array.of(2) })]);
 * const probe = probeGradients(net, { input: Float64Array.of(1), target: Float64Array.of(0), batch: 1 });
 * assert.equal(probe.loss, 4);
 * assert.deepEqual(probe.weightGradientNorms, Float64Array.of(4));
 * ```
 */
export function probeGradients(
  network: Network,
  data: TrainingData,
  options: ProbeOptions = {},
): GradientProbe {
  checkData(network, data, "probe gradients");
  const loss = options.loss ?? meanSquaredErrorLoss;
  const prediction = network.forward(data.input, data.batch);
  const activations: Layer[] = [];
  collectActivations(network.layers, activations);
  const activationRms = new Float64Array(activations.length);
  for (let k = 0; k < activations.length; k++) {
    const a = activations[k].output;
    activationRms[k] = globalNorm([a]) / Math.sqrt(a.length);
  }
  const value = loss.value(prediction, data.target);
  if (!Number.isFinite(value)) {
    return {
      loss: value,
      weightGradientNorms: new Float64Array(0),
      activationRms,
      diverged: { reason: `the loss is ${value}` },
    };
  }
  const { weightGradientNorms } = network.backward(loss.gradient(prediction, data.target));
  for (let k = 0; k < weightGradientNorms.length; k++) {
    if (!Number.isFinite(weightGradientNorms[k])) {
      return {
        loss: value,
        weightGradientNorms: new Float64Array(0),
        activationRms,
        diverged: { reason: `the gradient of dense layer ${k} is ${weightGradientNorms[k]}` },
      };
    }
  }
  return { loss: value, weightGradientNorms, activationRms, diverged: null };
}

/** Options of {@linkcode gradientRatioByDepth}: the network's shape except its depth, and the data. */
export interface DepthSweepOptions extends ProbeOptions {
  /** The network at every depth: as `createDeepNetwork`, without `hiddenLayers`. */
  network: Omit<DeepNetworkOptions, "hiddenLayers">;
  /** The batch to probe with. */
  data: TrainingData;
}

/** What {@linkcode gradientRatioByDepth} measured, one entry per depth that did not blow up. */
export interface DepthSweep {
  /** The depths (numbers of hidden layers) measured. */
  depths: number[];
  /** ‖∂L/∂W₁‖, the first dense layer's gradient norm, at each depth. */
  firstLayerNorms: number[];
  /** ‖∂L/∂W_d‖, the last hidden dense layer's (the one before the output layer), at each depth. */
  lastHiddenNorms: number[];
  /** firstLayerNorms / lastHiddenNorms: how much of the gradient reaches the first layer. */
  ratios: number[];
  /** The first depth whose pass blew up, and why (then the sweep stops), or `null`. */
  diverged: { depth: number; reason: string } | null;
}

/**
 * The same network at several depths, each freshly built from the same seed (so dense layer k
 * has the same weights at every depth that has it), probed once: how the first layer's gradient
 * compares with the last hidden layer's as the network gets deeper.
 *
 * ratio(d) = ‖∂L/∂W₁‖ / ‖∂L/∂W_d‖ for a network of d hidden layers (1 when d = 1).
 *
 * @param depths Numbers of hidden layers, each an integer from 1 to 200 (at least one).
 * @param options The network's shape (without `hiddenLayers`), the data and the loss.
 * @returns The measurements per depth.
 * @throws {RangeError} On no depths or a bad depth. @throws {TypeError} If the data does not fit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradientRatioByDepth } from "./gradient_fixes.ts";
 * import { createSineTask } from "./tasks.ts";
 * const sweep = gradientRatioByDepth([1, 8], {
 *   network: { inputSize: 1, width: 16, outputSize: 1, activation: "sigmoid", seed: 2 },
 *   data: createSineTask({ examples: 32, seed: 2 }),
 * });
 * assert.equal(sweep.ratios[0], 1); // one hidden layer: the first is the last
 * assert.ok(sweep.ratios[1] < 0.01); // eight sigmoid layers: most of the gradient is gone
 * ```
 */
export function gradientRatioByDepth(
  depths: readonly number[],
  options: DepthSweepOptions,
): DepthSweep {
  const action = "sweep depths";
  if (depths.length === 0) {
    throw new RangeError(`Cannot ${action}: depths must hold at least 1 depth (got 0)`);
  }
  for (const d of depths) {
    if (!(Number.isInteger(d) && d >= 1 && d <= 200)) {
      throw new RangeError(
        `Cannot ${action}: each depth must be an integer from 1 to 200 (got ${d})`,
      );
    }
  }
  const sweep: DepthSweep = {
    depths: [],
    firstLayerNorms: [],
    lastHiddenNorms: [],
    ratios: [],
    diverged: null,
  };
  for (const d of depths) {
    const network = createDeepNetwork({ ...options.network, hiddenLayers: d });
    const probe = probeGradients(network, options.data, options);
    if (probe.diverged !== null) {
      sweep.diverged = { depth: d, reason: probe.diverged.reason };
      break;
    }
    const first = probe.weightGradientNorms[0];
    const last = probe.weightGradientNorms[d - 1];
    sweep.depths.push(d);
    sweep.firstLayerNorms.push(first);
    sweep.lastHiddenNorms.push(last);
    sweep.ratios.push(first / last);
  }
  return sweep;
}

/** Options of {@linkcode sweepLearningRates}. */
export interface LearningRateSweepOptions {
  /** The network, built afresh for every learning rate, so every run starts from the same weights. */
  network: DeepNetworkOptions;
  /** The training data (full batch). */
  data: TrainingData;
  /** Steps per run, an integer from 1 to 100 000. */
  steps: number;
  /** The loss (default `meanSquaredErrorLoss`). */
  loss?: Loss;
}

/** One run of {@linkcode sweepLearningRates}. */
export interface LearningRateRun {
  /** The learning rate η. */
  lr: number;
  /** The run's history: its loss per step, and `diverged: { step, reason }` if it blew up. */
  history: TrainingHistory;
}

/**
 * Train the same network from the same initial weights once per learning rate, with plain
 * full-batch gradient descent, θ ← θ − η·∂L/∂θ. A run whose loss or gradient stops being finite
 * ends there and says so in `history.diverged` (its arrays hold only the finite steps).
 *
 * @param lrs The learning rates, each a finite number > 0 (at least one).
 * @param options The network, the data, the steps and the loss.
 * @returns One run per learning rate, in order.
 * @throws {RangeError} On no learning rates, a bad learning rate or a bad number of steps.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sweepLearningRates } from "./gradient_fixes.ts";
 * import { createSineTask } from "./tasks.ts";
 * const runs = sweepLearningRates([0.05, 50], {
 *   network: { inputSize: 1, width: 8, hiddenLayers: 2, outputSize: 1, activation: "tanh" },
 *   data: createSineTask({ examples: 32 }),
 *   steps: 100,
 * });
 * assert.equal(runs[0].history.loss[0], runs[1].history.loss[0]); // same start
 * assert.ok(runs[0].history.loss[99] < runs[0].history.loss[0]); // a sensible step learns
 * assert.ok(runs[1].history.diverged !== null); // a huge one blows up, and says where
 * ```
 */
export function sweepLearningRates(
  lrs: readonly number[],
  options: LearningRateSweepOptions,
): LearningRateRun[] {
  const action = "sweep learning rates";
  if (lrs.length === 0) {
    throw new RangeError(`Cannot ${action}: lrs must hold at least 1 learning rate (got 0)`);
  }
  for (const lr of lrs) {
    if (!(Number.isFinite(lr) && lr > 0)) {
      throw new RangeError(
        `Cannot ${action}: each learning rate must be a finite number > 0 (got ${lr})`,
      );
    }
  }
  const { steps } = options;
  if (!(Number.isInteger(steps) && steps >= 1 && steps <= 100_000)) {
    throw new RangeError(
      `Cannot ${action}: steps must be an integer from 1 to 100000 (got ${steps})`,
    );
  }
  const loss = options.loss ?? meanSquaredErrorLoss;
  return lrs.map((lr) => {
    const network = createDeepNetwork(options.network);
    return { lr, history: trainNetwork(network, options.data, { loss, lr, steps }) };
  });
}

/** Options of {@linkcode recurrentGradientByStepsBack}. */
export interface RecurrentProbeOptions {
  /** The truncation window of backpropagation through time (default: the whole sequence). */
  window?: number;
}

/** How far back in time a recurrent network's gradient reaches. */
export interface RecurrentProbe {
  /** ‖∂L/∂h_t‖ by steps back from the last step: entry 0 is 1 (the last step), entry k for t = T − 1 − k. */
  hidden: Float64Array;
  /** LSTM only: ‖∂L/∂c_t‖ for the cell state, same indexing; `null` for a vanilla RNN. */
  cell: Float64Array | null;
}

/**
 * Run a recurrent network over a sequence and send back a gradient of norm 1 from its last hidden
 * state only, ∂L/∂h_{T−1} = (1, …, 1)/√H: what reaches each earlier step is then the gain of the
 * backward pass over that many steps, ‖∂L/∂h_{T−1−k}‖ = ‖∂h_{T−1}/∂h_{T−1−k}ᵀ·∂L/∂h_{T−1}‖.
 *
 * @param network A vanilla RNN or an LSTM from `recurrent.ts`.
 * @param xs The inputs, `[steps × inputSize]`.
 * @param options The truncation window (default: full backpropagation through time).
 * @returns The norms by steps back (fresh arrays).
 * @throws {TypeError} If `xs` is empty or not a whole number of steps.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRnn } from "./recurrent.ts";
 * import { recurrentGradientByStepsBack } from "./gradient_fixes.ts";
 * import { createRandomSequence } from "./tasks.ts";
 * const probe = recurrentGradientByStepsBack(createRnn(1, 8, { seed: 1 }), createRandomSequence(20));
 * assert.ok(Math.abs(probe.hidden[0] - 1) < 1e-12);
 * assert.equal(probe.cell, null);
 * ```
 */
export function recurrentGradientByStepsBack(
  network: RecurrentNetwork,
  xs: Float64Array,
  options: RecurrentProbeOptions = {},
): RecurrentProbe {
  const n = network.inputSize;
  if (xs.length === 0 || xs.length % n !== 0) {
    throw new TypeError(
      `Cannot probe recurrent gradient: xs must hold a whole number ≥ 1 of steps of ${n} inputs (got length ${xs.length})`,
    );
  }
  const steps = xs.length / n;
  const h = network.hiddenSize;
  network.forward(xs, steps);
  const gradHidden = new Float64Array(steps * h);
  gradHidden.fill(1 / Math.sqrt(h), (steps - 1) * h); // norm 1, at the last step only
  const result = network.backward(gradHidden, { window: options.window });
  return {
    hidden: result.hiddenGradNormByStepsBack,
    cell: result.cellGradNormByStepsBack,
  };
}

/**
 * The average factor per step from the first value of a sequence to its last, the geometric mean
 * of the ratios of neighbours: (v_{n−1} / v₀)^(1/(n − 1)). A signal multiplied by 4 at every
 * layer gives 4; one that halves, 0.5.
 *
 * @param values At least two finite numbers > 0 (for example the RMS of each layer's output).
 * @returns The factor per step.
 * @throws {RangeError} On fewer than two values, or a value that is not a finite number > 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { factorPerStep } from "./gradient_fixes.ts";
 * assert.ok(Math.abs(factorPerStep([1, 4, 16, 64]) - 4) < 1e-12);
 * assert.ok(Math.abs(factorPerStep([8, 3, 1]) - Math.sqrt(1 / 8)) < 1e-12); // only the ends count
 * ```
 */
export function factorPerStep(values: ArrayLike<number>): number {
  const action = "compute factor per step";
  const n = values.length;
  if (n < 2) {
    throw new RangeError(`Cannot ${action}: values must hold at least 2 values (got ${n})`);
  }
  for (let i = 0; i < n; i++) {
    if (!(Number.isFinite(values[i]) && values[i] > 0)) {
      throw new RangeError(
        `Cannot ${action}: values[${i}] must be a finite number > 0 (got ${values[i]})`,
      );
    }
  }
  // Through logarithms, so that a ratio beyond the largest double (10¹⁵⁰ / 10⁻¹⁹⁰) stays finite.
  return Math.exp((Math.log(values[n - 1]) - Math.log(values[0])) / (n - 1));
}
