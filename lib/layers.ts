/**
 * Network layers with explicit forward and backward passes on `Float64Array` buffers.
 *
 * Every layer maps a batch of inputs, stored row-major as `[batch × inputSize]` (example `b`,
 * feature `i` at `input[b·inputSize + i]`), to a batch of outputs `[batch × outputSize]`.
 * - `forward(input, batch)` computes the output and remembers what the backward pass needs. It
 *   keeps a reference to `input`, so do not change `input` before calling `backward`.
 * - `backward(gradOutput)` takes ∂L/∂output for the last forward batch, **overwrites** the
 *   gradients of the layer's parameters with ∂L/∂parameter, and returns ∂L/∂input.
 *
 * Buffers (outputs, input gradients, saved statistics) are allocated when the batch size changes
 * and reused otherwise, so a training loop with a fixed batch allocates nothing per step. The
 * returned arrays belong to the layer and are overwritten by its next pass: copy what you keep.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDenseLayer } from "./layers.ts";
 * // y = 2·x₀ + 3·x₁ + 1, one example.
 * const dense = createDenseLayer(2, 1, { weights: Float64Array.of(2, 3), bias: Float64Array.of(1) });
 * assert.deepEqual(dense.forward(Float64Array.of(1, 1), 1), Float64Array.of(6));
 * assert.deepEqual(dense.backward(Float64Array.of(1)), Float64Array.of(2, 3)); // ∂y/∂x = W
 * assert.deepEqual(dense.gradWeights, Float64Array.of(1, 1)); // ∂y/∂W = x
 * ```
 * @module
 */

import { type Activation, activationDerivative, applyActivation } from "./activations.ts";

/** A trainable buffer and its gradient, which `backward` fills. */
export interface Parameter {
  /** `"weights"`, `"bias"`, `"gamma"` (batch-norm scale) or `"beta"` (batch-norm shift), or a recurrent name. */
  readonly name: string;
  readonly value: Float64Array;
  /** ∂L/∂value from the last backward pass; same length as `value`. */
  readonly grad: Float64Array;
  /** Whether weight penalties (L1, L2) apply: true for weight matrices, false for biases and γ, β. */
  readonly penalized: boolean;
}

/** The kinds of layer in this module. */
export type LayerKind = "dense" | "activation" | "batchNorm" | "residual";

/** What every layer offers. See the module documentation for the buffer layout and ownership. */
export interface Layer {
  readonly kind: LayerKind;
  readonly inputSize: number;
  readonly outputSize: number;
  /** The trainable parameters (empty for an activation layer). */
  readonly parameters: readonly Parameter[];
  /** The batch size of the last forward pass (0 before the first). */
  readonly batch: number;
  /** The output of the last forward pass, `[batch × outputSize]`. */
  readonly output: Float64Array;
  /** Compute the output for a batch of `batch` inputs. */
  forward(input: Float64Array, batch: number): Float64Array;
  /** Back-propagate ∂L/∂output: fill the parameter gradients, return ∂L/∂input. */
  backward(gradOutput: Float64Array): Float64Array;
}

function checkSize(value: number, name: string, action: string): void {
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new RangeError(`Cannot ${action}: ${name} must be an integer ≥ 1 (got ${value})`);
  }
}

function checkForward(input: Float64Array, batch: number, inputSize: number, action: string) {
  checkSize(batch, "batch", action);
  if (input.length !== batch * inputSize) {
    throw new TypeError(
      `Cannot ${action}: input must have length batch × inputSize = ${
        batch * inputSize
      } (got ${input.length})`,
    );
  }
}

function checkBackward(
  gradOutput: Float64Array,
  batch: number,
  outputSize: number,
  action: string,
) {
  if (batch === 0) {
    throw new TypeError(`Cannot ${action}: forward must run first (got no forward pass)`);
  }
  if (gradOutput.length !== batch * outputSize) {
    throw new TypeError(
      `Cannot ${action}: gradOutput must have length batch × outputSize = ${
        batch * outputSize
      } (got ${gradOutput.length})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Dense

/** A fully connected layer, y = W·x + b. */
export interface DenseLayer extends Layer {
  readonly kind: "dense";
  /** W, row-major `[outputSize × inputSize]`: W[o·inputSize + i] connects input i to output o. */
  readonly weights: Float64Array;
  /** b, one per output. */
  readonly bias: Float64Array;
  /** ∂L/∂W from the last backward pass, same layout as `weights`. */
  readonly gradWeights: Float64Array;
  /** ∂L/∂b from the last backward pass. */
  readonly gradBias: Float64Array;
}

/** Options of {@linkcode createDenseLayer}. */
export interface DenseOptions {
  /** Initial weights, `[outputSize × inputSize]`, copied (default: all 0; see `initializeNetwork`). */
  weights?: Float64Array;
  /** Initial bias, `[outputSize]`, copied (default: all 0). */
  bias?: Float64Array;
}

/**
 * A dense (fully connected) layer: y[b, o] = Σᵢ W[o, i]·x[b, i] + bias[o].
 *
 * Backward, with g = ∂L/∂y: ∂L/∂W[o, i] = Σ_b g[b, o]·x[b, i], ∂L/∂bias[o] = Σ_b g[b, o],
 * ∂L/∂x[b, i] = Σ_o g[b, o]·W[o, i].
 *
 * @param inputSize Number of input features.
 * @param outputSize Number of output features.
 * @param options Initial weights and bias (default zeros).
 * @returns The layer.
 * @throws {RangeError} On a size that is not a positive integer. @throws {TypeError} On a weight or bias of the wrong length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDenseLayer } from "./layers.ts";
 * const dense = createDenseLayer(1, 2, { weights: Float64Array.of(1, -1) });
 * // Two examples, x = 3 and x = 5.
 * assert.deepEqual(dense.forward(Float64Array.of(3, 5), 2), Float64Array.of(3, -3, 5, -5));
 * ```
 */
export function createDenseLayer(
  inputSize: number,
  outputSize: number,
  options: DenseOptions = {},
): DenseLayer {
  const action = "create dense layer";
  checkSize(inputSize, "inputSize", action);
  checkSize(outputSize, "outputSize", action);
  const weights = new Float64Array(outputSize * inputSize);
  const bias = new Float64Array(outputSize);
  if (options.weights !== undefined) {
    if (options.weights.length !== weights.length) {
      throw new TypeError(
        `Cannot ${action}: weights must have length outputSize × inputSize = ${weights.length} (got ${options.weights.length})`,
      );
    }
    weights.set(options.weights);
  }
  if (options.bias !== undefined) {
    if (options.bias.length !== outputSize) {
      throw new TypeError(
        `Cannot ${action}: bias must have length outputSize = ${outputSize} (got ${options.bias.length})`,
      );
    }
    bias.set(options.bias);
  }
  const gradWeights = new Float64Array(weights.length);
  const gradBias = new Float64Array(outputSize);
  const nIn = inputSize;
  const nOut = outputSize;

  let batch = 0;
  let x: Float64Array = new Float64Array(0);
  let y: Float64Array = new Float64Array(0);
  let dx: Float64Array = new Float64Array(0);

  function forward(input: Float64Array, n: number): Float64Array {
    checkForward(input, n, nIn, "run dense forward");
    if (n !== batch) {
      batch = n;
      y = new Float64Array(n * nOut);
      dx = new Float64Array(n * nIn);
    }
    x = input;
    denseForward(x, weights, bias, y, n, nIn, nOut);
    return y;
  }

  function backward(gradOutput: Float64Array): Float64Array {
    checkBackward(gradOutput, batch, nOut, "run dense backward");
    denseWeightGradient(gradOutput, x, gradWeights, gradBias, batch, nIn, nOut);
    denseInputGradient(gradOutput, weights, dx, batch, nIn, nOut);
    return dx;
  }

  return {
    kind: "dense",
    inputSize,
    outputSize,
    weights,
    bias,
    gradWeights,
    gradBias,
    parameters: [
      { name: "weights", value: weights, grad: gradWeights, penalized: true },
      { name: "bias", value: bias, grad: gradBias, penalized: false },
    ],
    get batch() {
      return batch;
    },
    get output() {
      return y;
    },
    forward,
    backward,
  };
}

// The three products of a dense layer. Each computes four results at a time, so that every value
// loaded from memory feeds four running sums: the same arithmetic in the same order as the plain
// triple loop (results are bit-identical), about twice as fast in JavaScript.

/** y[b, o] = bias[o] + Σᵢ W[o, i]·x[b, i]. */
function denseForward(
  x: Float64Array,
  w: Float64Array,
  bias: Float64Array,
  y: Float64Array,
  batch: number,
  nIn: number,
  nOut: number,
): void {
  for (let b = 0; b < batch; b++) {
    const xRow = b * nIn;
    const yRow = b * nOut;
    let o = 0;
    for (; o + 3 < nOut; o += 4) {
      const w0 = o * nIn, w1 = w0 + nIn, w2 = w1 + nIn, w3 = w2 + nIn;
      let s0 = bias[o], s1 = bias[o + 1], s2 = bias[o + 2], s3 = bias[o + 3];
      for (let i = 0; i < nIn; i++) {
        const xi = x[xRow + i];
        s0 += w[w0 + i] * xi;
        s1 += w[w1 + i] * xi;
        s2 += w[w2 + i] * xi;
        s3 += w[w3 + i] * xi;
      }
      y[yRow + o] = s0;
      y[yRow + o + 1] = s1;
      y[yRow + o + 2] = s2;
      y[yRow + o + 3] = s3;
    }
    for (; o < nOut; o++) {
      const w0 = o * nIn;
      let sum = bias[o];
      for (let i = 0; i < nIn; i++) sum += w[w0 + i] * x[xRow + i];
      y[yRow + o] = sum;
    }
  }
}

/** ∂L/∂x[b, i] = Σ_o g[b, o]·W[o, i]. */
function denseInputGradient(
  g: Float64Array,
  w: Float64Array,
  dx: Float64Array,
  batch: number,
  nIn: number,
  nOut: number,
): void {
  for (let b = 0; b < batch; b++) {
    const xRow = b * nIn;
    const gRow = b * nOut;
    let i = 0;
    for (; i + 3 < nIn; i += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let o = 0; o < nOut; o++) {
        const gbo = g[gRow + o];
        const k = o * nIn + i;
        s0 += gbo * w[k];
        s1 += gbo * w[k + 1];
        s2 += gbo * w[k + 2];
        s3 += gbo * w[k + 3];
      }
      dx[xRow + i] = s0;
      dx[xRow + i + 1] = s1;
      dx[xRow + i + 2] = s2;
      dx[xRow + i + 3] = s3;
    }
    for (; i < nIn; i++) {
      let sum = 0;
      for (let o = 0; o < nOut; o++) sum += g[gRow + o] * w[o * nIn + i];
      dx[xRow + i] = sum;
    }
  }
}

/** ∂L/∂W[o, i] = Σ_b g[b, o]·x[b, i] and ∂L/∂bias[o] = Σ_b g[b, o]. */
function denseWeightGradient(
  g: Float64Array,
  x: Float64Array,
  dW: Float64Array,
  db: Float64Array,
  batch: number,
  nIn: number,
  nOut: number,
): void {
  for (let o = 0; o < nOut; o++) {
    const wRow = o * nIn;
    let sumG = 0;
    for (let b = 0; b < batch; b++) sumG += g[b * nOut + o];
    db[o] = sumG;
    let i = 0;
    for (; i + 3 < nIn; i += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let b = 0; b < batch; b++) {
        const gbo = g[b * nOut + o];
        const k = b * nIn + i;
        s0 += gbo * x[k];
        s1 += gbo * x[k + 1];
        s2 += gbo * x[k + 2];
        s3 += gbo * x[k + 3];
      }
      dW[wRow + i] = s0;
      dW[wRow + i + 1] = s1;
      dW[wRow + i + 2] = s2;
      dW[wRow + i + 3] = s3;
    }
    for (; i < nIn; i++) {
      let sum = 0;
      for (let b = 0; b < batch; b++) sum += g[b * nOut + o] * x[b * nIn + i];
      dW[wRow + i] = sum;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Activation

/** An element-wise activation layer, a = φ(z). */
export interface ActivationLayer extends Layer {
  readonly kind: "activation";
  readonly activation: Activation;
  /** The pre-activations z of the last forward pass (a reference to its input). */
  readonly input: Float64Array;
}

/**
 * An activation layer: a = φ(z) element-wise; backward ∂L/∂z = ∂L/∂a · φ′(z).
 *
 * @param size Number of features (input and output).
 * @param activation The activation, from `createActivation`.
 * @returns The layer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createActivation } from "./activations.ts";
 * import { createActivationLayer } from "./layers.ts";
 * const layer = createActivationLayer(2, createActivation("relu"));
 * assert.deepEqual(layer.forward(Float64Array.of(-1, 2), 1), Float64Array.of(0, 2));
 * assert.deepEqual(layer.backward(Float64Array.of(5, 5)), Float64Array.of(0, 5));
 * ```
 */
export function createActivationLayer(size: number, activation: Activation): ActivationLayer {
  checkSize(size, "size", "create activation layer");
  let batch = 0;
  let z: Float64Array = new Float64Array(0);
  let a: Float64Array = new Float64Array(0);
  let dz: Float64Array = new Float64Array(0);

  function forward(input: Float64Array, n: number): Float64Array {
    checkForward(input, n, size, "run activation forward");
    if (n !== batch) {
      batch = n;
      a = new Float64Array(n * size);
      dz = new Float64Array(n * size);
    }
    z = input;
    applyActivation(activation, z, { out: a });
    return a;
  }

  function backward(gradOutput: Float64Array): Float64Array {
    checkBackward(gradOutput, batch, size, "run activation backward");
    const len = z.length;
    switch (activation.name) {
      case "tanh":
        // tanh′(z) = 1 − a², using the saved output
        for (let i = 0; i < len; i++) dz[i] = gradOutput[i] * (1 - a[i] * a[i]);
        break;
      case "relu":
        for (let i = 0; i < len; i++) dz[i] = z[i] > 0 ? gradOutput[i] : 0;
        break;
      default:
        for (let i = 0; i < len; i++) {
          dz[i] = gradOutput[i] * activationDerivative(activation, z[i]);
        }
    }
    return dz;
  }

  return {
    kind: "activation",
    inputSize: size,
    outputSize: size,
    activation,
    parameters: [],
    get batch() {
      return batch;
    },
    get output() {
      return a;
    },
    get input() {
      return z;
    },
    forward,
    backward,
  };
}

// ---------------------------------------------------------------------------------------------
// Batch normalization

/** Batch normalization in training mode. */
export interface BatchNormLayer extends Layer {
  readonly kind: "batchNorm";
  /** γ, the learned scale per feature (starts at 1). */
  readonly gamma: Float64Array;
  /** β, the learned shift per feature (starts at 0). */
  readonly beta: Float64Array;
  readonly epsilon: number;
  /** μ per feature from the last forward batch. */
  readonly mean: Float64Array;
  /** σ² per feature (biased, divided by the batch size) from the last forward batch. */
  readonly variance: Float64Array;
}

/** Options of {@linkcode createBatchNormLayer}. */
export interface BatchNormOptions {
  /** ε added to the variance before the square root, ≥ 0 (default 1e-5); 0 divides by zero on a constant feature. */
  epsilon?: number;
}

/**
 * Batch normalization, training mode: each feature is normalized over the batch, then scaled and
 * shifted, y = γ·x̂ + β with x̂ = (x − μ)/√(σ² + ε), μ and σ² the feature's batch mean and (biased)
 * variance. This is what batch normalization is: normalizing each layer's inputs over the batch,
 * not averaging gradients.
 *
 * Backward, with g = ∂L/∂y and N the batch size: ∂L/∂γ = Σ_b g·x̂, ∂L/∂β = Σ_b g,
 * ∂L/∂x = γ/(N·√(σ² + ε)) · (N·g − Σ_b g − x̂·Σ_b g·x̂), which includes the paths through μ and σ².
 *
 * Inference mode (running averages of μ and σ²) is not implemented. A batch of 1 is refused: its
 * output would be β whatever the input.
 *
 * @param size Number of features.
 * @param options ε (default 1e-5).
 * @returns The layer.
 * @throws {RangeError} On a bad size or ε, and (in `forward`) on a batch smaller than 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createBatchNormLayer } from "./layers.ts";
 * const bn = createBatchNormLayer(1, { epsilon: 0 });
 * // One feature, batch [1, 3]: mean 2, variance 1.
 * assert.deepEqual(bn.forward(Float64Array.of(1, 3), 2), Float64Array.of(-1, 1));
 * ```
 */
export function createBatchNormLayer(size: number, options: BatchNormOptions = {}): BatchNormLayer {
  checkSize(size, "size", "create batch normalization");
  const epsilon = options.epsilon ?? 1e-5;
  if (!(Number.isFinite(epsilon) && epsilon >= 0)) {
    throw new RangeError(
      `Cannot create batch normalization: epsilon must be finite and ≥ 0 (got ${epsilon})`,
    );
  }
  const gamma = new Float64Array(size).fill(1);
  const beta = new Float64Array(size);
  const gradGamma = new Float64Array(size);
  const gradBeta = new Float64Array(size);
  const mean = new Float64Array(size);
  const variance = new Float64Array(size);
  const invStd = new Float64Array(size);
  const sumG = new Float64Array(size);
  const sumGxHat = new Float64Array(size);

  let batch = 0;
  let xHat: Float64Array = new Float64Array(0);
  let y: Float64Array = new Float64Array(0);
  let dx: Float64Array = new Float64Array(0);

  function forward(input: Float64Array, n: number): Float64Array {
    const action = "run batch normalization forward";
    checkForward(input, n, size, action);
    if (n < 2) throw new RangeError(`Cannot ${action}: batch must be ≥ 2 (got ${n})`);
    if (n !== batch) {
      batch = n;
      xHat = new Float64Array(n * size);
      y = new Float64Array(n * size);
      dx = new Float64Array(n * size);
    }
    // μ_j = (1/N) Σ_b x[b, j]; σ²_j = (1/N) Σ_b (x[b, j] − μ_j)²  (two passes, for accuracy)
    mean.fill(0);
    variance.fill(0);
    for (let b = 0; b < n; b++) {
      for (let j = 0; j < size; j++) mean[j] += input[b * size + j];
    }
    for (let j = 0; j < size; j++) mean[j] /= n;
    for (let b = 0; b < n; b++) {
      for (let j = 0; j < size; j++) {
        const d = input[b * size + j] - mean[j];
        variance[j] += d * d;
      }
    }
    for (let j = 0; j < size; j++) {
      variance[j] /= n;
      invStd[j] = 1 / Math.sqrt(variance[j] + epsilon);
    }
    for (let b = 0; b < n; b++) {
      for (let j = 0; j < size; j++) {
        const k = b * size + j;
        xHat[k] = (input[k] - mean[j]) * invStd[j];
        y[k] = gamma[j] * xHat[k] + beta[j];
      }
    }
    return y;
  }

  function backward(gradOutput: Float64Array): Float64Array {
    checkBackward(gradOutput, batch, size, "run batch normalization backward");
    const n = batch;
    sumG.fill(0);
    sumGxHat.fill(0);
    for (let b = 0; b < n; b++) {
      for (let j = 0; j < size; j++) {
        const k = b * size + j;
        sumG[j] += gradOutput[k];
        sumGxHat[j] += gradOutput[k] * xHat[k];
      }
    }
    for (let j = 0; j < size; j++) {
      gradGamma[j] = sumGxHat[j];
      gradBeta[j] = sumG[j];
    }
    // ∂L/∂x = γ/(N·√(σ²+ε)) · (N·g − Σg − x̂·Σ(g·x̂))
    for (let b = 0; b < n; b++) {
      for (let j = 0; j < size; j++) {
        const k = b * size + j;
        dx[k] = (gamma[j] * invStd[j] / n) * (n * gradOutput[k] - sumG[j] - xHat[k] * sumGxHat[j]);
      }
    }
    return dx;
  }

  return {
    kind: "batchNorm",
    inputSize: size,
    outputSize: size,
    gamma,
    beta,
    epsilon,
    mean,
    variance,
    parameters: [
      { name: "gamma", value: gamma, grad: gradGamma, penalized: false },
      { name: "beta", value: beta, grad: gradBeta, penalized: false },
    ],
    get batch() {
      return batch;
    },
    get output() {
      return y;
    },
    forward,
    backward,
  };
}

// ---------------------------------------------------------------------------------------------
// Residual block

/** A residual block, y = x + F(x). */
export interface ResidualBlock extends Layer {
  readonly kind: "residual";
  /** The layers of F, applied in order. */
  readonly inner: readonly Layer[];
}

/**
 * A residual block: y = x + F(x), where F is a chain of layers (for example dense → activation →
 * dense) that maps `size` features back to `size` features.
 *
 * Backward: ∂L/∂x = ∂L/∂y + (∂F/∂x)ᵀ·∂L/∂y. The first term is the skip connection: however small
 * F's Jacobian becomes, the gradient reaching x is at least the gradient at y, which is why deep
 * stacks of residual blocks do not lose their gradient.
 *
 * @param inner The layers of F; the first's input size must equal the last's output size.
 * @returns The block; its `parameters` are those of the inner layers, in order.
 * @throws {RangeError} On an empty list. @throws {TypeError} On sizes that do not chain or do not return to the input size.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDenseLayer, createResidualBlock } from "./layers.ts";
 * // F(x) = 2x, so y = 3x and ∂y/∂x = 3.
 * const block = createResidualBlock([createDenseLayer(1, 1, { weights: Float64Array.of(2) })]);
 * assert.deepEqual(block.forward(Float64Array.of(1), 1), Float64Array.of(3));
 * assert.deepEqual(block.backward(Float64Array.of(1)), Float64Array.of(3));
 * ```
 */
export function createResidualBlock(inner: readonly Layer[]): ResidualBlock {
  const action = "create residual block";
  if (inner.length === 0) {
    throw new RangeError(`Cannot ${action}: inner must have at least one layer (got 0)`);
  }
  for (let k = 1; k < inner.length; k++) {
    if (inner[k].inputSize !== inner[k - 1].outputSize) {
      throw new TypeError(
        `Cannot ${action}: inner[${k}].inputSize must equal inner[${k - 1}].outputSize, ${
          inner[k - 1].outputSize
        } (got ${inner[k].inputSize})`,
      );
    }
  }
  const size = inner[0].inputSize;
  const last = inner[inner.length - 1];
  if (last.outputSize !== size) {
    throw new TypeError(
      `Cannot ${action}: the last layer's outputSize must equal the input size, ${size} (got ${last.outputSize})`,
    );
  }
  const layers = inner.slice();
  const parameters = layers.flatMap((layer) => layer.parameters);

  let batch = 0;
  let y: Float64Array = new Float64Array(0);
  let dx: Float64Array = new Float64Array(0);

  function forward(input: Float64Array, n: number): Float64Array {
    checkForward(input, n, size, "run residual forward");
    if (n !== batch) {
      batch = n;
      y = new Float64Array(n * size);
      dx = new Float64Array(n * size);
    }
    let h = input;
    for (let k = 0; k < layers.length; k++) h = layers[k].forward(h, n);
    // y = x + F(x)
    for (let i = 0; i < y.length; i++) y[i] = input[i] + h[i];
    return y;
  }

  function backward(gradOutput: Float64Array): Float64Array {
    checkBackward(gradOutput, batch, size, "run residual backward");
    let g = gradOutput;
    for (let k = layers.length - 1; k >= 0; k--) g = layers[k].backward(g);
    // ∂L/∂x = ∂L/∂y (skip) + (∂F/∂x)ᵀ ∂L/∂y
    for (let i = 0; i < dx.length; i++) dx[i] = gradOutput[i] + g[i];
    return dx;
  }

  return {
    kind: "residual",
    inputSize: size,
    outputSize: size,
    inner: layers,
    parameters,
    get batch() {
      return batch;
    },
    get output() {
      return y;
    },
    forward,
    backward,
  };
}
