/**
 * Benchmarks of the chapter 6 network: one forward and backward pass of a 20-hidden-layer,
 * width-32 network on a batch of 64 (the budget is about a millisecond), and its pieces.
 *
 * Run: `deno bench --allow-read bench/network_bench.ts`.
 *
 * @module
 */

import { meanSquaredErrorGradient } from "../lib/losses.ts";
import { createDeepNetwork } from "../lib/network.ts";
import { clipByGlobalNorm, gradientsOf, sgdStep } from "../lib/optim.ts";
import { createRng } from "../lib/random.ts";
import { createLstm, createRnn } from "../lib/recurrent.ts";

const batch = 64;
const width = 32;
const hiddenLayers = 20;

function randomBatch(length: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const x = new Float64Array(length);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  return x;
}

const input = randomBatch(batch * width, 1);
const target = randomBatch(batch, 2);
const grad = new Float64Array(batch);

for (const activation of ["relu", "tanh"] as const) {
  const net = createDeepNetwork({
    inputSize: width,
    width,
    hiddenLayers,
    outputSize: 1,
    activation,
  });
  Deno.bench({
    name: `forward + backward, ${hiddenLayers} layers × ${width}, batch ${batch}, ${activation}`,
    group: "network",
    baseline: activation === "relu",
    fn() {
      const yHat = net.forward(input, batch);
      meanSquaredErrorGradient(yHat, target, { out: grad });
      net.backward(grad);
    },
  });
}

{
  const net = createDeepNetwork({
    inputSize: width,
    width,
    hiddenLayers,
    outputSize: 1,
    residual: true,
    batchNorm: true,
  });
  Deno.bench({
    name:
      `forward + backward, residual + batch norm, ${hiddenLayers} layers × ${width}, batch ${batch}`,
    group: "network",
    fn() {
      const yHat = net.forward(input, batch);
      meanSquaredErrorGradient(yHat, target, { out: grad });
      net.backward(grad);
    },
  });
}

{
  const net = createDeepNetwork({ inputSize: width, width, hiddenLayers, outputSize: 1 });
  const grads = gradientsOf(net.parameters);
  Deno.bench({
    name: "training step: forward, backward, clip by norm, SGD",
    group: "network",
    fn() {
      const yHat = net.forward(input, batch);
      meanSquaredErrorGradient(yHat, target, { out: grad });
      net.backward(grad);
      clipByGlobalNorm(grads, { maxNorm: 1 });
      sgdStep(net.parameters, { lr: 1e-3 });
    },
  });
}

{
  const steps = 50;
  const hidden = 16;
  const xs = randomBatch(steps, 3);
  const gradHidden = new Float64Array(steps * hidden).fill(1 / hidden, (steps - 1) * hidden);
  const rnn = createRnn(1, hidden);
  const lstm = createLstm(1, hidden);
  Deno.bench({
    name: `RNN forward + BPTT, ${steps} steps, ${hidden} units`,
    group: "recurrent",
    baseline: true,
    fn() {
      rnn.forward(xs, steps);
      rnn.backward(gradHidden);
    },
  });
  Deno.bench({
    name: `LSTM forward + BPTT, ${steps} steps, ${hidden} units`,
    group: "recurrent",
    fn() {
      lstm.forward(xs, steps);
      lstm.backward(gradHidden);
    },
  });
}
