/**
 * How much gradient each unit of a network receives: the data behind chapter 5's heat map, where
 * one network shows vanishing and exploding gradients at the same time.
 *
 * For a dense layer k with weights Wₖ (row i feeds unit i), the gradient that training would apply
 * to unit i is the row ∂L/∂Wₖ[i, :]. Its size, gₖᵢ = ‖∂L/∂Wₖ[i, :]‖ = √(Σⱼ (∂L/∂Wₖ[i, j])²), is
 * the unit's gradient magnitude. With a batch of one example it equals |δₖᵢ|·‖hₖ‖, where
 * δₖᵢ = ∂L/∂aₖᵢ is the gradient at the unit's pre-activation and hₖ the layer's input: a unit
 * whose tanh or sigmoid is saturated has φ′ ≈ 0 and receives almost nothing, while a unit in the
 * linear part of its activation passes on the full product of the weights above it.
 *
 * {@linkcode measureNetworkUnitGradients} runs one forward and backward pass of the mean squared
 * error on a batch and returns gₖᵢ for every layer and unit; {@linkcode measureUnitGradients}
 * first builds a seeded network with `network.ts` and a seeded batch of random inputs and targets.
 * Nothing is trained.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { measureUnitGradients } from "./unit_gradients.ts";
 * const map = measureUnitGradients({ width: 8, hiddenLayers: 3, seed: 2 });
 * assert.equal(map.hidden.length, 3); // one row per hidden layer
 * assert.equal(map.hidden[0].length, 8); // one magnitude per unit
 * ```
 * @module
 */

import { type ActivationName, activationNames } from "./activations.ts";
import type { DenseLayer } from "./layers.ts";
import { meanSquaredErrorGradient, meanSquaredErrorLoss } from "./losses.ts";
import {
  createDeepNetwork,
  type InitScheme,
  initSchemes,
  type Network,
  type TrainingData,
} from "./network.ts";
import { globalNorm } from "./optim.ts";
import { createRng, deriveSeed, fillNormal } from "./random.ts";

/**
 * The stream of the seed that draws the inputs and targets (dense layer k of the network uses
 * stream k, so this one, far beyond any layer, is independent of the weights).
 */
export const UNIT_GRADIENT_DATA_STREAM = 1_000_000;

/**
 * The gradient magnitude of every unit of every dense layer, after `network.backward`:
 * gₖᵢ = ‖∂L/∂Wₖ[i, :]‖, the norm of the row of weights feeding unit i (overflow-safe).
 *
 * @param network A network whose backward pass has run (its dense layers hold `gradWeights`).
 * @returns One array per dense layer (input side first), one entry per output unit of that layer.
 * Non-finite gradients give a non-finite entry: check with `Number.isFinite` before plotting (as
 * {@linkcode measureUnitGradients} does).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDenseLayer } from "./layers.ts";
 * import { createSequential } from "./network.ts";
 * import { unitGradientNorms } from "./unit_gradients.ts";
 * // One example x = (3, 4), y = W·x: ∂y/∂W[i, :] = gᵢ·x, so unit i gets |gᵢ|·‖x‖ = |gᵢ|·5.
 * const net = createSequential([createDenseLayer(2, 2, { weights: Float64Array.of(1, 0, 0, 1) })]);
 * net.forward(Float64Array.of(3, 4), 1);
 * net.backward(Float64Array.of(1, -2));
 * assert.deepEqual(unitGradientNorms(net), [Float64Array.of(5, 10)]);
 * ```
 */
export function unitGradientNorms(network: Network): Float64Array[] {
  const rows: Float64Array[] = [];
  for (const layer of network.dense) rows.push(rowNorms(layer));
  return rows;
}

/** ‖∂L/∂W[i, :]‖ for each output unit i of a dense layer. */
function rowNorms(layer: DenseLayer): Float64Array {
  const n = layer.outputSize;
  const m = layer.inputSize;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = globalNorm([layer.gradWeights.subarray(i * m, (i + 1) * m)]);
  return out;
}

/** Options of {@linkcode measureUnitGradients}. */
export interface UnitGradientOptions {
  /** The number of input features, an integer in [1, 1024] (default 4). */
  inputSize?: number;
  /** The number of units in every hidden layer, an integer in [1, 1024] (default 32). */
  width?: number;
  /** The number of hidden layers, an integer in [1, 200] (default 10). */
  hiddenLayers?: number;
  /** The hidden activation (default `"tanh"`). */
  activation?: ActivationName;
  /** The initialisation scheme of `network.ts` (default `"naive"`: std 1 whatever the width). */
  init?: InitScheme;
  /** The number of examples in the batch, an integer in [1, 4096] (default 1). */
  batch?: number;
  /** The seed of the weights and of the data, an integer in [0, 2³² − 1] (default 1). */
  seed?: number;
}

/** Where a unit's gradient stopped being finite. */
export interface UnitGradientDivergence {
  /** What overflowed: the loss (then there are no gradients) or a layer's gradient. */
  quantity: "loss" | "gradient";
  /**
   * The dense layer (0-based, input side first) of the first non-finite magnitude found on the
   * way down from the output; for the loss, the number of dense layers.
   */
  layer: number;
  /** Its unit (0 for the loss). */
  unit: number;
  /** The offending number, for a message, never for a figure. */
  value: number;
}

/**
 * The gradient magnitudes of a network's units for one batch. Every array is finite: when
 * something overflows, `diverged` says where and only the finite layers are kept.
 */
export interface UnitGradientMeasurement {
  /** The mean squared error on the batch (absent if it overflowed). */
  loss?: number;
  /**
   * gₖᵢ for the hidden layers k = layersFrom … H − 1 (row k − layersFrom), where the hidden layers
   * are every dense layer but the last (H of them, layer 0 next to the input); unit i is the
   * i-th output of dense layer k.
   */
  hidden: Float64Array[];
  /** The first hidden layer in `hidden`: 0 unless the gradient overflowed on its way down. */
  layersFrom: number;
  /** gᵢ for the units of the last dense layer, the output (absent if it overflowed). */
  output?: Float64Array;
  /** Set when the loss or a gradient overflowed. */
  diverged?: UnitGradientDivergence;
}

/** What {@linkcode measureUnitGradients} returns: the measurement and the options it used. */
export interface UnitGradientMap extends UnitGradientMeasurement {
  /** The options used, with their defaults filled in. */
  options: Required<UnitGradientOptions>;
}

/**
 * Run a network forward and backward on a batch with the mean squared error,
 * L = (1/N)·Σ (ŷ − y)² over the N = batch × outputSize outputs, and measure every unit's gradient
 * magnitude gₖᵢ = ‖∂L/∂Wₖ[i, :]‖. The network's weights are not changed.
 *
 * @param network A network with at least one dense layer.
 * @param data The inputs `[batch × inputSize]`, targets `[batch × outputSize]` and batch size.
 * @returns The magnitudes of the hidden layers (every dense layer but the last) and of the output
 * layer, the loss, and `diverged` if the loss or a gradient overflowed.
 * @throws {TypeError} If the data does not fit the network (from the layers).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDenseLayer } from "./layers.ts";
 * import { createSequential } from "./network.ts";
 * import { measureNetworkUnitGradients } from "./unit_gradients.ts";
 * // ŷ = 3·(2·x); x = 1, y = 0: L = 36, ∂L/∂ŷ = 12, ∂L/∂w₀ = 12·3·1 = 36, ∂L/∂w₁ = 12·2 = 24.
 * const net = createSequential([
 *   createDenseLayer(1, 1, { weights: Float64Array.of(2) }),
 *   createDenseLayer(1, 1, { weights: Float64Array.of(3) }),
 * ]);
 * const m = measureNetworkUnitGradients(net, {
 *   input: Float64Array.of(1), target: Float64Array.of(0), batch: 1,
 * });
 * assert.equal(m.loss, 36);
 * assert.deepEqual(m.hidden, [Float64Array.of(36)]);
 * assert.deepEqual(m.output, Float64Array.of(24));
 * ```
 */
export function measureNetworkUnitGradients(
  network: Network,
  data: TrainingData,
): UnitGradientMeasurement {
  const dense = network.dense.length;
  const hiddenLayers = dense - 1;
  const prediction = network.forward(data.input, data.batch);
  const loss = meanSquaredErrorLoss.value(prediction, data.target);
  if (!Number.isFinite(loss)) {
    return {
      hidden: [],
      layersFrom: hiddenLayers,
      diverged: { quantity: "loss", layer: dense, unit: 0, value: loss },
    };
  }
  network.backward(meanSquaredErrorGradient(prediction, data.target));
  const rows = unitGradientNorms(network); // the last row is the output layer

  // The gradient flows from the output down: keep the finite layers above the first bad one.
  let layersFrom = 0;
  let diverged: UnitGradientDivergence | undefined;
  for (let k = hiddenLayers; k >= 0 && diverged === undefined; k--) {
    const row = rows[k];
    for (let i = 0; i < row.length; i++) {
      if (!Number.isFinite(row[i])) {
        diverged = { quantity: "gradient", layer: k, unit: i, value: row[i] };
        layersFrom = k + 1;
        break;
      }
    }
  }
  const result: UnitGradientMeasurement = {
    loss,
    hidden: rows.slice(Math.min(layersFrom, hiddenLayers), hiddenLayers),
    layersFrom: Math.min(layersFrom, hiddenLayers),
  };
  if (layersFrom <= hiddenLayers) result.output = rows[hiddenLayers];
  if (diverged !== undefined) result.diverged = diverged;
  return result;
}

function checkInteger(value: unknown, name: string, min: number, max: number): number {
  const action = "measure unit gradients";
  if (typeof value !== "number") {
    throw new TypeError(`Cannot ${action}: ${name} must be a number (got ${typeof value})`);
  }
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    throw new RangeError(
      `Cannot ${action}: ${name} must be an integer in [${min}, ${max}] (got ${value})`,
    );
  }
  return value;
}

/**
 * Build a seeded network, pass one seeded batch of random data through it, back-propagate the mean
 * squared error and measure every hidden unit's gradient magnitude gₖᵢ = ‖∂L/∂Wₖ[i, :]‖.
 *
 * The network is `createDeepNetwork({ inputSize, width, hiddenLayers, outputSize: 1, activation,
 * init, seed })`; the inputs and targets are standard normal numbers from stream
 * {@linkcode UNIT_GRADIENT_DATA_STREAM} of the seed; L = (1/B)·Σ_b (ŷ_b − y_b)².
 *
 * @param options Shape, activation, initialisation, batch size and seed (defaults: 4 inputs,
 * 10 hidden layers of 32 tanh units, std-1 weights, one example, seed 1).
 * @returns The magnitudes per hidden layer and unit, the loss, and `diverged` if something
 * overflowed (then only the finite layers nearer the output are kept).
 * @throws {TypeError} If an option has the wrong type. @throws {RangeError} If one is out of range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { measureUnitGradients } from "./unit_gradients.ts";
 * // Std-1 weights in a tanh network: some units saturate (tiny gradients), others amplify.
 * const map = measureUnitGradients({ width: 32, hiddenLayers: 10, seed: 1 });
 * const all = map.hidden.flatMap((row) => [...row]);
 * assert.ok(Math.max(...all) / Math.min(...all) > 1e6);
 * ```
 */
export function measureUnitGradients(options: UnitGradientOptions = {}): UnitGradientMap {
  const action = "measure unit gradients";
  const inputSize = checkInteger(options.inputSize ?? 4, "inputSize", 1, 1024);
  const width = checkInteger(options.width ?? 32, "width", 1, 1024);
  const hiddenLayers = checkInteger(options.hiddenLayers ?? 10, "hiddenLayers", 1, 200);
  const batch = checkInteger(options.batch ?? 1, "batch", 1, 4096);
  const seed = checkInteger(options.seed ?? 1, "seed", 0, 4294967295);
  const activation = options.activation ?? "tanh";
  if (!activationNames.includes(activation)) {
    throw new RangeError(
      `Cannot ${action}: activation must be one of ${activationNames.join(", ")} (got ${
        String(activation)
      })`,
    );
  }
  const init = options.init ?? "naive";
  if (!initSchemes.includes(init)) {
    throw new RangeError(
      `Cannot ${action}: init must be one of ${initSchemes.join(", ")} (got ${String(init)})`,
    );
  }
  const used = { inputSize, width, hiddenLayers, activation, init, batch, seed };

  const network = createDeepNetwork({
    inputSize,
    width,
    hiddenLayers,
    outputSize: 1,
    activation,
    init,
    seed,
  });
  const rng = createRng(deriveSeed(seed, UNIT_GRADIENT_DATA_STREAM));
  const input = fillNormal(new Float64Array(batch * inputSize), rng);
  const target = fillNormal(new Float64Array(batch), rng);

  return { options: used, ...measureNetworkUnitGradients(network, { input, target, batch }) };
}

/** One unit of a {@linkcode UnitGradientMap}: its hidden layer (1 = next to the input), unit and value. */
export interface UnitGradientEntry {
  /** The hidden layer, counted from 1 at the input (as in the heat map). */
  layer: number;
  /** The unit, counted from 1. */
  unit: number;
  /** Its gradient magnitude gₖᵢ. */
  value: number;
}

/** The extremes of a {@linkcode UnitGradientMap}, to quote beside its heat map. */
export interface UnitGradientExtremes {
  /** The unit with the smallest magnitude > 0 (absent if every unit receives exactly 0). */
  smallest?: UnitGradientEntry;
  /** The unit with the largest magnitude (absent if every unit receives exactly 0). */
  largest?: UnitGradientEntry;
  /** How many units receive exactly 0 (a saturated or switched-off unit, or an underflow). */
  zeros: number;
  /** How many units there are in the map. */
  units: number;
}

/**
 * The smallest (nonzero) and largest unit gradient magnitudes of a map, with where they are, and
 * how many units receive exactly 0.
 *
 * @param map A result of {@linkcode measureUnitGradients} or {@linkcode measureNetworkUnitGradients}.
 * @returns The extremes; layers are counted from 1 at the input, units from 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { measureUnitGradients, unitGradientExtremes } from "./unit_gradients.ts";
 * const map = measureUnitGradients({ width: 4, hiddenLayers: 2 });
 * const { smallest, largest, units } = unitGradientExtremes(map);
 * assert.equal(units, 8);
 * assert.ok(smallest!.value <= largest!.value);
 * ```
 */
export function unitGradientExtremes(map: UnitGradientMeasurement): UnitGradientExtremes {
  let smallest: UnitGradientEntry | undefined;
  let largest: UnitGradientEntry | undefined;
  let zeros = 0;
  let units = 0;
  for (let k = 0; k < map.hidden.length; k++) {
    const row = map.hidden[k];
    const layer = map.layersFrom + k + 1;
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      units++;
      if (v === 0) {
        zeros++;
        continue;
      }
      if (smallest === undefined || v < smallest.value) smallest = { layer, unit: i + 1, value: v };
      if (largest === undefined || v > largest.value) largest = { layer, unit: i + 1, value: v };
    }
  }
  const result: UnitGradientExtremes = { zeros, units };
  if (smallest !== undefined) result.smallest = smallest;
  if (largest !== undefined) result.largest = largest;
  return result;
}
