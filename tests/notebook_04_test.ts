/**
 * The numbers the prose of notebooks/04-exploding-and-vanishing.ipynb quotes, recomputed through
 * lib/ with the chapter's default parameters, and found in the notebook's markdown as it writes
 * them (3 significant digits, powers of ten as ×10⁻⁷, as `scientificLabel` formats them).
 *
 * The independent checks of these computations (products of weights by hand, gradients against
 * finite differences, the random chains' statistics) live in the lib tests; here we check that the
 * lesson tells the reader what their run will show.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  Chapter4Params,
  runChain,
  runRandomChain,
  scientificLabel as label,
  sweepThroughOne,
} from "../lib/mod.ts";
import {
  assertParametersCellListsDefaults,
  assertProseSays,
  proseOf,
  readNotebook,
  scientific as rounded,
} from "./notebook_prose.ts";

const notebook = readNotebook("04-exploding-and-vanishing.ipynb");
const prose = proseOf(notebook);
const says = (fragment: string) => assertProseSays(prose, fragment);

const p = Chapter4Params.parse({});
const chain = (w: number, activation?: "sigmoid" | "tanh") =>
  runChain(w, { depth: p.depth, input: p.input, activation });

Deno.test("the parameters cell lists every parameter of the schema with its default", () => {
  assertParametersCellListsDefaults(notebook, p);
});

Deno.test("the outputs of the three chains are the ones the prose quotes", () => {
  const [small, one, large] = [p.smallWeight, 1, p.largeWeight].map((w) => chain(w));
  says(`into y = ${label(small.values[p.depth])} with w = ${p.smallWeight}`);
  assert.equal(one.values[p.depth], 1);
  says("into 1 with w = 1");
  says(`y = ${label(large.values[p.depth])} (2²⁰ = 1 048 576) with w = ${p.largeWeight}`);
  assert.equal(large.values[p.depth], 1048576);
  says(`climbs by ${label(Math.log10(p.largeWeight))} per layer`);
});

Deno.test("the gradients at the input and of the weights are the ones the prose quotes", () => {
  const small = chain(p.smallWeight);
  const large = chain(p.largeWeight);
  says(
    `∂y/∂x₀ = ∂y/∂h₀ is ${label(large.inputGradients[0])} for w = ${p.largeWeight} and ` +
      `${label(small.inputGradients[0])} for w = ${p.smallWeight}`,
  );
  // Every ∂y/∂wₖ of a constant chain is the same: x₀·w^(L−1).
  for (const c of [small, large]) {
    assert.ok(c.weightGradients.every((g) => g === c.weightGradients[0]));
  }
  says(`gets the gradient ${label(large.weightGradients[0])} (2¹⁹)`);
  says(`every weight of the w = ${p.smallWeight} chain ${label(small.weightGradients[0])}`);
});

Deno.test("one notch either side of 1 on the slider gives the numbers the prose quotes", () => {
  const sweep = sweepThroughOne(p.smallWeight, p.largeWeight);
  const one = sweep.indexOf(1);
  const right = chain(sweep[one + 1]);
  const left = chain(sweep[one - 1]);
  says(`w = ${label(sweep[one + 1])}, only 12 % above 1`);
  says(`multiplies the input by ${label(right.values[p.depth])} over 20 layers`);
  says(`w = ${label(sweep[one - 1])}, shrinks it to ${label(left.values[p.depth])}`);
});

Deno.test("the very deep chains overflow and underflow where the prose says", () => {
  const large = runChain(p.largeWeight, { depth: p.longDepth, input: p.input });
  const small = runChain(p.smallWeight, { depth: p.longDepth, input: p.input });
  assert.deepEqual(large.diverged, { pass: "forward", layer: 1023, value: Infinity });
  says("the forward pass overflows in layer 1023: its output, h₁₀₂₄ = 2¹⁰²⁴");
  says("overflow at layer 1024");
  assert.equal(large.values.length, 1024);
  says(`climbs to about ${rounded(large.values[1023], 1)} at layer 1023`);
  assert.equal(small.vanished?.forward, 1075);
  says("becomes exactly 0 at layer 1075");
  assert.equal(small.vanished?.backward, 25);
  says("exactly 0 for every layer k up to 25");
  says(`falls to ${rounded(small.values[1074], 2)} at layer 1074`);
  // In 32-bit floats 2¹²⁸ overflows, 2¹²⁷ does not.
  assert.equal(Math.fround(2 ** 128), Infinity);
  assert.ok(Number.isFinite(Math.fround(2 ** 127)));
  says("the w = 2 chain would overflow at layer 128");
  says(
    `up to about ${rounded(Number.MAX_VALUE, 2)}, and positive numbers down to about ${
      rounded(Number.MIN_VALUE, 2)
    }`,
  );
  says(`whose largest value is about ${rounded((2 - 2 ** -23) * 2 ** 127, 2)}`);
});

Deno.test("the activated chains vanish with the slopes and gradients the prose quotes", () => {
  const [small, one, large] = [p.smallWeight, 1, p.largeWeight].map((w) =>
    chain(w, p.activation as "sigmoid")
  );
  says(`settle at h ≈ ${label(one.values[p.depth])}`);
  says(`where the sigmoid's slope is ${label(one.activationSlopes[p.depth - 1])}`);
  says(`after 20 layers ∂y/∂x₀ = ${label(one.inputGradients[0])}`);
  says(`its slope drops to ${label(large.activationSlopes[p.depth - 1])}`);
  says(`∂y/∂x₀ = ${label(large.inputGradients[0])}. With w = ${p.smallWeight}`);
  says(`∂y/∂x₀ = ${label(small.inputGradients[0])}.`);
  // The sigmoid's slope never exceeds 1/4, so neither does any factor w·σ′ ≤ w/4 with w = 1.
  assert.ok(one.activationSlopes.every((s) => s <= 0.25));
});

Deno.test("the random-matrix chains end with the norms the prose quotes", () => {
  const [small, one, large] = [p.smallScale, 1, p.largeScale].map((scale) =>
    runRandomChain({
      width: p.width,
      depth: p.matrixDepth,
      scale,
      activation: p.matrixActivation,
      seed: p.seed,
    })
  );
  for (const c of [small, one, large]) assert.equal(c.gradientsFrom, 0);
  const out = (c: typeof one) => label(c.signalNorms[p.matrixDepth]);
  says(
    `the signal's norm is ${out(small)} at scale ${p.smallScale}, ${out(one)} at scale 1 and ` +
      `${out(large)} at scale ${p.largeScale}`,
  );
  says(
    `norm ${label(small.gradientNorms[0])}, ${label(one.gradientNorms[0])} and ` +
      `${label(large.gradientNorms[0])}`,
  );
  says(`(${label(one.signalNorms[p.matrixDepth])} at the output, ${label(one.gradientNorms[0])}`);
  says(`${label(1 / Math.sqrt(p.width))} for n = ${p.width}`);
  const other = (seed: number) =>
    runRandomChain({
      width: p.width,
      depth: p.matrixDepth,
      scale: 1,
      activation: p.matrixActivation,
      seed,
    }).signalNorms[p.matrixDepth];
  says(`with \`seed: 2\` the output's norm is ${label(other(2))}`);
  says(
    `with \`seed: 3\` it is ${label(other(3))}, a factor of ${Math.round(1 / other(3))} below 1`,
  );
  assert.equal(Math.round(Math.log10(large.signalNorms[p.matrixDepth])), 15);
  assert.equal(Math.round(-Math.log10(small.signalNorms[p.matrixDepth])), 15);
  says("move the signal by 15 orders of magnitude");
  says(`0.5⁵⁰ ≈ ${rounded(0.5 ** 50, 2)}`);
  says(`2⁵⁰ ≈ ${rounded(2 ** 50, 2)}`);
});

Deno.test("the things to try say what a reader will see", () => {
  says(`the output becomes ${label(runChain(1.05, { depth: 200 }).values[200])}`);
  says(`fades only to ${label(chain(1, "tanh").inputGradients[0])} after 20 layers`);
  says(`drops to ${label(chain(2, "tanh").inputGradients[0])}`);
  const relu = (scale: number) =>
    runRandomChain({
      width: p.width,
      depth: p.matrixDepth,
      scale,
      activation: "relu",
      seed: p.seed,
    });
  says(`shrinks to ${label(relu(1).signalNorms[p.matrixDepth])} after 50 layers`);
  says(`brings it back to about ${label(relu(1.414).signalNorms[p.matrixDepth])}`);
});
