/**
 * The numbers the prose of notebooks/06-fixing-gradients.ipynb quotes, recomputed through lib/
 * with the chapter's default parameters, and found in the notebook's markdown as it writes them.
 *
 * Independent checks of the computations themselves (gradient norms against central differences,
 * the depth ratio against a closed form, the recurrent gradients against finite differences of
 * the state) live in tests/gradient_fixes_test.ts; here we check that each claim of the lesson
 * holds on its own numbers, and that the reader is told the numbers their run will show. Where a
 * claim has a theory behind it (the per-layer factor s·√(n/2) of a ReLU layer), the measured
 * number is also held to the theory.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type ActivationName,
  Chapter6Params,
  createDeepNetwork,
  createLstm,
  createRandomSequence,
  createRnn,
  createSineTask,
  factorPerStep,
  gradientRatioByDepth,
  type InitScheme,
  initSchemes,
  initStd,
  probeGradients,
  recurrentGradientByStepsBack,
  scientificLabel,
  sigmoid,
  sigmoidDerivative,
  sweepLearningRates,
} from "../lib/mod.ts";
import {
  assertParametersCellListsDefaults,
  assertProseSays,
  proseOf,
  readNotebook,
} from "./notebook_prose.ts";

const notebook = readNotebook("06-fixing-gradients.ipynb");
const prose = proseOf(notebook);
const assertSays = (fragment: string) => assertProseSays(prose, fragment);

/** A number as the prose writes it: 3 significant digits, a power of ten when large or small. */
const n = scientificLabel;

const p = Chapter6Params.parse({});
const task = createSineTask({ examples: p.examples, frequency: p.frequency, seed: p.seed });
const smallNetwork = {
  inputSize: 1,
  width: p.width,
  hiddenLayers: p.hiddenLayers,
  outputSize: 1,
  activation: p.activation,
  init: p.init,
  seed: p.seed,
};
const deepNetwork = {
  inputSize: 1,
  width: p.deepWidth,
  hiddenLayers: p.deepLayers,
  outputSize: 1,
  slope: p.leakySlope,
  seed: p.seed,
};
const L = p.deepLayers;

function probe(activation: ActivationName, init: InitScheme, residual = false) {
  const result = probeGradients(
    createDeepNetwork({ ...deepNetwork, activation, init, residual }),
    task,
  );
  assert.equal(result.diverged, null);
  return result;
}

const min = (values: ArrayLike<number>) => Math.min(...Array.from(values));
const max = (values: ArrayLike<number>) => Math.max(...Array.from(values));
const last = (values: ArrayLike<number>) => values[values.length - 1];

Deno.test("the parameters cell lists every parameter of the schema with its default", () => {
  assertParametersCellListsDefaults(notebook, p);
});

Deno.test("the notebook ends by pointing to the second half of the chapter", () => {
  assertSays("Next, in `07-more-fixes.ipynb`: batch normalization");
});

Deno.test("the small network and its task are as the prose describes them", () => {
  const net = createDeepNetwork(smallNetwork);
  const layers = net.dense.map((layer) => `${layer.inputSize} → ${layer.outputSize}`);
  assert.deepEqual(layers, ["1 → 16", "16 → 16", "16 → 16", "16 → 1"]);
  assertSays("Four dense layers, 1 → 16, 16 → 16, 16 → 16 and 16 → 1");
  const count = net.parameters.reduce((sum, parameter) => sum + parameter.value.length, 0);
  assert.equal(count, 16 + 16 + 2 * (256 + 16) + 16 + 1); // weights and biases, by hand
  assertSays(`with ${count} weights and biases in all`);
  assertSays(`learn the curve y = sin(${p.frequency}x) from ${p.examples} points`);
});

Deno.test("the learning-rate sweep: too small crawls, 0.1 ends lowest, 1 diverges where quoted", () => {
  const runs = sweepLearningRates(p.learningRates, {
    network: smallNetwork,
    data: task,
    steps: p.steps,
  });
  const [tiny, small, good, bumpy, huge] = runs.map((run) => run.history);
  assert.deepEqual(runs.map((run) => run.lr), [0.001, 0.01, 0.1, 0.3, 1]);
  // One start for all.
  for (const h of runs.map((run) => run.history)) assert.equal(h.loss[0], tiny.loss[0]);
  assertSays(`Every run starts from the same loss, ${n(tiny.loss[0])}.`);
  // The four that finish, and where they end.
  for (const h of [tiny, small, good, bumpy]) {
    assert.equal(h.diverged, null);
    assert.equal(h.loss.length, p.steps);
  }
  assertSays(
    `After 200 steps, η = 0.001 has reached ${n(last(tiny.loss))}, η = 0.01 ${
      n(last(small.loss))
    }, η = 0.1 ${n(last(good.loss))} and η = 0.3 ${n(last(bumpy.loss))}.`,
  );
  assert.ok(last(tiny.loss) > 0.1 && last(small.loss) > 0.1);
  assertSays("The two smallest rates are still above 0.1 after 200 steps");
  assert.equal(small.loss.findIndex((v) => v < 0.13), 26);
  assertSays("below 0.13 by step 26");
  assertSays(`η = 0.001 needs all 200 steps to come down to ${n(last(tiny.loss))}`);
  assert.ok(last(good.loss) < Math.min(last(tiny.loss), last(small.loss), last(bumpy.loss)));
  assertSays("η = 0.1 gets off the plateau and ends lowest");
  // η = 0.3: the second step overshoots, and a second jump later on.
  assert.ok(bumpy.loss[2] > bumpy.loss[1] && bumpy.loss[2] > bumpy.loss[0]);
  assertSays(`its second step overshoots and lifts the loss to ${n(bumpy.loss[2])}`);
  let spike = 20;
  for (let k = 20; k < bumpy.loss.length; k++) if (bumpy.loss[k] > bumpy.loss[spike]) spike = k;
  const before = bumpy.loss.slice(20, spike);
  const low = min(before);
  const lowAt = 20 + before.indexOf(low);
  assert.equal(spike, 92);
  assert.equal(spike - lowAt, 8);
  assertSays(
    `at step ${spike} a second jump throws it back up to ${n(bumpy.loss[spike])}, from ${
      n(low)
    } eight steps earlier`,
  );
  // η = 1 diverges, and the library says where instead of returning NaN.
  assert.deepEqual(huge.diverged, { step: 104, reason: "the loss is Infinity" });
  assert.equal(huge.loss.length, 104);
  assert.ok(huge.loss.every(Number.isFinite));
  assertSays("The run with η = 1 took only 104 steps");
  assertSays('`{ step: 104, reason: "the loss is Infinity" }`');
  assertSays(`the last finite loss, ${n(last(huge.loss))}, instead of carrying Infinity`);
  assert.equal(huge.loss.findIndex((v) => v > 1e100), 36);
  assertSays(`With η = 1 the loss jumps to ${n(huge.loss[2])} at step 2, passes 10¹⁰⁰ at step 36`);
  assertSays("the ▲ marks step 104, where it overflowed");
  // Things to try: the edge between 0.3 and 0.4.
  const edge = sweepLearningRates([0.3, 0.4, 0.5], {
    network: smallNetwork,
    data: task,
    steps: p.steps,
  }).map((run) => run.history);
  assert.equal(edge[0].diverged, null);
  assert.equal(edge[1].diverged?.step, 147);
  assert.equal(edge[2].diverged?.step, 131);
  assertSays(
    `η = 0.3 ends at ${
      n(last(edge[0].loss))
    }, η = 0.4 diverges at step 147 and η = 0.5 at step 131.`,
  );
});

Deno.test("the activations: the sigmoid's slope ≤ 1/4 starves the first layers, the others don't", () => {
  assert.equal(sigmoidDerivative(0), 0.25);
  assertSays("The sigmoid's slope peaks at σ′(0) = 0.25");
  const sig = probe("sigmoid", p.deepInit).weightGradientNorms;
  assertSays(
    `the output layer's weights receive a gradient of ${n(sig[L])} and the first layer's ${
      n(sig[0])
    }: from the last hidden layer (${n(sig[L - 1])})`,
  );
  const perLayer = factorPerStep(Array.from(sig.slice(0, L)).reverse());
  assertSays(`each sigmoid layer passes on about ${n(perLayer)} of the gradient it receives`);
  // The sigmoid's layers are more than 10¹⁰ apart; the others within a factor of 20.
  assert.ok(max(sig) / min(sig) > 1e10);
  assertSays("No single learning rate suits layers 10¹⁰ apart");
  const ranges = (["tanh", "relu", "leakyRelu"] as const).map((activation) => {
    const norms = probe(activation, p.deepInit).weightGradientNorms;
    assert.ok(max(norms) / min(norms) < 20, activation);
    return `between ${n(min(norms))} and ${n(max(norms))}`;
  });
  assertSays(
    `tanh ${ranges[0]}, ReLU ${ranges[1]}, leaky ReLU ${ranges[2]}.`,
  );
  assertSays("keep every layer within a factor of about 20 of every other");
});

Deno.test("initialisation: the ReLU signal grows by s·√(n/2) per layer, as predicted", () => {
  const stds = initSchemes.map((s) => initStd(s, { fanIn: p.deepWidth, fanOut: p.deepWidth }));
  assert.deepEqual(stds.map(n), ["1", "0.01", "0.177", "0.25"]);
  assertSays("s = √(2/(n_in + n_out)) = 0.177");
  assertSays("s = √(2/n_in) = 0.25");
  // The prediction: a ReLU layer multiplies the RMS by s·√(n/2).
  const predicted = stds.map((s) => s * Math.sqrt(p.deepWidth / 2));
  assert.deepEqual(predicted.map(n), ["4", "0.04", "0.707", "1"]);
  assertSays("naive, s = 1: ×4 per layer");
  assertSays("small, s = 0.01: ×0.04 per layer");
  assertSays("= 0.177: ×0.707 per layer");
  assertSays("= 0.25: ×1 per layer");
  const probes = initSchemes.map((s) => probe(p.initActivation, s));
  const factors = probes.map((pr) => factorPerStep(pr.activationRms));
  // Measured against the theory: within 5 %.
  factors.forEach((f, i) => {
    assert.ok(Math.abs(f / predicted[i] - 1) < 0.05, `${initSchemes[i]}: ${f} vs ${predicted[i]}`);
  });
  assertSays(
    `the signal's RMS is multiplied by ${n(factors[0])} per layer with naive weights, ${
      n(factors[1])
    } with small ones, ${n(factors[2])} with Xavier's and ${n(factors[3])} with He's`,
  );
  const lastRms = probes.map((pr) => last(pr.activationRms));
  assertSays(`that makes ${lastRms.slice(0, 3).map(n).join(", ")} and ${n(lastRms[3])}.`);
  // He keeps it steady: naive explodes, small vanishes.
  assert.ok(lastRms[0] > 1e10 && lastRms[1] < 1e-25);
  const he = probes[3].activationRms;
  assert.ok(max(he) / min(he) < 3);
  assertSays(`He's stays between ${n(min(he))} and ${n(max(he))} all the way`);
});

Deno.test("initialisation: the gradients follow the weights' scale, and He's is section 2's ReLU", () => {
  const probes = initSchemes.map((s) => probe(p.initActivation, s));
  const [naive, small, xavier, he] = probes.map((pr) => pr.weightGradientNorms);
  assertSays(
    `from ${n(min(naive))} to ${n(max(naive))} for the naive weights, from ${n(min(small))} to ${
      n(max(small))
    } for the small ones`,
  );
  // The naive network's output and loss, and what a step of η = 0.01 would do to each layer.
  const loss = probes[0].loss;
  assert.equal(Math.round(Math.log10(Math.sqrt(loss))), 11);
  assertSays(`The naive network's output is about 10¹¹, its loss ${n(loss)}`);
  for (const norm of naive) assert.equal(Math.round(Math.log10(0.01 * norm)), 21);
  assertSays("a step with η = 0.01 would move each layer's weights by about 10²¹");
  assertSays(`Xavier's gradients run from ${n(min(xavier))} to ${n(max(xavier))}`);
  assertSays(`He's from ${n(min(he))} to ${n(max(he))}: He's line is the ReLU line of section 2`);
  assert.deepEqual(he, probe("relu", p.deepInit).weightGradientNorms);
});

Deno.test("a shorter network: the first layer's share falls by about ×0.294 per sigmoid layer", () => {
  const depths = Array.from({ length: L }, (_, i) => i + 1);
  const sweep = gradientRatioByDepth(depths, {
    network: { ...deepNetwork, activation: p.architectureActivation, init: p.deepInit },
    data: task,
  });
  assert.equal(sweep.diverged, null);
  const r = sweep.ratios;
  assertSays(
    `With 2 hidden layers the first layer gets ${
      n(r[1])
    } of the last hidden layer's gradient, with 5 layers ${n(r[4])}, with 10 layers ${
      n(r[9])
    } and with 20 layers ${n(r[19])}, about ×${n(factorPerStep(r))} per layer`,
  );
  assert.equal(Math.round(1 / factorPerStep(r)), 3);
  assertSays("each layer removed is a factor of about 3 regained");
  // The deepest network of the sweep is section 2's sigmoid network.
  const sig = probe("sigmoid", p.deepInit).weightGradientNorms;
  assert.equal(r[L - 1], sig[0] / sig[L - 1]);
});

Deno.test("residual connections: the first layer keeps its gradient within 10× of the last", () => {
  const plainNet = createDeepNetwork({
    ...deepNetwork,
    activation: p.architectureActivation,
    init: p.deepInit,
  });
  const residualNet = createDeepNetwork({
    ...deepNetwork,
    activation: p.architectureActivation,
    init: p.deepInit,
    residual: true,
  });
  // The same weights, layer by layer.
  plainNet.dense.forEach((layer, k) =>
    assert.deepEqual(residualNet.dense[k].weights, layer.weights)
  );
  const plain = probeGradients(plainNet, task).weightGradientNorms;
  const residual = probeGradients(residualNet, task).weightGradientNorms;
  const plainRatio = plain[0] / plain[L - 1];
  const residualRatio = residual[0] / residual[L - 1];
  assert.ok(residualRatio > 0.1 && residualRatio < 10, `with skips: ${residualRatio}`);
  assert.ok(plainRatio < 1e-10, `without: ${plainRatio}`);
  assertSays(
    `Without the skips the first layer receives ${n(plain[0])} against the last hidden layer's ${
      n(plain[L - 1])
    }. With them it receives ${n(residual[0])} against ${n(residual[L - 1])}: a ratio of ${
      n(residualRatio)
    }, within a factor of 10 where the plain network loses ten orders of magnitude.`,
  );
});

Deno.test("RNN against LSTM: the gradient fades back in time unless the forget gate stays open", () => {
  const xs = createRandomSequence(p.sequenceLength, { seed: p.seed });
  const recurrent = { seed: p.seed, recurrentGain: p.recurrentGain };
  const rnn = recurrentGradientByStepsBack(createRnn(1, p.hiddenSize, recurrent), xs).hidden;
  const lstm = p.forgetBiases.map((forgetBias) =>
    recurrentGradientByStepsBack(createLstm(1, p.hiddenSize, { ...recurrent, forgetBias }), xs)
      .hidden
  );
  const back = p.sequenceLength - 1;
  assert.equal(back, 99);
  assertSays(`σ(1) ≈ ${n(sigmoid(1))}, σ(3) ≈ ${n(sigmoid(3))}`);
  assertSays(
    `99 steps back, at the first step of the sequence, the vanilla RNN's gradient is down to ${
      n(rnn[back])
    }. The LSTM with forget bias 1 keeps more of it but still loses most: ${
      n(lstm[0][back])
    }. With forget bias 3 the first step still receives ${n(lstm[1][back])}.`,
  );
  assert.ok(rnn[back] < lstm[0][back] && lstm[0][back] < 1e-4 && lstm[1][back] > 0.1);
  // Forget bias 3 holds the gradient within a band all the way back; it never grows above 1.
  assert.equal(lstm[1][0], 1);
  assert.ok(max(lstm[1]) <= 1);
  assertSays(
    `the one with forget bias 3 stays between ${n(min(lstm[1]))} and 1 over all 100 steps`,
  );
  // Things to try: forget biases 0 and 5.
  const [closed, open] = [0, 5].map((forgetBias) =>
    recurrentGradientByStepsBack(createLstm(1, p.hiddenSize, { ...recurrent, forgetBias }), xs)
      .hidden[back]
  );
  assert.ok(closed < rnn[back]);
  assertSays(
    `than in the vanilla RNN, to ${n(closed)} after 99 steps; one starting at σ(5) keeps ${
      n(open)
    }.`,
  );
});

Deno.test("things to try with tanh: naive saturates instead of exploding, Xavier is the steady one", () => {
  const [naive, , xavier] = initSchemes.map((s) => probe("tanh", s));
  assertSays(`its last layer's RMS is ${n(last(naive.activationRms))}`);
  const g = naive.weightGradientNorms;
  assertSays(
    `the gradients run from ${n(g[0])} at the first layer to ${n(g[L - 1])} at the last hidden one`,
  );
  assertSays(
    `between ${n(min(xavier.weightGradientNorms))} and ${n(max(xavier.weightGradientNorms))}.`,
  );
});

Deno.test("the summary repeats the numbers of the sections", () => {
  assertSays("(η = 0.001: 0.144 after 200 steps)");
  assertSays("(η = 1: the loss overflows at step 104");
  assertSays("the first layer's gradient falls to 7.06×10⁻¹¹");
  assertSays("(×0.294 per sigmoid layer)");
  assertSays("(first-to-last ratio 0.241 instead of 7.88×10⁻¹¹)");
  assertSays("Naive weights explode (×4 per layer), small ones vanish (×0.04)");
});
