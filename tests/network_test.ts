import assert from "node:assert/strict";
import { createActivation } from "../lib/activations.ts";
import { checkGradient } from "../lib/gradcheck.ts";
import { createActivationLayer, createDenseLayer } from "../lib/layers.ts";
import {
  binaryCrossEntropyLoss,
  type Loss,
  meanSquaredErrorGradient,
  meanSquaredErrorLoss,
} from "../lib/losses.ts";
import {
  createDeepNetwork,
  createSequential,
  type DeepNetworkOptions,
  initializeNetwork,
  initStd,
  kinkSignature,
  layerOutputRms,
  type Network,
  trainNetwork,
  trainStep,
} from "../lib/network.ts";
import { globalNorm } from "../lib/optim.ts";
import { createRng } from "../lib/random.ts";

function normals(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => rng.normal());
}

/** Gradient-check every parameter of a network and its input, for a loss on a batch. */
function checkNetwork(
  net: Network,
  data: { input: Float64Array; target: Float64Array; batch: number },
  loss: Loss,
  kinks = false,
) {
  const f = () => loss.value(net.forward(data.input, data.batch), data.target);
  const { inputGradient } = net.backward(
    loss.gradient(net.forward(data.input, data.batch), data.target),
  );
  const options = kinks ? { kinkSignature: () => kinkSignature(net) } : {};
  const input = checkGradient(
    f,
    { value: data.input, grad: Float64Array.from(inputGradient) },
    options,
  );
  const parameters = net.parameters.map((p) => checkGradient(f, p, options));
  return [input, ...parameters];
}

Deno.test("initStd() gives the textbook scales", () => {
  assert.equal(initStd("naive", { fanIn: 100, fanOut: 3 }), 1);
  assert.equal(initStd("small", { fanIn: 100, fanOut: 3 }), 0.01);
  assert.equal(initStd("xavier", { fanIn: 30, fanOut: 70 }), Math.sqrt(2 / 100));
  assert.equal(initStd("he", { fanIn: 32, fanOut: 3 }), 0.25);
  assert.throws(
    () => initStd("he", { fanIn: 0, fanOut: 3 }),
    new RangeError("Cannot compute initial weight scale: fanIn must be an integer ≥ 1 (got 0)"),
  );
});

Deno.test("initialised weights have the scheme's standard deviation", () => {
  // 256 × 256 weights: the sample standard deviation is within 2% of √(2/256) (its relative
  // standard error is about 1/√(2·65536) ≈ 0.3%).
  const dense = createDenseLayer(256, 256);
  initializeNetwork([dense], { scheme: "he", seed: 3 });
  let sum = 0;
  let sumSq = 0;
  for (const w of dense.weights) {
    sum += w;
    sumSq += w * w;
  }
  const n = dense.weights.length;
  const std = Math.sqrt(sumSq / n - (sum / n) ** 2);
  assert.ok(Math.abs(std / Math.sqrt(2 / 256) - 1) < 0.02, `std ${std}`);
  assert.ok(Math.abs(sum / n) < 0.01);
  assert.ok(dense.bias.every((b) => b === 0));
});

Deno.test("the same seed gives identical networks, outputs and gradients; another seed does not", () => {
  const options: DeepNetworkOptions = {
    inputSize: 4,
    width: 6,
    hiddenLayers: 3,
    outputSize: 2,
    activation: "tanh",
    seed: 42,
  };
  const x = normals(4 * 5, 1);
  const run = (seed: number) => {
    const net = createDeepNetwork({ ...options, seed });
    const y = Float64Array.from(net.forward(x, 5));
    const { weightGradientNorms } = net.backward(Float64Array.from(y));
    return { net, y, weightGradientNorms };
  };
  const a = run(42);
  const b = run(42);
  const c = run(43);
  a.net.parameters.forEach((p, k) => assert.deepEqual(p.value, b.net.parameters[k].value));
  assert.deepEqual(a.y, b.y);
  assert.deepEqual(a.weightGradientNorms, b.weightGradientNorms);
  assert.notDeepEqual(a.net.dense[0].weights, c.net.dense[0].weights);
});

Deno.test("a whole network with batch norm and residual blocks passes a gradient check", () => {
  for (const activation of ["tanh", "sigmoid"] as const) {
    const net = createDeepNetwork({
      inputSize: 3,
      width: 5,
      hiddenLayers: 3,
      outputSize: 2,
      activation,
      init: "xavier",
      seed: 7,
      batchNorm: true,
      residual: true,
    });
    const data = { input: normals(3 * 4, 8), target: normals(2 * 4, 9), batch: 4 };
    const results = checkNetwork(net, data, meanSquaredErrorLoss);
    for (const r of results) {
      assert.ok(r.passed, `${activation}: ${r.maxRelativeError} at ${r.worstIndex}`);
      assert.ok(r.maxRelativeError < 1e-6);
      assert.equal(r.skipped.length, 0);
    }
    // Every coordinate of the input and of every parameter was checked.
    const checked = results.reduce((n, r) => n + r.entries.length, 0);
    const expected = 12 + net.parameters.reduce((n, p) => n + p.value.length, 0);
    assert.equal(checked, expected);
    // The biases of the dense layers that feed a batch norm have a true gradient of exactly 0 (it
    // subtracts the batch mean): backprop gives rounding-level values, the central difference
    // rounding noise, and the check judges them by absolute error. (Parameters: input dense W, b;
    // two residual blocks of BN γ, β, dense W, b; output BN γ, β, dense W, b.)
    for (const k of [1, 5, 9]) {
      assert.equal(net.parameters[k].name, "bias");
      const r = results[1 + k];
      assert.equal(r.belowFloor, r.entries.length);
      assert.ok(r.entries.every((e) => Math.abs(e.analytic) < 1e-14), `parameter ${k}`);
    }
    // Everything else is mostly judged relatively.
    const others = results.filter((_, k) => ![2, 6, 10].includes(k));
    const absolute = others.reduce((n, r) => n + r.belowFloor, 0);
    const total = others.reduce((n, r) => n + r.entries.length, 0);
    assert.ok(absolute <= total / 4, `${absolute} of ${total} judged absolutely`);
  }
});

Deno.test("a network with a cross-entropy head passes a gradient check", () => {
  const net = createDeepNetwork({
    inputSize: 2,
    width: 6,
    hiddenLayers: 2,
    outputSize: 1,
    activation: "tanh",
    seed: 11,
  });
  const data = { input: normals(2 * 6, 12), target: Float64Array.of(0, 1, 1, 0, 1, 0), batch: 6 };
  for (const r of checkNetwork(net, data, binaryCrossEntropyLoss)) {
    assert.ok(r.passed && r.maxRelativeError < 1e-6, `${r.maxRelativeError}`);
  }
});

Deno.test("a ReLU network passes a gradient check, with kink crossings skipped and counted", () => {
  const net = createDeepNetwork({
    inputSize: 3,
    width: 8,
    hiddenLayers: 3,
    outputSize: 1,
    activation: "relu",
    seed: 5,
  });
  const data = { input: normals(3 * 5, 6), target: normals(5, 7), batch: 5 };
  const results = checkNetwork(net, data, meanSquaredErrorLoss, true);
  let checked = 0;
  let skipped = 0;
  for (const r of results) {
    assert.ok(r.maxRelativeError < 1e-6, `${r.maxRelativeError}`);
    checked += r.entries.length;
    skipped += r.skipped.length;
    for (const s of r.skipped) assert.match(s.reason, /kink/);
  }
  // With random inputs, few pre-activations lie within reach of a step of 1e-5.
  assert.ok(checked > 150, `checked ${checked}`);
  assert.ok(skipped <= checked / 20, `skipped ${skipped} of ${checked + skipped}`);
});

Deno.test("in a ReLU network, a unit placed 1e-7 from its kink is skipped, not passed or failed", () => {
  const net = createDeepNetwork({
    inputSize: 3,
    width: 8,
    hiddenLayers: 2,
    outputSize: 1,
    activation: "relu",
    seed: 5,
  });
  const data = { input: normals(3 * 5, 6), target: normals(5, 7), batch: 5 };
  // Shift the first unit's bias so that its pre-activation for example 0 is exactly 1e-7: a step
  // of ±1e-5 on that bias moves it across 0.
  const first = net.dense[0];
  net.forward(data.input, data.batch);
  first.bias[0] += 1e-7 - first.output[0];
  net.forward(data.input, data.batch);
  assert.ok(Math.abs(first.output[0] - 1e-7) < 1e-15);
  const results = checkNetwork(net, data, meanSquaredErrorLoss, true);
  const biasResult =
    results[1 + net.parameters.indexOf(net.parameters.find((p) => p.value === first.bias)!)];
  assert.deepEqual(biasResult.skipped.map((s) => s.index), [0]);
  assert.match(biasResult.skipped[0].reason, /kink \(−h\)/); // only the step down crosses
  for (const r of results) {
    assert.ok(r.passed && r.maxRelativeError < 1e-6, `${r.maxRelativeError}`);
  }
  // Unskipped, the same coordinate fails: the difference quotient straddles the kink.
  const f = () => meanSquaredErrorLoss.value(net.forward(data.input, data.batch), data.target);
  const blind = checkGradient(f, first.parameters[1], { indices: [0] });
  assert.equal(blind.passed, false);
});

Deno.test("weightGradientNorms are the norms of each dense layer's weight gradient", () => {
  const net = createDeepNetwork({
    inputSize: 2,
    width: 4,
    hiddenLayers: 3,
    outputSize: 1,
    seed: 1,
  });
  const y = net.forward(normals(2 * 3, 2), 3);
  const { weightGradientNorms } = net.backward(meanSquaredErrorGradient(y, normals(3, 3)));
  assert.equal(weightGradientNorms.length, 4);
  net.dense.forEach((d, k) => {
    let sum = 0;
    for (const g of d.gradWeights) sum += g * g;
    assert.ok(Math.abs(weightGradientNorms[k] - Math.sqrt(sum)) < 1e-15 * Math.sqrt(sum) + 1e-300);
  });
});

/** RMS of each activation layer's output, input side first, for a ReLU stack of 20 layers. */
function reluActivationScales(init: "naive" | "small" | "he", seed: number): number[] {
  const net = createDeepNetwork({
    inputSize: 32,
    width: 32,
    hiddenLayers: 20,
    outputSize: 1,
    activation: "relu",
    init,
    seed,
  });
  net.forward(normals(32 * 64, 100), 64);
  const rms = layerOutputRms(net);
  return net.layers.flatMap((layer, k) => (layer.kind === "activation" ? [rms[k]] : []));
}

Deno.test("He initialisation keeps ReLU activations' scale over 20 layers; naive ones explode or vanish", () => {
  // Expected per-layer factors on the RMS: He 1 (by design), naive N(0, 1) about √(32/2) = 4,
  // small N(0, 0.01²) about 0.04. Over 19 layers: 1, 4¹⁹ ≈ 3e11, 0.04¹⁹ ≈ 3e−27. Margins: He's
  // ratio stays within [1/20, 20] (finite width makes it wander), naive is beyond 1e6 and small
  // below 1e−6 — many orders of magnitude from He either way.
  for (let seed = 0; seed < 10; seed++) {
    const he = reluActivationScales("he", seed);
    const naive = reluActivationScales("naive", seed);
    const small = reluActivationScales("small", seed);
    assert.equal(he.length, 20);
    const heRatio = he[19] / he[0];
    assert.ok(heRatio > 1 / 20 && heRatio < 20, `seed ${seed}: He ratio ${heRatio}`);
    assert.ok(naive[19] / naive[0] > 1e6, `seed ${seed}: naive ratio ${naive[19] / naive[0]}`);
    assert.ok(small[19] / small[0] < 1e-6, `seed ${seed}: small ratio ${small[19] / small[0]}`);
  }
});

/** Per-dense-layer weight-gradient norms of a deep sigmoid network at initialisation. */
function sigmoidGradientNorms(residual: boolean, seed: number): Float64Array {
  const net = createDeepNetwork({
    inputSize: 32,
    width: 32,
    hiddenLayers: 20,
    outputSize: 1,
    activation: "sigmoid",
    init: "xavier",
    seed,
    residual,
  });
  const y = net.forward(normals(32 * 64, 200), 64);
  return net.backward(meanSquaredErrorGradient(y, new Float64Array(64))).weightGradientNorms;
}

Deno.test("with residual connections the first layer's gradient norm is within 10× of the last's; without, it vanishes", () => {
  // 20 sigmoid layers (σ′ ≤ 1/4 at every layer): the plain stack multiplies the gradient by a
  // small factor per layer. With skips, x_{k+1} = x_k + W_k·σ(x_k) + b_k passes it back through
  // the identity. Same seed, same weights; only the skips differ. "Last" is the last hidden
  // (width → width) layer; the output read-out has no skip.
  for (let seed = 0; seed < 8; seed++) {
    const plain = sigmoidGradientNorms(false, seed);
    const residual = sigmoidGradientNorms(true, seed);
    const last = plain.length - 2;
    const residualRatio = residual[0] / residual[last];
    const plainRatio = plain[0] / plain[last];
    assert.ok(residualRatio > 0.1 && residualRatio < 10, `seed ${seed}: residual ${residualRatio}`);
    assert.ok(plainRatio < 1e-6, `seed ${seed}: plain ${plainRatio}`);
  }
});

Deno.test("kinkSignature() lists the side of every ReLU unit, inside residual blocks too", () => {
  const net = createDeepNetwork({
    inputSize: 1,
    width: 2,
    hiddenLayers: 2,
    outputSize: 1,
    residual: true,
    seed: 1,
  });
  net.forward(Float64Array.of(1), 1);
  // Two ReLU layers of width 2 (one inside the residual block, one before the output).
  const signs = kinkSignature(net);
  assert.equal(signs.length, 4);
  assert.ok(signs.every((s) => s === -1 || s === 0 || s === 1));
  const tanhNet = createDeepNetwork({
    inputSize: 1,
    width: 2,
    hiddenLayers: 2,
    outputSize: 1,
    activation: "tanh",
  });
  tanhNet.forward(Float64Array.of(1), 1);
  assert.deepEqual(kinkSignature(tanhNet), []);
});

Deno.test("a training step with clipping never moves the weights by more than lr × clipNorm", () => {
  // Naive initialisation makes the gradient huge: clipping has work to do.
  const net = createDeepNetwork({
    inputSize: 4,
    width: 16,
    hiddenLayers: 6,
    outputSize: 1,
    init: "naive",
    seed: 2,
  });
  const data = { input: normals(4 * 16, 3), target: normals(16, 4), batch: 16 };
  for (let step = 0; step < 5; step++) {
    const before = net.parameters.map((p) => Float64Array.from(p.value));
    const result = trainStep(net, data, { loss: meanSquaredErrorLoss, lr: 0.01, clipNorm: 1 });
    assert.equal(result.diverged, null);
    assert.ok(result.gradientNorm > 1, "the gradient needed clipping");
    assert.equal(result.clipped, true);
    const moved = globalNorm(net.parameters.map((p, k) => p.value.map((v, i) => v - before[k][i])));
    assert.ok(moved <= 0.01 * 1 * (1 + 1e-9), `moved ${moved}`);
  }
});

Deno.test("trainNetwork() lowers the loss on a small problem", () => {
  // Fit y = sin(x) on 16 points with a small tanh network.
  const xs = Float64Array.from({ length: 16 }, (_, i) => -3 + (6 * i) / 15);
  const data = { input: xs, target: xs.map(Math.sin), batch: 16 };
  const net = createDeepNetwork({
    inputSize: 1,
    width: 16,
    hiddenLayers: 2,
    outputSize: 1,
    activation: "tanh",
    init: "xavier",
    seed: 1,
  });
  const history = trainNetwork(net, data, { loss: meanSquaredErrorLoss, lr: 0.1, steps: 500 });
  assert.equal(history.diverged, null);
  assert.equal(history.loss.length, 500);
  assert.ok(history.loss[499] < history.loss[0] / 10, `${history.loss[0]} → ${history.loss[499]}`);
  assert.ok(history.weightGradientNorms.every((n) => n.length === 3));
});

Deno.test("trainNetwork() reports where training diverged and keeps NaN out of its history", () => {
  const xs = Float64Array.from({ length: 8 }, (_, i) => i - 4);
  const data = { input: xs, target: xs.map((x) => 3 * x), batch: 8 };
  const net = createDeepNetwork({
    inputSize: 1,
    width: 8,
    hiddenLayers: 2,
    outputSize: 1,
    seed: 1,
  });
  const history = trainNetwork(net, data, { loss: meanSquaredErrorLoss, lr: 5, steps: 200 });
  assert.notEqual(history.diverged, null);
  const { step, reason } = history.diverged!;
  assert.ok(step > 0 && step < 200, `step ${step}`);
  assert.match(reason, /loss is|gradient of parameter/);
  assert.equal(history.loss.length, step);
  for (
    const series of [history.loss, history.gradientNorm, history.updateNorm, history.weightNorm]
  ) {
    assert.ok(series.every(Number.isFinite));
  }
});

Deno.test("trainStep() with an L2 penalty includes it in the loss and shrinks the weights", () => {
  const data = { input: normals(3 * 4, 1), target: new Float64Array(4), batch: 4 };
  const make = () =>
    createDeepNetwork({ inputSize: 3, width: 5, hiddenLayers: 2, outputSize: 1, seed: 9 });
  const plain = make();
  const penalized = make();
  const options = { loss: meanSquaredErrorLoss, lr: 0.1 };
  const a = trainStep(plain, data, options);
  const b = trainStep(penalized, data, { ...options, penalty: { kind: "l2", lambda: 0.5 } });
  assert.equal(a.dataLoss, b.dataLoss);
  assert.ok(b.loss > b.dataLoss);
  assert.ok(b.weightNorm < a.weightNorm);
});

Deno.test("createSequential() refuses layers whose sizes do not chain", () => {
  assert.throws(
    () =>
      createSequential([
        createDenseLayer(2, 3),
        createActivationLayer(4, createActivation("relu")),
      ]),
    new TypeError(
      "Cannot create network: layers[1].inputSize must equal layers[0].outputSize, 3 (got 4)",
    ),
  );
  assert.throws(
    () => createDeepNetwork({ inputSize: 1, width: 2, hiddenLayers: 0, outputSize: 1 }),
    new RangeError("Cannot create deep network: hiddenLayers must be an integer ≥ 1 (got 0)"),
  );
});
