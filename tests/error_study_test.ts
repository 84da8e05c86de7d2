import assert from "node:assert/strict";
import { differenceErrorStudy, logSpacedSteps } from "../lib/finite_difference.ts";
import { summarizeErrorStudy } from "../lib/error_study.ts";

/** Steps 1 … 1e-15, 4 per decade, built here independently of logSpacedSteps. */
const steps = Float64Array.from({ length: 61 }, (_, k) => 10 ** (-k / 4));

Deno.test("summarizeErrorStudy() recovers the powers of a made-up V exactly", () => {
  // forward: 0.5·h + 1e-16/h, bottom at h = √(2e-16) ≈ 1.41e-8; central: h² + 1e-13/h,
  // bottom at h = (5e-14)^(1/3) ≈ 3.68e-5. Away from the bottom each arm is a pure power law.
  // On the grid (by hand): forward 0.5h + 1e-16/h is 1.45e-8 at 1.78e-8 (k = 31), 1.5e-8 at 1e-8;
  // central is 4.16e-9 at 3.16e-5 (k = 18), 4.94e-9 at 5.62e-5 and 5.9e-9 at 1.78e-5.
  const forwardError = steps.map((h) => 0.5 * h + 1e-16 / h);
  const centralError = steps.map((h) => h * h + 1e-13 / h);
  const { forward, central } = summarizeErrorStudy({ h: steps, forwardError, centralError });
  assert.equal(forward.bestStep, steps[31]);
  assert.equal(central.bestStep, steps[18]);
  assert.equal(forward.bestError, forwardError[31]);
  // 100 × away from the bottom the other term is ≤ 1e-4 of the total: slopes within 1e-3.
  assert.ok(Math.abs(forward.truncationSlope! - 1) < 1e-3, `got ${forward.truncationSlope}`);
  assert.ok(Math.abs(forward.roundOffSlope! - -1) < 1e-3, `got ${forward.roundOffSlope}`);
  assert.ok(Math.abs(central.truncationSlope! - 2) < 1e-3, `got ${central.truncationSlope}`);
  assert.ok(Math.abs(central.roundOffSlope! - -1) < 1e-3, `got ${central.roundOffSlope}`);
  // Forward: right arm 1 … 1.78e-6 (k = 0 … 23); left arm 1.78e-10 … 1e-15 (k = 39 … 60).
  assert.equal(forward.truncationPoints, 24);
  assert.equal(forward.roundOffPoints, 22);
  // Central: right arm 1 … 3.16e-3 (k = 0 … 10); left arm 3.16e-7 … 1e-15 (k = 26 … 60).
  assert.equal(central.truncationPoints, 11);
  assert.equal(central.roundOffPoints, 35);
});

Deno.test("summarizeErrorStudy() finds slopes near 1 and 2 for a real function, sin at x = 1", () => {
  const study = differenceErrorStudy(Math.sin, 1, { exact: Math.cos(1), steps });
  const { forward, central } = summarizeErrorStudy(study);
  // Theory: forward truncation (h/2)·|sin 1|, central (h²/6)·|cos 1|; round-off ≈ ε/h.
  assert.ok(Math.abs(forward.truncationSlope! - 1) < 0.1, `got ${forward.truncationSlope}`);
  assert.ok(Math.abs(central.truncationSlope! - 2) < 0.1, `got ${central.truncationSlope}`);
  assert.ok(Math.abs(forward.roundOffSlope! - -1) < 0.2, `got ${forward.roundOffSlope}`);
  assert.ok(Math.abs(central.roundOffSlope! - -1) < 0.2, `got ${central.roundOffSlope}`);
  // Best steps near √ε ≈ 1.5e-8 and ∛ε ≈ 6e-6, within a factor of 30 (round-off is noisy).
  assert.ok(forward.bestStep > 5e-10 && forward.bestStep < 5e-7, `got ${forward.bestStep}`);
  assert.ok(central.bestStep > 2e-7 && central.bestStep < 2e-4, `got ${central.bestStep}`);
});

Deno.test("summarizeErrorStudy() leaves exact zeros out of the fits but may report one as best", () => {
  const h = new Float64Array([1, 0.1, 0.01, 0.001]);
  const error = new Float64Array([1, 0.1, 0, 0.001]); // slope 1 apart from the zero
  const { forward } = summarizeErrorStudy({ h, forwardError: error, centralError: error }, {
    margin: 1,
  });
  assert.equal(forward.bestStep, 0.01);
  assert.equal(forward.bestError, 0);
  // margin 1: the right arm is h ≥ 0.01 (errors 1, 0.1; the 0 is left out): slope exactly 1.
  assert.equal(forward.truncationPoints, 2);
  assert.ok(Math.abs(forward.truncationSlope! - 1) < 1e-12);
});

Deno.test("summarizeErrorStudy() says undefined, not NaN, for an arm with fewer than 2 points", () => {
  const h = new Float64Array([1, 0.1, 0.01]);
  const error = new Float64Array([1e-3, 1e-2, 1e-1]); // best at the largest step: no right arm
  const study = { h, forwardError: error, centralError: error };
  const { central } = summarizeErrorStudy(study, { margin: 10 });
  assert.equal(central.bestStep, 1);
  assert.equal(central.truncationSlope, undefined);
  assert.equal(central.truncationPoints, 0);
  // Left arm h ≤ 0.1: 1e-2 at 0.1 and 1e-1 at 0.01, one decade up per decade down: slope −1.
  assert.ok(Math.abs(central.roundOffSlope! - -1) < 1e-12);
  assert.equal(central.roundOffPoints, 2);
  // With the default margin 100 the left arm is h ≤ 0.01: one point, too few to fit.
  assert.equal(summarizeErrorStudy(study).central.roundOffSlope, undefined);
});

Deno.test("summarizeErrorStudy() refuses bad studies and margins with one clear line", () => {
  const h = logSpacedSteps({ largest: 1, smallest: 1e-2, perDecade: 1 });
  const ok = new Float64Array(3);
  assert.throws(
    () => summarizeErrorStudy({ h, forwardError: ok, centralError: ok }, { margin: 0.5 }),
    {
      name: "RangeError",
      message: "Cannot summarize the error study: margin must be a finite number ≥ 1 (got 0.5)",
    },
  );
  assert.throws(
    () =>
      summarizeErrorStudy({
        h: new Float64Array(0),
        forwardError: new Float64Array(0),
        centralError: new Float64Array(0),
      }),
    { message: "Cannot summarize the error study: h must hold at least one step (got none)" },
  );
  assert.throws(
    () => summarizeErrorStudy({ h, forwardError: new Float64Array(2), centralError: ok }),
    {
      message:
        "Cannot summarize the error study: forwardError must have as many values as h = 3 (got 2)",
    },
  );
  assert.throws(
    () => summarizeErrorStudy({ h, forwardError: ok, centralError: new Float64Array([0, NaN, 0]) }),
    {
      message:
        "Cannot summarize the error study: centralError[1] must be a finite number ≥ 0 (got NaN)",
    },
  );
  assert.throws(
    () =>
      summarizeErrorStudy({ h: new Float64Array([1, 0, 2]), forwardError: ok, centralError: ok }),
    { message: "Cannot summarize the error study: h[1] must be a finite number > 0 (got 0)" },
  );
});
