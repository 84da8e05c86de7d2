import assert from "node:assert/strict";
import { descendLandscape, landscapeSlope } from "../lib/landscape.ts";
import { descendLandscapeWith } from "../lib/landscape_fixes.ts";

Deno.test("the plain rule takes exactly chapter 5's steps, for both slopes and every scale", () => {
  for (const method of ["forward", "exact"] as const) {
    for (const scale of [1, 10, 100]) {
      const fixed = descendLandscapeWith(scale, { method, steps: 30 });
      const plain = descendLandscape(scale, { method, steps: 30 });
      assert.deepEqual(fixed.x, plain.x, `${method} ×${scale}`);
      assert.deepEqual(fixed.leftRange, plain.leftRange);
      assert.equal(fixed.pointsOutside, plain.pointsOutside);
      assert.equal(fixed.changedSteps, 0);
    }
  }
});

Deno.test("a clipped step is −η·clip(f′, −c, c), unrolled by hand for three steps", () => {
  const lr = 0.5;
  const c = 3;
  const run = descendLandscapeWith(100, {
    rule: "clip",
    threshold: c,
    lr,
    steps: 3,
    method: "exact",
  });
  let x = 58;
  for (let k = 0; k < 3; k++) {
    const g = landscapeSlope(x, 100);
    const clipped = Math.max(-c, Math.min(c, g));
    x = x - lr * clipped;
    assert.equal(run.x[k + 1], x);
    assert.equal(run.move[k], -lr * clipped);
  }
});

Deno.test("a clipped move never exceeds η·c, and equals the plain move wherever |f′| ≤ c", () => {
  for (const [scale, c, lr] of [[100, 8, 1], [10, 2, 0.7], [1, 0.3, 2]] as const) {
    const run = descendLandscapeWith(scale, {
      rule: "clip",
      threshold: c,
      lr,
      steps: 60,
      method: "exact",
    });
    let changed = 0;
    for (let k = 0; k < run.move.length; k++) {
      assert.ok(Math.abs(run.move[k]) <= lr * c, `×${scale}: step ${k} moved ${run.move[k]}`);
      if (Math.abs(run.slope[k]) <= c) assert.equal(run.move[k], -lr * run.slope[k]);
      else changed++;
    }
    assert.equal(run.changedSteps, changed);
  }
});

Deno.test("a normalized step always has length σ in the downhill direction, whatever the scale", () => {
  const sigma = 1.5;
  const paths = [1, 10, 100, 1000].map((scale) =>
    descendLandscapeWith(scale, { rule: "normalize", stepSize: sigma, steps: 40, method: "exact" })
  );
  for (const run of paths) {
    for (let k = 0; k < run.move.length; k++) {
      assert.equal(Math.abs(run.move[k]), sigma);
      assert.equal(Math.sign(run.move[k]), -Math.sign(run.slope[k])); // downhill
    }
    assert.equal(run.changedSteps, 40);
    // The sign of s·f′ is the sign of f′ for s > 0: the same path at every scale.
    assert.deepEqual(run.x, paths[0].x);
  }
});

Deno.test("a normalized step on flat ground does not move", () => {
  // f′(x, 0) = 0 everywhere: the sign is 0, so is the step (and it is not counted as changed).
  const run = descendLandscapeWith(0, { rule: "normalize", stepSize: 2, steps: 4 });
  assert.deepEqual(run.x, Float64Array.of(58, 58, 58, 58, 58));
  assert.equal(run.changedSteps, 0);
});

Deno.test("a diverging plain descent is reported where it overflows, with only finite points kept", () => {
  const run = descendLandscapeWith(1e300, { lr: 1e10 });
  assert.deepEqual(run.diverged?.step, 1);
  assert.equal(run.diverged?.quantity, "x");
  assert.equal(run.x.length, 1);
  assert.equal(run.move.length, 0);
  assert.ok([...run.x, ...run.y, ...run.slope].every(Number.isFinite));
});

Deno.test("bad options are refused with one line naming the option", () => {
  assert.throws(() => descendLandscapeWith(1, { rule: "normalize" }), {
    name: "RangeError",
    message: 'Cannot run descent: stepSize must be given with rule "normalize" (got undefined)',
  });
  assert.throws(() => descendLandscapeWith(1, { rule: "clip", threshold: 0 }), {
    name: "RangeError",
    message: "Cannot run descent: threshold must be > 0 (got 0)",
  });
  assert.throws(() => descendLandscapeWith(1, { rule: "sign" as "clip" }), {
    name: "RangeError",
    message: 'Cannot run descent: rule must be "plain", "clip" or "normalize" (got sign)',
  });
  assert.throws(() => descendLandscapeWith(1, { lr: -1 }), {
    name: "RangeError",
    message: "Cannot run descent: lr must be > 0 (got -1)",
  });
  assert.throws(
    () => descendLandscapeWith(1, { steps: 1.5 }),
    /steps must be an integer in \[0, 100000\] \(got 1.5\)/,
  );
  assert.throws(() => descendLandscapeWith(Number("x")), {
    name: "RangeError",
    message: "Cannot run descent: scale must be a finite number (got NaN)",
  });
  assert.throws(
    () => descendLandscapeWith(1, { stepSize: "1" as unknown as number, rule: "normalize" }),
    {
      name: "TypeError",
      message: "Cannot run descent: stepSize must be a number (got string)",
    },
  );
});
