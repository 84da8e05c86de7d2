/**
 * Chapter 5's landscape again, descended with the fixes of chapter 7: a smaller learning rate,
 * a clipped slope, and a normalized step.
 *
 * Each step moves xₖ₊₁ = xₖ + Δxₖ with, for the slope gₖ = f′(xₖ, s):
 * - `"plain"`: Δxₖ = −η·gₖ (chapter 5's descent; a smaller η is the first fix);
 * - `"clip"`: Δxₖ = −η·clip(gₖ, −c, c): the slope is cut to the threshold c, so |Δxₖ| ≤ η·c;
 * - `"normalize"`: Δxₖ = −σ·gₖ/|gₖ| = −σ·sign(gₖ): every step has the length σ, whatever the
 *   slope's size (0 where the slope is exactly 0).
 *
 * In one dimension g/|g| is the sign of g, so wherever |gₖ| > c a clipped step is a normalized step
 * of length η·c; the two differ where the slope is small, which a clipped step follows and a
 * normalized step ignores.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { descendLandscapeWith } from "./landscape_fixes.ts";
 * const clipped = descendLandscapeWith(100, { rule: "clip", threshold: 8 });
 * assert.equal(clipped.leftRange, undefined); // stays in [50, 125]
 * assert.ok(clipped.move.every((dx) => Math.abs(dx) <= 8));
 * ```
 * @module
 */

import {
  LANDSCAPE_FORWARD_STEP,
  LANDSCAPE_RANGE,
  type LandscapeDescent,
  type LandscapeDescentOptions,
  walkLandscape,
} from "./landscape.ts";

/** How a step is made from the slope; see the module documentation. */
export type LandscapeStepRule = "plain" | "clip" | "normalize";

/** The list of {@linkcode LandscapeStepRule}s. */
export const landscapeStepRules: readonly LandscapeStepRule[] = ["plain", "clip", "normalize"];

/** Options of {@linkcode descendLandscapeWith}: those of `descendLandscape`, and the rule. */
export interface LandscapeFixOptions extends LandscapeDescentOptions {
  /** The rule (default `"plain"`). */
  rule?: LandscapeStepRule;
  /** `"clip"` only: the threshold c on |f′|, finite and > 0 (required by `"clip"`). */
  threshold?: number;
  /** `"normalize"` only: the length σ of every step, finite and > 0 (required by `"normalize"`). */
  stepSize?: number;
}

/** A descent made with a rule: a `LandscapeDescent`, plus the rule and the moves. */
export interface LandscapeFixDescent extends LandscapeDescent {
  rule: LandscapeStepRule;
  /** Δxₖ = xₖ₊₁ − xₖ, the move of each step taken (one fewer than the points). */
  move: Float64Array;
  /** How many steps the rule changed: slopes cut by `"clip"`, or every non-zero step of `"normalize"`. */
  changedSteps: number;
}

function finiteNumber(value: unknown, name: string, action: string): number {
  if (typeof value !== "number") {
    throw new TypeError(`Cannot ${action}: ${name} must be a number (got ${typeof value})`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`Cannot ${action}: ${name} must be a finite number (got ${value})`);
  }
  return value;
}

function positive(value: unknown, name: string, action: string): number {
  const v = finiteNumber(value, name, action);
  if (!(v > 0)) throw new RangeError(`Cannot ${action}: ${name} must be > 0 (got ${v})`);
  return v;
}

/**
 * Gradient descent on the landscape f(x, s) with a step rule: plain, clipped slope or normalized
 * step. Same defaults and checks as `descendLandscape` (start 58, 20 steps, η = 1, the article's
 * forward difference, range [50, 125]); with `rule: "plain"` it takes exactly the same steps.
 *
 * @param scale The vertical scale s, finite.
 * @param options The descent's options, the rule, and its threshold or step size.
 * @returns The path (as `descendLandscape`), the rule, the moves and how many steps it changed.
 * @throws {TypeError} If an option has the wrong type. @throws {RangeError} If one is out of range,
 * or the rule's threshold or step size is missing.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { descendLandscape } from "./landscape.ts";
 * import { descendLandscapeWith } from "./landscape_fixes.ts";
 * assert.deepEqual(descendLandscapeWith(10).x, descendLandscape(10).x);
 * const sign = descendLandscapeWith(100, { rule: "normalize", stepSize: 1, method: "exact" });
 * assert.ok(sign.move.every((dx) => Math.abs(dx) === 1));
 * assert.throws(() => descendLandscapeWith(1, { rule: "clip" }), {
 *   name: "RangeError",
 *   message: 'Cannot run descent: threshold must be given with rule "clip" (got undefined)',
 * });
 * ```
 */
export function descendLandscapeWith(
  scale: number,
  options: LandscapeFixOptions = {},
): LandscapeFixDescent {
  const action = "run descent";
  finiteNumber(scale, "scale", action);
  const start = finiteNumber(options.start ?? 58, "start", action);
  const steps = options.steps ?? 20;
  if (!(Number.isInteger(steps) && steps >= 0 && steps <= 100_000)) {
    throw new RangeError(
      `Cannot ${action}: steps must be an integer in [0, 100000] (got ${steps})`,
    );
  }
  const lr = positive(options.lr ?? 1, "lr", action);
  const method = options.method ?? "forward";
  if (method !== "forward" && method !== "exact") {
    throw new RangeError(
      `Cannot ${action}: method must be "forward" or "exact" (got ${String(method)})`,
    );
  }
  const h = positive(options.h ?? LANDSCAPE_FORWARD_STEP, "h", action);
  const from = finiteNumber(options.from ?? LANDSCAPE_RANGE.from, "from", action);
  const to = finiteNumber(options.to ?? LANDSCAPE_RANGE.to, "to", action);
  if (!(to > from)) {
    throw new RangeError(`Cannot ${action}: to must be > from = ${from} (got ${to})`);
  }
  const rule = options.rule ?? "plain";
  if (!landscapeStepRules.includes(rule)) {
    throw new RangeError(
      `Cannot ${action}: rule must be "plain", "clip" or "normalize" (got ${String(rule)})`,
    );
  }
  const needs = rule === "clip" ? "threshold" : rule === "normalize" ? "stepSize" : undefined;
  if (needs !== undefined && options[needs] === undefined) {
    throw new RangeError(
      `Cannot ${action}: ${needs} must be given with rule "${rule}" (got undefined)`,
    );
  }
  const c = rule === "clip" ? positive(options.threshold, "threshold", action) : Infinity;
  const sigma = rule === "normalize" ? positive(options.stepSize, "stepSize", action) : 0;

  let changedSteps = 0;
  const moveFor = (gk: number): number => {
    if (rule === "plain") return -lr * gk; // Δx = −η·g
    if (rule === "clip") {
      const g = gk > c ? c : gk < -c ? -c : gk; // clip(g, −c, c)
      if (g !== gk) changedSteps++;
      return -lr * g;
    }
    const sign = gk > 0 ? 1 : gk < 0 ? -1 : 0; // g/|g|, and 0 on flat ground
    if (sign !== 0) changedSteps++;
    return -sigma * sign;
  };
  const walk = walkLandscape(scale, { start, steps, method, h, from, to, move: moveFor });

  const result: LandscapeFixDescent = {
    scale,
    method,
    lr,
    rule,
    x: walk.x,
    y: walk.y,
    slope: walk.slope,
    move: walk.move,
    changedSteps,
    pointsOutside: walk.pointsOutside,
    extent: walk.extent,
  };
  if (walk.leftRange !== undefined) result.leftRange = walk.leftRange;
  if (walk.diverged !== undefined) result.diverged = walk.diverged;
  return result;
}
