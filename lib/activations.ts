/**
 * Activation functions and their derivatives, for one number or a whole `Float64Array`.
 *
 * A network layer computes a pre-activation `z = W·x + b` and passes it through an activation
 * `a = φ(z)`. Backpropagation multiplies the incoming gradient by `φ′(z)`, so the size of `φ′`
 * decides how much gradient survives each layer: at most 1/4 for the sigmoid, at most 1 for tanh,
 * exactly 1 (or 0) for ReLU.
 *
 * Everything here stays finite for any finite input: the sigmoid uses a two-branch form that never
 * evaluates `exp` of a large positive number, so `sigmoid(800)` is exactly 1 and `sigmoid(-800)` is
 * exactly 0 (the true value, e^−800 ≈ 10^−348, is below the smallest double).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyActivation, createActivation } from "./activations.ts";
 * const relu = createActivation("relu");
 * const z = Float64Array.of(-2, 0, 3);
 * assert.deepEqual(applyActivation(relu, z), Float64Array.of(0, 0, 3));
 * ```
 * @module
 */

/** The activations the course uses. */
export type ActivationName = "sigmoid" | "tanh" | "relu" | "leakyRelu" | "identity";

/** The list of {@linkcode ActivationName}s, in the order the course introduces them. */
export const activationNames: readonly ActivationName[] = [
  "sigmoid",
  "tanh",
  "relu",
  "leakyRelu",
  "identity",
];

/** Options of {@linkcode createActivation}. */
export interface ActivationOptions {
  /** Slope of leaky ReLU for z < 0, in [0, 1) (default 0.01). Ignored by the others. */
  slope?: number;
}

/** An activation function, ready to apply: its name, its leaky slope and where it has a kink. */
export interface Activation {
  readonly name: ActivationName;
  /** The slope for z < 0 (leaky ReLU); 0 for ReLU; unused by the smooth activations. */
  readonly slope: number;
  /**
   * Where the function is not differentiable (0 for ReLU and leaky ReLU), or `null` if it is smooth.
   * At the kink the derivative functions return the left slope (0 for ReLU), a convention.
   */
  readonly kink: number | null;
}

/**
 * Make an {@linkcode Activation} from its name.
 *
 * @param name One of {@linkcode activationNames}.
 * @param options The leaky slope (default 0.01).
 * @returns The activation, to pass to {@linkcode applyActivation} and the layers.
 * @throws {RangeError} On an unknown name or a slope outside [0, 1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createActivation } from "./activations.ts";
 * assert.equal(createActivation("leakyRelu", { slope: 0.1 }).slope, 0.1);
 * assert.equal(createActivation("tanh").kink, null);
 * ```
 */
export function createActivation(
  name: ActivationName,
  options: ActivationOptions = {},
): Activation {
  if (!activationNames.includes(name)) {
    throw new RangeError(
      `Cannot create activation: name must be one of ${activationNames.join(", ")} (got ${
        String(name)
      })`,
    );
  }
  const slope = name === "leakyRelu" ? options.slope ?? 0.01 : 0;
  if (!(Number.isFinite(slope) && slope >= 0 && slope < 1)) {
    throw new RangeError(`Cannot create activation: slope must be in [0, 1) (got ${slope})`);
  }
  const kink = name === "relu" || name === "leakyRelu" ? 0 : null;
  return { name, slope, kink };
}

/**
 * The logistic sigmoid, σ(z) = 1 / (1 + e^−z), computed without overflow.
 *
 * For z ≥ 0 it uses 1 / (1 + e^−z); for z < 0 the equal form e^z / (1 + e^z). Either way `exp`
 * only sees a non-positive number, so it never overflows, and small results keep their relative
 * accuracy (σ(−30) ≈ e^−30, not a rounded 0).
 *
 * @param z Any number.
 * @returns σ(z) in [0, 1]; NaN only for NaN.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sigmoid } from "./activations.ts";
 * assert.equal(sigmoid(0), 0.5);
 * assert.equal(sigmoid(800), 1);
 * assert.equal(sigmoid(-800), 0);
 * ```
 */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * The sigmoid's derivative, σ′(z) = σ(z)·σ(−z) (the same as σ(z)·(1 − σ(z)), but accurate when
 * σ(z) is close to 1, where 1 − σ(z) would round to 0).
 *
 * @param z Any number.
 * @returns σ′(z) in [0, 1/4], largest at z = 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sigmoidDerivative } from "./activations.ts";
 * assert.equal(sigmoidDerivative(0), 0.25);
 * assert.equal(sigmoidDerivative(800), 0);
 * ```
 */
export function sigmoidDerivative(z: number): number {
  return sigmoid(z) * sigmoid(-z);
}

/**
 * The hyperbolic tangent's derivative, tanh′(z) = 1 − tanh²(z).
 *
 * @param z Any number.
 * @returns A value in [0, 1], 1 at z = 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tanhDerivative } from "./activations.ts";
 * assert.equal(tanhDerivative(0), 1);
 * assert.equal(tanhDerivative(-800), 0);
 * ```
 */
export function tanhDerivative(z: number): number {
  const t = Math.tanh(z);
  return 1 - t * t;
}

/**
 * The value of an activation at one point, φ(z).
 *
 * relu(z) = max(0, z); leakyRelu(z) = z for z > 0, slope·z otherwise; identity(z) = z.
 *
 * @param act The activation.
 * @param z The pre-activation.
 * @returns φ(z).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { activationValue, createActivation } from "./activations.ts";
 * assert.equal(activationValue(createActivation("leakyRelu", { slope: 0.1 }), -5), -0.5);
 * ```
 */
export function activationValue(act: Activation, z: number): number {
  switch (act.name) {
    case "sigmoid":
      return sigmoid(z);
    case "tanh":
      return Math.tanh(z);
    case "relu":
      return z > 0 ? z : 0;
    case "leakyRelu":
      return z > 0 ? z : act.slope * z;
    case "identity":
      return z;
  }
}

/**
 * The derivative of an activation at one point, φ′(z). At a kink (z = 0 for ReLU and leaky ReLU)
 * it returns the left slope (0 or `slope`): a convention, since no derivative exists there.
 *
 * @param act The activation.
 * @param z The pre-activation.
 * @returns φ′(z).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { activationDerivative, createActivation } from "./activations.ts";
 * const relu = createActivation("relu");
 * assert.equal(activationDerivative(relu, 2), 1);
 * assert.equal(activationDerivative(relu, 0), 0);
 * ```
 */
export function activationDerivative(act: Activation, z: number): number {
  switch (act.name) {
    case "sigmoid":
      return sigmoidDerivative(z);
    case "tanh":
      return tanhDerivative(z);
    case "relu":
      return z > 0 ? 1 : 0;
    case "leakyRelu":
      return z > 0 ? 1 : act.slope;
    case "identity":
      return 1;
  }
}

/** Options of {@linkcode applyActivation} and {@linkcode applyActivationDerivative}. */
export interface ApplyOptions {
  /**
   * Where to write the result; may be `z` itself to work in place (default: a new array).
   * Must have the same length as `z`.
   */
  out?: Float64Array;
}

function outputFor(z: Float64Array, out: Float64Array | undefined, action: string): Float64Array {
  if (out === undefined) return new Float64Array(z.length);
  if (out.length !== z.length) {
    throw new TypeError(
      `Cannot ${action}: out must have the length of z, ${z.length} (got ${out.length})`,
    );
  }
  return out;
}

/**
 * Apply an activation to every element: out[i] = φ(z[i]).
 *
 * @param act The activation.
 * @param z The pre-activations.
 * @param options `out`: the output buffer, possibly `z` itself (default: a new array).
 * @returns The output buffer.
 * @throws {TypeError} If `out` has the wrong length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyActivation, createActivation } from "./activations.ts";
 * const z = Float64Array.of(-1, 2);
 * applyActivation(createActivation("identity"), z, { out: z }); // in place
 * assert.deepEqual(z, Float64Array.of(-1, 2));
 * ```
 */
export function applyActivation(
  act: Activation,
  z: Float64Array,
  options: ApplyOptions = {},
): Float64Array {
  const out = outputFor(z, options.out, "apply activation");
  const n = z.length;
  switch (act.name) {
    case "sigmoid":
      for (let i = 0; i < n; i++) out[i] = sigmoid(z[i]);
      break;
    case "tanh":
      for (let i = 0; i < n; i++) out[i] = Math.tanh(z[i]);
      break;
    case "relu":
      for (let i = 0; i < n; i++) out[i] = z[i] > 0 ? z[i] : 0;
      break;
    case "leakyRelu": {
      const slope = act.slope;
      for (let i = 0; i < n; i++) out[i] = z[i] > 0 ? z[i] : slope * z[i];
      break;
    }
    case "identity":
      if (out !== z) out.set(z);
      break;
  }
  return out;
}

/**
 * Apply an activation's derivative to every element: out[i] = φ′(z[i]).
 *
 * @param act The activation.
 * @param z The pre-activations.
 * @param options `out`: the output buffer, possibly `z` itself (default: a new array).
 * @returns The output buffer.
 * @throws {TypeError} If `out` has the wrong length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyActivationDerivative, createActivation } from "./activations.ts";
 * const d = applyActivationDerivative(createActivation("tanh"), Float64Array.of(0, 800));
 * assert.deepEqual(d, Float64Array.of(1, 0));
 * ```
 */
export function applyActivationDerivative(
  act: Activation,
  z: Float64Array,
  options: ApplyOptions = {},
): Float64Array {
  const out = outputFor(z, options.out, "apply activation derivative");
  const n = z.length;
  switch (act.name) {
    case "sigmoid":
      for (let i = 0; i < n; i++) out[i] = sigmoidDerivative(z[i]);
      break;
    case "tanh":
      for (let i = 0; i < n; i++) out[i] = tanhDerivative(z[i]);
      break;
    case "relu":
      for (let i = 0; i < n; i++) out[i] = z[i] > 0 ? 1 : 0;
      break;
    case "leakyRelu": {
      const slope = act.slope;
      for (let i = 0; i < n; i++) out[i] = z[i] > 0 ? 1 : slope;
      break;
    }
    case "identity":
      out.fill(1);
      break;
  }
  return out;
}
