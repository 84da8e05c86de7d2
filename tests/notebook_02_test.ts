/**
 * Chapter 2's prose quotes numbers a reader checks against their own run; each is recomputed here
 * through lib/ with the chapter's default parameters and looked up in the notebook's markdown, as
 * the prose formats it (fixed decimals or "3.2 × 10⁻⁸", a real minus sign "−").
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  centralGradient,
  Chapter1Params,
  Chapter2Params,
  differenceErrorStudy,
  exactGradient,
  forwardDifference,
  forwardGradient,
  type Gradient2D,
  logSpacedSteps,
  sampleSurfaceWithGradient,
  summarizeErrorStudy,
  surfaceZ,
} from "../lib/mod.ts";
import {
  assertProseSays,
  fixed as fmt,
  listedParameters,
  parametersCell,
  powerOfTen as power,
  proseOf,
  readNotebook,
  scientific,
} from "./notebook_prose.ts";

const notebook = readNotebook("02-actual-gradients.ipynb");
const prose = proseOf(notebook);
const assertSays = (fragment: string) => assertProseSays(prose, fragment);
/** Scientific notation as this chapter writes it: "3.2 × 10⁻⁸" (`digits` significant). */
const sci = (value: number, digits: number) => scientific(value, digits, { spaced: true });

const params = Chapter2Params.parse({});
const h = params.slopeStep;
const exactResult = exactGradient(params.x, params.y);
assert.ok(exactResult.defined, "the default point has an exact gradient");
const exact: Gradient2D = exactResult;
const forward = forwardGradient(surfaceZ, params.x, params.y, h);
const central = centralGradient(surfaceZ, params.x, params.y, h);
const off = (g: Gradient2D) => Math.hypot(g.dx - exact.dx, g.dy - exact.dy);
const pair = (g: Gradient2D, digits = 3) => `(${fmt(g.dx, digits)}, ${fmt(g.dy, digits)})`;

Deno.test("chapter 2's parameters cell lists every parameter with its default", () => {
  const text = parametersCell(notebook);
  assert.match(text, /^\/\/ Parameters: change a value, then run this cell and the ones below\.\n/);
  assert.match(text, /let params = parseParams\(Chapter2Params, \{/);
  assert.match(text, /\}, "chapter 2"\);\nparams;$/);
  assert.deepEqual(listedParameters(text), { ...params });
});

Deno.test("chapter 2 quotes the exact gradient and both estimates at the point", () => {
  assertSays(`At (${params.x}, ${params.y}) the exact gradient is ∇z ≈ ${pair(exact)}`);
  assertSays(`of length ${fmt(Math.hypot(exact.dx, exact.dy), 3)}`);
  assertSays(`The forward estimate ${pair(forward)} is off by ${fmt(off(forward), 3)}`);
  assert.ok(off(forward) > Math.hypot(exact.dx, exact.dy) / 3, "more than a third of the length");
  assertSays(`the central estimate ${pair(central)} is off by ${fmt(off(central), 3)}`);
  assertSays(`both with h = ${h}`);
  assertSays(
    `misses the tangent's slope ${fmt(exact.dx, 3)} by a lot (${fmt(forward.dx, 3)})`,
  );
  assertSays(`its errors partly cancel (${fmt(central.dx, 3)})`);
  assertSays(`At (1, 1), ∇z ≈ ${pair(exact)}. Forward differences with the article's step 0.9`);
  assertSays(`are off by ${fmt(off(forward), 3)}, central differences by ${fmt(off(central), 3)}`);
});

Deno.test("chapter 2 quotes the one-sided slopes at the cone point", () => {
  const tiny = 1e-6;
  assertSays(`with a tiny step, ${power(-6)}`);
  const alongX = (s: number) => surfaceZ(s, 0);
  const alongY = (s: number) => surfaceZ(0, s);
  const right = forwardDifference(alongX, 0, tiny);
  const left = forwardDifference(alongX, -tiny, tiny);
  const above = forwardDifference(alongY, 0, tiny);
  const below = forwardDifference(alongY, -tiny, tiny);
  assertSays(
    `Along x the slope is ${fmt(right, 3)} from the right and ${fmt(left, 3)} from the left`,
  );
  assertSays(`along y it is ${fmt(above, 3)} from above and ${fmt(below, 3)} from below`);
  assertSays(`settle on ${pair(forwardGradient(surfaceZ, 0, 0, tiny))}`);
  assertSays(`settle on ${pair(centralGradient(surfaceZ, 0, 0, tiny))}`);
  assertSays(
    `the one-sided slopes are ${fmt(right, 1)} and ${fmt(left, 1)} along x, ${fmt(above, 1)} and ${
      fmt(below, 0)
    } along y`,
  );
  assert.equal(exactGradient(0, 0).defined, false);
  // The article's estimate at its own point, with chapter 1's defaults.
  const article = Chapter1Params.parse({});
  const articleSlopes = forwardGradient(surfaceZ, article.x, article.y, article.slopeStep);
  assertSays(`the article's ${pair(articleSlopes)} is a one-sided slope over a long step`);
});

Deno.test("chapter 2 quotes the bottoms and the slopes of the error V shapes", () => {
  const steps = logSpacedSteps({
    largest: params.largestStep,
    smallest: params.smallestStep,
    perDecade: params.stepsPerDecade,
  });
  const study = differenceErrorStudy((s) => surfaceZ(s, params.y), params.x, {
    exact: exact.dx,
    steps,
  });
  const { forward: f, central: c } = summarizeErrorStudy(study);
  assertSays(`ε ≈ ${sci(Number.EPSILON, 2)}`);
  assertSays(`does best at h ≈ ${sci(f.bestStep, 2)}, with an error of ${sci(f.bestError, 2)}`);
  assertSays(`at h ≈ ${sci(c.bestStep, 2)}, with an error of ${sci(c.bestError, 2)}`);
  const errorRatio = f.bestError / c.bestError;
  const stepRatio = c.bestStep / f.bestStep;
  assertSays(`an error about ${Number(errorRatio.toPrecision(1))} times smaller`);
  assertSays(`a step about ${Number(stepRatio.toPrecision(2))} times larger`);
  assertSays(
    `√ε ≈ ${sci(Math.sqrt(Number.EPSILON), 2)} and ∛ε ≈ ${sci(Math.cbrt(Number.EPSILON), 1)}`,
  );
  assertSays(
    `The right arms have slopes ${fmt(f.truncationSlope!, 2)} and ${fmt(c.truncationSlope!, 2)}`,
  );
  assertSays(`the left arms ${fmt(f.roundOffSlope!, 2)} and ${fmt(c.roundOffSlope!, 2)}`);
  assertSays("fitted on the steps at least 100 times away from the bottom");
  const last = study.h.length - 1;
  assert.equal(study.h[last], 1e-15);
  const atHundredth = study.h.findIndex((s) => s === 0.01);
  assert.ok(atHundredth >= 0, "0.01 is one of the steps");
  assert.ok(study.forwardError[last] > study.forwardError[atHundredth], "worse than at h = 0.01");
  assertSays(
    `at h = ${power(-15)} the forward error is ${
      sci(study.forwardError[last], 2)
    }, worse than at h = 0.01`,
  );
  // The summary's rounder numbers.
  assertSays(
    `the best forward step is about ${sci(f.bestStep, 1)} (error about ${
      power(Math.round(Math.log10(f.bestError)))
    }), the best central step about ${sci(c.bestStep, 1)} (error about ${
      power(Math.round(Math.log10(c.bestError)))
    })`,
  );
});

Deno.test("chapter 2 quotes the arrow positions of the gradient field", () => {
  const field = sampleSurfaceWithGradient({
    min: params.gridMin,
    max: params.gridMax,
    step: params.fieldStep,
  });
  const n = field.x.length;
  assertSays(`the map has ${n} × ${field.y.length} arrow positions`);
  assert.equal(field.undefinedAt.length, 1);
  const [{ i, j }] = field.undefinedAt;
  assert.deepEqual([field.x[i], field.y[j]], [0, 0]);
  assertSays(
    `${n * field.y.length} positions, ${
      n * field.y.length - 1
    } arrows; the missing one is column ${i}, row ${j}: the point (0, 0).`,
  );
});

Deno.test("chapter 2's things to try quote what the edited parameters give", () => {
  const fine = Chapter2Params.parse({ slopeStep: 0.1 });
  const f = forwardGradient(surfaceZ, fine.x, fine.y, fine.slopeStep);
  const c = centralGradient(surfaceZ, fine.x, fine.y, fine.slopeStep);
  assertSays("Set `slopeStep: 0.1`");
  assertSays(`drops from ${fmt(off(forward), 3)} to ${fmt(off(f), 3)}`);
  assertSays(`from ${fmt(off(central), 3)} to ${fmt(off(c), 4)}`);
  assertSays(
    `about ${Number((off(forward) / off(f)).toPrecision(1))} and ${
      Number((off(central) / off(c)).toPrecision(1))
    } times smaller for a step ${Math.round(h / fine.slopeStep)} times smaller`,
  );
  const top = Chapter2Params.parse({ x: -3.25, y: 1.25 });
  const topExact = exactGradient(top.x, top.y);
  assert.ok(topExact.defined);
  assertSays("Set `x: -3.25, y: 1.25`, the hilltop");
  assertSays(`The exact gradient is tiny, ${pair(topExact)}`);
  assertSays(
    `the forward estimate with h = 0.9 is ${
      pair(forwardGradient(surfaceZ, top.x, top.y, top.slopeStep))
    }`,
  );
});
