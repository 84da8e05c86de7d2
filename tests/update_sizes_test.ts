import assert from "node:assert/strict";
import { createDenseLayer } from "../lib/layers.ts";
import { meanSquaredErrorLoss } from "../lib/losses.ts";
import { createDeepNetwork, createSequential } from "../lib/network.ts";
import { globalNorm, weightNorm } from "../lib/optim.ts";
import { trainRecordingUpdates } from "../lib/update_sizes.ts";

const data = {
  input: Float64Array.of(-1, -0.5, 0, 0.5, 1, 1.5),
  target: Float64Array.of(1, 0.2, 0, 0.2, 1, 2),
  batch: 6,
};
const network = (seed = 1) =>
  createDeepNetwork({
    inputSize: 1,
    width: 8,
    hiddenLayers: 3,
    outputSize: 1,
    seed,
    activation: "tanh",
  });

Deno.test("without clipping the measured update is η times the gradient's norm", () => {
  const history = trainRecordingUpdates(network(), data, {
    loss: meanSquaredErrorLoss,
    lr: 0.1,
    steps: 10,
  });
  for (let k = 0; k < 10; k++) {
    // Measured from the weights; rounding in w − η·g makes the two differ by a few ulps.
    assert.ok(
      Math.abs(history.updateNorm[k] - 0.1 * history.gradientNorm[k]) <
        1e-12 * history.updateNorm[k] + 1e-15,
    );
  }
});

Deno.test("the largest and the whole update are measured from the weights: one layer by hand", () => {
  // y = w·x + b with w = 2, b = 0 on x = (1, 3), targets (0, 0): L = (4 + 36)/2 = 20,
  // ∂L/∂w = (2·2·1 + 6·2·3)/2 = 20, ∂L/∂b = (2·2 + 6·2)/2 = 8; with η = 0.01: Δw = −0.2, Δb = −0.08.
  const net = createSequential([createDenseLayer(1, 1, { weights: Float64Array.of(2) })]);
  const one = { input: Float64Array.of(1, 3), target: Float64Array.of(0, 0), batch: 2 };
  const history = trainRecordingUpdates(net, one, {
    loss: meanSquaredErrorLoss,
    lr: 0.01,
    steps: 1,
  });
  assert.equal(history.loss[0], 20);
  assert.ok(Math.abs(history.largestUpdate[0] - 0.2) < 1e-15);
  assert.ok(Math.abs(history.updateNorm[0] - Math.hypot(0.2, 0.08)) < 1e-15);
});

Deno.test("clipping by norm keeps every measured update within η·c, and reaches it when it clips", () => {
  const lr = 0.5;
  const clipNorm = 0.05;
  const history = trainRecordingUpdates(network(2), data, {
    loss: meanSquaredErrorLoss,
    lr,
    steps: 30,
    clipNorm,
  });
  let reached = 0;
  history.updateNorm.forEach((u, k) => {
    assert.ok(u <= lr * clipNorm * (1 + 1e-12), `step ${k}: ${u}`);
    if (history.clipped[k]) {
      assert.ok(Math.abs(u - lr * clipNorm) < 1e-12);
      reached++;
    }
  });
  assert.ok(reached > 0, "the test needs steps that get clipped");
});

Deno.test("clipping by value keeps every weight's move within η·c", () => {
  const lr = 0.5;
  const clipValue = 0.01;
  const history = trainRecordingUpdates(network(3), data, {
    loss: meanSquaredErrorLoss,
    lr,
    steps: 30,
    clipValue,
  });
  for (const u of history.largestUpdate) assert.ok(u <= lr * clipValue * (1 + 1e-12));
  assert.ok(history.clipped.every(Boolean));
});

Deno.test("with no data gradient, L2 multiplies the weights by (1 − ηλ) at every step", () => {
  // One dense layer fed zeros: ∂L/∂W = Σ g·x = 0 at every step (the bias learns, the weights
  // cannot), so the penalty's λ·w is the whole gradient of W.
  const net = createSequential([
    createDenseLayer(3, 2, { weights: Float64Array.of(1, -2, 0.5, 3, -0.25, 4) }),
  ]);
  const zeros = {
    input: new Float64Array(3 * 4),
    target: Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8),
    batch: 4,
  };
  const w0 = weightNorm(net.parameters);
  const lr = 0.1;
  const lambda = 0.5;
  const history = trainRecordingUpdates(net, zeros, {
    loss: meanSquaredErrorLoss,
    lr,
    steps: 20,
    penalty: { kind: "l2", lambda },
  });
  for (let k = 0; k < 20; k++) {
    const expected = w0 * Math.pow(1 - lr * lambda, k + 1);
    assert.ok(Math.abs(history.weightNorm[k] - expected) < 1e-12 * w0, `step ${k}`);
  }
});

Deno.test("with no data gradient, L1 moves every weight by ηλ towards 0", () => {
  const net = createSequential([
    createDenseLayer(3, 2, { weights: Float64Array.of(1, -2, 0.5, 3, -0.25, 4) }),
  ]);
  const zeros = {
    input: new Float64Array(3 * 4),
    target: Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8),
    batch: 4,
  };
  const before = net.dense.map((d) => Float64Array.from(d.weights));
  trainRecordingUpdates(net, zeros, {
    loss: meanSquaredErrorLoss,
    lr: 0.01,
    steps: 1,
    penalty: { kind: "l1", lambda: 0.2 },
  });
  net.dense.forEach((d, k) => {
    for (let i = 0; i < d.weights.length; i++) {
      const w = before[k][i];
      assert.ok(Math.abs(d.weights[i] - (w - 0.002 * Math.sign(w))) < 1e-15);
    }
  });
});

Deno.test("a run that blows up stops at the step whose loss is not finite, and keeps no NaN", () => {
  const history = trainRecordingUpdates(
    createDeepNetwork({ inputSize: 1, width: 16, hiddenLayers: 10, outputSize: 1, seed: 1 }),
    data,
    { loss: meanSquaredErrorLoss, lr: 5, steps: 100 },
  );
  assert.ok(history.diverged !== null);
  assert.equal(history.loss.length, history.diverged.step);
  for (
    const values of [
      history.loss,
      history.dataLoss,
      history.updateNorm,
      history.largestUpdate,
      history.gradientNorm,
    ]
  ) {
    assert.ok(values.every(Number.isFinite));
  }
  assert.ok(globalNorm([Float64Array.from(history.updateNorm)]) > 0);
});

Deno.test("a bad number of steps is refused with one line", () => {
  assert.throws(
    () => trainRecordingUpdates(network(), data, { loss: meanSquaredErrorLoss, lr: 0.1, steps: 0 }),
    {
      name: "RangeError",
      message: "Cannot train recording updates: steps must be an integer ≥ 1 (got 0)",
    },
  );
});
