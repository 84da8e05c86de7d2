import assert from "node:assert/strict";
import {
  factorPerStep,
  gradientRatioByDepth,
  probeGradients,
  recurrentGradientByStepsBack,
  sweepLearningRates,
} from "../lib/gradient_fixes.ts";
import { createActivation } from "../lib/activations.ts";
import { createActivationLayer, createDenseLayer } from "../lib/layers.ts";
import { meanSquaredErrorLoss } from "../lib/losses.ts";
import { createDeepNetwork, createSequential, trainNetwork } from "../lib/network.ts";
import { createLstm, createRnn, type RecurrentNetwork } from "../lib/recurrent.ts";
import { createRandomSequence, createSineTask } from "../lib/tasks.ts";

/** ‖v‖ by the plain formula (the values here are far from overflow). */
function norm(v: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  return Math.sqrt(sum);
}

Deno.test("probeGradients() gives each dense layer's gradient norm, as central differences do", () => {
  const net = createDeepNetwork({
    inputSize: 1,
    width: 5,
    hiddenLayers: 3,
    outputSize: 1,
    activation: "tanh",
    init: "xavier",
    seed: 4,
  });
  const data = createSineTask({ examples: 6, seed: 4 });
  const probe = probeGradients(net, data);
  assert.equal(probe.diverged, null);
  assert.equal(probe.weightGradientNorms.length, 4);
  const f = () => meanSquaredErrorLoss.value(net.forward(data.input, data.batch), data.target);
  assert.equal(probe.loss, f());
  const h = 1e-5;
  for (let k = 0; k < net.dense.length; k++) {
    const w = net.dense[k].weights;
    const numeric = new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) {
      const saved = w[i];
      w[i] = saved + h;
      const up = f();
      w[i] = saved - h;
      const down = f();
      w[i] = saved;
      numeric[i] = (up - down) / (2 * h);
    }
    const expected = norm(numeric);
    const got = probe.weightGradientNorms[k];
    assert.ok(Math.abs(got - expected) <= 1e-7 * expected, `layer ${k}: ${got} vs ${expected}`);
  }
});

Deno.test("probeGradients() gives the RMS of every activation layer's output", () => {
  // Hidden units: relu(1·x) and relu(−2·x) on x = 1 and x = −3: outputs (1, 0) and (0, 6).
  const net = createSequential([
    createDenseLayer(1, 2, { weights: Float64Array.of(1, -2) }),
    createActivationLayer(2, createActivation("relu")),
    createDenseLayer(2, 1, { weights: Float64Array.of(1, 1) }),
  ]);
  const probe = probeGradients(net, {
    input: Float64Array.of(1, -3),
    target: Float64Array.of(0, 0),
    batch: 2,
  });
  // √((1² + 0² + 0² + 6²)/4) = √(37/4)
  assert.equal(probe.activationRms.length, 1);
  assert.ok(Math.abs(probe.activationRms[0] - Math.sqrt(37 / 4)) < 1e-15);
  // Residual blocks hide their activation layers one level down: they are found too.
  const residual = createDeepNetwork({
    inputSize: 1,
    width: 3,
    hiddenLayers: 4,
    outputSize: 1,
    residual: true,
  });
  const data = createSineTask({ examples: 4 });
  assert.equal(probeGradients(residual, data).activationRms.length, 4);
});

Deno.test("probeGradients() says where a pass blew up instead of returning NaN", () => {
  // A forward pass that overflows: 1e200 · 1e200.
  const huge = createSequential([createDenseLayer(1, 1, { weights: Float64Array.of(1e200) })]);
  const overflow = probeGradients(huge, {
    input: Float64Array.of(1e200),
    target: Float64Array.of(0),
    batch: 1,
  });
  assert.deepEqual(overflow.diverged, { reason: "the loss is Infinity" });
  assert.equal(overflow.weightGradientNorms.length, 0);
  // A finite loss whose gradient overflows: h = 1.5e308, ŷ = 1.5e308 · 1e-308 = 1.5, y = 0.5,
  // so ∂L/∂W₂ = 2·(ŷ − y)·h ≈ 3e308 > the largest double.
  const net = createSequential([
    createDenseLayer(1, 1, { weights: Float64Array.of(1.5e308) }),
    createDenseLayer(1, 1, { weights: Float64Array.of(1e-308) }),
  ]);
  const probe = probeGradients(net, {
    input: Float64Array.of(1),
    target: Float64Array.of(0.5),
    batch: 1,
  });
  assert.ok(Number.isFinite(probe.loss));
  assert.deepEqual(probe.diverged, { reason: "the gradient of dense layer 1 is Infinity" });
});

Deno.test("probeGradients() refuses data that does not fit the network", () => {
  const net = createDeepNetwork({ inputSize: 2, width: 3, hiddenLayers: 1, outputSize: 1 });
  assert.throws(
    () =>
      probeGradients(net, { input: new Float64Array(3), target: new Float64Array(3), batch: 3 }),
    {
      name: "TypeError",
      message: "Cannot probe gradients: data.input must have length batch × inputSize = 6 (got 3)",
    },
  );
  assert.throws(
    () =>
      probeGradients(net, { input: new Float64Array(6), target: new Float64Array(2), batch: 3 }),
    {
      name: "TypeError",
      message:
        "Cannot probe gradients: data.target must have length batch × outputSize = 3 (got 2)",
    },
  );
  assert.throws(
    () =>
      probeGradients(net, { input: new Float64Array(0), target: new Float64Array(0), batch: 0 }),
    {
      name: "RangeError",
      message: "Cannot probe gradients: data.batch must be an integer ≥ 1 (got 0)",
    },
  );
});

Deno.test("gradientRatioByDepth() matches the closed form of a chain of scalar weights", () => {
  // Width 1, identity activation: ŷ = x·w₀·w₁·…·w_d, so ∂L/∂wₖ = 2(ŷ − y)·x·∏_{j≠k} wⱼ and the
  // ratio of the first to the last hidden layer's gradient is |w_{d−1}| / |w₀|.
  const network = {
    inputSize: 1,
    width: 1,
    outputSize: 1,
    activation: "identity" as const,
    init: "naive" as const,
    seed: 3,
  };
  const data = { input: Float64Array.of(0.7), target: Float64Array.of(2), batch: 1 };
  const depths = [1, 2, 5, 9];
  const sweep = gradientRatioByDepth(depths, { network, data });
  assert.deepEqual(sweep.depths, depths);
  assert.equal(sweep.diverged, null);
  for (const [i, d] of depths.entries()) {
    const net = createDeepNetwork({ ...network, hiddenLayers: d });
    const w = net.dense.map((layer) => layer.weights[0]);
    const expected = Math.abs(w[d - 1] / w[0]);
    assert.ok(Math.abs(sweep.ratios[i] - expected) <= 1e-14 * expected, `depth ${d}`);
    assert.equal(sweep.ratios[i], sweep.firstLayerNorms[i] / sweep.lastHiddenNorms[i]);
  }
  assert.equal(sweep.ratios[0], 1);
});

Deno.test("gradientRatioByDepth() stops at the first depth that blows up, and says so", () => {
  // Naive std-1 weights with width 1 and a huge input: the chain overflows at some depth.
  const data = { input: Float64Array.of(1e300), target: Float64Array.of(0), batch: 1 };
  const sweep = gradientRatioByDepth([1, 2, 3, 4, 5, 6, 7, 8], {
    network: { inputSize: 1, width: 1, outputSize: 1, activation: "identity", init: "naive" },
    data,
  });
  assert.ok(sweep.diverged !== null);
  assert.equal(sweep.depths.length, sweep.diverged.depth - 1);
  assert.match(sweep.diverged.reason, /the (loss|gradient of dense layer \d+) is/);
  for (const r of sweep.ratios) assert.ok(Number.isFinite(r));
});

Deno.test("gradientRatioByDepth() refuses no depths and bad depths", () => {
  const options = {
    network: { inputSize: 1, width: 2, outputSize: 1 },
    data: createSineTask({ examples: 2 }),
  };
  assert.throws(() => gradientRatioByDepth([], options), {
    name: "RangeError",
    message: "Cannot sweep depths: depths must hold at least 1 depth (got 0)",
  });
  assert.throws(() => gradientRatioByDepth([3, 0], options), {
    name: "RangeError",
    message: "Cannot sweep depths: each depth must be an integer from 1 to 200 (got 0)",
  });
});

Deno.test("sweepLearningRates() trains the same start once per rate, as trainNetwork does", () => {
  const network = {
    inputSize: 1,
    width: 6,
    hiddenLayers: 2,
    outputSize: 1,
    activation: "tanh" as const,
    init: "xavier" as const,
    seed: 5,
  };
  const data = createSineTask({ examples: 16, seed: 5 });
  const runs = sweepLearningRates([0.01, 0.1, 100], { network, data, steps: 60 });
  assert.deepEqual(runs.map((r) => r.lr), [0.01, 0.1, 100]);
  for (const run of runs) {
    const direct = trainNetwork(createDeepNetwork(network), data, {
      loss: meanSquaredErrorLoss,
      lr: run.lr,
      steps: 60,
    });
    assert.deepEqual(run.history, direct);
  }
  assert.equal(runs[0].history.loss[0], runs[2].history.loss[0]);
  // η = 100 blows up: the history keeps the finite steps and says where it stopped.
  const blown = runs[2].history;
  assert.ok(blown.diverged !== null);
  assert.equal(blown.loss.length, blown.diverged.step);
  assert.ok(blown.loss.every(Number.isFinite));
});

Deno.test("sweepLearningRates() refuses bad rates and steps", () => {
  const options = {
    network: { inputSize: 1, width: 2, hiddenLayers: 1, outputSize: 1 },
    data: createSineTask({ examples: 2 }),
    steps: 3,
  };
  assert.throws(() => sweepLearningRates([], options), {
    name: "RangeError",
    message: "Cannot sweep learning rates: lrs must hold at least 1 learning rate (got 0)",
  });
  assert.throws(() => sweepLearningRates([0.1, -1], options), {
    name: "RangeError",
    message: "Cannot sweep learning rates: each learning rate must be a finite number > 0 (got -1)",
  });
  assert.throws(() => sweepLearningRates([0.1], { ...options, steps: 0 }), {
    name: "RangeError",
    message: "Cannot sweep learning rates: steps must be an integer from 1 to 100000 (got 0)",
  });
});

/**
 * ‖∂L/∂h_t‖ (and ‖∂L/∂c_t‖) by central differences: rerun the steps after t from the state
 * (h_t, c_t) of the full run, with L = u·h_{T−1}, u = (1, …, 1)/√H, and nudge the state. An
 * independent method: only the forward pass is used.
 */
function stateGradientNorms(
  make: () => RecurrentNetwork,
  xs: Float64Array,
  t: number,
): { hidden: number; cell: number | null } {
  const net = make();
  const steps = xs.length / net.inputSize;
  const hiddenSize = net.hiddenSize;
  const hs = Float64Array.from(net.forward(xs, steps));
  const h0 = hs.slice(t * hiddenSize, (t + 1) * hiddenSize);
  const c0 = net.cells === null ? undefined : net.cells.slice(t * hiddenSize, (t + 1) * hiddenSize);
  const rest = xs.slice((t + 1) * net.inputSize);
  const restSteps = steps - 1 - t;
  const u = 1 / Math.sqrt(hiddenSize);
  const loss = (h: Float64Array, c: Float64Array | undefined) => {
    const out = net.forward(rest, restSteps, { h0: h, c0: c });
    let sum = 0;
    for (let j = 0; j < hiddenSize; j++) sum += u * out[(restSteps - 1) * hiddenSize + j];
    return sum;
  };
  const step = 1e-5;
  const differences = (state: Float64Array, f: () => number) => {
    const g = new Float64Array(hiddenSize);
    for (let j = 0; j < hiddenSize; j++) {
      const saved = state[j];
      state[j] = saved + step;
      const up = f();
      state[j] = saved - step;
      const down = f();
      state[j] = saved;
      g[j] = (up - down) / (2 * step);
    }
    return norm(g);
  };
  const hidden = differences(h0, () => loss(h0, c0));
  if (c0 === undefined) return { hidden, cell: null };
  // ∂L/∂c_t counts both ways c_t reaches the loss: through c_{t+1}, and through h_t = o_t·tanh(c_t)
  // (o_t = h_t / tanh(c_t)), so a nudge of c_t moves h_t too.
  const o = h0.map((h, j) => h / Math.tanh(c0[j]));
  const cell = differences(c0, () => loss(o.map((oj, j) => oj * Math.tanh(c0[j])), c0));
  return { hidden, cell };
}

/**
 * Backprop against central differences with h = 1e-5: truncation error O(h²) ≈ 1e-10 relative,
 * rounding error about ε·|L|/h ≈ 1e-11 absolute (|L| < 1). Allowed: 1e-7 relative + 1e-9.
 */
function assertClose(backprop: number, numeric: number, what: string): void {
  assert.ok(
    Math.abs(backprop - numeric) <= 1e-7 * numeric + 1e-9,
    `${what}: ${backprop} (backprop) vs ${numeric} (central differences)`,
  );
}

Deno.test("recurrentGradientByStepsBack() matches central differences on the state, RNN and LSTM", () => {
  const xs = createRandomSequence(12, { inputSize: 2, seed: 8 });
  const makeRnn = () => createRnn(2, 4, { seed: 8, recurrentGain: 1.2 });
  const makeLstm = () => createLstm(2, 4, { seed: 8, forgetBias: 2 });
  const rnn = recurrentGradientByStepsBack(makeRnn(), xs);
  const lstm = recurrentGradientByStepsBack(makeLstm(), xs);
  assert.equal(rnn.cell, null);
  assert.ok(Math.abs(rnn.hidden[0] - 1) < 1e-15 && Math.abs(lstm.hidden[0] - 1) < 1e-15);
  for (const k of [1, 4, 10]) {
    const t = 11 - k;
    const r = stateGradientNorms(makeRnn, xs, t);
    assertClose(rnn.hidden[k], r.hidden, `RNN, ${k} steps back`);
    const l = stateGradientNorms(makeLstm, xs, t);
    assertClose(lstm.hidden[k], l.hidden, `LSTM h, ${k} steps back`);
    assertClose(lstm.cell![k], l.cell!, `LSTM c, ${k} steps back`);
  }
});

Deno.test("recurrentGradientByStepsBack() stops at the truncation window and checks xs", () => {
  const xs = createRandomSequence(10, { seed: 1 });
  const probe = recurrentGradientByStepsBack(createRnn(1, 3, { seed: 1 }), xs, { window: 4 });
  assert.ok(probe.hidden[3] > 0);
  assert.equal(probe.hidden[4], 0);
  assert.throws(() => recurrentGradientByStepsBack(createRnn(2, 3), new Float64Array(5)), {
    name: "TypeError",
    message:
      "Cannot probe recurrent gradient: xs must hold a whole number ≥ 1 of steps of 2 inputs (got length 5)",
  });
});

Deno.test("factorPerStep() is the geometric mean of the ratios of neighbours", () => {
  // Ratios 2, 8, 0.5: their geometric mean is ∛8 = 2, the same as (v₃/v₀)^(1/3) = 8^(1/3).
  const values = [3, 6, 48, 24];
  const ratios = [2, 8, 0.5];
  const geometricMean = Math.pow(ratios[0] * ratios[1] * ratios[2], 1 / 3);
  assert.ok(Math.abs(factorPerStep(values) - geometricMean) < 1e-14);
  assert.ok(Math.abs(factorPerStep(values) - 2) < 1e-14);
  // Values whose ratio does not fit a double still give their factor: 1e-200 → 1e150 in 10 steps.
  const wide = Array.from({ length: 11 }, (_, i) => Math.pow(10, -200 + 35 * i));
  assert.ok(Math.abs(factorPerStep(wide) / 10 ** 35 - 1) < 1e-12);
  assert.equal(factorPerStep(Float64Array.of(5, 5)), 1);
});

Deno.test("factorPerStep() refuses fewer than two values and values that are not > 0", () => {
  assert.throws(() => factorPerStep([1]), {
    name: "RangeError",
    message: "Cannot compute factor per step: values must hold at least 2 values (got 1)",
  });
  for (
    const [values, i, got] of [[[1, 0], 1, "0"], [[NaN, 1], 0, "NaN"], [
      [1, -2, 3],
      1,
      "-2",
    ]] as const
  ) {
    assert.throws(() => factorPerStep(values), {
      name: "RangeError",
      message:
        `Cannot compute factor per step: values[${i}] must be a finite number > 0 (got ${got})`,
    });
  }
});
