/**
 * Two small recurrent networks, a vanilla (tanh) RNN and an LSTM, with backpropagation through time
 * (BPTT) over a chosen window, reporting how large the gradient with respect to the hidden state is
 * at each step back in time.
 *
 * Both run one sequence (batch of 1). `forward(xs, steps)` takes the inputs `[steps × inputSize]`
 * (step t at `xs[t·inputSize + i]`), starts from a zero state (or a given `h0`, `c0`, to carry the
 * state over from a previous chunk) and returns the hidden states
 * `[steps × hiddenSize]`. Those rows are a batch for a dense read-out layer, so a loss on any steps
 * can be back-propagated to `gradHidden = ∂L/∂h` and passed to `backward`.
 *
 * Truncated BPTT with window k cuts the sequence, from its end, into windows of k steps
 * ([T−k, T), [T−2k, T−k), …) and stops the gradient at each boundary: there, the previous state is
 * treated as a constant input. The gradients of a loss on the last step then reach exactly k
 * steps back. Window = steps (the default) is full BPTT.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRnn } from "./recurrent.ts";
 * const rnn = createRnn(1, 3, { seed: 1 });
 * rnn.forward(new Float64Array(10).fill(0.5), 10);
 * const gradHidden = new Float64Array(10 * 3);
 * gradHidden.fill(1, 9 * 3); // a loss on the last step only
 * const { hiddenGradNormByStepsBack } = rnn.backward(gradHidden, { window: 4 });
 * assert.ok(hiddenGradNormByStepsBack[3] > 0); // 3 steps back: inside the window
 * assert.equal(hiddenGradNormByStepsBack[4], 0); // 4 steps back: cut
 * ```
 * @module
 */

import { sigmoid } from "./activations.ts";
import type { Parameter } from "./layers.ts";
import { createRng, deriveSeed } from "./random.ts";

/** Options of {@linkcode createRnn} and {@linkcode createLstm}. */
export interface RecurrentOptions {
  /** Seed of the initial weights (default 0). */
  seed?: number;
  /**
   * Recurrent weights ~ N(0, gain²/hiddenSize), so the recurrent matrix's spectral radius is about
   * `recurrentGain` (default 1). Below 1 the hidden-state gradient vanishes back in time; well above
   * 1 it can explode. Input weights are Xavier, N(0, 2/(inputSize + hiddenSize)); biases 0.
   */
  recurrentGain?: number;
  /** LSTM only: the forget gate's initial bias (default 1, so the cell starts by remembering). */
  forgetBias?: number;
}

/** Options of `forward`. */
export interface RecurrentForwardOptions {
  /** The initial hidden state h₋₁, `[hiddenSize]`, copied (default zeros). */
  h0?: Float64Array;
  /** LSTM only: the initial cell state c₋₁, `[hiddenSize]`, copied (default zeros). */
  c0?: Float64Array;
}

/** Options of `backward`. */
export interface BpttOptions {
  /** The truncation window k, an integer ≥ 1 (default: the number of steps, i.e. full BPTT). */
  window?: number;
}

/** What `backward` returns. */
export interface BpttResult {
  /** ∂L/∂x, `[steps × inputSize]` (owned by the network: copy it to keep it). */
  gradInput: Float64Array;
  /**
   * ‖∂L/∂h_t‖ indexed by steps back from the end: entry k is for t = steps − 1 − k. It includes the
   * gradient arriving from later steps (within the window). A fresh array on every call.
   */
  hiddenGradNormByStepsBack: Float64Array;
  /** LSTM only: ‖∂L/∂c_t‖ for the cell state, same indexing; `null` for the RNN. */
  cellGradNormByStepsBack: Float64Array | null;
}

/** A recurrent network over one sequence. */
export interface RecurrentNetwork {
  readonly kind: "rnn" | "lstm";
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** Input weights, recurrent weights and bias (for the LSTM, gates stacked i, f, o, g). */
  readonly parameters: readonly Parameter[];
  /** The number of steps of the last forward pass (0 before the first). */
  readonly steps: number;
  /**
   * LSTM only: the cell states c_t of the last forward pass, `[steps × hiddenSize]` (pass the last
   * row as `c0` to continue the sequence); `null` for the RNN.
   */
  readonly cells: Float64Array | null;
  /**
   * Run the sequence from the initial state (zeros unless given); returns the hidden states
   * `[steps × hiddenSize]`. The initial state is treated as a constant by `backward`.
   */
  forward(xs: Float64Array, steps: number, options?: RecurrentForwardOptions): Float64Array;
  /** BPTT from ∂L/∂h `[steps × hiddenSize]`; overwrites the parameter gradients. */
  backward(gradHidden: Float64Array, options?: BpttOptions): BpttResult;
}

function checkSize(value: number, name: string, action: string): void {
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new RangeError(`Cannot ${action}: ${name} must be an integer ≥ 1 (got ${value})`);
  }
}

function checkForward(xs: Float64Array, steps: number, inputSize: number, action: string): void {
  checkSize(steps, "steps", action);
  if (xs.length !== steps * inputSize) {
    throw new TypeError(
      `Cannot ${action}: xs must have length steps × inputSize = ${
        steps * inputSize
      } (got ${xs.length})`,
    );
  }
}

function checkBackward(
  gradHidden: Float64Array,
  steps: number,
  hiddenSize: number,
  options: BpttOptions,
  action: string,
): number {
  if (steps === 0) {
    throw new TypeError(`Cannot ${action}: forward must run first (got no forward pass)`);
  }
  if (gradHidden.length !== steps * hiddenSize) {
    throw new TypeError(
      `Cannot ${action}: gradHidden must have length steps × hiddenSize = ${
        steps * hiddenSize
      } (got ${gradHidden.length})`,
    );
  }
  const window = options.window ?? steps;
  checkSize(window, "window", action);
  return window;
}

function initialState(
  given: Float64Array | undefined,
  target: Float64Array,
  name: string,
  action: string,
): void {
  if (given === undefined) {
    target.fill(0);
    return;
  }
  if (given.length !== target.length) {
    throw new TypeError(
      `Cannot ${action}: ${name} must have length hiddenSize = ${target.length} (got ${given.length})`,
    );
  }
  target.set(given);
}

/** Whether the link h_{t−1} → h_t is cut: t is a window boundary counted from the end. */
function isCut(t: number, steps: number, window: number): boolean {
  return t > 0 && (steps - t) % window === 0;
}

/** ‖v[start .. start + n)‖, scaled by a power of two near the largest entry so it cannot overflow. */
function sliceNorm(v: Float64Array, start: number, n: number): number {
  let m = 0;
  for (let i = start; i < start + n; i++) {
    const a = Math.abs(v[i]);
    if (a > m || a !== a) m = a;
  }
  if (m === 0 || !Number.isFinite(m)) return m;
  const scale = Math.pow(2, Math.floor(Math.log2(m))); // exact scaling by a power of two
  let sum = 0;
  for (let i = start; i < start + n; i++) {
    const s = v[i] / scale;
    sum += s * s;
  }
  return scale * Math.sqrt(sum);
}

function recurrentWeights(
  inputSize: number,
  hiddenSize: number,
  rows: number,
  options: RecurrentOptions,
  action: string,
): { w: Float64Array; u: Float64Array } {
  checkSize(inputSize, "inputSize", action);
  checkSize(hiddenSize, "hiddenSize", action);
  const gain = options.recurrentGain ?? 1;
  if (!(Number.isFinite(gain) && gain >= 0)) {
    throw new RangeError(`Cannot ${action}: recurrentGain must be finite and ≥ 0 (got ${gain})`);
  }
  const seed = options.seed ?? 0;
  const w = new Float64Array(rows * inputSize);
  const u = new Float64Array(rows * hiddenSize);
  const inputRng = createRng(deriveSeed(seed, 0));
  const stdW = Math.sqrt(2 / (inputSize + hiddenSize));
  for (let i = 0; i < w.length; i++) w[i] = stdW * inputRng.normal();
  const recurrentRng = createRng(deriveSeed(seed, 1));
  const stdU = gain / Math.sqrt(hiddenSize);
  for (let i = 0; i < u.length; i++) u[i] = stdU * recurrentRng.normal();
  return { w, u };
}

/**
 * A vanilla RNN: h_t = tanh(W·x_t + U·h_{t−1} + b), h_{−1} = h0 (default 0).
 *
 * BPTT, with δh_t = ∂L/∂h_t (its own term plus what comes back from step t+1) and
 * δa_t = δh_t ⊙ (1 − h_t²): ∂L/∂W += δa_t·x_tᵀ, ∂L/∂U += δa_t·h_{t−1}ᵀ, ∂L/∂b += δa_t,
 * ∂L/∂x_t = Wᵀ·δa_t, and Uᵀ·δa_t flows back to h_{t−1} (unless the window cuts there). Each step
 * back multiplies the gradient by Uᵀ·diag(1 − h²): it shrinks or grows geometrically.
 *
 * @param inputSize Features per step.
 * @param hiddenSize Hidden units.
 * @param options Seed, recurrent gain.
 * @returns The network; parameters `inputWeights` W `[hidden × input]`, `recurrentWeights` U
 * `[hidden × hidden]`, `bias` b.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRnn } from "./recurrent.ts";
 * const rnn = createRnn(2, 4);
 * assert.equal(rnn.forward(new Float64Array(2 * 5), 5).length, 4 * 5);
 * ```
 */
export function createRnn(
  inputSize: number,
  hiddenSize: number,
  options: RecurrentOptions = {},
): RecurrentNetwork {
  const { w, u } = recurrentWeights(inputSize, hiddenSize, hiddenSize, options, "create RNN");
  const nIn = inputSize;
  const nH = hiddenSize;
  const b = new Float64Array(nH);
  const dW = new Float64Array(w.length);
  const dU = new Float64Array(u.length);
  const db = new Float64Array(nH);
  const deltaA = new Float64Array(nH);
  const carry = new Float64Array(nH); // Uᵀ·δa_{t+1}, the gradient arriving from the next step
  const h0 = new Float64Array(nH); // h₋₁

  let steps = 0;
  let x: Float64Array = new Float64Array(0);
  let h: Float64Array = new Float64Array(0);
  let dx: Float64Array = new Float64Array(0);
  let dh: Float64Array = new Float64Array(0);

  function forward(
    xs: Float64Array,
    n: number,
    options: RecurrentForwardOptions = {},
  ): Float64Array {
    checkForward(xs, n, nIn, "run RNN forward");
    initialState(options.h0, h0, "h0", "run RNN forward");
    if (n !== steps) {
      steps = n;
      h = new Float64Array(n * nH);
      dx = new Float64Array(n * nIn);
      dh = new Float64Array(n * nH);
    }
    x = xs;
    for (let t = 0; t < n; t++) {
      const prev = t > 0 ? h : h0; // h_{t−1} is prev[prevRow + k]
      const prevRow = t > 0 ? (t - 1) * nH : 0;
      for (let j = 0; j < nH; j++) {
        // a_j = b_j + Σᵢ W[j, i]·x_t[i] + Σₖ U[j, k]·h_{t−1}[k]
        let a = b[j];
        for (let i = 0; i < nIn; i++) a += w[j * nIn + i] * x[t * nIn + i];
        for (let k = 0; k < nH; k++) a += u[j * nH + k] * prev[prevRow + k];
        h[t * nH + j] = Math.tanh(a);
      }
    }
    return h;
  }

  function backward(gradHidden: Float64Array, options: BpttOptions = {}): BpttResult {
    const window = checkBackward(gradHidden, steps, nH, options, "run RNN backward");
    dW.fill(0);
    dU.fill(0);
    db.fill(0);
    dx.fill(0);
    carry.fill(0);
    const norms = new Float64Array(steps);
    for (let t = steps - 1; t >= 0; t--) {
      for (let j = 0; j < nH; j++) {
        const k = t * nH + j;
        dh[k] = gradHidden[k] + carry[j]; // δh_t
        deltaA[j] = dh[k] * (1 - h[k] * h[k]); // δa_t = δh_t ⊙ tanh′
      }
      norms[steps - 1 - t] = sliceNorm(dh, t * nH, nH);
      const prev = t > 0 ? h : h0;
      const prevRow = t > 0 ? (t - 1) * nH : 0;
      for (let j = 0; j < nH; j++) {
        const d = deltaA[j];
        db[j] += d;
        for (let i = 0; i < nIn; i++) {
          dW[j * nIn + i] += d * x[t * nIn + i];
          dx[t * nIn + i] += w[j * nIn + i] * d;
        }
        for (let k = 0; k < nH; k++) dU[j * nH + k] += d * prev[prevRow + k];
      }
      carry.fill(0);
      if (t > 0 && !isCut(t, steps, window)) {
        // Uᵀ·δa_t flows back to h_{t−1}
        for (let j = 0; j < nH; j++) {
          const d = deltaA[j];
          for (let k = 0; k < nH; k++) carry[k] += u[j * nH + k] * d;
        }
      }
    }
    return { gradInput: dx, hiddenGradNormByStepsBack: norms, cellGradNormByStepsBack: null };
  }

  return {
    kind: "rnn",
    inputSize,
    hiddenSize,
    cells: null,
    parameters: [
      { name: "inputWeights", value: w, grad: dW, penalized: true },
      { name: "recurrentWeights", value: u, grad: dU, penalized: true },
      { name: "bias", value: b, grad: db, penalized: false },
    ],
    get steps() {
      return steps;
    },
    forward,
    backward,
  };
}

/**
 * An LSTM: gates from z_t = W·x_t + U·h_{t−1} + b (four blocks of `hiddenSize` rows, in the order
 * i, f, o, g), then i = σ(z_i), f = σ(z_f), o = σ(z_o), g = tanh(z_g),
 * c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t), with h_{−1} = h0 and c_{−1} = c0 (default 0).
 *
 * The cell state is the reason LSTMs keep their gradient: ∂c_t/∂c_{t−1} = diag(f), with no weight
 * matrix and no squashing derivative, so while the forget gate stays near 1 the gradient travels
 * back almost unchanged. (LSTMs were designed against *vanishing* gradients; they can still
 * explode, which is why they are usually trained with clipping.)
 *
 * BPTT: δc_t = δh_t ⊙ o ⊙ (1 − tanh²c_t) + f_{t+1} ⊙ δc_{t+1}; δo = δh_t ⊙ tanh c_t;
 * δi = δc_t ⊙ g; δg = δc_t ⊙ i; δf = δc_t ⊙ c_{t−1}; then through σ′ and tanh′ to δz, and
 * ∂L/∂W += δz·x_tᵀ, ∂L/∂U += δz·h_{t−1}ᵀ, ∂L/∂b += δz, Uᵀ·δz flows back to h_{t−1}.
 *
 * @param inputSize Features per step.
 * @param hiddenSize Hidden (and cell) units.
 * @param options Seed, recurrent gain, forget bias.
 * @returns The network; parameters `inputWeights` `[4·hidden × input]`, `recurrentWeights`
 * `[4·hidden × hidden]`, `bias` `[4·hidden]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createLstm } from "./recurrent.ts";
 * const lstm = createLstm(1, 2, { forgetBias: 1 });
 * assert.deepEqual(lstm.parameters[2].value, Float64Array.of(0, 0, 1, 1, 0, 0, 0, 0));
 * ```
 */
export function createLstm(
  inputSize: number,
  hiddenSize: number,
  options: RecurrentOptions = {},
): RecurrentNetwork {
  const nH = hiddenSize;
  const rows = 4 * hiddenSize;
  const { w, u } = recurrentWeights(inputSize, hiddenSize, rows, options, "create LSTM");
  const nIn = inputSize;
  const forgetBias = options.forgetBias ?? 1;
  if (!Number.isFinite(forgetBias)) {
    throw new RangeError(`Cannot create LSTM: forgetBias must be finite (got ${forgetBias})`);
  }
  const b = new Float64Array(rows);
  b.fill(forgetBias, nH, 2 * nH);
  const dW = new Float64Array(w.length);
  const dU = new Float64Array(u.length);
  const db = new Float64Array(rows);
  const dz = new Float64Array(rows);
  const carryH = new Float64Array(nH);
  const carryC = new Float64Array(nH);
  const h0 = new Float64Array(nH); // h₋₁
  const c0 = new Float64Array(nH); // c₋₁

  let steps = 0;
  let x: Float64Array = new Float64Array(0);
  let gates: Float64Array = new Float64Array(0); // [steps × 4H]: i, f, o, g after their nonlinearity
  let c: Float64Array = new Float64Array(0);
  let tanhC: Float64Array = new Float64Array(0);
  let h: Float64Array = new Float64Array(0);
  let dx: Float64Array = new Float64Array(0);
  let dh: Float64Array = new Float64Array(0);
  let dc: Float64Array = new Float64Array(0);

  function forward(
    xs: Float64Array,
    n: number,
    options: RecurrentForwardOptions = {},
  ): Float64Array {
    checkForward(xs, n, nIn, "run LSTM forward");
    initialState(options.h0, h0, "h0", "run LSTM forward");
    initialState(options.c0, c0, "c0", "run LSTM forward");
    if (n !== steps) {
      steps = n;
      gates = new Float64Array(n * rows);
      c = new Float64Array(n * nH);
      tanhC = new Float64Array(n * nH);
      h = new Float64Array(n * nH);
      dx = new Float64Array(n * nIn);
      dh = new Float64Array(n * nH);
      dc = new Float64Array(n * nH);
    }
    x = xs;
    for (let t = 0; t < n; t++) {
      const gRow = t * rows;
      const prevH = t > 0 ? h : h0; // h_{t−1} is prevH[prevRow + k], c_{t−1} is prevC[prevRow + k]
      const prevC = t > 0 ? c : c0;
      const prevRow = t > 0 ? (t - 1) * nH : 0;
      for (let r = 0; r < rows; r++) {
        // z_r = b_r + Σᵢ W[r, i]·x_t[i] + Σₖ U[r, k]·h_{t−1}[k]
        let z = b[r];
        for (let i = 0; i < nIn; i++) z += w[r * nIn + i] * x[t * nIn + i];
        for (let k = 0; k < nH; k++) z += u[r * nH + k] * prevH[prevRow + k];
        gates[gRow + r] = r < 3 * nH ? sigmoid(z) : Math.tanh(z);
      }
      for (let j = 0; j < nH; j++) {
        const i = gates[gRow + j];
        const f = gates[gRow + nH + j];
        const o = gates[gRow + 2 * nH + j];
        const g = gates[gRow + 3 * nH + j];
        const k = t * nH + j;
        c[k] = f * prevC[prevRow + j] + i * g;
        tanhC[k] = Math.tanh(c[k]);
        h[k] = o * tanhC[k];
      }
    }
    return h;
  }

  function backward(gradHidden: Float64Array, options: BpttOptions = {}): BpttResult {
    const window = checkBackward(gradHidden, steps, nH, options, "run LSTM backward");
    dW.fill(0);
    dU.fill(0);
    db.fill(0);
    dx.fill(0);
    carryH.fill(0);
    carryC.fill(0);
    const hNorms = new Float64Array(steps);
    const cNorms = new Float64Array(steps);
    for (let t = steps - 1; t >= 0; t--) {
      const gRow = t * rows;
      const prevH = t > 0 ? h : h0;
      const prevC = t > 0 ? c : c0;
      const prevRow = t > 0 ? (t - 1) * nH : 0;
      for (let j = 0; j < nH; j++) {
        const k = t * nH + j;
        const i = gates[gRow + j];
        const f = gates[gRow + nH + j];
        const o = gates[gRow + 2 * nH + j];
        const g = gates[gRow + 3 * nH + j];
        const cPrev = prevC[prevRow + j];
        dh[k] = gradHidden[k] + carryH[j]; // δh_t
        dc[k] = dh[k] * o * (1 - tanhC[k] * tanhC[k]) + carryC[j]; // δc_t
        const dO = dh[k] * tanhC[k];
        const dI = dc[k] * g;
        const dG = dc[k] * i;
        const dF = dc[k] * cPrev;
        dz[j] = dI * i * (1 - i); // σ′ = σ(1 − σ)
        dz[nH + j] = dF * f * (1 - f);
        dz[2 * nH + j] = dO * o * (1 - o);
        dz[3 * nH + j] = dG * (1 - g * g); // tanh′ = 1 − tanh²
      }
      hNorms[steps - 1 - t] = sliceNorm(dh, t * nH, nH);
      cNorms[steps - 1 - t] = sliceNorm(dc, t * nH, nH);
      for (let r = 0; r < rows; r++) {
        const d = dz[r];
        db[r] += d;
        for (let i = 0; i < nIn; i++) {
          dW[r * nIn + i] += d * x[t * nIn + i];
          dx[t * nIn + i] += w[r * nIn + i] * d;
        }
        for (let k = 0; k < nH; k++) dU[r * nH + k] += d * prevH[prevRow + k];
      }
      carryH.fill(0);
      carryC.fill(0);
      if (t > 0 && !isCut(t, steps, window)) {
        // Uᵀ·δz flows back to h_{t−1}; f_t ⊙ δc_t flows back to c_{t−1}
        for (let r = 0; r < rows; r++) {
          const d = dz[r];
          for (let k = 0; k < nH; k++) carryH[k] += u[r * nH + k] * d;
        }
        for (let j = 0; j < nH; j++) carryC[j] = dc[t * nH + j] * gates[gRow + nH + j];
      }
    }
    return { gradInput: dx, hiddenGradNormByStepsBack: hNorms, cellGradNormByStepsBack: cNorms };
  }

  return {
    kind: "lstm",
    inputSize,
    hiddenSize,
    parameters: [
      { name: "inputWeights", value: w, grad: dW, penalized: true },
      { name: "recurrentWeights", value: u, grad: dU, penalized: true },
      { name: "bias", value: b, grad: db, penalized: false },
    ],
    get steps() {
      return steps;
    },
    get cells() {
      return c;
    },
    forward,
    backward,
  };
}
