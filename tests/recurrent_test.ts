import assert from "node:assert/strict";
import { sigmoid } from "../lib/activations.ts";
import { checkGradient } from "../lib/gradcheck.ts";
import { createRng } from "../lib/random.ts";
import {
  createLstm,
  createRnn,
  type RecurrentNetwork,
  type RecurrentOptions,
} from "../lib/recurrent.ts";

function normals(n: number, seed: number, scale = 1): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => scale * rng.normal());
}

type Factory = (
  inputSize: number,
  hiddenSize: number,
  options?: RecurrentOptions,
) => RecurrentNetwork;
const kinds: [string, Factory][] = [["RNN", createRnn], ["LSTM", createLstm]];

/** ∂L/∂h for a loss on the last step only: L = Σⱼ h_{T−1}[j]/√H, so ‖∂L/∂h_{T−1}‖ = 1. */
function lastStepGradient(steps: number, hidden: number): Float64Array {
  return new Float64Array(steps * hidden).fill(1 / Math.sqrt(hidden), (steps - 1) * hidden);
}

Deno.test("the RNN follows h_t = tanh(W·x_t + U·h_{t−1} + b), computed by hand for one unit", () => {
  const rnn = createRnn(1, 1);
  const [w, u, b] = rnn.parameters;
  w.value.set([0.5]);
  u.value.set([-1]);
  b.value.set([0.1]);
  const h = rnn.forward(Float64Array.of(1, 2), 2);
  const h0 = Math.tanh(0.5 * 1 + 0.1);
  // Tolerance 1e-15: the sum's terms are added in a different order here.
  assert.ok(Math.abs(h[0] - h0) < 1e-15);
  assert.ok(Math.abs(h[1] - Math.tanh(0.5 * 2 - h0 + 0.1)) < 1e-15);
});

Deno.test("the LSTM follows its gate equations, computed by hand for one unit and one step", () => {
  // Gates stacked i, f, o, g; with c₋₁ = 0 the forget gate does not matter at the first step.
  const lstm = createLstm(1, 1);
  const [w, u, b] = lstm.parameters;
  w.value.set([0.3, 0.9, -0.4, 0.7]);
  u.value.set([0, 0, 0, 0]);
  b.value.set([0.1, 1, 0.2, -0.3]);
  const x = 1.5;
  const i = sigmoid(0.3 * x + 0.1);
  const o = sigmoid(-0.4 * x + 0.2);
  const g = Math.tanh(0.7 * x - 0.3);
  const h = lstm.forward(Float64Array.of(x), 1);
  assert.ok(Math.abs(h[0] - o * Math.tanh(i * g)) < 1e-16);
  assert.ok(Math.abs(lstm.cells![0] - i * g) < 1e-16);
});

Deno.test("full BPTT passes a gradient check for the RNN and the LSTM, from a nonzero start", () => {
  // L = Σ_t Σ_j r[t, j]·h_t[j] with fixed random r: a loss on every step.
  const steps = 6;
  const hidden = 3;
  const xs = normals(steps * 2, 1);
  const r = normals(steps * hidden, 2);
  const h0 = normals(hidden, 3, 0.5);
  const c0 = normals(hidden, 4, 0.5);
  for (const [name, create] of kinds) {
    const net = create(2, hidden, { seed: 5, recurrentGain: 1.2 });
    const f = () => {
      const hs = net.forward(xs, steps, { h0, c0 });
      let sum = 0;
      for (let k = 0; k < hs.length; k++) sum += r[k] * hs[k];
      return sum;
    };
    f();
    const { gradInput } = net.backward(r);
    const results = [
      checkGradient(f, { value: xs, grad: Float64Array.from(gradInput) }),
      ...net.parameters.map((p) => checkGradient(f, p)),
    ];
    for (const result of results) {
      assert.ok(result.passed, `${name}: ${result.maxRelativeError}`);
      assert.ok(result.maxRelativeError < 1e-6, `${name}: ${result.maxRelativeError}`);
      assert.equal(result.skipped.length, 0);
    }
    const checked = results.reduce((n, res) => n + res.entries.length, 0);
    assert.equal(checked, xs.length + net.parameters.reduce((n, p) => n + p.value.length, 0));
  }
});

Deno.test("truncated BPTT equals full BPTT run separately on each window from its carried state", () => {
  // Window k = 4 over 10 steps cuts at t = 6 and t = 2 (counted from the end): the windows
  // [6, 10), [2, 6), [0, 2). Each is run as its own sequence, starting from the state the full
  // run reached, and back-propagated in full; the sum of their gradients must equal the truncated
  // gradient of the whole sequence (tolerance 1e-12 relative).
  const steps = 10;
  const hidden = 3;
  const xs = normals(steps * 2, 6);
  const gradHidden = normals(steps * hidden, 7);
  for (const [name, create] of kinds) {
    const whole = create(2, hidden, { seed: 8 });
    const hs = Float64Array.from(whole.forward(xs, steps));
    const cs = whole.cells === null ? null : Float64Array.from(whole.cells);
    whole.backward(gradHidden, { window: 4 });
    const truncated = whole.parameters.map((p) => Float64Array.from(p.grad));

    const part = create(2, hidden, { seed: 8 });
    const sums = part.parameters.map((p) => new Float64Array(p.value.length));
    for (const [start, end] of [[6, 10], [2, 6], [0, 2]]) {
      const state = (all: Float64Array | null) =>
        all === null || start === 0 ? undefined : all.slice((start - 1) * hidden, start * hidden);
      part.forward(xs.slice(start * 2, end * 2), end - start, { h0: state(hs), c0: state(cs) });
      part.backward(gradHidden.slice(start * hidden, end * hidden));
      part.parameters.forEach((p, k) => p.grad.forEach((g, i) => (sums[k][i] += g)));
    }
    truncated.forEach((grad, k) => {
      const scale = Math.max(...grad.map(Math.abs));
      grad.forEach((g, i) => {
        assert.ok(Math.abs(g - sums[k][i]) <= 1e-12 * scale, `${name} parameter ${k}[${i}]`);
      });
    });
  }
});

Deno.test("with window k, a last-step loss reaches exactly k steps back", () => {
  const steps = 12;
  for (const [name, create] of kinds) {
    const net = create(1, 4, { seed: 2 });
    net.forward(normals(steps, 3), steps);
    for (const window of [1, 3, 5, 12]) {
      const { hiddenGradNormByStepsBack: norms } = net.backward(lastStepGradient(steps, 4), {
        window,
      });
      assert.ok(Math.abs(norms[0] - 1) < 1e-15);
      for (let k = 0; k < steps; k++) {
        if (k < window) assert.ok(norms[k] > 0, `${name}, window ${window}, ${k} back`);
        else assert.equal(norms[k], 0, `${name}, window ${window}, ${k} back`);
      }
    }
  }
});

Deno.test("a vanilla RNN's hidden-state gradient vanishes or explodes with the recurrent gain", () => {
  // Each step back multiplies the gradient by Uᵀ·diag(1 − h²), of size about the gain or less.
  const steps = 50;
  const hidden = 16;
  const xs = normals(steps, 5);
  for (let seed = 0; seed < 4; seed++) {
    const small = createRnn(1, hidden, { seed, recurrentGain: 0.5 });
    small.forward(xs, steps);
    const vanishing = small.backward(lastStepGradient(steps, hidden)).hiddenGradNormByStepsBack;
    assert.ok(vanishing[40] < 1e-10, `seed ${seed}: gain 0.5, 40 back: ${vanishing[40]}`);
    const large = createRnn(1, hidden, { seed, recurrentGain: 3 });
    large.forward(xs, steps);
    const exploding = large.backward(lastStepGradient(steps, hidden)).hiddenGradNormByStepsBack;
    assert.ok(exploding[40] > 1, `seed ${seed}: gain 3, 40 back: ${exploding[40]}`);
  }
});

Deno.test("an LSTM keeps far more hidden-state gradient 40 steps back than a vanilla RNN", () => {
  // Same gain (1), same inputs; the LSTM's forget gate starts near σ(3) ≈ 0.95, so its cell path
  // loses about 5% per step where the RNN loses far more. Margin: at least 10× per seed.
  const steps = 50;
  const hidden = 16;
  const xs = normals(steps, 5);
  for (let seed = 0; seed < 4; seed++) {
    const rnn = createRnn(1, hidden, { seed });
    rnn.forward(xs, steps);
    const r = rnn.backward(lastStepGradient(steps, hidden)).hiddenGradNormByStepsBack;
    const lstm = createLstm(1, hidden, { seed, forgetBias: 3 });
    lstm.forward(xs, steps);
    const l = lstm.backward(lastStepGradient(steps, hidden));
    assert.ok(
      l.hiddenGradNormByStepsBack[40] > 10 * r[40],
      `seed ${seed}: ${l.hiddenGradNormByStepsBack[40]} vs ${r[40]}`,
    );
    assert.ok(l.cellGradNormByStepsBack![40] > 10 * r[40]);
    assert.equal(rnn.backward(lastStepGradient(steps, hidden)).cellGradNormByStepsBack, null);
  }
});

Deno.test("the same seed gives the same recurrent weights and the same gradients", () => {
  for (const [, create] of kinds) {
    const a = create(2, 3, { seed: 9 });
    const b = create(2, 3, { seed: 9 });
    const c = create(2, 3, { seed: 10 });
    a.parameters.forEach((p, k) => assert.deepEqual(p.value, b.parameters[k].value));
    assert.notDeepEqual(a.parameters[0].value, c.parameters[0].value);
    const xs = normals(8, 1);
    a.forward(xs, 4);
    b.forward(xs, 4);
    assert.deepEqual(
      a.backward(lastStepGradient(4, 3)).hiddenGradNormByStepsBack,
      b.backward(lastStepGradient(4, 3)).hiddenGradNormByStepsBack,
    );
  }
});

Deno.test("recurrent networks refuse bad shapes, windows and initial states", () => {
  const rnn = createRnn(2, 3);
  assert.throws(
    () => rnn.backward(new Float64Array(3)),
    new TypeError("Cannot run RNN backward: forward must run first (got no forward pass)"),
  );
  assert.throws(
    () => rnn.forward(new Float64Array(5), 3),
    new TypeError("Cannot run RNN forward: xs must have length steps × inputSize = 6 (got 5)"),
  );
  rnn.forward(new Float64Array(6), 3);
  assert.throws(
    () => rnn.backward(new Float64Array(9), { window: 0 }),
    new RangeError("Cannot run RNN backward: window must be an integer ≥ 1 (got 0)"),
  );
  assert.throws(
    () => createLstm(1, 2).forward(new Float64Array(1), 1, { c0: new Float64Array(3) }),
    new TypeError("Cannot run LSTM forward: c0 must have length hiddenSize = 2 (got 3)"),
  );
  assert.throws(
    () => createRnn(1, 2, { recurrentGain: -1 }),
    new RangeError("Cannot create RNN: recurrentGain must be finite and ≥ 0 (got -1)"),
  );
});
