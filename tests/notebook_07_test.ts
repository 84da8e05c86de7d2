/**
 * The numbers the prose of notebooks/07-more-fixes.ipynb quotes, and the claims its figures make,
 * recomputed through lib/ with the chapter's default parameters, and found in the notebook's
 * markdown as it writes them.
 *
 * The independent checks of these computations (gradient checks of truncated BPTT, the per-example
 * gradients' mean against the batch gradient, weight decay by hand, clipped steps unrolled by
 * hand) live in the lib tests; here we check that the lesson tells the reader what their run will
 * show, and that what it claims holds for those very numbers.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  averagedLayerNorms,
  Chapter7Params,
  compareBatchNorm,
  createDeepNetwork,
  createEchoRnn,
  createEchoStream,
  createEchoTask,
  createSineTask,
  descendLandscapeWith,
  echoGradient,
  type LandscapeFixOptions,
  meanSquaredErrorLoss,
  miniBatchNoise,
  perExampleGradients,
  trainEchoRnn,
  type TrainOptions,
  trainRecordingUpdates,
} from "../lib/mod.ts";
import {
  assertParametersCellListsDefaults,
  assertProseSays,
  fixed,
  proseOf,
  readNotebook,
  scientific,
} from "./notebook_prose.ts";

const notebook = readNotebook("07-more-fixes.ipynb");
const prose = proseOf(notebook);
const assertSays = (fragment: string) => assertProseSays(prose, fragment);

const params = Chapter7Params.parse({});

/** A number with n significant digits, trailing zeros kept (0.0360), real minus sign. */
function sig(value: number, n = 3): string {
  const s = value.toPrecision(n);
  assert.ok(!s.includes("e"), `use sci() for ${value}`);
  return s.startsWith("-") ? `−${s.slice(1)}` : s;
}

/** Scientific notation as the prose writes it: 3.1×10⁻¹³. */
const sci = (value: number, n = 2) => scientific(value, n);

const last = <T>(values: ArrayLike<T>): T => values[values.length - 1];
const min = (values: ArrayLike<number>) => Math.min(...Array.from(values));
const max = (values: ArrayLike<number>) => Math.max(...Array.from(values));

Deno.test("the parameters cell lists every parameter of the schema with its default", () => {
  assertParametersCellListsDefaults(notebook, params);
});

// ---------------------------------------------------------------------------------------------
// 5. Batch normalization

const batch = createSineTask({
  examples: params.bnBatch,
  frequency: params.frequency,
  seed: params.seed,
});
const bn = compareBatchNorm(batch, {
  width: params.bnWidth,
  hiddenLayers: params.bnLayers,
  activation: params.bnActivation,
  init: params.bnInit,
  seed: params.seed,
});

Deno.test("without batch normalization the spread vanishes; with it, it is 1 after every normalization", () => {
  const plain = bn.plain.spread;
  const layers = plain.length;
  assert.equal(layers, 20);
  assertSays(`from ${sig(plain[0])} in layer 1 to ${sci(plain[layers - 1])} in layer 20`);
  // "falls by about 4 at every layer": the geometric mean of the per-layer factors.
  const factor = Math.pow(plain[0] / plain[layers - 1], 1 / (layers - 1));
  assert.ok(factor > 3.5 && factor < 4.5, `factor ${factor}`);
  assertSays("the spread falls by about 4 at every layer");
  const before = bn.normalized.spread;
  assertSays(`(their spread stays between ${sig(min(before))} and ${sig(max(before))})`);
  const after = bn.normalized.normalizedSpread!;
  assert.ok(max(after) <= 1);
  assertSays(`the spread is between ${sig(min(after))} and 1 in every layer`);
  // "about 5": 1/σ for the spreads the normalization divides by (from the second layer on).
  assert.ok(1 / max(before) > 4 && 1 / min(before.subarray(1)) < 6.5);
});

Deno.test("batch normalization brings the first layer's gradient back from 10⁻¹³", () => {
  const plain = bn.plain.weightGradientNorms;
  assertSays(
    `the first layer's gradient is ${sci(plain[0])} while the output layer's is ${
      sig(last(plain))
    }`,
  );
  assert.ok(Math.log10(last(plain) / plain[0]) > 12.5); // "thirteen orders of magnitude"
  const normalized = bn.normalized.weightGradientNorms;
  assertSays(
    `every layer's gradient is between ${sig(min(normalized))} and ${sig(max(normalized))}`,
  );
  assert.ok(max(normalized) / min(normalized) < 1e3);
  // "the first five layers get the largest"
  const order = Array.from(normalized.keys()).sort((a, b) => normalized[b] - normalized[a]);
  assert.deepEqual(order.slice(0, 5).sort(), [0, 1, 2, 3, 4]);
});

const plainNetwork = createDeepNetwork({
  inputSize: 1,
  outputSize: 1,
  width: params.bnWidth,
  hiddenLayers: params.bnLayers,
  activation: params.bnActivation,
  init: params.bnInit,
  seed: params.seed,
});
const perExample = perExampleGradients(plainNetwork, batch);

Deno.test("averaging more examples' gradients makes the gradient less noisy, roughly as 1/√B", () => {
  const noise = miniBatchNoise(perExample, params.miniBatchSizes);
  assert.deepEqual(noise.map((n) => n.batchSize), [1, 4, 16]);
  const [one, four, sixteen] = noise.map((n) => n.relativeDeviation);
  assertSays(`off by ${sig(one)} times the batch gradient's own size`);
  assertSays(`The mean of 4 examples is off by ${sig(four)}, of 16 by ${sig(sixteen)}`);
  // Each ×4 in B divides the noise by between 1.8 and 2.8 ("roughly halve").
  for (const ratio of [one / four, four / sixteen]) {
    assert.ok(ratio > 1.8 && ratio < 2.8, `${ratio}`);
  }
  assertSays(`only reduces their noise (${sig(one)} → ${sig(sixteen)} from 1 to 16 examples)`);
});

Deno.test("the mean of the per-example gradients vanishes like one example's, and is the batch gradient", () => {
  const one = averagedLayerNorms(perExample, 1);
  const mean = averagedLayerNorms(perExample, params.bnBatch);
  assertSays(
    `from ${sci(one[0])} (one example) or ${sci(mean[0])} (the mean of 64) in the first layer to ${
      sig(last(one))
    } or ${sig(last(mean))} in the output layer`,
  );
  // "exactly the gradient 'without batch normalization' of the previous figure"
  mean.forEach((norm, k) => {
    const batchNorm = bn.plain.weightGradientNorms[k];
    assert.ok(Math.abs(norm - batchNorm) <= 1e-12 * batchNorm, `layer ${k + 1}`);
  });
});

// ---------------------------------------------------------------------------------------------
// 6. Gradient clipping

const task = createSineTask({
  examples: params.examples,
  frequency: params.frequency,
  seed: params.seed,
});
const clipNetwork = () =>
  createDeepNetwork({
    inputSize: 1,
    outputSize: 1,
    width: params.width,
    hiddenLayers: params.clipLayers,
    activation: params.clipActivation,
    init: params.clipInit,
    seed: params.seed,
  });
const clipRun = { loss: meanSquaredErrorLoss, lr: params.learningRate, steps: params.trainSteps };
const train = (options: Partial<TrainOptions>) =>
  trainRecordingUpdates(clipNetwork(), task, { ...clipRun, ...options });
const unclipped = train({});
const byNorm = train({ clipNorm: params.clipNorm });
const byValue = train({ clipValue: params.clipValue });

Deno.test("without clipping training blows up at step 8; both clipped runs take every step", () => {
  assert.equal(unclipped.diverged?.step, 8);
  assertSays("Without clipping, training stops at step 8");
  assert.equal(byNorm.diverged, null);
  assert.equal(byValue.diverged, null);
  assert.equal(byNorm.loss.length, 120);
  assert.equal(byValue.loss.length, 120);
  assertSays("Both clipped runs take all 120 steps");
  const u = unclipped.updateNorm;
  assertSays(
    `the updates grow from ${sig(u[0])} to ${sig(u[5])} at step 5, ${sci(u[6])} at step 6 and ${
      sci(u[7])
    } at step 7`,
  );
});

Deno.test("a clipped update never exceeds η × threshold, and clipping after the step would not cap it", () => {
  const ceiling = params.learningRate * params.clipNorm;
  // Measured from the weights: equal to the ceiling up to rounding when clipped.
  for (const u of byNorm.updateNorm) assert.ok(u <= ceiling * (1 + 1e-12), `${u}`);
  const touching = byNorm.updateNorm.filter((u) => Math.abs(u - ceiling) < 1e-12).length;
  assert.equal(touching, byNorm.clipped.filter(Boolean).length);
  assertSays(
    `the update is never longer than η·c = ${ceiling}; it touches the ceiling in ${touching} of the 120 steps`,
  );
  const valueCeiling = params.learningRate * params.clipValue;
  for (const u of byValue.largestUpdate) assert.ok(u <= valueCeiling * (1 + 1e-12), `${u}`);
  assert.ok(byValue.clipped.every(Boolean));
  assertSays(
    `no single weight ever moves by more than η·0.1 = ${Number(valueCeiling.toPrecision(3))}`,
  );
  assertSays(`(up to ${sig(max(byValue.updateNorm))})`);
  // The unclipped first step is the step a clip applied after the update would have left alone.
  assert.ok(unclipped.updateNorm[0] > ceiling);
});

Deno.test("clipping lets the network learn where the unclipped run's loss explodes", () => {
  assert.equal(unclipped.dataLoss[0], byNorm.dataLoss[0]);
  assert.equal(unclipped.dataLoss[0], byValue.dataLoss[0]);
  assertSays(`All three start from the same loss, ${sig(unclipped.dataLoss[0])}`);
  assertSays(`Without clipping it reaches ${sci(last(unclipped.dataLoss))} before the overflow`);
  assertSays(
    `With clipping by norm it falls to ${
      sig(last(byNorm.dataLoss))
    } in 120 steps, with clipping by value to ${sig(last(byValue.dataLoss))}`,
  );
});

// ---------------------------------------------------------------------------------------------
// 7. Weight penalties

const penaltyNetwork = () =>
  createDeepNetwork({
    inputSize: 1,
    outputSize: 1,
    width: params.width,
    hiddenLayers: params.penaltyLayers,
    activation: params.penaltyActivation,
    init: params.penaltyInit,
    seed: params.seed,
  });
const penaltyRun = {
  loss: meanSquaredErrorLoss,
  lr: params.penaltyLearningRate,
  steps: params.penaltySteps,
};
const unpenalized = trainRecordingUpdates(penaltyNetwork(), task, penaltyRun);
const withL2 = trainRecordingUpdates(penaltyNetwork(), task, {
  ...penaltyRun,
  penalty: { kind: "l2", lambda: params.l2Strength },
});
const withL1 = trainRecordingUpdates(penaltyNetwork(), task, {
  ...penaltyRun,
  penalty: { kind: "l1", lambda: params.l1Strength },
});

Deno.test("the L2 penalty shrinks the weight norm by the factor quoted, close to (1 − ηλ)^steps", () => {
  for (const run of [unpenalized, withL2, withL1]) assert.equal(run.diverged, null);
  assertSays(
    `(${fixed(unpenalized.weightNorm[0], 2)} after the first step, ${
      fixed(last(unpenalized.weightNorm), 2)
    } at the end)`,
  );
  const factor = last(withL2.weightNorm) / withL2.weightNorm[0];
  const decay = Math.pow(1 - params.penaltyLearningRate * params.l2Strength, params.penaltySteps);
  assertSays(
    `L2 shrinks it steadily to ${fixed(last(withL2.weightNorm), 2)}, ${
      sig(factor)
    } of its first value`,
  );
  assertSays(`the (1 − ηλ)²⁰⁰ = ${sig(decay)} that weight decay alone would give`);
  assert.ok(Math.abs(factor - decay) < 0.02 * decay);
  assertSays(`${fixed(withL1.weightNorm[0], 2)} to ${fixed(last(withL1.weightNorm), 2)}`);
  assertSays(`to ${sig(factor)} of their size in 200 steps`);
});

Deno.test("the gradient starts at 216 in every run and ends where the prose says; so does the loss", () => {
  for (const run of [unpenalized, withL2, withL1]) {
    assert.equal(run.gradientNorm[0].toFixed(0), "216");
  }
  assertSays("The gradient norm starts at 216 in all three runs");
  assertSays(
    `at the end it is ${sig(last(unpenalized.gradientNorm))} without a penalty, ${
      sig(last(withL1.gradientNorm))
    } with L1 and ${sig(last(withL2.gradientNorm))} with L2`,
  );
  const pull = params.l2Strength * last(withL2.weightNorm);
  assertSays(`(λ·‖W‖ = ${sig(pull)})`);
  assert.ok(Math.abs(last(withL2.gradientNorm) - pull) < 0.01 * pull); // "mostly the penalty's pull"
  assertSays(
    `the loss ends at ${sig(last(unpenalized.dataLoss))} without a penalty and ${
      sig(last(withL2.dataLoss))
    } with L2 (${sig(last(withL1.dataLoss), 2)} with L1`,
  );
});

// ---------------------------------------------------------------------------------------------
// 8. Shorter context windows

const echoModel = createEchoRnn({
  hiddenSize: params.hiddenSize,
  recurrentGain: params.recurrentGain,
  seed: params.rnnSeed,
});
const sequence = createEchoTask(params.sequenceLength, {
  delay: params.delay,
  seed: params.rnnSeed,
});
const windows = [params.sequenceLength, ...params.windows];
const cuts = windows.map((window) => {
  const g = echoGradient(echoModel, sequence, { window, lossAt: "last" });
  return {
    window,
    norms: Float64Array.from(g.hiddenGradNormByStepsBack),
    gradientNorm: g.gradientNorm,
  };
});

Deno.test("truncated windows cut the gradient at exactly `window` steps back", () => {
  const full = cuts[0].norms;
  assertSays(
    `The gradient grows from ${sig(full[0])} at the last step to ${
      sig(last(full))
    } at 29 steps back, ${(last(full) / full[0]).toFixed(0)} times larger`,
  );
  for (const { window, norms } of cuts.slice(1)) {
    for (let k = 0; k < window; k++) assert.equal(norms[k], full[k], `window ${window}, ${k} back`);
    for (let k = window; k < norms.length; k++) {
      assert.equal(norms[k], 0, `window ${window}, ${k} back`);
    }
  }
  const [whole, ten, five, three] = cuts.map((c) => c.gradientNorm);
  assert.ok(whole > ten && ten > five && five > three);
  assertSays(
    `from ${whole.toFixed(0)} with full BPTT to ${sig(ten)}, ${sig(five)} and ${
      sig(three)
    } with windows of 10, 5 and 3`,
  );
});

const echoRuns = windows.map((window) =>
  trainEchoRnn(
    createEchoRnn({
      hiddenSize: params.hiddenSize,
      recurrentGain: params.recurrentGain,
      seed: params.rnnSeed,
    }),
    createEchoStream(params.sequenceLength, { delay: params.delay, seed: params.rnnSeed }),
    { lr: params.rnnLearningRate, steps: params.rnnSteps, window },
  )
);

Deno.test("full BPTT blows up, windows of 10 and 5 learn the echo, a window of 3 cannot", () => {
  const [full, ten, five, three] = echoRuns;
  for (const run of echoRuns) assert.equal(run.averageLoss[0], full.averageLoss[0]);
  assertSays(`All four start at a loss of ${sig(full.averageLoss[0])}`);
  assert.equal(full.diverged?.step, 216);
  assertSays(`climbs to ${sci(max(full.gradientNorm))} and training blows up at step 216`);
  for (const run of [ten, five, three]) assert.equal(run.diverged, null);
  assertSays(`With a window of 10 the loss falls to ${sig(last(ten.averageLoss), 1)}`);
  assertSays(`with a window of 5 to ${sig(last(five.averageLoss), 2)}`);
  assertSays(
    `its gradient never exceeds ${sig(Math.max(max(ten.gradientNorm), max(five.gradientNorm)))}`,
  );
  assertSays(`the loss only reaches ${sig(last(three.averageLoss))}`);
  assert.ok(
    last(three.averageLoss) > 0.5 && last(ten.averageLoss) < 0.01 && last(five.averageLoss) < 0.01,
  );
});

// ---------------------------------------------------------------------------------------------
// The landscape

const walk: LandscapeFixOptions = {
  start: params.start,
  steps: params.landscapeSteps,
  method: "exact",
};
const scale = params.landscapeScale;
const plain = descendLandscapeWith(scale, { ...walk, lr: params.landscapeLearningRate });
const smaller = descendLandscapeWith(scale, { ...walk, lr: params.smallLearningRate });
const clipped = descendLandscapeWith(scale, {
  ...walk,
  lr: params.landscapeLearningRate,
  rule: "clip",
  threshold: params.slopeClip,
});
const normalized = descendLandscapeWith(scale, {
  ...walk,
  rule: "normalize",
  stepSize: params.normalizedStep,
});

Deno.test("the plain descent leaves the plot at its second step; the three fixes stay inside [50, 125]", () => {
  assert.equal(plain.leftRange?.step, 2);
  assertSays(
    `leaves the plot at its second step (x₂ = ${fixed(plain.x[2], 2)}) and ends at x = ${
      fixed(last(plain.x), 2)
    }`,
  );
  for (const run of [smaller, clipped, normalized]) {
    assert.equal(run.leftRange, undefined);
    assert.equal(run.pointsOutside, 0);
    assert.ok(run.x.every((x) => x >= 50 && x <= 125));
  }
  assertSays("The three fixes all stay inside 50 ≤ x ≤ 125");
});

Deno.test("each landscape fix ends where the prose says", () => {
  assertSays(`the descent settles at x = ${fixed(last(smaller.x), 2)} in the first small dip`);
  // The same run as the ×1 landscape with η = 1 (η·s is what matters), to the digits shown.
  const gentle = descendLandscapeWith(scale / 100, { ...walk, lr: params.smallLearningRate * 100 });
  assert.equal(fixed(last(gentle.x), 2), fixed(last(smaller.x), 2));
  assert.equal(clipped.changedSteps, 20);
  assert.deepEqual(Array.from(clipped.x.subarray(0, 6)), [58, 66, 74, 82, 90, 98]);
  for (let k = 4; k <= 20; k++) assert.equal(clipped.x[k], k % 2 === 0 ? 90 : 98);
  assertSays("58 → 66 → 74 → 82 → 90 → 98");
  assertSays(`it bounces between 98 and 90 and ends at x = ${last(clipped.x)}`);
  assert.deepEqual(Array.from(normalized.x.subarray(0, 4)), [58, 59, 60, 61]);
  for (let k = 2; k <= 20; k++) assert.equal(normalized.x[k], k % 2 === 0 ? 60 : 61);
  assertSays(
    `58 → 59 → 60 → 61, then it bounces between 61 and 60 around the first dip's bottom and ends at x = ${
      last(normalized.x)
    }`,
  );
});

Deno.test("across the three scales only the normalized step takes the same path", () => {
  const scales = [scale / 100, scale / 10, scale];
  const ends = scales.map((s) => ({
    smaller: descendLandscapeWith(s, { ...walk, lr: params.smallLearningRate }),
    clipped: descendLandscapeWith(s, {
      ...walk,
      lr: params.landscapeLearningRate,
      rule: "clip",
      threshold: params.slopeClip,
    }),
    normalized: descendLandscapeWith(s, {
      ...walk,
      rule: "normalize",
      stepSize: params.normalizedStep,
    }),
  }));
  assertSays(
    `at ×1 it crawls from 58 to ${fixed(last(ends[0].smaller.x), 2)} in 20 steps, at ×10 to ${
      fixed(last(ends[1].smaller.x), 2)
    }`,
  );
  assert.equal(ends[0].clipped.changedSteps, 0);
  assert.deepEqual(ends[0].clipped.x, descendLandscapeWith(scale / 100, walk).x); // it _is_ plain descent
  assertSays(`it _is_ plain descent (${fixed(last(ends[0].clipped.x), 2)})`);
  assert.equal(ends[1].clipped.changedSteps, 1);
  assertSays(`at ×10 it cuts a single step and ends at ${fixed(last(ends[1].clipped.x), 2)}`);
  for (const e of ends) assert.deepEqual(e.normalized.x, normalized.x);
  assertSays(`the same end, x = ${last(normalized.x)}`);
});

// ---------------------------------------------------------------------------------------------
// Things to try

Deno.test("the things to try show what the prose says they show", () => {
  const relu = Chapter7Params.parse({ bnActivation: "relu", bnInit: "he" });
  const reluBn = compareBatchNorm(batch, {
    width: relu.bnWidth,
    hiddenLayers: relu.bnLayers,
    activation: relu.bnActivation,
    init: relu.bnInit,
    seed: relu.seed,
  });
  const p = reluBn.plain.weightGradientNorms;
  const n = reluBn.normalized.weightGradientNorms;
  assertSays(
    `within a factor of ${(max(p) / min(p)).toFixed(0)} of each other (${sig(min(p))} to ${
      sig(max(p))
    })`,
  );
  assertSays(`does not improve on that (${sig(min(n))} to ${sig(max(n))})`);
  assert.ok(max(n) / min(n) > max(p) / min(p));

  const loose = train({ clipNorm: 10 });
  assert.equal(loose.diverged, null);
  assertSays(`the ceiling η·c = ${params.learningRate * 10} lets the first large steps through`);
  assertSays(
    `it ends at a loss of ${sig(last(loose.dataLoss))} instead of ${sig(last(byNorm.dataLoss))}`,
  );

  const other = Chapter7Params.parse({ rnnSeed: 1 });
  const [ten, five] = [10, 5].map((window) =>
    trainEchoRnn(
      createEchoRnn({
        hiddenSize: other.hiddenSize,
        recurrentGain: other.recurrentGain,
        seed: other.rnnSeed,
      }),
      createEchoStream(other.sequenceLength, { delay: other.delay, seed: other.rnnSeed }),
      { lr: other.rnnLearningRate, steps: other.rnnSteps, window },
    )
  );
  assertSays(
    `its gradient spikes to ${sci(max(ten.gradientNorm))} and the loss ends at ${
      sig(last(ten.averageLoss))
    }`,
  );
  assertSays(`a window of 5 still learns (${sig(last(five.averageLoss), 2)})`);
});

Deno.test("seeded: running the chapter's experiments again gives identical numbers", () => {
  const again = train({});
  assert.deepEqual(again.updateNorm, unclipped.updateNorm);
  assert.deepEqual(again.dataLoss, unclipped.dataLoss);
  const echoAgain = trainEchoRnn(
    createEchoRnn({
      hiddenSize: params.hiddenSize,
      recurrentGain: params.recurrentGain,
      seed: params.rnnSeed,
    }),
    createEchoStream(params.sequenceLength, { delay: params.delay, seed: params.rnnSeed }),
    { lr: params.rnnLearningRate, steps: params.rnnSteps, window: params.windows[0] },
  );
  assert.deepEqual(echoAgain.loss, echoRuns[1].loss);
  const bnAgain = compareBatchNorm(batch, {
    width: params.bnWidth,
    hiddenLayers: params.bnLayers,
    activation: params.bnActivation,
    init: params.bnInit,
    seed: params.seed,
  });
  assert.deepEqual(bnAgain, bn);
});
