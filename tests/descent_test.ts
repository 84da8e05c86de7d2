import assert from "node:assert/strict";
import {
  followGradient,
  gradientAscent,
  gradientDescent,
  type GradientPath,
  MAX_WALK_STEPS,
  surfaceGradient,
} from "../lib/descent.ts";
import { CONE_POINT_REASON } from "../lib/surface.ts";

/** The surface written out again, independently of the library (as the article's computeZ). */
function zByHand(x: number, y: number): number {
  const r = Math.sqrt(x * x + y * y);
  return 0.2 * Math.sin(x + y + r) - 1 * Math.sin(x / 2);
}

function assertClose(actual: number, expected: number, tolerance: number, what = "value"): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} differs from ${expected} by more than ${tolerance}`,
  );
}

function assertPathFinite(path: GradientPath): void {
  for (const key of ["x", "y", "z", "gradX", "gradY"] as const) {
    for (let k = 0; k < path[key].length; k++) {
      assert.ok(Number.isFinite(path[key][k]), `${key}[${k}] is ${path[key][k]}`);
    }
  }
}

/** The article's loop, written plainly: forward slopes with dx = dy = 0.9, x ← x ± slope. */
function articleLoop(sign: 1 | -1): { xs: number[]; ys: number[] } {
  let x = 0;
  let y = 0;
  const xs = [x];
  const ys = [y];
  for (let step = 0; step < 10; step++) {
    const slopeX = (zByHand(x + 0.9, y) - zByHand(x, y)) / 0.9;
    const slopeY = (zByHand(x, y + 0.9) - zByHand(x, y)) / 0.9;
    x = x + sign * slopeX;
    y = y + sign * slopeY;
    xs.push(x);
    ys.push(y);
  }
  return { xs, ys };
}

Deno.test("the first ascent step from (0, 0) is the article's slopes, unrolled by hand", () => {
  // slope_x = (z(0.9, 0) − z(0, 0))/0.9 with z(0.9, 0) = 0.2·sin(0.9 + 0 + 0.9) − sin(0.45) and
  // z(0, 0) = 0; slope_y = (z(0, 0.9) − 0)/0.9 with z(0, 0.9) = 0.2·sin(0 + 0.9 + 0.9) − sin(0).
  const slopeX = (0.2 * Math.sin(1.8) - Math.sin(0.45) - 0) / 0.9;
  const slopeY = (0.2 * Math.sin(1.8) - Math.sin(0) - 0) / 0.9;
  const up = gradientAscent({ x: 0, y: 0 }); // defaults: forward, h = 0.9, lr = 1, 10 steps
  assert.equal(up.x[0], 0);
  assert.equal(up.y[0], 0);
  assert.equal(up.z[0], 0);
  assertClose(up.gradX[0], slopeX, 1e-15);
  assertClose(up.gradY[0], slopeY, 1e-15);
  assertClose(up.x[1], slopeX, 1e-15);
  assertClose(up.y[1], slopeY, 1e-15);
  assertClose(
    up.z[1],
    0.2 * Math.sin(slopeX + slopeY + Math.hypot(slopeX, slopeY)) - Math.sin(slopeX / 2),
    1e-15,
  );
  const down = gradientDescent({ x: 0, y: 0 });
  assertClose(down.x[1], -slopeX, 1e-15);
  assertClose(down.y[1], -slopeY, 1e-15);
});

Deno.test("ascent reproduces the article's 10-step procedure point by point", () => {
  const expected = articleLoop(1);
  const path = gradientAscent({ x: 0, y: 0 }, { method: "forward", h: 0.9, lr: 1, steps: 10 });
  assert.equal(path.stopped, null);
  assert.equal(path.stepsTaken, 10);
  assert.equal(path.x.length, 11);
  assert.equal(path.gradX.length, 10);
  for (let k = 0; k <= 10; k++) {
    // The same float operations in the same order: equal to well within 1e-12.
    assertClose(path.x[k], expected.xs[k], 1e-12, `x[${k}]`);
    assertClose(path.y[k], expected.ys[k], 1e-12, `y[${k}]`);
    assertClose(path.z[k], zByHand(expected.xs[k], expected.ys[k]), 1e-12, `z[${k}]`);
  }
  // The article's printed "ideal parameters" for the ascent; reference from CPython's math module
  // running the article's loop (float64).
  assertClose(path.x[10], -3.1049518549736064, 1e-12);
  assertClose(path.y[10], 0.789274844799824, 1e-12);
  assertClose(path.z[10], 1.154997107511897, 1e-12);
  assert.ok(path.z[10] > path.z[0]);
});

Deno.test("descent reproduces the article's 10-step procedure point by point", () => {
  const expected = articleLoop(-1);
  const path = gradientDescent({ x: 0, y: 0 });
  assert.equal(path.stopped, null);
  for (let k = 0; k <= 10; k++) {
    assertClose(path.x[k], expected.xs[k], 1e-12, `x[${k}]`);
    assertClose(path.y[k], expected.ys[k], 1e-12, `y[${k}]`);
  }
  // Reference from CPython's math module running the article's descent loop.
  assertClose(path.x[10], 2.1456172713615604, 1e-12);
  assertClose(path.y[10], -0.0899911840104735, 1e-12);
  assertClose(path.z[10], -1.053166713576367, 1e-12);
  assert.ok(path.z[10] < path.z[0]);
});

Deno.test("every step moves by lr times the recorded gradient, up for ascent and down for descent", () => {
  for (const direction of ["ascent", "descent"] as const) {
    for (const method of ["forward", "central", "exact"] as const) {
      const lr = 0.3;
      const path = followGradient({ x: 1, y: -2 }, { direction, method, h: 0.01, lr, steps: 25 });
      assert.equal(path.stopped, null);
      assert.equal(path.direction, direction);
      assert.equal(path.method, method);
      const sign = direction === "ascent" ? 1 : -1;
      for (let k = 0; k < path.stepsTaken; k++) {
        assertClose(path.x[k + 1], path.x[k] + sign * lr * path.gradX[k], 1e-15);
        assertClose(path.y[k + 1], path.y[k] + sign * lr * path.gradY[k], 1e-15);
        assertClose(path.z[k + 1], zByHand(path.x[k + 1], path.y[k + 1]), 1e-15);
      }
    }
  }
});

Deno.test("the exact method uses the closed-form gradient, written out again here", () => {
  const path = gradientDescent({ x: 1, y: 1 }, { method: "exact", lr: 0.5, steps: 5 });
  let x = 1;
  let y = 1;
  for (let k = 0; k < 5; k++) {
    const r = Math.sqrt(x * x + y * y);
    const c = 0.2 * Math.cos(x + y + r);
    const dx = c * (1 + x / r) - 0.5 * Math.cos(x / 2);
    const dy = c * (1 + y / r);
    assertClose(path.gradX[k], dx, 1e-15, `gradX[${k}]`);
    assertClose(path.gradY[k], dy, 1e-15, `gradY[${k}]`);
    x -= 0.5 * dx;
    y -= 0.5 * dy;
  }
  assertClose(path.x[5], x, 1e-14);
  assertClose(path.y[5], y, 1e-14);
});

Deno.test("a small learning rate makes the height change monotonically", () => {
  // Away from the cone point the curvature is modest: with lr = 0.1 every exact step from (1, 1)
  // goes the right way (a learning rate below 2/curvature does).
  const down = gradientDescent({ x: 1, y: 1 }, { method: "exact", lr: 0.1, steps: 100 });
  const up = gradientAscent({ x: 1, y: 1 }, { method: "exact", lr: 0.1, steps: 100 });
  for (let k = 0; k < 100; k++) {
    assert.ok(down.z[k + 1] <= down.z[k], `descent rose at step ${k + 1}`);
    assert.ok(up.z[k + 1] >= up.z[k], `ascent fell at step ${k + 1}`);
  }
});

Deno.test("the exact method stops at the cone point before the first step, without NaN", () => {
  const path = gradientAscent({ x: 0, y: 0 }, { method: "exact" });
  assert.equal(path.stepsTaken, 0);
  assert.deepEqual(Array.from(path.x), [0]);
  assert.deepEqual(Array.from(path.y), [0]);
  assert.deepEqual(Array.from(path.z), [0]);
  assert.equal(path.gradX.length, 0);
  assert.equal(path.gradY.length, 0);
  assert.deepEqual(path.stopped, {
    step: 0,
    reason: "undefined-gradient",
    message: `the walk stopped at point 0, (0, 0), before step 1: ${CONE_POINT_REASON}`,
  });
  assertPathFinite(path);
});

Deno.test("finite differences do step off the cone point: they always give some slope", () => {
  const central = gradientDescent({ x: 0, y: 0 }, { method: "central", h: 0.9 });
  assert.equal(central.stopped, null);
  // By hand: (z(0.9, 0) − z(−0.9, 0))/1.8 = (0.2·sin 1.8 − sin 0.45 − (0.2·sin 0 + sin 0.45))/1.8.
  assertClose(central.gradX[0], (0.2 * Math.sin(1.8) - 2 * Math.sin(0.45)) / 1.8, 1e-15);
  assertClose(central.gradY[0], (0.2 * Math.sin(1.8)) / 1.8, 1e-15);
  assertPathFinite(central);
});

Deno.test("a step that would leave the surface's domain stops the walk with reason overflow", () => {
  // From (1, 1) the exact gradient is (−0.77, −0.33); lr = 1e308 throws x to ≈ 7.7e307 > 1e300.
  const path = gradientDescent({ x: 1, y: 1 }, { method: "exact", lr: 1e308 });
  assert.equal(path.stepsTaken, 0);
  assert.equal(path.x.length, 1);
  assert.equal(path.stopped?.step, 0);
  assert.equal(path.stopped?.reason, "overflow");
  assert.match(
    path.stopped?.message ?? "",
    /^the walk stopped at point 0, \(1, 1\): step 1 with gradient/,
  );
  assert.match(path.stopped?.message ?? "", /beyond \|x\|, \|y\| ≤ 1e300/);
  assertPathFinite(path);
  // A forward difference whose probe x + h leaves the domain is reported the same way.
  const probe = gradientAscent({ x: 1e300, y: 0 }, { h: 1e300 });
  assert.equal(probe.stopped?.reason, "overflow");
  assert.equal(probe.stopped?.step, 0);
  assert.match(probe.stopped?.message ?? "", /forward difference with h = 1e\+300/);
  assertPathFinite(probe);
});

Deno.test("zero steps give the start point alone", () => {
  const path = gradientDescent({ x: 2, y: -1 }, { steps: 0 });
  assert.equal(path.stopped, null);
  assert.equal(path.stepsTaken, 0);
  assert.deepEqual(Array.from(path.x), [2]);
  assertClose(path.z[0], zByHand(2, -1), 1e-15);
});

Deno.test("followGradient() refuses bad settings with one-line messages", () => {
  const start = { x: 0, y: 0 };
  const cases: [Record<string, unknown>, string, string][] = [
    [{ lr: 0 }, "RangeError", "lr must be a finite number > 0 (got 0)"],
    [{ lr: -0.1 }, "RangeError", "lr must be a finite number > 0 (got -0.1)"],
    [{ lr: NaN }, "RangeError", "lr must be a finite number > 0 (got NaN)"],
    [{ lr: Infinity }, "RangeError", "lr must be a finite number > 0 (got Infinity)"],
    [
      { steps: 2.5 },
      "RangeError",
      `steps must be an integer from 0 to ${MAX_WALK_STEPS} (got 2.5)`,
    ],
    [{ steps: -1 }, "RangeError", "steps must be an integer from 0 to 1000000 (got -1)"],
    [{ steps: 1e7 }, "RangeError", "steps must be an integer from 0 to 1000000 (got 10000000)"],
    [{ steps: NaN }, "RangeError", "steps must be an integer from 0 to 1000000 (got NaN)"],
    [{ h: 0 }, "RangeError", "h must be a finite number > 0 (got 0)"],
    [{ h: -Infinity }, "RangeError", "h must be a finite number > 0 (got -Infinity)"],
    [
      { method: "fwd" },
      "TypeError",
      'method must be one of "forward", "central", "exact" (got "fwd")',
    ],
    [{ direction: "up" }, "TypeError", 'direction must be "ascent" or "descent" (got "up")'],
  ];
  for (const [options, name, tail] of cases) {
    assert.throws(() => followGradient(start, options), {
      name,
      message: `Cannot follow the gradient: ${tail}`,
    }, JSON.stringify(options));
  }
  assert.throws(() => followGradient({ x: NaN, y: 0 }), {
    name: "RangeError",
    message:
      "Cannot follow the gradient: start.x must be a finite number with |start.x| ≤ 1e300 (got NaN)",
  });
  assert.throws(() => followGradient({ x: 0, y: "0" as unknown as number }), {
    name: "TypeError",
    message: "Cannot follow the gradient: start.y must be a number (got string)",
  });
});

Deno.test("surfaceGradient() gives the chosen method's gradient, undefined only for exact at (0, 0)", () => {
  const forward = surfaceGradient(0, 0);
  assert.ok(forward.defined);
  assertClose(forward.dx, (0.2 * Math.sin(1.8) - Math.sin(0.45)) / 0.9, 1e-15);
  const exact = surfaceGradient(0, 0, { method: "exact" });
  assert.deepEqual(exact, { defined: false, reason: CONE_POINT_REASON });
  // Central with a small step at (1, 1) is close to the exact gradient (mpmath reference values).
  const central = surfaceGradient(1, 1, { method: "central", h: 1e-5 });
  assert.ok(central.defined);
  assertClose(central.dx, -0.7676034371824751369, 1e-9);
  assertClose(central.dy, -0.32881215623728877884, 1e-9);
  assert.throws(() => surfaceGradient(0, 0, { method: "backprop" as "exact" }), {
    name: "TypeError",
    message:
      'Cannot compute the surface gradient: method must be one of "forward", "central", "exact" (got "backprop")',
  });
});
