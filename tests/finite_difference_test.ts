import assert from "node:assert/strict";
import {
  centralDifference,
  centralGradient,
  differenceErrorStudy,
  forwardDifference,
  forwardGradient,
  logLogSlope,
  logSpacedSteps,
  MAX_LOG_STEPS,
} from "../lib/finite_difference.ts";
import { surfaceZ } from "../lib/surface.ts";

function assertClose(actual: number, expected: number, tolerance: number, what = "value"): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} differs from ${expected} by more than ${tolerance}`,
  );
}

const cube = (x: number) => x * x * x;

Deno.test("forwardDifference() and centralDifference() give the chord slopes worked out by hand", () => {
  // x³ at 2 with h = 0.1: (2.1³ − 2³)/0.1 = (9.261 − 8)/0.1 = 12.61;
  // (2.1³ − 1.9³)/0.2 = (9.261 − 6.859)/0.2 = 12.01 = 3x² + h². The derivative is 12.
  assertClose(forwardDifference(cube, 2, 0.1), 12.61, 1e-12);
  assertClose(centralDifference(cube, 2, 0.1), 12.01, 1e-12);
  // A straight line: both are exact for any h, up to round-off ≈ ε·|f|/h ≈ 5e-15 here.
  assertClose(forwardDifference((x) => 3 * x - 1, 5, 0.7), 3, 1e-13);
  assertClose(centralDifference((x) => 3 * x - 1, 5, 0.7), 3, 1e-13);
});

Deno.test("forwardGradient() and centralGradient() take one difference per axis", () => {
  // f = x²·y + sin(y) at (1, 2), h = 0.5.
  const f = (x: number, y: number) => x * x * y + Math.sin(y);
  const forward = forwardGradient(f, 1, 2, 0.5);
  assertClose(forward.dx, (1.5 * 1.5 * 2 - 1 * 2) / 0.5, 1e-15); // = 5
  assertClose(forward.dy, (2.5 + Math.sin(2.5) - 2 - Math.sin(2)) / 0.5, 1e-15);
  const central = centralGradient(f, 1, 2, 0.5);
  assertClose(central.dx, ((1.5 * 1.5 - 0.5 * 0.5) * 2) / 1, 1e-15); // = 4 = 2xy, exact
  assertClose(central.dy, (2.5 + Math.sin(2.5) - 1.5 - Math.sin(1.5)) / 1, 1e-15);
});

Deno.test("the article's slopes at (0, 0) are forward differences with h = 0.9", () => {
  // slope_x = (z(0.9, 0) − z(0, 0))/0.9 = (0.2·sin(1.8) − sin(0.45))/0.9, slope_y = 0.2·sin(1.8)/0.9.
  const g = forwardGradient(surfaceZ, 0, 0, 0.9);
  assertClose(g.dx, (0.2 * Math.sin(1.8) - Math.sin(0.45)) / 0.9, 1e-15);
  assertClose(g.dy, (0.2 * Math.sin(1.8)) / 0.9, 1e-15);
  // About (−0.267, 0.216): a "gradient" at a point that has none.
  assertClose(g.dx, -0.2669, 1e-4);
  assertClose(g.dy, 0.2164, 1e-4);
});

Deno.test("difference functions refuse a step that is not a finite number > 0", () => {
  for (const h of [0, -0, -0.1, NaN, Infinity, -Infinity]) {
    const tail = `h must be a finite number > 0 (got ${h})`;
    assert.throws(() => forwardDifference(cube, 1, h), {
      name: "RangeError",
      message: `Cannot take a forward difference: ${tail}`,
    });
    assert.throws(() => centralDifference(cube, 1, h), {
      name: "RangeError",
      message: `Cannot take a central difference: ${tail}`,
    });
    assert.throws(() => forwardGradient(surfaceZ, 1, 1, h), {
      name: "RangeError",
      message: `Cannot take a forward-difference gradient: ${tail}`,
    });
    assert.throws(() => centralGradient(surfaceZ, 1, 1, h), {
      name: "RangeError",
      message: `Cannot take a central-difference gradient: ${tail}`,
    });
  }
});

Deno.test("difference functions refuse a non-finite point, a non-function and non-finite values", () => {
  assert.throws(() => forwardDifference(cube, NaN, 0.1), {
    name: "RangeError",
    message: "Cannot take a forward difference: x must be a finite number (got NaN)",
  });
  assert.throws(() => centralGradient(surfaceZ, 0, Infinity, 0.1), {
    name: "RangeError",
    message: "Cannot take a central-difference gradient: y must be a finite number (got Infinity)",
  });
  assert.throws(() => forwardDifference(42 as unknown as (x: number) => number, 0, 0.1), {
    name: "TypeError",
    message: "Cannot take a forward difference: f must be a function (got number)",
  });
  // f(x − h) = log(−0.25) is NaN: named, with where it happened.
  assert.throws(() => centralDifference(Math.log, 0.25, 0.5), {
    name: "RangeError",
    message: "Cannot take a central difference: f(x − h) must be finite (got NaN at -0.25)",
  });
  assert.throws(() => forwardDifference(() => Infinity, 0, 0.5), {
    name: "RangeError",
    message: "Cannot take a forward difference: f(x) must be finite (got Infinity at 0)",
  });
  // x + h overflows.
  assert.throws(() => forwardDifference(cube, 1.7e308, 1e308), {
    name: "RangeError",
    message: "Cannot take a forward difference: x + h must be finite (got Infinity at 1.7e+308)",
  });
  // A subnormal step can overflow the quotient itself.
  assert.throws(() => forwardDifference((x) => (x === 0 ? 0 : 1), 0, 5e-324), {
    name: "RangeError",
    message:
      "Cannot take a forward difference: the difference quotient must be finite (got Infinity with h = 5e-324)",
  });
});

Deno.test("logSpacedSteps() lists 1 down to 1e-15, four per decade, powers of ten exact", () => {
  const steps = logSpacedSteps();
  assert.equal(steps.length, 61);
  assert.equal(steps[0], 1);
  assert.equal(steps[4], 0.1);
  assert.equal(steps[32], 1e-8);
  assert.equal(steps[60], 1e-15);
  for (let k = 1; k < steps.length; k++) {
    assertClose(steps[k - 1] / steps[k], 10 ** 0.25, 1e-12, `ratio at ${k}`);
  }
  assert.deepEqual(Array.from(logSpacedSteps({ largest: 10, smallest: 0.1, perDecade: 1 })), [
    10,
    1,
    0.1,
  ]);
  // 1 to 0.5 with 1 per decade: only 1 fits.
  assert.deepEqual(Array.from(logSpacedSteps({ largest: 1, smallest: 0.5, perDecade: 1 })), [1]);
});

Deno.test("logSpacedSteps() refuses bad ranges", () => {
  const cases: [Record<string, number>, string][] = [
    [{ largest: 0 }, "largest must be a finite number > 0 (got 0)"],
    [{ largest: Infinity }, "largest must be a finite number > 0 (got Infinity)"],
    [{ smallest: 0 }, "smallest must be > 0 and ≤ largest = 1 (got 0)"],
    [{ smallest: 2 }, "smallest must be > 0 and ≤ largest = 1 (got 2)"],
    [{ smallest: NaN }, "smallest must be > 0 and ≤ largest = 1 (got NaN)"],
    [{ perDecade: 0 }, "perDecade must be an integer ≥ 1 (got 0)"],
    [{ perDecade: 2.5 }, "perDecade must be an integer ≥ 1 (got 2.5)"],
    [
      { smallest: 1e-300, perDecade: 100 },
      `there must be at most ${MAX_LOG_STEPS} steps (got 30001)`,
    ],
  ];
  for (const [options, tail] of cases) {
    assert.throws(() => logSpacedSteps(options), {
      name: "RangeError",
      message: `Cannot list step sizes: ${tail}`,
    });
  }
});

/** The x-slice of the surface through (x, 1), and its derivative at x = 1 (mpmath, 40 digits). */
const slice = (t: number) => surfaceZ(t, 1);
const SLICE_DERIVATIVE = -0.7676034371824751369;
/** |z_xx(1, 1)| and |z_xxx(1, 1)|, also from mpmath: the truncation constants. */
const SECOND = 0.208691330604;
const THIRD = 1.26758190079;

Deno.test("forward-difference error falls in proportion to h while truncation dominates", () => {
  // Taylor: error ≈ (h/2)·|z_xx| = 0.1043·h; round-off (≈ 1e-16/h) is negligible for h ≥ 1e-5.
  const study = differenceErrorStudy(slice, 1, {
    exact: SLICE_DERIVATIVE,
    steps: [1e-2, 1e-3, 1e-4, 1e-5],
  });
  for (let k = 0; k < 4; k++) {
    const h = study.h[k];
    const predicted = (h / 2) * SECOND;
    // The next Taylor term is O(h²) relative to this one: within 5% at h = 0.01.
    assert.ok(
      Math.abs(study.forwardError[k] / predicted - 1) < 0.05,
      `h = ${h}: error ${study.forwardError[k]}, predicted ${predicted}`,
    );
  }
  // Each tenfold smaller step gives a tenfold smaller error: slope 1 on log-log axes.
  for (let k = 1; k < 4; k++) {
    const ratio = study.forwardError[k - 1] / study.forwardError[k];
    assert.ok(ratio > 9.5 && ratio < 10.5, `ratio ${ratio} at h = ${study.h[k]}`);
  }
});

Deno.test("central-difference error falls in proportion to h² while truncation dominates", () => {
  // Taylor: error ≈ (h²/6)·|z_xxx| = 0.2113·h²; round-off (≈ 1e-16/h) is negligible for h ≥ 1e-4.
  const study = differenceErrorStudy(slice, 1, {
    exact: SLICE_DERIVATIVE,
    steps: [1e-1, 1e-2, 1e-3, 1e-4],
  });
  for (let k = 1; k < 4; k++) {
    const h = study.h[k];
    const predicted = (h * h / 6) * THIRD;
    assert.ok(
      Math.abs(study.centralError[k] / predicted - 1) < 0.05,
      `h = ${h}: error ${study.centralError[k]}, predicted ${predicted}`,
    );
    const ratio = study.centralError[k - 1] / study.centralError[k];
    assert.ok(ratio > 95 && ratio < 105, `ratio ${ratio} at h = ${h}`);
  }
});

Deno.test("truncation gives way to round-off: both errors bottom out, then climb as h shrinks", () => {
  const study = differenceErrorStudy(slice, 1, { exact: SLICE_DERIVATIVE });
  assert.equal(study.h.length, 61);
  const argmin = (errors: Float64Array) => {
    let best = 0;
    for (let k = 1; k < errors.length; k++) if (errors[k] < errors[best]) best = k;
    return best;
  };
  // Theory: the forward optimum is near √ε ≈ 1e-8, the central one near ∛ε ≈ 1e-5.
  const hForward = study.h[argmin(study.forwardError)];
  const hCentral = study.h[argmin(study.centralError)];
  assert.ok(hForward <= 1e-6 && hForward >= 1e-10, `forward optimum at h = ${hForward}`);
  assert.ok(hCentral <= 1e-3 && hCentral >= 1e-7, `central optimum at h = ${hCentral}`);
  // At the smallest step, round-off has made both far worse than at their optimum.
  const last = study.h.length - 1;
  assert.ok(study.forwardError[last] > 1e3 * study.forwardError[argmin(study.forwardError)]);
  assert.ok(study.centralError[last] > 1e3 * study.centralError[argmin(study.centralError)]);
  // Nothing non-finite in the data for the plot.
  for (let k = 0; k <= last; k++) {
    assert.ok(Number.isFinite(study.forwardError[k]) && Number.isFinite(study.centralError[k]));
  }
  // The fitted slopes over the truncation regime: ≈ 1 (forward) and ≈ 2 (central).
  const pick = (errors: Float64Array, from: number, to: number) => {
    const hs: number[] = [];
    const es: number[] = [];
    for (let k = 0; k <= last; k++) {
      if (study.h[k] <= from && study.h[k] >= to) {
        hs.push(study.h[k]);
        es.push(errors[k]);
      }
    }
    return [hs, es] as const;
  };
  const forwardSlope = logLogSlope(...pick(study.forwardError, 1e-2, 1e-5));
  const centralSlope = logLogSlope(...pick(study.centralError, 1e-1, 1e-4));
  assertClose(forwardSlope, 1, 0.02, "forward slope");
  assertClose(centralSlope, 2, 0.02, "central slope");
});

Deno.test("differenceErrorStudy() refuses a missing exact value, no steps, or a bad step", () => {
  assert.throws(
    () => differenceErrorStudy(slice, 1, {} as unknown as { exact: number }),
    {
      name: "RangeError",
      message: "Cannot study the difference error: exact must be a finite number (got undefined)",
    },
  );
  assert.throws(
    () => differenceErrorStudy(slice, 1, { exact: NaN }),
    /exact must be a finite number \(got NaN\)/,
  );
  assert.throws(() => differenceErrorStudy(slice, 1, { exact: 0, steps: [] }), {
    name: "RangeError",
    message: "Cannot study the difference error: steps must hold at least one step (got none)",
  });
  assert.throws(() => differenceErrorStudy(slice, 1, { exact: 0, steps: [0.1, 0] }), {
    name: "RangeError",
    message: "Cannot take a forward difference: h must be a finite number > 0 (got 0)",
  });
});

Deno.test("logLogSlope() recovers the power of a power law and refuses what a log cannot take", () => {
  assertClose(logLogSlope([1, 2, 4, 8], [3, 12, 48, 192]), 2, 1e-12); // y = 3x²
  assertClose(logLogSlope([1e-3, 1e-2, 1e-1], [5e-4, 5e-3, 5e-2]), 1, 1e-12); // y = x/2
  assertClose(logLogSlope([1, 10], [1, 1]), 0, 1e-15);
  assert.throws(() => logLogSlope([1, 2], [1]), {
    name: "TypeError",
    message: "Cannot fit a log-log slope: ys must have as many values as xs = 2 (got 1)",
  });
  assert.throws(() => logLogSlope([], []), {
    name: "RangeError",
    message: "Cannot fit a log-log slope: there must be at least 2 points (got 0)",
  });
  assert.throws(() => logLogSlope([1, 2], [1, 0]), {
    name: "RangeError",
    message: "Cannot fit a log-log slope: ys[1] must be a finite number > 0 (got 0)",
  });
  assert.throws(
    () => logLogSlope([1, NaN], [1, 2]),
    /xs\[1\] must be a finite number > 0 \(got NaN\)/,
  );
  assert.throws(() => logLogSlope([2, 2], [1, 3]), /xs must not all be equal \(got 2\)/);
});
