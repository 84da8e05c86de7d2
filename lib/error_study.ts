/**
 * Reading an error study: where each V of a log-log error plot bottoms out, and how steep its two
 * arms are.
 *
 * A finite difference has two errors that pull in opposite directions as the step h shrinks:
 * truncation error (≈ C·h for forward differences, ≈ C·h² for central ones) falls, and round-off
 * error (≈ ε·|f|/h, ε ≈ 2.2e-16) grows. On log-log axes the total makes a V: a right arm of slope
 * 1 or 2, a bottom at the best step, and a noisy left arm of slope about −1.
 * {@linkcode summarizeErrorStudy} finds the bottom and fits a straight line to each arm, using only
 * the steps well away from the bottom (by a factor `margin`, default 100), where one error clearly
 * dominates the other.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { differenceErrorStudy } from "./finite_difference.ts";
 * import { summarizeErrorStudy } from "./error_study.ts";
 * const study = differenceErrorStudy(Math.sin, 1, { exact: Math.cos(1) });
 * const { forward, central } = summarizeErrorStudy(study);
 * assert.ok(Math.abs(forward.truncationSlope! - 1) < 0.1);
 * assert.ok(Math.abs(central.truncationSlope! - 2) < 0.1);
 * assert.ok(forward.bestStep < central.bestStep); // about 1e-8 against about 1e-5
 * ```
 *
 * @module
 */

import type { DifferenceErrorStudy } from "./finite_difference.ts";
import { logLogSlope } from "./finite_difference.ts";

/** How {@linkcode summarizeErrorStudy} picks the arms of each V. */
export interface SummarizeErrorStudyOptions {
  /**
   * How far from the best step an arm starts: the right arm is the steps ≥ margin × best step,
   * the left arm the steps ≤ best step / margin (both up to a relative 1e-9). A number ≥ 1.
   * Default 100.
   */
  margin?: number;
}

/** One method's V: its bottom and the fitted slopes of its arms. */
export interface ErrorVSummary {
  /** The step with the smallest error (the first one, if several tie). */
  bestStep: number;
  /** The smallest error, at `bestStep`. Can be 0 when round-off happens to cancel exactly. */
  bestError: number;
  /**
   * The slope of log10(error) against log10(h) over the right arm (steps ≥ margin × bestStep,
   * errors > 0): about 1 for forward differences, 2 for central ones. `undefined` when the arm
   * has fewer than 2 such points (e.g. the best step is one of the largest studied).
   */
  truncationSlope: number | undefined;
  /** How many points the truncation fit used. */
  truncationPoints: number;
  /**
   * The slope over the left arm (steps ≤ bestStep / margin, errors > 0): about −1, as round-off
   * error grows like ε/h. `undefined` when the arm has fewer than 2 such points.
   */
  roundOffSlope: number | undefined;
  /** How many points the round-off fit used. */
  roundOffPoints: number;
}

/** Both methods' V shapes. */
export interface ErrorStudySummary {
  forward: ErrorVSummary;
  central: ErrorVSummary;
}

/** Throw unless `error` has n finite values ≥ 0. */
function checkErrors(action: string, name: string, error: Float64Array, n: number): void {
  if (error.length !== n) {
    throw new RangeError(
      `Cannot ${action}: ${name} must have as many values as h = ${n} (got ${error.length})`,
    );
  }
  for (let k = 0; k < n; k++) {
    if (!(error[k] >= 0) || error[k] === Infinity) {
      throw new RangeError(
        `Cannot ${action}: ${name}[${k}] must be a finite number ≥ 0 (got ${error[k]})`,
      );
    }
  }
}

/** The bottom of one V and its two arms. */
function summarizeV(h: Float64Array, error: Float64Array, margin: number): ErrorVSummary {
  const n = h.length;
  let best = 0;
  for (let k = 1; k < n; k++) if (error[k] < error[best]) best = k;
  const bestStep = h[best];
  const right: number[] = [];
  const rightError: number[] = [];
  const left: number[] = [];
  const leftError: number[] = [];
  // A relative 1e-9 of slack, so a step exactly `margin` times the best (log-spaced steps often
  // have one) counts whatever the rounding of 10^(−k/perDecade).
  const rightFrom = margin * bestStep * (1 - 1e-9);
  const leftTo = (bestStep / margin) * (1 + 1e-9);
  for (let k = 0; k < n; k++) {
    if (!(error[k] > 0)) continue; // log10(0) has no place on the plot or in the fit
    if (h[k] >= rightFrom) {
      right.push(h[k]);
      rightError.push(error[k]);
    } else if (h[k] <= leftTo) {
      left.push(h[k]);
      leftError.push(error[k]);
    }
  }
  return {
    bestStep,
    bestError: error[best],
    truncationSlope: fitOrUndefined(right, rightError),
    truncationPoints: right.length,
    roundOffSlope: fitOrUndefined(left, leftError),
    roundOffPoints: left.length,
  };
}

/** The log-log slope through the points, or undefined with fewer than two distinct steps. */
function fitOrUndefined(h: number[], error: number[]): number | undefined {
  if (h.length < 2) return undefined;
  for (let k = 1; k < h.length; k++) if (h[k] !== h[0]) return logLogSlope(h, error);
  return undefined;
}

/**
 * Find the bottom of each V in an error study and fit the slopes of its arms.
 *
 * bestStep = argmin_h error(h); truncation slope = fitted p in error ≈ C·h^p over h ≥ margin·bestStep;
 * round-off slope = the same over h ≤ bestStep/margin (least squares on log10 axes, errors > 0 only).
 *
 * @param study The result of `differenceErrorStudy`: steps and both methods' errors.
 * @param options `margin` (default 100): how far from the bottom each arm starts.
 * @returns For `forward` and `central`: the best step, its error, and both fitted slopes.
 * @throws {RangeError} If the study is empty, the arrays differ in length, a step is not a finite
 *   number > 0, an error is negative or not finite, or margin is not a finite number ≥ 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summarizeErrorStudy } from "./error_study.ts";
 * // A made-up V: error = h² + 1e-12/h, bottom near h = (5e-13)^(1/3) ≈ 8e-5.
 * const h = Float64Array.from({ length: 41 }, (_, k) => 10 ** (-k / 4));
 * const error = h.map((s) => s * s + 1e-12 / s);
 * const { central } = summarizeErrorStudy({ h, forwardError: error, centralError: error });
 * assert.ok(Math.abs(central.truncationSlope! - 2) < 0.01);
 * assert.ok(Math.abs(central.roundOffSlope! - -1) < 0.01);
 * assert.ok(central.bestStep > 5e-5 && central.bestStep < 2e-4);
 * ```
 */
export function summarizeErrorStudy(
  study: DifferenceErrorStudy,
  options: SummarizeErrorStudyOptions = {},
): ErrorStudySummary {
  const action = "summarize the error study";
  const { h, forwardError, centralError } = study;
  const margin = options.margin ?? 100;
  if (typeof margin !== "number" || !(margin >= 1) || margin === Infinity) {
    throw new RangeError(`Cannot ${action}: margin must be a finite number ≥ 1 (got ${margin})`);
  }
  const n = h.length;
  if (n === 0) throw new RangeError(`Cannot ${action}: h must hold at least one step (got none)`);
  for (let k = 0; k < n; k++) {
    if (!(h[k] > 0) || h[k] === Infinity) {
      throw new RangeError(`Cannot ${action}: h[${k}] must be a finite number > 0 (got ${h[k]})`);
    }
  }
  checkErrors(action, "forwardError", forwardError, n);
  checkErrors(action, "centralError", centralError, n);
  return {
    forward: summarizeV(h, forwardError, margin),
    central: summarizeV(h, centralError, margin),
  };
}
