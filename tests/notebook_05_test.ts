/**
 * The numbers the prose of notebooks/05-why-it-hurts.ipynb quotes, recomputed through lib/ with
 * the chapter's default parameters, and found in the notebook's markdown as it writes them:
 * positions with 2 decimals and a real minus sign, slopes and gradients with 3 significant digits
 * (`scientificLabel`).
 *
 * The independent checks (the landscape's derivative against finite differences, the article's
 * procedure unrolled, the unit gradients against central differences of the loss) live in the lib
 * tests; here we check that the lesson tells the reader what their run will show.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  Chapter5Params,
  descendLandscape,
  type LandscapeDescent,
  measureUnitGradients,
  sampleLandscape,
  scientificLabel as label,
  unitGradientExtremes,
} from "../lib/mod.ts";
import {
  assertParametersCellListsDefaults,
  assertProseSays,
  fixed,
  proseOf,
  readNotebook,
  scientific as rounded,
} from "./notebook_prose.ts";

const notebook = readNotebook("05-why-it-hurts.ipynb");
const prose = proseOf(notebook);
const says = (fragment: string) => assertProseSays(prose, fragment);

/** A position as the prose writes it: 2 decimals and a real minus sign. */
const at = (value: number) => fixed(value, 2);

const p = Chapter5Params.parse({});
const walk = { start: p.start, steps: p.steps, lr: p.learningRate, h: p.slopeStep };
const scales = [p.smallScale, p.mediumScale, p.largeScale];
const runs = scales.map((scale) => [
  descendLandscape(scale, { ...walk, method: "forward" }),
  descendLandscape(scale, { ...walk, method: "exact" }),
]);
const end = (run: LandscapeDescent) => run.x[run.x.length - 1];
const absSlopes = (run: LandscapeDescent) => Array.from(run.slope, Math.abs);

Deno.test("the parameters cell lists every parameter of the schema with its default", () => {
  assertParametersCellListsDefaults(notebook, p);
});

Deno.test("the descents end where the prose says", () => {
  const [[f1, e1], [f10, e10], [f100, e100]] = runs;
  says(`the ×1 descent is at x = ${at(end(f1))} with either slope`);
  assert.equal(at(end(e1)), at(end(f1)));
  says(`(${end(f1)} with the forward difference, ${end(e1)} with the exact one)`);
  says(`The ×10 descents end at ${at(end(f10))} and ${at(end(e10))}`);
  assert.equal(f100.leftRange?.step, 2);
  assert.equal(e100.leftRange?.step, 2);
  says(
    `at the second step, at x₂ = ${at(f100.leftRange!.x)}, and end far away, at ${
      at(end(f100))
    } and ${at(end(e100))}.`,
  );
  says(`ends ${rounded(Math.abs(end(f1) - end(e1)), 1)} from the exact-slope run`);
});

Deno.test("the three panels show what the prose describes", () => {
  const [[f1], [f10], [f100, e100]] = runs;
  // ×1 never leaves [58, 60.19] and stops in a dip far above the lowest point of the plot.
  assert.equal(f1.extent.min, p.start);
  says(
    `between x = ${p.start} and x = ${at(f1.extent.max)}, where it settles at f = ${
      at(f1.y[f1.y.length - 1])
    }`,
  );
  const curve = sampleLandscape(p.smallScale, { points: p.points });
  let low = 0;
  for (let i = 1; i < curve.y.length; i++) if (curve.y[i] < curve.y[low]) low = i;
  says(`the lowest point of this plot, f = ${at(curve.y[low])} at x = ${at(curve.x[low])}`);
  // ×10 stays on the plot; ×100 does not.
  assert.equal(f10.leftRange, undefined);
  says(
    `the first step lands at x₁ = ${
      at(f100.x[1])
    } and the second is thrown out of the plot to x₂ = ${at(f100.x[2])}`,
  );
  says(`mark the ${f100.pointsOutside} of ${f100.x.length} points of the forward-difference path`);
  says(`(${e100.pointsOutside} for the exact path)`);
});

Deno.test("the wide view's extremes are the ones the prose quotes", () => {
  const [f100, e100] = runs[2];
  assert.equal(f100.extent.min, end(f100)); // the forward path ends at its farthest point
  says(`wanders down to x = ${at(f100.extent.min)} and ends there`);
  says(`as far as x = ${at(e100.extent.min)} before coming back to ${at(end(e100))}`);
  // Steps of 50 to 80 units cross about a dozen periods (2π) of sin(cos x).
  assert.ok(80 / (2 * Math.PI) > 12 && 50 / (2 * Math.PI) < 12);
});

Deno.test("the step sizes are the ones the prose quotes", () => {
  const [[f1], [f10], [f100]] = runs;
  says(
    `the slope starts at ${label(absSlopes(f1)[0])} and falls to ${
      label(absSlopes(f1)[p.steps])
    } by step 20`,
  );
  says(`between ${label(Math.min(...absSlopes(f10)))} and ${label(Math.max(...absSlopes(f10)))}`);
  says(`between ${label(Math.min(...absSlopes(f100)))} and ${label(Math.max(...absSlopes(f100)))}`);
  // η = 0.01 at ×100 is the ×1 descent with η = 1: x ← x − 0.01·(100·f′) = x − f′.
  const slow = descendLandscape(p.largeScale, { ...walk, lr: 0.01, method: "exact" });
  const gentle = descendLandscape(p.smallScale, { ...walk, method: "exact" });
  for (let k = 0; k <= p.steps; k++) assert.ok(Math.abs(slow.x[k] - gentle.x[k]) < 1e-9);
  says("η = 0.01 makes the ×100 descent behave exactly like the ×1 one");
});

const units = () =>
  measureUnitGradients({
    inputSize: p.networkInputs,
    width: p.networkWidth,
    hiddenLayers: p.networkLayers,
    activation: p.networkActivation,
    init: p.networkInit,
    batch: p.batch,
    seed: p.networkSeed,
  });

Deno.test("the network's extreme unit gradients are the ones the prose quotes", () => {
  const map = units();
  assert.equal(map.diverged, undefined);
  const { smallest, largest, zeros } = unitGradientExtremes(map);
  assert.equal(zeros, 0);
  const ratio = largest!.value / smallest!.value;
  says(`The largest unit gradient, ${label(largest!.value)} in layer ${largest!.layer}`);
  says(
    `is ${label(ratio)} times the smallest, ${label(smallest!.value)} in layer ${smallest!.layer}`,
  );
  assert.equal(Math.floor(Math.log10(ratio)), 12);
  says("span twelve orders of magnitude");
  says(`each unit beyond the first layer sums ${p.networkWidth} inputs`);
  assert.ok(ratio >= 1e12 && ratio < 1e13);
  says("receive gradients a trillion times smaller than others");
});

Deno.test("the things to try say what a reader will see", () => {
  const slow = (scale: number) =>
    end(descendLandscape(scale, { ...walk, lr: 0.01, method: "forward" }));
  says(`the ×100 descent now ends at ${at(slow(p.largeScale))}`);
  says(`barely leaves the start (${at(slow(p.smallScale))})`);
  const xavier = unitGradientExtremes(measureUnitGradients({
    inputSize: p.networkInputs,
    width: p.networkWidth,
    hiddenLayers: p.networkLayers,
    activation: p.networkActivation,
    init: "xavier",
    batch: p.batch,
    seed: p.networkSeed,
  }));
  says(`span ${label(xavier.smallest!.value)} to ${label(xavier.largest!.value)}`);
  const batch = unitGradientExtremes(measureUnitGradients({
    inputSize: p.networkInputs,
    width: p.networkWidth,
    hiddenLayers: p.networkLayers,
    activation: p.networkActivation,
    init: p.networkInit,
    batch: 8,
    seed: p.networkSeed,
  }));
  says(`(${label(batch.smallest!.value)} to ${label(batch.largest!.value)})`);
});
