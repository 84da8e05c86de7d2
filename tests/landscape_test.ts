import assert from "node:assert/strict";
import { toPlainJson } from "../lib/display.ts";
import {
  descendLandscape,
  landscape,
  landscapeForwardSlope,
  landscapeSlope,
  sampleLandscape,
} from "../lib/landscape.ts";

// The article's procedure, written out here as a plain loop (independent of lib/landscape.ts):
// f(x, s), its forward-difference slope with dx = 0.00001, and 20 steps point ← point − slope from
// 58, recording each point before stepping.
function articleF(x: number, scale: number): number {
  return scale *
    (0.3 * Math.sin(x * 0.1) + 0.5 * Math.sin(Math.cos(x)) + 0.1 * Math.sin(x * 0.3 + 2) +
      4 * Math.cos(x * 0.1) + 6 * Math.sin(x * 0.05));
}
function articleSlope(x: number, scale: number): number {
  const dx = 0.00001;
  return (articleF(x + dx, scale) - articleF(x, scale)) / dx;
}
function articleRun(scale: number): { xs: number[]; ys: number[]; last: number } {
  let point = 58;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < 20; i++) {
    xs.push(point);
    ys.push(articleF(point, scale));
    point = point - articleSlope(point, scale);
  }
  return { xs, ys, last: point };
}

Deno.test("landscapeSlope() matches a central difference at 1001 points and three scales", () => {
  // Central difference with h = 1e−5: truncation h²·|f‴|/6 ≤ 1e−10·1.01/6 (|f‴| ≤ 1.01 for s = 1,
  // by a dense numerical scan)
  // plus rounding ≈ 1e−16·|f|/h ≈ 1e−10 for |f| ≤ 11. Tolerance: 1e−8 times the scale.
  const h = 1e-5;
  for (const scale of [1, 10, 100]) {
    for (let i = 0; i <= 1000; i++) {
      const x = -100 + 0.3 * i; // [−100, 200], beyond the plotted range on purpose
      const central = (landscape(x + h, scale) - landscape(x - h, scale)) / (2 * h);
      const exact = landscapeSlope(x, scale);
      assert.ok(
        Math.abs(exact - central) < 1e-8 * scale,
        `s = ${scale}, x = ${x}: exact ${exact}, central ${central}`,
      );
    }
  }
});

Deno.test("landscape() and landscapeSlope() give the hand-computed values at x = 0", () => {
  // f(0) = 0.5·sin(1) + 0.1·sin(2) + 4; f′(0) = 0.03 + 0.03·cos(2) + 0.3.
  assert.ok(Math.abs(landscape(0) - (0.5 * Math.sin(1) + 0.1 * Math.sin(2) + 4)) < 1e-15);
  assert.ok(Math.abs(landscapeSlope(0, 100) - 100 * (0.33 + 0.03 * Math.cos(2))) < 1e-13);
  // Both scale linearly with s.
  assert.ok(Math.abs(landscape(70, 10) - 10 * landscape(70, 1)) < 1e-13);
  assert.ok(Math.abs(landscapeSlope(70, 10) - 10 * landscapeSlope(70, 1)) < 1e-14);
});

Deno.test("descendLandscape() reproduces the article's procedure exactly at scales 1, 10 and 100", () => {
  for (const scale of [1, 10, 100]) {
    const article = articleRun(scale);
    const run = descendLandscape(scale); // defaults: forward difference, 58, 20 steps, η = 1
    assert.equal(run.x.length, 21);
    assert.deepEqual(Array.from(run.x.subarray(0, 20)), article.xs);
    assert.deepEqual(Array.from(run.y.subarray(0, 20)), article.ys);
    assert.equal(run.x[20], article.last); // the 20th step, computed but not drawn by the article
    for (let k = 0; k < 20; k++) assert.equal(run.slope[k], articleSlope(article.xs[k], scale));
  }
});

Deno.test("descendLandscape() ends where the article's Python code ends when run with NumPy", () => {
  // Final points x₂₀ from running the article's code (and the same loop with the exact slope)
  // under Python 3 / NumPy 2; the ×10 and ×100 paths are chaotic, so a loose 1e−6 is stated.
  const numpy = {
    forward: { 1: 60.18873888711002, 10: 93.80302866650342, 100: -77.58142681233676 },
    exact: { 1: 60.18874387946738, 10: 89.42516093232561, 100: -36.99766652136784 },
  } as const;
  for (const method of ["forward", "exact"] as const) {
    for (const scale of [1, 10, 100] as const) {
      const last = descendLandscape(scale, { method }).x[20];
      const expected = numpy[method][scale];
      assert.ok(Math.abs(last - expected) < 1e-6, `${method} ×${scale}: ${last} vs ${expected}`);
    }
  }
});

Deno.test("descendLandscape() with the exact slope steps by exactly f′ and stays near the forward run at ×1", () => {
  const exact = descendLandscape(1, { method: "exact" });
  const forward = descendLandscape(1);
  for (let k = 0; k < 20; k++) {
    assert.equal(exact.slope[k], landscapeSlope(exact.x[k], 1));
    assert.equal(exact.x[k + 1], exact.x[k] - exact.slope[k]);
    // The forward difference is off by about h·|f″|/2 ≤ 0.5e−5 per step (|f″| ≤ 0.99 by adding the
    // terms' bounds); near the
    // minimum the map contracts, so 20 steps stay well within 20·1e−5 = 2e−4.
    assert.ok(Math.abs(exact.x[k + 1] - forward.x[k + 1]) < 2e-4, `step ${k + 1}`);
  }
});

Deno.test("descendLandscape() at ×1 stays in the range, at ×100 leaves it on step 2 and says where", () => {
  const small = descendLandscape(1);
  assert.equal(small.leftRange, undefined);
  assert.equal(small.pointsOutside, 0);
  assert.ok(small.extent.min === 58 && small.extent.max < 61); // a crawl into the nearby dip
  const medium = descendLandscape(10);
  assert.equal(medium.leftRange, undefined);

  for (const method of ["forward", "exact"] as const) {
    const large = descendLandscape(100, { method });
    // Independently: the first recorded point outside [50, 125], from the article loop (forward)
    // or from the exact-slope loop written here.
    let x = 58;
    let firstOut = -1;
    let outside = 0;
    let min = 58;
    for (let k = 0; k <= 20; k++) {
      if (x < 50 || x > 125) {
        outside++;
        if (firstOut < 0) firstOut = k;
      }
      min = Math.min(min, x);
      x -= method === "forward" ? articleSlope(x, 100) : landscapeSlope(x, 100);
    }
    assert.equal(firstOut, 2);
    assert.equal(large.leftRange?.step, 2);
    assert.equal(large.leftRange?.side, "left");
    assert.equal(large.leftRange?.x, large.x[2]); // unclipped
    assert.ok(large.x[2] < 50);
    assert.equal(large.pointsOutside, outside);
    assert.equal(large.extent.min, min); // where it went, to size an axis
    assert.ok(large.extent.min < 0);
  }
});

Deno.test("descendLandscape() reports divergence with finite arrays only", () => {
  // s = 1e300 and η = 1e10: the first step is ≈ 1e10·5.5e299 > 1.8e308, so x₁ = +Infinity.
  const wild = descendLandscape(1e300, { lr: 1e10 });
  assert.equal(wild.diverged?.step, 1);
  assert.equal(wild.diverged?.quantity, "x");
  assert.equal(wild.diverged?.value, Infinity);
  assert.equal(wild.x.length, 1);
  assert.equal(wild.x[0], 58);
  for (const arr of [wild.x, wild.y, wild.slope]) {
    for (const v of arr) assert.ok(Number.isFinite(v));
  }
  assert.doesNotThrow(() => toPlainJson({ x: wild.x, y: wild.y, slope: wild.slope }));

  // s = 1e308: f(58) ≈ 4.9e308 overflows before any step; nothing finite to keep.
  const flat = descendLandscape(1e308);
  assert.deepEqual(flat.diverged, { step: 0, quantity: "f", value: Infinity });
  assert.equal(flat.x.length, 0);
  assert.equal(flat.y.length, 0);
});

Deno.test("descendLandscape() at s = 1e300 stays finite: the forward difference freezes once x + h rounds to x", () => {
  // The first step throws x to ≈ 5.5e299, where x + 1e−5 === x, so the forward slope is exactly 0
  // and the descent stops dead: not a divergence, but a wrong gradient.
  const run = descendLandscape(1e300);
  assert.equal(run.diverged, undefined);
  assert.equal(run.x[1] + 1e-5, run.x[1]);
  for (let k = 1; k <= 20; k++) assert.equal(run.slope[k], 0);
  assert.equal(landscapeForwardSlope(run.x[1], 1e300), 0);
});

Deno.test("sampleLandscape() samples [50, 125] at 1500 points, smoothly enough to draw", () => {
  const curve = sampleLandscape(1);
  assert.equal(curve.x.length, 1500);
  assert.equal(curve.x[0], 50);
  assert.equal(curve.x[1499], 125);
  const dx = 75 / 1499;
  let worst = 0;
  for (let i = 0; i < 1499; i++) {
    assert.ok(Math.abs(curve.x[i + 1] - curve.x[i] - dx) < 1e-12);
    assert.equal(curve.y[i], landscape(curve.x[i], 1));
    // A straight segment misses f by at most dx²/8·max|f″| ≤ 0.05²/8·0.99 ≈ 3.1e−4.
    const mid = (curve.x[i] + curve.x[i + 1]) / 2;
    worst = Math.max(worst, Math.abs(landscape(mid) - (curve.y[i] + curve.y[i + 1]) / 2));
  }
  assert.ok(worst < 3.2e-4, `largest gap between curve and chord ${worst}`);
  assert.equal(sampleLandscape(100, { points: 10_000 }).x.length, 10_000);
});

Deno.test("landscape functions refuse bad options with one-line messages", () => {
  assert.throws(
    () => descendLandscape(1, { lr: 0 }),
    new RangeError("Cannot run descent: lr must be > 0 (got 0)"),
  );
  assert.throws(
    () => descendLandscape(1, { steps: -1 }),
    new RangeError("Cannot run descent: steps must be an integer in [0, 100000] (got -1)"),
  );
  assert.throws(
    () => descendLandscape(1, { method: "central" as "exact" }),
    new RangeError('Cannot run descent: method must be "forward" or "exact" (got central)'),
  );
  assert.throws(
    () => descendLandscape(NaN),
    new RangeError("Cannot run descent: scale must be a finite number (got NaN)"),
  );
  assert.throws(
    () => sampleLandscape(1, { points: 1 }),
    new RangeError("Cannot sample landscape: points must be an integer in [2, 1000000] (got 1)"),
  );
  assert.throws(
    () => sampleLandscape(1, { from: 125, to: 50 }),
    new RangeError("Cannot sample landscape: to must be > from = 125 (got 50)"),
  );
  assert.throws(
    () => landscapeForwardSlope(1, 1, { h: 0 }),
    new RangeError("Cannot estimate slope: h must be a finite number > 0 (got 0)"),
  );
  // Zero steps: just the start.
  assert.deepEqual(Array.from(descendLandscape(1, { steps: 0 }).x), [58]);
});
