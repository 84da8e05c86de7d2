/**
 * The course's colours: one per method and one per scale, the same in every chapter, so a reader
 * who has learned "orange is the forward-difference slope" can rely on it later.
 *
 * Colours come from the Okabe–Ito palette, which stays distinguishable for the common forms of
 * colour blindness.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { methodColor, scaleColor } from "./palette.ts";
 * assert.equal(methodColor.exact, "#0072B2");
 * assert.equal(scaleColor(10), "#E69F00");
 * ```
 * @module
 */

/** One colour per way of computing or using a gradient. */
export const methodColor = {
  /** The exact (analytic) gradient. */
  exact: "#0072B2",
  /** The forward-difference slope, f(x + h) − f(x) over h. */
  forward: "#D55E00",
  /** The central difference, f(x + h) − f(x − h) over 2h. */
  central: "#009E73",
  /** A path that climbs the surface (gradient ascent). */
  ascent: "#CC79A7",
  /** A path that descends the surface (gradient descent). */
  descent: "#56B4E9",
  /** Reference lines and guides (targets, thresholds, the tangent plane's components). */
  guide: "#444444",
} as const;

/**
 * The three landscape scales of chapter 5, in order ×1, ×10, ×100 (also "small, moderate, large"
 * elsewhere). The red is darker than the forward-difference vermillion, so a forward-difference
 * path stays visible on the ×100 landscape.
 */
export const scaleColors = ["#009E73", "#E69F00", "#B2182B"] as const;

/**
 * The colour of a landscape scale: ×1 green, ×10 amber, ×100 red; other scales cycle.
 *
 * @param scale The vertical scale of the landscape (1, 10 or 100 in the article).
 * @returns A CSS colour.
 */
export function scaleColor(scale: number): string {
  const index = Math.round(Math.log10(Math.abs(scale) || 1));
  const n = scaleColors.length;
  return scaleColors[((index % n) + n) % n];
}

/** A sequential colour scale for surfaces and heat maps (Plotly's built-in name). */
export const surfaceColorscale = "Viridis";
