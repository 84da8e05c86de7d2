/**
 * A sequential network of layers, its seeded initialisation, and a small training loop that
 * reports what the chapter's figures need: the loss, the gradient norm of every weight layer, the
 * size of every update, and where training diverged if it did.
 *
 * Initialisation schemes (weights ~ N(0, std²), biases 0; fanIn = inputs of the layer):
 * - `"naive"`: std = 1, whatever the layer's size — the classic naive choice, `randn(fanIn,
 *   fanOut)` with no scaling. Each layer multiplies the signal's scale by about √fanIn (√fanIn/2 with
 *   ReLU), so a deep stack explodes (or saturates a sigmoid/tanh, whose gradients then vanish).
 * - `"small"`: std = 0.01, the other classic naive choice ("small random numbers"); the signal
 *   shrinks by about 0.01·√fanIn per layer and vanishes.
 * - `"xavier"` (Glorot and Bengio, 2010): std = √(2/(fanIn + fanOut)), keeps the variance of a
 *   tanh/sigmoid-like (linear near 0) network steady forward and backward.
 * - `"he"` (He et al., 2015): std = √(2/fanIn), makes up for ReLU zeroing half its inputs.
 *
 * Each dense layer k draws from its own stream, `createRng(deriveSeed(seed, k))`, so the same seed
 * gives identical numbers on every run, and a layer's weights do not depend on the layers before it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDeepNetwork } from "./network.ts";
 * const a = createDeepNetwork({ inputSize: 2, width: 4, hiddenLayers: 3, outputSize: 1, seed: 7 });
 * const b = createDeepNetwork({ inputSize: 2, width: 4, hiddenLayers: 3, outputSize: 1, seed: 7 });
 * assert.deepEqual(a.dense[0].weights, b.dense[0].weights);
 * ```
 * @module
 */

import { type ActivationName, createActivation } from "./activations.ts";
import {
  createActivationLayer,
  createBatchNormLayer,
  createDenseLayer,
  createResidualBlock,
  type DenseLayer,
  type Layer,
  type Parameter,
} from "./layers.ts";
import type { Loss } from "./losses.ts";
import {
  addWeightPenaltyGradient,
  clipByGlobalNorm,
  clipByValue,
  globalNorm,
  gradientsOf,
  type PenaltyOptions,
  sgdStep,
  weightNorm,
  weightPenalty,
} from "./optim.ts";
import { createRng, deriveSeed } from "./random.ts";

/** The initialisation schemes; see the module documentation. */
export type InitScheme = "naive" | "small" | "xavier" | "he";

/** The list of {@linkcode InitScheme}s. */
export const initSchemes: readonly InitScheme[] = ["naive", "small", "xavier", "he"];

/**
 * The standard deviation of a scheme's weights for a layer with `fanIn` inputs and `fanOut` outputs.
 *
 * naive: 1; small: 0.01; xavier: √(2/(fanIn + fanOut)); he: √(2/fanIn).
 *
 * @param scheme The scheme.
 * @param fans `fanIn` and `fanOut`, positive integers.
 * @returns The standard deviation.
 * @throws {RangeError} On an unknown scheme or a bad fan.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { initStd } from "./network.ts";
 * assert.equal(initStd("he", { fanIn: 8, fanOut: 2 }), 0.5);
 * assert.equal(initStd("xavier", { fanIn: 3, fanOut: 5 }), 0.5);
 * ```
 */
export function initStd(scheme: InitScheme, fans: { fanIn: number; fanOut: number }): number {
  const action = "compute initial weight scale";
  for (const [name, value] of Object.entries(fans)) {
    if (!(Number.isInteger(value) && value >= 1)) {
      throw new RangeError(`Cannot ${action}: ${name} must be an integer ≥ 1 (got ${value})`);
    }
  }
  switch (scheme) {
    case "naive":
      return 1;
    case "small":
      return 0.01;
    case "xavier":
      return Math.sqrt(2 / (fans.fanIn + fans.fanOut));
    case "he":
      return Math.sqrt(2 / fans.fanIn);
    default:
      throw new RangeError(
        `Cannot ${action}: scheme must be one of ${initSchemes.join(", ")} (got ${String(scheme)})`,
      );
  }
}

/** Options of {@linkcode initializeNetwork}. */
export interface InitOptions {
  /** The scheme (default `"he"`). */
  scheme?: InitScheme;
  /** The seed, an integer in [0, 2³² − 1] (default 0). */
  seed?: number;
}

/**
 * Every dense layer of a list of layers, in order, including those inside residual blocks.
 *
 * @param layers The layers.
 * @returns The dense layers (the same objects).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDenseLayer, createResidualBlock } from "./layers.ts";
 * import { denseLayersOf } from "./network.ts";
 * const inner = createDenseLayer(2, 2);
 * const layers = [createDenseLayer(1, 2), createResidualBlock([inner])];
 * assert.equal(denseLayersOf(layers)[1], inner);
 * ```
 */
export function denseLayersOf(layers: readonly Layer[]): DenseLayer[] {
  const found: DenseLayer[] = [];
  for (const layer of layers) {
    if (layer.kind === "dense") found.push(layer as DenseLayer);
    else if (layer.kind === "residual" && "inner" in layer) {
      found.push(...denseLayersOf(layer.inner as readonly Layer[]));
    }
  }
  return found;
}

/**
 * Fill every dense layer's weights from a seeded normal distribution with the scheme's standard
 * deviation, and set biases to 0. Dense layer k (in order) uses `createRng(deriveSeed(seed, k))`.
 *
 * @param layers The layers (residual blocks are searched too).
 * @param options Scheme (default `"he"`) and seed (default 0).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDenseLayer } from "./layers.ts";
 * import { initializeNetwork } from "./network.ts";
 * const dense = createDenseLayer(2, 2);
 * initializeNetwork([dense], { scheme: "naive", seed: 1 });
 * assert.ok(dense.weights.every((w) => w !== 0));
 * ```
 */
export function initializeNetwork(layers: readonly Layer[], options: InitOptions = {}): void {
  const { scheme = "he", seed = 0 } = options;
  const dense = denseLayersOf(layers);
  for (let k = 0; k < dense.length; k++) {
    const layer = dense[k];
    const std = initStd(scheme, { fanIn: layer.inputSize, fanOut: layer.outputSize });
    const rng = createRng(deriveSeed(seed, k));
    const w = layer.weights;
    for (let i = 0; i < w.length; i++) w[i] = std * rng.normal();
    layer.bias.fill(0);
  }
}

/** What {@linkcode Network.backward} returns. */
export interface NetworkGradients {
  /** ∂L/∂input, `[batch × inputSize]` (owned by the first layer: copy it to keep it). */
  inputGradient: Float64Array;
  /**
   * ‖∂L/∂W‖ (Frobenius, overflow-safe) for each dense layer in order, input side first, including
   * those inside residual blocks: the per-layer gradient norms. A fresh array on every call.
   */
  weightGradientNorms: Float64Array;
}

/** A sequential network: layers applied in order. */
export interface Network {
  readonly layers: readonly Layer[];
  readonly inputSize: number;
  readonly outputSize: number;
  /** The dense layers, in order (including inside residual blocks); `weightGradientNorms` follows it. */
  readonly dense: readonly DenseLayer[];
  /** Every trainable parameter, in layer order. */
  readonly parameters: readonly Parameter[];
  /** Run every layer forward; returns the last layer's output `[batch × outputSize]`. */
  forward(input: Float64Array, batch: number): Float64Array;
  /** Back-propagate ∂L/∂output through every layer; fills all parameter gradients. */
  backward(gradOutput: Float64Array): NetworkGradients;
}

/**
 * Chain layers into a {@linkcode Network}. The layers keep their current weights (see
 * {@linkcode initializeNetwork}).
 *
 * @param layers At least one layer; each one's input size must equal the previous output size.
 * @returns The network.
 * @throws {RangeError} On an empty list. @throws {TypeError} On sizes that do not chain.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createActivation } from "./activations.ts";
 * import { createActivationLayer, createDenseLayer } from "./layers.ts";
 * import { createSequential } from "./network.ts";
 * const net = createSequential([
 *   createDenseLayer(1, 1, { weights: Float64Array.of(-2) }),
 *   createActivationLayer(1, createActivation("relu")),
 * ]);
 * assert.deepEqual(net.forward(Float64Array.of(-1, 1), 2), Float64Array.of(2, 0));
 * ```
 */
export function createSequential(layers: readonly Layer[]): Network {
  const action = "create network";
  if (layers.length === 0) {
    throw new RangeError(`Cannot ${action}: layers must have at least one layer (got 0)`);
  }
  for (let k = 1; k < layers.length; k++) {
    if (layers[k].inputSize !== layers[k - 1].outputSize) {
      throw new TypeError(
        `Cannot ${action}: layers[${k}].inputSize must equal layers[${k - 1}].outputSize, ${
          layers[k - 1].outputSize
        } (got ${layers[k].inputSize})`,
      );
    }
  }
  const own = layers.slice();
  const dense = denseLayersOf(own);

  function forward(input: Float64Array, batch: number): Float64Array {
    let h = input;
    for (let k = 0; k < own.length; k++) h = own[k].forward(h, batch);
    return h;
  }

  function backward(gradOutput: Float64Array): NetworkGradients {
    let g = gradOutput;
    for (let k = own.length - 1; k >= 0; k--) g = own[k].backward(g);
    const weightGradientNorms = new Float64Array(dense.length);
    for (let k = 0; k < dense.length; k++) {
      weightGradientNorms[k] = globalNorm([dense[k].gradWeights]);
    }
    return { inputGradient: g, weightGradientNorms };
  }

  return {
    layers: own,
    inputSize: own[0].inputSize,
    outputSize: own[own.length - 1].outputSize,
    dense,
    parameters: own.flatMap((layer) => layer.parameters),
    forward,
    backward,
  };
}

/** Options of {@linkcode createDeepNetwork}. */
export interface DeepNetworkOptions {
  /** Input features. */
  inputSize: number;
  /** Units in every hidden layer. */
  width: number;
  /** Number of hidden layers (each dense → [batch norm] → activation), ≥ 1. */
  hiddenLayers: number;
  /** Output features (the last dense layer has no activation: pair it with a loss). */
  outputSize: number;
  /** The hidden activation (default `"relu"`). */
  activation?: ActivationName;
  /** Leaky ReLU's slope (default 0.01). */
  slope?: number;
  /** Initialisation scheme (default `"he"`). */
  init?: InitScheme;
  /** Seed (default 0). */
  seed?: number;
  /**
   * Add skip connections (default false): the hidden state then evolves as
   * x_{k+1} = x_k + W_k·φ([BN](x_k)) + b_k instead of x_{k+1} = W_k·φ([BN](x_k)) + b_k, for the
   * `hiddenLayers − 1` width-to-width dense layers (a pre-activation residual block). The first
   * and the output dense layers change the width, so they have none. Same layers, same weights.
   */
  residual?: boolean;
  /** Insert batch normalization after each hidden dense layer, before its activation (default false). */
  batchNorm?: boolean;
}

/**
 * A multilayer perceptron for the chapter's experiments: `hiddenLayers` hidden layers of `width`
 * units, then a linear output layer; optionally with batch normalization and residual blocks.
 *
 * Layers: dense(input → width), then `hiddenLayers − 1` times [BN] → φ → dense(width → width)
 * (each wrapped in a residual block if `residual`), then [BN] → φ → dense(width → output). Without
 * the options this is the usual dense → φ → … → dense stack. There are `hiddenLayers + 1` dense
 * layers with or without residual blocks, so `weightGradientNorms` lines up between the two, and
 * the same seed gives the same weights.
 *
 * @param options The shape, activation, initialisation and architecture.
 * @returns The initialised network.
 * @throws {RangeError} On a bad size, activation or scheme.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDeepNetwork } from "./network.ts";
 * const net = createDeepNetwork({ inputSize: 3, width: 8, hiddenLayers: 4, outputSize: 1, residual: true });
 * assert.equal(net.dense.length, 5);
 * assert.equal(net.forward(new Float64Array(3 * 2), 2).length, 2);
 * ```
 */
export function createDeepNetwork(options: DeepNetworkOptions): Network {
  const { inputSize, width, hiddenLayers, outputSize } = options;
  if (!(Number.isInteger(hiddenLayers) && hiddenLayers >= 1)) {
    throw new RangeError(
      `Cannot create deep network: hiddenLayers must be an integer ≥ 1 (got ${hiddenLayers})`,
    );
  }
  const act = createActivation(options.activation ?? "relu", { slope: options.slope });
  // [batch norm] → activation → dense: the unit that a residual block wraps (pre-activation form)
  function unit(nOut: number): Layer[] {
    const layers: Layer[] = [];
    if (options.batchNorm) layers.push(createBatchNormLayer(width));
    layers.push(createActivationLayer(width, act), createDenseLayer(width, nOut));
    return layers;
  }
  const layers: Layer[] = [createDenseLayer(inputSize, width)];
  for (let k = 1; k < hiddenLayers; k++) {
    if (options.residual) layers.push(createResidualBlock(unit(width)));
    else layers.push(...unit(width));
  }
  layers.push(...unit(outputSize));
  initializeNetwork(layers, { scheme: options.init ?? "he", seed: options.seed ?? 0 });
  return createSequential(layers);
}

/**
 * The root mean square of each layer's last output, √((1/n)·Σ aᵢ²), one per layer of
 * `network.layers` (top level): the signal's scale as it travels through the network.
 *
 * @param network A network after a forward pass.
 * @returns One RMS per layer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDenseLayer } from "./layers.ts";
 * import { createSequential, layerOutputRms } from "./network.ts";
 * const net = createSequential([createDenseLayer(1, 1, { weights: Float64Array.of(3) })]);
 * net.forward(Float64Array.of(1, -1, 1, -1), 4); // outputs ±3
 * assert.deepEqual(layerOutputRms(net), Float64Array.of(3));
 * ```
 */
export function layerOutputRms(network: Network): Float64Array {
  const rms = new Float64Array(network.layers.length);
  for (let k = 0; k < network.layers.length; k++) {
    const a = network.layers[k].output;
    rms[k] = a.length === 0 ? 0 : globalNorm([a]) / Math.sqrt(a.length);
  }
  return rms;
}

function collectKinkSigns(layers: readonly Layer[], signs: number[]): void {
  for (const layer of layers) {
    if (layer.kind === "activation" && "activation" in layer && "input" in layer) {
      const { kink } = layer.activation as { kink: number | null };
      if (kink === null) continue;
      const z = layer.input as Float64Array;
      for (let i = 0; i < z.length; i++) signs.push(Math.sign(z[i] - kink));
    } else if (layer.kind === "residual" && "inner" in layer) {
      collectKinkSigns(layer.inner as readonly Layer[], signs);
    }
  }
}

/**
 * Which side of its kink every ReLU / leaky-ReLU unit was on in the last forward pass: the sign
 * (−1, 0, 1) of each pre-activation. Pass `() => kinkSignature(network)` to `checkGradient` so
 * that coordinates whose perturbation crosses a kink are skipped instead of passing or failing by
 * accident.
 *
 * @param network A network after a forward pass.
 * @returns The signs, in layer order (empty for a network without kinks).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createActivation } from "./activations.ts";
 * import { createActivationLayer } from "./layers.ts";
 * import { createSequential, kinkSignature } from "./network.ts";
 * const net = createSequential([createActivationLayer(3, createActivation("relu"))]);
 * net.forward(Float64Array.of(-2, 0, 5), 1);
 * assert.deepEqual(kinkSignature(net), [-1, 0, 1]);
 * ```
 */
export function kinkSignature(network: Network): number[] {
  const signs: number[] = [];
  collectKinkSigns(network.layers, signs);
  return signs;
}

/** A full batch of training data. */
export interface TrainingData {
  /** Inputs, `[batch × inputSize]`. */
  input: Float64Array;
  /** Targets, `[batch × outputSize]`. */
  target: Float64Array;
  /** Number of examples. */
  batch: number;
}

/** Options of {@linkcode trainStep} and {@linkcode trainNetwork}. */
export interface TrainOptions {
  /** The loss (for example `meanSquaredErrorLoss`). */
  loss: Loss;
  /** The learning rate, > 0. */
  lr: number;
  /** Clip the gradient's global norm to this before the step (default: no clipping). */
  clipNorm?: number;
  /** Clip every gradient component to ±this before the step (default: no clipping). */
  clipValue?: number;
  /** An L1 or L2 weight penalty added to the loss (default: none). */
  penalty?: PenaltyOptions;
}

/** What one training step measured. */
export interface TrainStepResult {
  /** Data loss + penalty, before the step. */
  loss: number;
  /** The data loss alone. */
  dataLoss: number;
  /** ‖∂L/∂W‖ per dense layer, before clipping (all NaN if the loss was not finite: no backward). */
  weightGradientNorms: Float64Array;
  /** The global norm of every parameter gradient, before clipping (NaN if no backward ran). */
  gradientNorm: number;
  /** ‖Δθ‖, the size of the update (0 if skipped). */
  updateNorm: number;
  /** ‖W‖ over all weight matrices, after the step. */
  weightNorm: number;
  /** Whether clipping changed the gradient. */
  clipped: boolean;
  /** Why no step was taken: a non-finite loss or gradient, with where; `null` when the step ran. */
  diverged: { reason: string } | null;
}

/**
 * One full-batch training step: forward, loss (+ penalty), backward, penalty gradient, clipping,
 * then SGD. The order is the point: clipping acts on the gradient *before* the update, so the
 * update is at most lr × clipNorm in norm (lr × clipValue per component).
 *
 * @param network The network (changed in place).
 * @param data The inputs, targets and batch size.
 * @param options Loss, learning rate, clipping and penalty.
 * @returns What the step measured; `diverged` says why nothing changed if the loss or gradient
 * was not finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanSquaredErrorLoss } from "./losses.ts";
 * import { createDeepNetwork, trainStep } from "./network.ts";
 * const net = createDeepNetwork({ inputSize: 1, width: 4, hiddenLayers: 2, outputSize: 1, seed: 3 });
 * const data = { input: Float64Array.of(-1, 0, 1), target: Float64Array.of(1, 0, 1), batch: 3 };
 * const step = trainStep(net, data, { loss: meanSquaredErrorLoss, lr: 0.1, clipNorm: 0.5 });
 * assert.ok(step.updateNorm <= 0.1 * 0.5 * (1 + 1e-12));
 * ```
 */
export function trainStep(
  network: Network,
  data: TrainingData,
  options: TrainOptions,
): TrainStepResult {
  const { loss, lr, clipNorm, clipValue, penalty } = options;
  const prediction = network.forward(data.input, data.batch);
  const dataLoss = loss.value(prediction, data.target);
  const total = penalty ? dataLoss + weightPenalty(network.parameters, penalty) : dataLoss;
  const skipped = (reason: string): TrainStepResult => ({
    loss: total,
    dataLoss,
    weightGradientNorms: new Float64Array(network.dense.length).fill(NaN),
    gradientNorm: NaN,
    updateNorm: 0,
    weightNorm: weightNorm(network.parameters),
    clipped: false,
    diverged: { reason },
  });
  if (!Number.isFinite(total)) return skipped(`the loss is ${total}`);
  const { weightGradientNorms } = network.backward(loss.gradient(prediction, data.target));
  if (penalty) addWeightPenaltyGradient(network.parameters, penalty);
  const grads = gradientsOf(network.parameters);
  const gradientNorm = globalNorm(grads);
  let clipped = false;
  if (clipValue !== undefined) {
    clipped = clipByValue(grads, { threshold: clipValue }).clippedCount > 0;
  }
  if (clipNorm !== undefined) {
    clipped = clipByGlobalNorm(grads, { maxNorm: clipNorm }).clipped || clipped;
  }
  const step = sgdStep(network.parameters, { lr });
  if (step.nonFinite !== null) {
    const p = network.parameters[step.nonFinite.buffer];
    const result = skipped(
      `the gradient of parameter ${step.nonFinite.buffer} (${p.name}) is ${step.nonFinite.value} at index ${step.nonFinite.index}`,
    );
    return { ...result, weightGradientNorms, gradientNorm };
  }
  return {
    loss: total,
    dataLoss,
    weightGradientNorms,
    gradientNorm,
    updateNorm: step.updateNorm,
    weightNorm: weightNorm(network.parameters),
    clipped,
    diverged: null,
  };
}

/** The history of {@linkcode trainNetwork}: one entry per step taken. */
export interface TrainingHistory {
  /** Loss (with penalty) before each step. */
  loss: number[];
  /** Global gradient norm before clipping, per step. */
  gradientNorm: number[];
  /** Update size per step. */
  updateNorm: number[];
  /** Weight norm after each step. */
  weightNorm: number[];
  /** Per step, the per-dense-layer gradient norms. */
  weightGradientNorms: Float64Array[];
  /** The step (0-based) at which training stopped because something was not finite, and why. */
  diverged: { step: number; reason: string } | null;
}

/**
 * Train for a number of full-batch steps with {@linkcode trainStep}, stopping at the first step
 * whose loss or gradient is not finite (reported in `diverged`, never as NaN in the history).
 *
 * @param network The network (changed in place).
 * @param data The training data.
 * @param options The step options plus `steps`, the number of steps (an integer ≥ 1).
 * @returns The history of the steps taken.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanSquaredErrorLoss } from "./losses.ts";
 * import { createDeepNetwork, trainNetwork } from "./network.ts";
 * const net = createDeepNetwork({ inputSize: 1, width: 8, hiddenLayers: 1, outputSize: 1, seed: 1 });
 * const data = { input: Float64Array.of(-1, 1), target: Float64Array.of(1, -1), batch: 2 };
 * const history = trainNetwork(net, data, { loss: meanSquaredErrorLoss, lr: 0.05, steps: 50 });
 * assert.ok(history.loss[49] < history.loss[0]);
 * ```
 */
export function trainNetwork(
  network: Network,
  data: TrainingData,
  options: TrainOptions & { steps: number },
): TrainingHistory {
  const { steps } = options;
  if (!(Number.isInteger(steps) && steps >= 1)) {
    throw new RangeError(`Cannot train network: steps must be an integer ≥ 1 (got ${steps})`);
  }
  const history: TrainingHistory = {
    loss: [],
    gradientNorm: [],
    updateNorm: [],
    weightNorm: [],
    weightGradientNorms: [],
    diverged: null,
  };
  for (let step = 0; step < steps; step++) {
    const result = trainStep(network, data, options);
    if (result.diverged !== null) {
      history.diverged = { step, reason: result.diverged.reason };
      break;
    }
    history.loss.push(result.loss);
    history.gradientNorm.push(result.gradientNorm);
    history.updateNorm.push(result.updateNorm);
    history.weightNorm.push(result.weightNorm);
    history.weightGradientNorms.push(result.weightGradientNorms);
  }
  return history;
}
