/**
 * The numbers the prose of notebooks/03-gradient-descent.ipynb quotes, recomputed through lib/
 * with the chapter's default parameters, and found in the notebook's markdown as it writes them.
 *
 * The independent checks of these computations (the article's path unrolled by hand, the exact
 * gradient against central differences, the cone point) live in the lib tests; here we check that
 * the lesson tells the reader what their run will show.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  Chapter3Params,
  exactGradient,
  followGradient,
  type GradientPath,
  surfaceGradient,
  surfaceZ,
} from "../lib/mod.ts";
import {
  assertParametersCellListsDefaults,
  assertProseSays,
  fixed,
  full,
  proseOf,
  readNotebook,
} from "./notebook_prose.ts";

const notebook = readNotebook("03-gradient-descent.ipynb");
const prose = proseOf(notebook);
const assertSays = (fragment: string) => assertProseSays(prose, fragment);

const defaults = Chapter3Params.parse({});
const start = { x: defaults.startX, y: defaults.startY };
const walk = {
  method: defaults.method,
  h: defaults.slopeStep,
  lr: defaults.learningRate,
  steps: defaults.steps,
};
const nudged = { x: defaults.startX + defaults.nudge, y: defaults.startY };
const top = { x: -Math.PI, y: (5 * Math.PI) / 12 };
const bottom = { x: Math.PI, y: (-3 * Math.PI) / 4 };

/** A number rounded to `digits` decimals without trailing zeros: 0.2, −0.3, 0. */
function rounded(value: number, digits: number): string {
  const n = Number(value.toFixed(digits));
  return n === 0 ? "0" : n < 0 ? `−${String(-n)}` : String(n);
}

const last = (path: GradientPath) => path.stepsTaken;

Deno.test("the parameters cell lists every parameter of the schema with its default", () => {
  assertParametersCellListsDefaults(notebook, defaults);
});

Deno.test("the article's ascent ends where the prose and the article say, short of the top", () => {
  const ascent = followGradient(start, { ...walk, direction: "ascent" });
  const k = last(ascent);
  assert.equal(k, 10);
  // The article's printout (the lib author checked it against CPython).
  assert.equal(ascent.x[k], -3.1049518549736064);
  assert.equal(ascent.y[k], 0.789274844799824);
  assertSays(`x = ${full(ascent.x[k])} and y = ${full(ascent.y[k])}, exactly the numbers`);
  assertSays(`from 0 to ${fixed(ascent.z[1], 3)} after the first, ${fixed(ascent.z[k], 3)} after`);
  assertSays(`the last step adds only ${fixed(ascent.z[k] - ascent.z[k - 1], 3)}`);
  assertSays(`with a score of ${fixed(ascent.z[k], 3)}.`);
  // Step lengths: η·‖g‖ at the first and the last step.
  const first = walk.lr * Math.hypot(ascent.gradX[0], ascent.gradY[0]);
  const lastStep = walk.lr * Math.hypot(ascent.gradX[k - 1], ascent.gradY[k - 1]);
  assertSays(`the first step is ${fixed(first, 2)} long, the last ${fixed(lastStep, 2)}`);
  // The top of the surface and how far the walk is from it.
  assert.ok(Math.abs(surfaceZ(top.x, top.y) - 1.2) < 1e-12);
  assertSays(
    `z = 1.2, at (−π, 5π/12) ≈ (${fixed(top.x, 2)}, ${fixed(top.y, 2)})`,
  );
  const gap = Math.hypot(ascent.x[k] - top.x, ascent.y[k] - top.y);
  assertSays(`the top of this hill is 1.2, about ${fixed(gap, 2)} away`);
});

Deno.test("the article's descent ends where the prose and the article say, and stalls", () => {
  const descent = followGradient(start, { ...walk, direction: "descent" });
  const k = last(descent);
  assert.equal(descent.x[k], 2.1456172713615604);
  assert.equal(descent.y[k], -0.0899911840104735);
  assertSays(`x = ${full(descent.x[k])} and y = ${full(descent.y[k])}, again the article's`);
  assertSays(`with a loss of ${fixed(descent.z[k], 3)}.`);
  assertSays(
    `for five steps, to ${fixed(descent.z[5], 3)}, then bounces back to ` +
      `${fixed(descent.z[6], 3)} at step 6`,
  );
  assert.ok(Math.abs(descent.z[k] - descent.z[k - 4]) < 0.002);
  assertSays("the last four steps change it by less than 0.002");
  // Steps 6 to 10 bunch up near x = 2.14.
  for (let s = 6; s <= k; s++) assert.ok(Math.abs(descent.x[s] - 2.14) < 0.01, `x at step ${s}`);
  assertSays("squeezed together near x = 2.14");
  // The first step, both ways.
  const g = surfaceGradient(start.x, start.y, { method: walk.method, h: walk.h });
  assert.ok(g.defined);
  const gx = fixed(g.dx, 3);
  const gy = fixed(g.dy, 3);
  assertSays(
    `the gradient is (${gx}, ${gy}): ascent steps to (${gx}, ${gy}), descent to ` +
      `(${fixed(-g.dx, 3)}, ${fixed(-g.dy, 3)})`,
  );
  // The bottom of the surface and how far the walk is from it.
  assert.ok(Math.abs(surfaceZ(bottom.x, bottom.y) + 1.2) < 1e-12);
  assertSays(
    `−1.2, reached for example at (π, −3π/4) ≈ (${fixed(bottom.x, 2)}, ${fixed(bottom.y, 2)})`,
  );
  const gap = Math.hypot(descent.x[k] - bottom.x, descent.y[k] - bottom.y);
  assertSays(`about ${fixed(gap, 1)} away at (3.14, −2.36)`);
});

Deno.test("the exact walk stops at the cone point; a hair away the gradient depends on the side", () => {
  const stuck = followGradient(start, { ...walk, method: "exact", direction: "ascent" });
  assert.equal(stuck.stepsTaken, 0);
  assert.equal(stuck.stopped?.reason, "undefined-gradient");
  assertSays("The walk took 0 steps");
  const hair = defaults.nudge;
  const sides: [string, number, number][] = [
    ["east", hair, 0],
    ["north", 0, hair],
    ["west", -hair, 0],
    ["south", 0, -hair],
  ];
  const quoted = sides.map(([side, x, y]) => {
    const g = exactGradient(x, y);
    assert.ok(g.defined, side);
    return `(${rounded(g.dx, 1)}, ${rounded(g.dy, 1)}) from the ${side}`;
  });
  assertSays(`${quoted[0]}, ${quoted[1]}, ${quoted[2]} and ${quoted[3]}`);
  assertSays("they give the ordinary-looking (−0.267, 0.216)");
});

Deno.test("the exact walks from a hair away end where the prose says, beyond the article's", () => {
  const up = followGradient(nudged, { ...walk, method: "exact", direction: "ascent" });
  const down = followGradient(nudged, { ...walk, method: "exact", direction: "descent" });
  const forwardUp = followGradient(start, { ...walk, direction: "ascent" });
  const forwardDown = followGradient(start, { ...walk, direction: "descent" });
  const [i, j] = [last(up), last(down)];
  assertSays(
    `ascent ends at (${fixed(up.x[i], 3)}, ${fixed(up.y[i], 3)}) with a score of ` +
      `${fixed(up.z[i], 3)} (the article's walk: ${fixed(forwardUp.z[last(forwardUp)], 3)})`,
  );
  assertSays(
    `descent at (${fixed(down.x[j], 3)}, ${fixed(down.y[j], 3)}) with a loss of ` +
      `${fixed(down.z[j], 3)} (the article's: ${fixed(forwardDown.z[last(forwardDown)], 3)})`,
  );
  assertSays(`the exact walks then reach ${fixed(up.z[i], 3)} and ${fixed(down.z[j], 3)}`);
});

Deno.test("the article's descent stalls where its slopes read flat but the ground still falls", () => {
  const descent = followGradient(start, { ...walk, direction: "descent" });
  const k = last(descent);
  const [x, y] = [descent.x[k], descent.y[k]];
  const slopes = surfaceGradient(x, y, { method: walk.method, h: walk.h });
  const exact = exactGradient(x, y);
  assert.ok(slopes.defined && exact.defined);
  assertSays(`about (${fixed(slopes.dx, 3)}, ${fixed(slopes.dy, 3)}): flat`);
  assertSays(`The exact gradient is (${fixed(exact.dx, 3)}, ${fixed(exact.dy, 3)})`);
  assertSays(`(${fixed(exact.dx, 3)}, ${fixed(exact.dy, 3)}).`); // in the summary too
  const far = x + walk.h;
  assertSays(
    `compares z at x = ${fixed(x, 3)} with z at x = ${fixed(x, 3)} + ${walk.h} = ` +
      `${fixed(far, 3)}`,
  );
  assertSays(`(${fixed(surfaceZ(x, y), 3)} and ${fixed(surfaceZ(far, y), 3)})`);
  // The lowest point of the dip between them, sampled finely along the same line.
  let dip = Infinity;
  for (let s = 0; s <= 10_000; s++) dip = Math.min(dip, surfaceZ(x + (walk.h * s) / 10_000, y));
  assertSays(`goes down to about ${fixed(dip, 3)}`);
});

Deno.test("the learning-rate sweep shows the crawl, the progress and the bounce the prose quotes", () => {
  assert.deepEqual(defaults.learningRates, [0.1, 0.5, 1, 3]);
  const sweep = defaults.learningRates.map((lr) =>
    followGradient(nudged, { method: "exact", lr, steps: defaults.steps, direction: "descent" })
  );
  const end = (p: GradientPath) => fixed(p.z[last(p)], 3);
  assertSays(`With η = 0.1 the walk crawls: after ten steps the loss is only ${end(sweep[0])}`);
  assertSays(`With η = 0.5 it is moving but slowly (${end(sweep[1])})`);
  assertSays(`η = 1 reaches ${end(sweep[2])}`);
  const bouncy = sweep[3];
  assertSays(`η = 3 is fastest at first (${fixed(bouncy.z[3], 3)} after three steps)`);
  assertSays(`lands back up at ${fixed(bouncy.z[4], 3)}`);
  const after = Array.from(bouncy.z.subarray(3));
  assertSays(
    `it bounces between about ${fixed(Math.max(...after), 2)} and ${fixed(Math.min(...after), 2)}`,
  );
  let longest = 0;
  for (let s = 0; s < bouncy.stepsTaken; s++) {
    longest = Math.max(longest, bouncy.lr * Math.hypot(bouncy.gradX[s], bouncy.gradY[s]));
  }
  assertSays(`a jump of up to ${fixed(longest, 1)} on the steep sides`);
  const xs = Array.from(bouncy.x.subarray(3));
  assertSays(
    `x swings between about ${fixed(Math.min(...xs), 1)} and ${fixed(Math.max(...xs), 1)}`,
  );
});

Deno.test("the things to try say what a reader will see", () => {
  // steps: 200 — the exact ascent reaches the top, the article's settles lower than after ten steps.
  const long = { ...walk, steps: 200 };
  const exactUp = followGradient(nudged, { ...long, method: "exact", direction: "ascent" });
  const forwardUp = followGradient(start, { ...long, direction: "ascent" });
  const e = last(exactUp);
  const f = last(forwardUp);
  assert.ok(Math.abs(exactUp.z[e] - 1.2) < 1e-9);
  assert.ok(Math.abs(exactUp.x[e] - top.x) < 1e-4 && Math.abs(exactUp.y[e] - top.y) < 1e-4);
  assertSays(
    `z = 1.2 at (${fixed(exactUp.x[e], 4)}, ${fixed(exactUp.y[e], 4)}) = (−π, 5π/12)`,
  );
  assertSays(
    `settles at (${fixed(forwardUp.x[f], 3)}, ${fixed(forwardUp.y[f], 3)}) with a score of ` +
      `${fixed(forwardUp.z[f], 3)}`,
  );
  const tenSteps = followGradient(start, { ...walk, direction: "ascent" });
  assert.ok(forwardUp.z[f] < tenSteps.z[last(tenSteps)], "lower than after ten steps");
  // method: "central", slopeStep: 0.001 — the descent no longer stalls.
  const central = followGradient(start, {
    ...walk,
    method: "central",
    h: 0.001,
    direction: "descent",
  });
  assertSays(`descent reaches about ${fixed(central.z[last(central)], 2)} instead of stalling`);
  // nudge: 0 — the exact walks stop on the cone point.
  const onTip = followGradient({ x: defaults.startX, y: defaults.startY }, { method: "exact" });
  assert.equal(onTip.stepsTaken, 0);
  assertSays("Set `nudge: 0`. The exact walks start on the cone point and stop before their first");
});
