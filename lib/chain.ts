/**
 * The chain of weights: the article's simplified network, in which each layer only multiplies by
 * its weight (no bias, and at first no activation), and what the chain rule makes of it.
 *
 * Layers are numbered from 0. Layer k takes the value hₖ and gives hₖ₊₁ = φ(wₖ·hₖ), where φ is the
 * identity in the article's model; h₀ = x₀ is the input and y = h_L the output. The chain rule gives
 *
 * - ∂y/∂hₖ = ∏ⱼ₌ₖ^{L−1} wⱼ·φ′(aⱼ), with aⱼ = wⱼ·hⱼ: the product of the weights from layer k on;
 * - ∂y/∂wₖ = hₖ·φ′(aₖ)·∂y/∂hₖ₊₁: the layer's input times the product of the later weights.
 *
 * With weights above 1 the products grow geometrically (exploding gradients), below 1 they shrink
 * (vanishing); with the sigmoid, whose slope is at most 1/4, they shrink even when every weight is 1.
 *
 * {@linkcode runRandomChain} replaces each weight by an n × n random matrix with entries
 * N(0, scale²/n): then E‖W·h‖² = scale²·‖h‖², so the scale decides between exploding (> 1),
 * vanishing (< 1) and a steady signal (= 1, i.e. a standard deviation of 1/√n).
 *
 * When the numbers leave what a double can hold (overflow to ±Infinity, or NaN), the results say
 * where in `diverged` and keep only the finite values computed before. An underflow to exactly 0
 * is not an error but the end point of vanishing, reported in `vanished`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runChain } from "./chain.ts";
 * const chain = runChain(2, { depth: 10 });
 * assert.equal(chain.values[10], 1024); // 1·2¹⁰
 * assert.equal(chain.inputGradients[0], 1024); // ∂y/∂x₀ = 2¹⁰
 * ```
 * @module
 */

import {
  type Activation,
  activationDerivative,
  type ActivationName,
  activationValue,
  createActivation,
} from "./activations.ts";
import { createRng, deriveSeed } from "./random.ts";

/** The largest depth the chains accept (far beyond the teaching range; a guard against typos). */
export const MAX_CHAIN_DEPTH = 100_000;

/** The largest width of {@linkcode runRandomChain}. */
export const MAX_CHAIN_WIDTH = 2048;

/**
 * {@linkcode runRandomChain} keeps all L matrices (drawn once) when they hold at most this many
 * numbers (32 MB); beyond, it keeps one and draws each again for the backward pass.
 */
export const STORED_WEIGHTS_LIMIT = 1 << 22;

/** Where a chain's numbers stopped being finite. */
export interface ChainDivergence {
  /** The pass that produced the first non-finite number. */
  pass: "forward" | "backward";
  /**
   * The layer whose computation gave it: in the forward pass, layer k's output hₖ₊₁; in the
   * backward pass, layer k's gradients ∂y/∂hₖ and ∂y/∂wₖ.
   */
  layer: number;
  /** The offending number (±Infinity or NaN) — for a message, never for a figure. */
  value: number;
}

/**
 * Where a nonzero quantity first became exactly 0: an underflow below the smallest double (about
 * 5e−324), a zero weight or a ReLU that is off. This is vanishing taken to its end, not an error.
 */
export interface ChainVanishing {
  /** The first k with hₖ = 0 although hₖ₋₁ ≠ 0 (absent if that never happens). */
  forward?: number;
  /** The largest k with ∂y/∂hₖ = 0 although ∂y/∂hₖ₊₁ ≠ 0 (absent if that never happens). */
  backward?: number;
}

/** Options of {@linkcode runChain}. */
export interface ChainOptions {
  /**
   * The number of layers L when `weights` is one number (default 10). With a list of weights it
   * may be omitted; if given it must equal the list's length.
   */
  depth?: number;
  /** The input x₀ = h₀ (default 1). */
  input?: number;
  /** The activation φ after each weight (default `"identity"`: the article's chain). */
  activation?: ActivationName;
}

/** A scalar chain run forward and backward. Every array holds finite numbers only. */
export interface ChainResult {
  /** The number of layers L. */
  depth: number;
  /** The activation between layers. */
  activation: ActivationName;
  /** The weights w₀ … w_{L−1}. */
  weights: Float64Array;
  /** h₀ … h_m: the layers' inputs and, last, the output (m = L unless the forward pass diverged). */
  values: Float64Array;
  /** aₖ = wₖ·hₖ for the layers computed, k = 0 … m − 1. */
  preActivations: Float64Array;
  /** φ′(aₖ), the activation's slope at each computed layer (all 1 for the identity). */
  activationSlopes: Float64Array;
  /**
   * ∂y/∂hₖ for k = gradientsFrom … L (the last entry, ∂y/∂y, is 1). Empty if the forward pass
   * diverged: there is no finite output to differentiate.
   */
  inputGradients: Float64Array;
  /** ∂y/∂wₖ for k = gradientsFrom … L − 1; entry i belongs to layer gradientsFrom + i. */
  weightGradients: Float64Array;
  /**
   * The layer of the first gradient entry: 0, unless the backward pass diverged (then the layer
   * after the one that overflowed), or L if the forward pass diverged (no gradients).
   */
  gradientsFrom: number;
  /** Set when a number overflowed or became NaN; the arrays stop before it. */
  diverged?: ChainDivergence;
  /** Set when a value or gradient became exactly 0 (vanishing, not an error). */
  vanished?: ChainVanishing;
}

function checkDepth(depth: unknown, action: string, name = "depth"): number {
  if (typeof depth !== "number") {
    throw new TypeError(`Cannot ${action}: ${name} must be a number (got ${typeof depth})`);
  }
  if (!(Number.isInteger(depth) && depth >= 1 && depth <= MAX_CHAIN_DEPTH)) {
    throw new RangeError(
      `Cannot ${action}: ${name} must be an integer in [1, ${MAX_CHAIN_DEPTH}] (got ${depth})`,
    );
  }
  return depth;
}

function checkFinite(value: unknown, action: string, name: string): number {
  if (typeof value !== "number") {
    throw new TypeError(`Cannot ${action}: ${name} must be a number (got ${typeof value})`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`Cannot ${action}: ${name} must be a finite number (got ${value})`);
  }
  return value;
}

/** Turn "one weight" or "a list of weights" into the list, checking the depth. */
function weightList(
  weights: number | ArrayLike<number>,
  depth: number | undefined,
  action: string,
): Float64Array {
  if (typeof weights === "number") {
    checkFinite(weights, action, "weights");
    const n = checkDepth(depth ?? 10, action);
    return new Float64Array(n).fill(weights);
  }
  if (weights === null || typeof weights !== "object" || typeof weights.length !== "number") {
    throw new TypeError(
      `Cannot ${action}: weights must be a number or a list of numbers (got ${
        weights === null ? "null" : typeof weights
      })`,
    );
  }
  checkDepth(weights.length, action, "the number of weights");
  if (depth !== undefined && depth !== weights.length) {
    throw new RangeError(
      `Cannot ${action}: depth must equal the number of weights, ${weights.length} (got ${depth})`,
    );
  }
  const w = new Float64Array(weights.length);
  for (let k = 0; k < w.length; k++) w[k] = checkFinite(weights[k], action, `weights[${k}]`);
  return w;
}

/**
 * Run a chain of scalar weights forward and backward.
 *
 * Forward: hₖ₊₁ = φ(aₖ), aₖ = wₖ·hₖ. Backward: ∂y/∂h_L = 1, ∂y/∂wₖ = hₖ·φ′(aₖ)·∂y/∂hₖ₊₁,
 * ∂y/∂hₖ = wₖ·φ′(aₖ)·∂y/∂hₖ₊₁ — so, for the identity, ∂y/∂hₖ = wₖ·wₖ₊₁·…·w_{L−1}.
 *
 * @param weights One weight for every layer (then `options.depth` layers), or one per layer.
 * @param options The depth (default 10), the input x₀ (default 1), the activation (default identity).
 * @returns Values, pre-activations, slopes and gradients per layer, with `diverged`/`vanished`.
 * @throws {TypeError} If a weight or an option has the wrong type.
 * @throws {RangeError} If a weight or x₀ is not finite, or the depth is not an integer in
 * [1, {@linkcode MAX_CHAIN_DEPTH}] (or differs from the number of weights).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runChain } from "./chain.ts";
 * // Weights 3, 0.5, 2: ∂y/∂h₀ = 3·0.5·2 = 3, ∂y/∂w₁ = h₁·w₂ = 3·2 = 6.
 * const chain = runChain([3, 0.5, 2]);
 * assert.deepEqual(chain.values, Float64Array.of(1, 3, 1.5, 3));
 * assert.deepEqual(chain.inputGradients, Float64Array.of(3, 1, 2, 1));
 * assert.deepEqual(chain.weightGradients, Float64Array.of(1, 6, 1.5));
 * // The sigmoid's slope (at most 1/4) joins the product even with weight 1.
 * const sig = runChain(1, { depth: 5, activation: "sigmoid" });
 * assert.ok(sig.inputGradients[0] <= 0.25 ** 5);
 * ```
 */
export function runChain(
  weights: number | ArrayLike<number>,
  options: ChainOptions = {},
): ChainResult {
  const action = "run chain";
  const w = weightList(weights, options.depth, action);
  const depth = w.length;
  const x0 = checkFinite(options.input ?? 1, action, "input");
  const activationName = options.activation ?? "identity";
  const act: Activation = createActivation(activationName);

  const h = new Float64Array(depth + 1);
  const a = new Float64Array(depth);
  const slope = new Float64Array(depth);
  let diverged: ChainDivergence | undefined;
  let vanishedForward: number | undefined;

  // Forward: a_k = w_k·h_k, h_{k+1} = φ(a_k).
  h[0] = x0;
  let m = depth; // the index of the last finite value
  for (let k = 0; k < depth; k++) {
    const ak = w[k] * h[k];
    const next = activationValue(act, ak);
    const dk = activationDerivative(act, ak);
    if (!Number.isFinite(ak) || !Number.isFinite(next) || !Number.isFinite(dk)) {
      const value = Number.isFinite(next) ? (Number.isFinite(ak) ? dk : ak) : next;
      diverged = { pass: "forward", layer: k, value };
      m = k;
      break;
    }
    a[k] = ak;
    slope[k] = dk;
    h[k + 1] = next;
    if (next === 0 && h[k] !== 0 && vanishedForward === undefined) vanishedForward = k + 1;
  }

  let gradientsFrom = depth + 1;
  let gH = new Float64Array(0);
  let gW = new Float64Array(0);
  let vanishedBackward: number | undefined;
  if (diverged === undefined) {
    // Backward: ∂y/∂h_L = 1; ∂y/∂w_k = h_k·φ′(a_k)·∂y/∂h_{k+1}; ∂y/∂h_k = w_k·φ′(a_k)·∂y/∂h_{k+1}.
    gH = new Float64Array(depth + 1);
    gW = new Float64Array(depth);
    gH[depth] = 1;
    gradientsFrom = 0;
    for (let k = depth - 1; k >= 0; k--) {
      const delta = slope[k] * gH[k + 1];
      const dw = h[k] * delta;
      const dh = w[k] * delta;
      if (!Number.isFinite(dw) || !Number.isFinite(dh)) {
        diverged = { pass: "backward", layer: k, value: Number.isFinite(dh) ? dw : dh };
        gradientsFrom = k + 1;
        break;
      }
      gW[k] = dw;
      gH[k] = dh;
      if (dh === 0 && gH[k + 1] !== 0 && vanishedBackward === undefined) vanishedBackward = k;
    }
  }

  const result: ChainResult = {
    depth,
    activation: activationName,
    weights: w,
    values: h.subarray(0, m + 1),
    preActivations: a.subarray(0, m),
    activationSlopes: slope.subarray(0, m),
    inputGradients: gH.subarray(Math.min(gradientsFrom, gH.length)),
    weightGradients: gW.subarray(Math.min(gradientsFrom, gW.length)),
    gradientsFrom: Math.min(gradientsFrom, depth),
  };
  if (diverged !== undefined) result.diverged = diverged;
  if (vanishedForward !== undefined || vanishedBackward !== undefined) {
    result.vanished = {};
    if (vanishedForward !== undefined) result.vanished.forward = vanishedForward;
    if (vanishedBackward !== undefined) result.vanished.backward = vanishedBackward;
  }
  return result;
}

/** Options of {@linkcode runRandomChain} and {@linkcode randomLayerWeights}. */
export interface RandomChainOptions {
  /** The width n of every layer, an integer in [1, {@linkcode MAX_CHAIN_WIDTH}] (default 64). */
  width?: number;
  /** The number of layers L, an integer in [1, {@linkcode MAX_CHAIN_DEPTH}] (default 50). */
  depth?: number;
  /** The weight scale: entries are N(0, scale²/n), scale finite and ≥ 0 (default 1). */
  scale?: number;
  /** The activation φ after each matrix (default `"identity"`). */
  activation?: ActivationName;
  /** The seed, an integer in [0, 2³² − 1] (default 0). Layer k uses stream k + 1 of it. */
  seed?: number;
  /**
   * The input h₀ (length n). Default: a random direction of norm 1, from stream 0 of the seed.
   */
  input?: ArrayLike<number>;
  /**
   * The vector u with y = u·h_L, whose gradient the backward pass carries (length n).
   * Default: a random direction of norm 1, drawn after the default input.
   */
  outputGradient?: ArrayLike<number>;
}

/** A chain of random matrices run forward and backward. Every array holds finite numbers only. */
export interface RandomChainResult {
  width: number;
  depth: number;
  scale: number;
  activation: ActivationName;
  seed: number;
  /** ‖hₖ‖ for k = 0 … m: the size of the signal entering each layer, then of the output. */
  signalNorms: Float64Array;
  /** ‖∂y/∂hₖ‖ for k = gradientsFrom … L (the last is ‖u‖). Empty if the forward pass diverged. */
  gradientNorms: Float64Array;
  /**
   * ‖∂y/∂Wₖ‖ (Frobenius) for k = gradientsFrom … L − 1. Since ∂y/∂Wₖ = δₖ·hₖᵀ with
   * δₖ = φ′(aₖ) ⊙ ∂y/∂hₖ₊₁, it equals ‖δₖ‖·‖hₖ‖.
   */
  weightGradientNorms: Float64Array;
  /** The layer of the first gradient entry, as in {@linkcode ChainResult.gradientsFrom}. */
  gradientsFrom: number;
  /** The input h₀. */
  input: Float64Array;
  /** The output h_L (empty if the forward pass diverged). */
  output: Float64Array;
  /** The vector u, y = u·h_L. */
  outputGradient: Float64Array;
  /** ∂y/∂h₀ (empty unless the backward pass reached the input). */
  inputGradient: Float64Array;
  /** Set when a number overflowed or became NaN; `value` is the offending norm. */
  diverged?: ChainDivergence;
  /** Set when a signal or gradient became exactly the zero vector. */
  vanished?: ChainVanishing;
}

interface RandomChainSetup {
  width: number;
  depth: number;
  scale: number;
  activation: ActivationName;
  seed: number;
}

function randomChainSetup(options: RandomChainOptions, action: string): RandomChainSetup {
  const width = options.width ?? 64;
  if (typeof width !== "number") {
    throw new TypeError(`Cannot ${action}: width must be a number (got ${typeof width})`);
  }
  if (!(Number.isInteger(width) && width >= 1 && width <= MAX_CHAIN_WIDTH)) {
    throw new RangeError(
      `Cannot ${action}: width must be an integer in [1, ${MAX_CHAIN_WIDTH}] (got ${width})`,
    );
  }
  const depth = checkDepth(options.depth ?? 50, action);
  const scale = checkFinite(options.scale ?? 1, action, "scale");
  if (scale < 0) {
    throw new RangeError(`Cannot ${action}: scale must be a finite number ≥ 0 (got ${scale})`);
  }
  const seed = options.seed ?? 0;
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    throw new RangeError(
      `Cannot ${action}: seed must be an integer in [0, 4294967295] (got ${seed})`,
    );
  }
  const activation = options.activation ?? "identity";
  createActivation(activation); // validates the name
  return { width, depth, scale, activation, seed };
}

/** Fill `target` (n·n, row-major: W[i·n + j] multiplies input j into output i) with layer k's W. */
function fillLayerWeights(target: Float64Array, setup: RandomChainSetup, layer: number): void {
  const rng = createRng(deriveSeed(setup.seed, layer + 1));
  const std = setup.scale / Math.sqrt(setup.width);
  for (let i = 0; i < target.length; i++) target[i] = std * rng.normal();
}

/** The standard normals z behind every layer's W = (scale/√n)·z, all layers one after another. */
function drawStandardLayers(setup: RandomChainSetup): Float64Array {
  const nn = setup.width * setup.width;
  const z = new Float64Array(setup.depth * nn);
  for (let k = 0; k < setup.depth; k++) {
    const rng = createRng(deriveSeed(setup.seed, k + 1));
    for (let i = k * nn; i < (k + 1) * nn; i++) z[i] = rng.normal();
  }
  return z;
}

/**
 * The weight matrix of layer k of {@linkcode runRandomChain}, entries N(0, scale²/n).
 *
 * Layer k draws from its own stream of the seed, so it does not change when the depth changes.
 *
 * @param layer The layer k, an integer in [0, depth − 1].
 * @param options Width, depth, scale and seed as for {@linkcode runRandomChain}.
 * @returns A new n·n array, row-major: W[i·n + j] multiplies input j into output i.
 * @throws {RangeError} On an invalid option or layer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { randomLayerWeights } from "./chain.ts";
 * const w = randomLayerWeights(0, { width: 3, seed: 5 });
 * assert.equal(w.length, 9);
 * assert.deepEqual(w, randomLayerWeights(0, { width: 3, seed: 5, depth: 2 }));
 * ```
 */
export function randomLayerWeights(layer: number, options: RandomChainOptions = {}): Float64Array {
  const action = "make layer weights";
  const setup = randomChainSetup(options, action);
  if (!(Number.isInteger(layer) && layer >= 0 && layer < setup.depth)) {
    throw new RangeError(
      `Cannot ${action}: layer must be an integer in [0, ${setup.depth - 1}] (got ${layer})`,
    );
  }
  const w = new Float64Array(setup.width * setup.width);
  fillLayerWeights(w, setup, layer);
  return w;
}

/**
 * The Euclidean norm ‖x‖ of the first n entries, without overflow or underflow in the squares
 * (scaled by the largest entry). NaN if an entry is NaN, Infinity if one is infinite.
 */
function norm(x: Float64Array, n: number): number {
  let big = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(x[i]);
    if (v !== v) return NaN;
    if (v > big) big = v;
  }
  if (big === 0 || big === Infinity) return big;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const r = x[i] / big;
    sum += r * r;
  }
  return big * Math.sqrt(sum);
}

function vectorOption(
  value: ArrayLike<number> | undefined,
  n: number,
  name: string,
  action: string,
): Float64Array | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || value.length !== n) {
    throw new TypeError(
      `Cannot ${action}: ${name} must be a list of width = ${n} numbers (got ${
        value === null || typeof value !== "object" ? String(value) : `length ${value.length}`
      })`,
    );
  }
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = checkFinite(value[i], action, `${name}[${i}]`);
  return v;
}

/** A random direction: n standard normals divided by their norm. */
function randomUnitVector(target: Float64Array, rng: { normal(): number }): void {
  for (let i = 0; i < target.length; i++) target[i] = rng.normal();
  const r = norm(target, target.length);
  for (let i = 0; i < target.length; i++) target[i] /= r;
}

/**
 * Run a chain of random n × n matrices forward and backward, keeping the norms per layer.
 *
 * Forward: aₖ = Wₖ·hₖ, hₖ₊₁ = φ(aₖ), with (Wₖ)ᵢⱼ ~ N(0, scale²/n), so for the identity
 * E‖hₖ₊₁‖² = scale²·‖hₖ‖² and E‖h_L‖² = scale^{2L}·‖h₀‖².
 * Backward, for y = u·h_L: ∂y/∂h_L = u, δₖ = φ′(aₖ) ⊙ ∂y/∂hₖ₊₁, ∂y/∂hₖ = Wₖᵀ·δₖ,
 * ‖∂y/∂Wₖ‖ = ‖δₖ‖·‖hₖ‖. The matrices are drawn once and kept when they fit
 * {@linkcode STORED_WEIGHTS_LIMIT}; larger chains draw each again (from its per-layer stream) in
 * the backward pass, so memory stays at one n × n matrix plus L·n slopes.
 *
 * @param options Width (64), depth (50), scale (1), activation (identity), seed (0), input, u.
 * @returns Norms of the signal and of the gradients per layer, with `diverged`/`vanished`.
 * @throws {TypeError} If `input` or `outputGradient` is not a list of n numbers.
 * @throws {RangeError} On an option outside its range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runRandomChain } from "./chain.ts";
 * const grow = runRandomChain({ scale: 2, depth: 20, seed: 1 });
 * const fade = runRandomChain({ scale: 0.5, depth: 20, seed: 1 });
 * assert.ok(grow.signalNorms[20] > 1e4); // about 2²⁰ ≈ 1e6
 * assert.ok(fade.gradientNorms[0] < 1e-4); // about 2⁻²⁰ ≈ 1e−6
 * ```
 */
export function runRandomChain(options: RandomChainOptions = {}): RandomChainResult {
  const action = "run random chain";
  return runChainWith(randomChainSetup(options, action), options, action);
}

/**
 * Run chains of random matrices at several weight scales, with the same seed, width, depth and
 * activation: the same as `scales.map((scale) => runRandomChain({ ...options, scale }))`, number
 * for number, but faster. The matrices of a seed differ between scales only by their factor
 * scale/√n, so their standard normal entries are drawn once, not once per scale (when they fit
 * {@linkcode STORED_WEIGHTS_LIMIT}; larger chains are run one scale at a time).
 *
 * @param scales The weight scales, each finite and ≥ 0 (one chain per scale, in this order).
 * @param options Width (64), depth (50), activation (identity), seed (0), input, u, as for
 * {@linkcode runRandomChain}.
 * @returns One result per scale, as {@linkcode runRandomChain} would return it.
 * @throws {TypeError} If `scales` is not an array, or as {@linkcode runRandomChain}.
 * @throws {RangeError} On a scale or an option outside its range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runRandomChain, runRandomChains } from "./chain.ts";
 * const [fade, steady] = runRandomChains([0.5, 1], { depth: 20, seed: 1 });
 * assert.deepEqual(steady, runRandomChain({ scale: 1, depth: 20, seed: 1 }));
 * assert.ok(fade.signalNorms[20] < 1e-4); // about 2⁻²⁰ ≈ 1e−6
 * ```
 */
export function runRandomChains(
  scales: readonly number[],
  options: Omit<RandomChainOptions, "scale"> = {},
): RandomChainResult[] {
  const action = "run random chains";
  if (!Array.isArray(scales)) {
    throw new TypeError(
      `Cannot ${action}: scales must be an array of numbers (got ${typeof scales})`,
    );
  }
  const setups = scales.map((scale) => randomChainSetup({ ...options, scale }, action));
  if (setups.length === 0) return [];
  const { width, depth } = setups[0];
  const standard = depth * width * width <= STORED_WEIGHTS_LIMIT
    ? drawStandardLayers(setups[0])
    : undefined;
  return setups.map((setup) => runChainWith(setup, options, action, standard));
}

/**
 * The chain of {@linkcode runRandomChain} for a checked setup; `standard`, if given, holds the
 * standard normals of every layer (from `drawStandardLayers`), scaled here instead of drawn again.
 */
function runChainWith(
  setup: RandomChainSetup,
  options: RandomChainOptions,
  action: string,
  standard?: Float64Array,
): RandomChainResult {
  const { width: n, depth } = setup;
  const act = createActivation(setup.activation);

  const vectors = createRng(deriveSeed(setup.seed, 0));
  let input = vectorOption(options.input, n, "input", action);
  if (input === undefined) {
    input = new Float64Array(n);
    randomUnitVector(input, vectors);
  }
  let u = vectorOption(options.outputGradient, n, "outputGradient", action);
  if (u === undefined) {
    u = new Float64Array(n);
    randomUnitVector(u, vectors);
  }

  // All matrices, drawn once, if they fit the budget; otherwise one, drawn again when needed.
  const nn = n * n;
  const stored = depth * nn <= STORED_WEIGHTS_LIMIT;
  const weights = new Float64Array(stored ? depth * nn : nn);
  if (stored && standard !== undefined) {
    const std = setup.scale / Math.sqrt(n); // as in fillLayerWeights, so W is the same bit for bit
    for (let i = 0; i < weights.length; i++) weights[i] = std * standard[i];
  } else if (stored) {
    for (let k = 0; k < depth; k++) {
      fillLayerWeights(weights.subarray(k * nn, (k + 1) * nn), setup, k);
    }
  }
  /** Layer k's matrix, row-major. */
  function layerWeights(k: number): Float64Array {
    if (stored) return weights.subarray(k * nn, (k + 1) * nn);
    fillLayerWeights(weights, setup, k);
    return weights;
  }
  const slopes = new Float64Array(depth * n); // φ′(a_k), row k
  let cur = new Float64Array(n);
  let next = new Float64Array(n);
  const signalNorms = new Float64Array(depth + 1);
  let diverged: ChainDivergence | undefined;
  let vanishedForward: number | undefined;

  // Forward: a = W_k·h_k, h_{k+1} = φ(a).
  cur.set(input);
  signalNorms[0] = norm(cur, n);
  let m = depth;
  for (let k = 0; k < depth; k++) {
    const w = layerWeights(k);
    const row = k * n;
    let badA = 0; // a non-finite pre-activation, which tanh or the sigmoid would hide
    for (let i = 0; i < n; i++) {
      let ai = 0;
      const wi = i * n;
      for (let j = 0; j < n; j++) ai += w[wi + j] * cur[j];
      if (!Number.isFinite(ai)) badA = ai;
      next[i] = activationValue(act, ai);
      slopes[row + i] = activationDerivative(act, ai);
    }
    const r = norm(next, n);
    if (badA !== 0 || !Number.isFinite(r)) {
      diverged = { pass: "forward", layer: k, value: badA !== 0 ? badA : r };
      m = k;
      break;
    }
    signalNorms[k + 1] = r;
    if (r === 0 && signalNorms[k] !== 0 && vanishedForward === undefined) vanishedForward = k + 1;
    [cur, next] = [next, cur];
  }

  let gradientsFrom = depth;
  let gradientNorms = new Float64Array(0);
  let weightGradientNorms = new Float64Array(0);
  let output = new Float64Array(0);
  let inputGradient = new Float64Array(0);
  let vanishedBackward: number | undefined;
  if (diverged === undefined) {
    output = cur.slice();
    gradientNorms = new Float64Array(depth + 1);
    weightGradientNorms = new Float64Array(depth);
    // Backward: g_L = u; δ_k = φ′(a_k) ⊙ g_{k+1}; g_k = W_kᵀ·δ_k; ‖∂y/∂W_k‖ = ‖δ_k‖·‖h_k‖.
    let gk1 = cur; // reuse the two vectors: gk1 holds ∂y/∂h_{k+1}, gNext receives ∂y/∂h_k
    let gNext = next;
    gk1.set(u);
    gradientNorms[depth] = norm(gk1, n);
    gradientsFrom = 0;
    for (let k = depth - 1; k >= 0; k--) {
      const w = layerWeights(k);
      const row = k * n;
      for (let i = 0; i < n; i++) gk1[i] *= slopes[row + i]; // now δ_k
      const deltaNorm = norm(gk1, n);
      gNext.fill(0);
      for (let i = 0; i < n; i++) {
        const di = gk1[i];
        const wi = i * n;
        for (let j = 0; j < n; j++) gNext[j] += w[wi + j] * di;
      }
      const gNorm = norm(gNext, n);
      const dwNorm = deltaNorm * signalNorms[k];
      if (!Number.isFinite(gNorm) || !Number.isFinite(dwNorm)) {
        diverged = {
          pass: "backward",
          layer: k,
          value: Number.isFinite(gNorm) ? dwNorm : gNorm,
        };
        gradientsFrom = k + 1;
        break;
      }
      gradientNorms[k] = gNorm;
      weightGradientNorms[k] = dwNorm;
      if (gNorm === 0 && gradientNorms[k + 1] !== 0 && vanishedBackward === undefined) {
        vanishedBackward = k;
      }
      [gk1, gNext] = [gNext, gk1];
    }
    if (diverged === undefined) inputGradient = gk1.slice();
    gradientNorms = gradientNorms.subarray(gradientsFrom);
    weightGradientNorms = weightGradientNorms.subarray(Math.min(gradientsFrom, depth));
  }

  const result: RandomChainResult = {
    ...setup,
    signalNorms: signalNorms.subarray(0, m + 1),
    gradientNorms,
    weightGradientNorms,
    gradientsFrom: Math.min(gradientsFrom, depth),
    input,
    output,
    outputGradient: u,
    inputGradient,
  };
  if (diverged !== undefined) result.diverged = diverged;
  if (vanishedForward !== undefined || vanishedBackward !== undefined) {
    result.vanished = {};
    if (vanishedForward !== undefined) result.vanished.forward = vanishedForward;
    if (vanishedBackward !== undefined) result.vanished.backward = vanishedBackward;
  }
  return result;
}
