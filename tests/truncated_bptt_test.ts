import assert from "node:assert/strict";
import { checkGradient } from "../lib/gradcheck.ts";
import { createEchoStream, createEchoTask } from "../lib/tasks_ch7.ts";
import { createEchoRnn, echoGradient, trainEchoRnn } from "../lib/truncated_bptt.ts";

Deno.test("the echo loss is the mean squared error over the steps with a target, by hand", () => {
  const model = createEchoRnn({ hiddenSize: 3, seed: 2 });
  const task = createEchoTask(7, { delay: 2, seed: 5 });
  const { loss } = echoGradient(model, task);
  // Recompute ŷₜ = v·hₜ + c from the RNN's own hidden states, independently of the read-out layer.
  const h = model.rnn.forward(task.input, 7);
  const v = model.readout.weights;
  const c = model.readout.bias[0];
  let expected = 0;
  for (let t = 2; t < 7; t++) {
    const yHat = c + v[0] * h[3 * t] + v[1] * h[3 * t + 1] + v[2] * h[3 * t + 2];
    expected += (yHat - task.target[t]) ** 2 / 5;
  }
  assert.ok(Math.abs(loss - expected) < 1e-14);
});

Deno.test("full BPTT through the read-out passes a gradient check on every parameter", () => {
  const model = createEchoRnn({ hiddenSize: 4, recurrentGain: 1.5, seed: 3 });
  const task = createEchoTask(9, { delay: 2, seed: 1 });
  echoGradient(model, task);
  const f = () => echoGradient(model, task).loss;
  for (const p of model.parameters) {
    const result = checkGradient(f, { value: p.value, grad: Float64Array.from(p.grad) });
    assert.ok(result.passed, `${p.name}: worst relative error ${result.maxRelativeError}`);
  }
});

Deno.test("a window of k keeps the full gradient up to k − 1 steps back and is exactly 0 from k on", () => {
  const model = createEchoRnn({ hiddenSize: 5, recurrentGain: 3, seed: 2 });
  const task = createEchoTask(30, { delay: 3, seed: 2 });
  const full = Float64Array.from(
    echoGradient(model, task, { lossAt: "last" }).hiddenGradNormByStepsBack,
  );
  for (const window of [1, 3, 10, 29]) {
    const cut = echoGradient(model, task, { window, lossAt: "last" }).hiddenGradNormByStepsBack;
    for (let k = 0; k < window; k++) assert.equal(cut[k], full[k], `window ${window}, ${k} back`);
    for (let k = window; k < 30; k++) assert.equal(cut[k], 0, `window ${window}, ${k} back`);
  }
  // A window as long as the sequence is full BPTT.
  assert.deepEqual(
    echoGradient(model, task, { window: 30, lossAt: "last" }).hiddenGradNormByStepsBack,
    full,
  );
});

Deno.test("a truncated gradient equals the gradient of the loss with the state held fixed at the cut", () => {
  // With window k and a loss on the last step, ∂L/∂θ is the gradient of the same loss when the
  // last k steps are run from the (fixed) state before them: an independent computation.
  const model = createEchoRnn({ hiddenSize: 3, seed: 4 });
  const task = createEchoTask(12, { delay: 2, seed: 3 });
  const k = 5;
  echoGradient(model, task, { window: k, lossAt: "last" });
  const truncated = model.parameters.map((p) => Float64Array.from(p.grad));
  const hidden = Float64Array.from(model.rnn.forward(task.input, 12));
  const h0 = hidden.slice((12 - k - 1) * 3, (12 - k) * 3); // h before the window, held fixed
  const tail = {
    input: task.input.slice(12 - k),
    target: task.target.slice(12 - k),
    from: 0,
    steps: k,
  };
  const f = () => {
    const h = model.rnn.forward(tail.input, k, { h0 });
    const y = model.readout.forward(h, k);
    return (y[k - 1] - tail.target[k - 1]) ** 2;
  };
  model.parameters.forEach((p, i) => {
    const result = checkGradient(f, { value: p.value, grad: truncated[i] });
    assert.ok(result.passed, `${p.name}: worst relative error ${result.maxRelativeError}`);
  });
});

Deno.test("training records the trailing mean of the losses, and learns a one-step echo", () => {
  const model = createEchoRnn({ hiddenSize: 8, seed: 1 });
  const history = trainEchoRnn(model, createEchoStream(12, { delay: 1, seed: 1 }), {
    lr: 0.2,
    steps: 300,
    averageOver: 10,
  });
  assert.equal(history.diverged, null);
  assert.equal(history.loss.length, 300);
  // By hand: the first entries average what there is, later ones the last 10.
  assert.equal(history.averageLoss[0], history.loss[0]);
  assert.ok(
    Math.abs(history.averageLoss[2] - (history.loss[0] + history.loss[1] + history.loss[2]) / 3) <
      1e-15,
  );
  const last10 = history.loss.slice(290).reduce((a, b) => a + b, 0) / 10;
  assert.ok(Math.abs(history.averageLoss[299] - last10) < 1e-15);
  assert.ok(history.averageLoss[299] < 0.05, `final loss ${history.averageLoss[299]}`);
});

Deno.test("clipping during training keeps every step's update within η × the threshold", () => {
  const model = createEchoRnn({ hiddenSize: 6, recurrentGain: 3, seed: 2 });
  const stream = createEchoStream(20, { delay: 3, seed: 2 });
  const lr = 0.3;
  const clipNorm = 0.5;
  const before = model.parameters.map((p) => Float64Array.from(p.value));
  const history = trainEchoRnn(model, stream, { lr, steps: 1, clipNorm });
  let sum = 0;
  model.parameters.forEach((p, k) => {
    for (let i = 0; i < p.value.length; i++) sum += (p.value[i] - before[k][i]) ** 2;
  });
  assert.ok(history.gradientNorm[0] > clipNorm, "the test needs a gradient that gets clipped");
  assert.ok(Math.abs(Math.sqrt(sum) - lr * clipNorm) < 1e-12);
});

Deno.test("a training run that blows up stops and says at which step, with no NaN in the history", () => {
  const model = createEchoRnn({ hiddenSize: 16, recurrentGain: 3, seed: 2 });
  const history = trainEchoRnn(model, createEchoStream(30, { delay: 3, seed: 2 }), {
    lr: 0.2,
    steps: 500,
  });
  assert.ok(history.diverged !== null);
  assert.equal(history.loss.length, history.diverged.step);
  assert.match(history.diverged.reason, /is (Infinity|NaN)/);
  for (const values of [history.loss, history.averageLoss, history.gradientNorm]) {
    assert.ok(values.every(Number.isFinite));
  }
});

Deno.test("bad options are refused with one line naming the option", () => {
  const model = createEchoRnn({ hiddenSize: 2 });
  const stream = createEchoStream(6, { delay: 1 });
  assert.throws(() => trainEchoRnn(model, stream, { lr: 0, steps: 1 }), {
    name: "RangeError",
    message: "Cannot train echo RNN: lr must be a finite number > 0 (got 0)",
  });
  assert.throws(() => trainEchoRnn(model, stream, { lr: 0.1, steps: 1.5 }), {
    name: "RangeError",
    message: "Cannot train echo RNN: steps must be an integer ≥ 1 (got 1.5)",
  });
  assert.throws(() => trainEchoRnn(model, stream, { lr: 0.1, steps: 1, clipNorm: -1 }), {
    name: "RangeError",
    message: "Cannot train echo RNN: clipNorm must be a finite number > 0 (got -1)",
  });
  assert.throws(
    () => echoGradient(model, createEchoTask(6, { delay: 1 }), { lossAt: "first" as "last" }),
    {
      name: "RangeError",
      message: 'Cannot compute echo gradient: lossAt must be "all" or "last" (got first)',
    },
  );
  assert.throws(
    () => echoGradient(model, createEchoTask(6, { delay: 1 }), { window: 0 }),
    /window must be an integer ≥ 1 \(got 0\)/,
  );
});
