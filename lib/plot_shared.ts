/**
 * Internal helpers of the figure builders (`plot.ts`, `plot_2d.ts`, `plot_3d.ts`): input checks
 * with the house error messages, number formatting for labels, and the bridge from Plotly's own
 * attribute types to the course's plain {@linkcode Trace}.
 *
 * Not re-exported from `mod.ts`: notebooks use the builders, not these.
 *
 * Every trace is first written against plotly.js's generated attribute types (`ScatterData`,
 * `SurfaceData`, …), so `deno check` rejects an attribute plotly.js 4.1.1 does not know
 * (`titlefont`, `heatmapgl`, a misspelt key); {@linkcode asTrace} then hands it on as plain JSON.
 *
 * @module
 */

import type { ColorBar } from "plotly.js-dist-min";
import type { Trace } from "./display.ts";
import type { Grid2D } from "./grid.ts";

/** Any typed Plotly trace or layout fragment; the types come from plotly.js itself. */
export function asTrace(trace: object): Trace {
  return trace as unknown as Trace;
}

/** A grid's rows as the nested-array type Plotly's typings expect (no copy). */
export function rowsOf(z: readonly Float64Array[]): number[][] {
  return z as unknown as number[][];
}

/**
 * A short label for a number: 3 significant digits, no trailing zeros (`0.9`, `-1.25`, `1e-7`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatNumber } from "./plot_shared.ts";
 * assert.equal(formatNumber(0.9), "0.9");
 * assert.equal(formatNumber(-0), "0");
 * assert.equal(formatNumber(2 / 3), "0.667");
 * ```
 */
export function formatNumber(value: number): string {
  if (value === 0) return "0";
  return String(Number(value.toPrecision(3)));
}

/** Throw unless `value` is a finite number. */
export function checkFinite(action: string, name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(`Cannot ${action}: ${name} must be a finite number (got ${value})`);
  }
}

/** Throw unless `value` is a finite number in [min, max]. */
export function checkRange(
  action: string,
  name: string,
  value: number,
  min: number,
  max: number,
): void {
  checkFinite(action, name, value);
  if (value < min || value > max) {
    throw new RangeError(`Cannot ${action}: ${name} must be in [${min}, ${max}] (got ${value})`);
  }
}

/** Throw unless every entry of `values` is finite; the message names the first bad index. */
export function checkFiniteArray(action: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new TypeError(`Cannot ${action}: ${name}[${i}] must be a finite number (got ${v})`);
    }
  }
}

/** Throw unless `values` increases strictly (grid coordinates). */
export function checkIncreasing(action: string, name: string, values: ArrayLike<number>): void {
  checkFiniteArray(action, name, values);
  for (let i = 1; i < values.length; i++) {
    if (!(values[i] > values[i - 1])) {
      throw new RangeError(
        `Cannot ${action}: ${name} must increase strictly (got ${name}[${i - 1}] = ${
          values[i - 1]
        }, ${name}[${i}] = ${values[i]})`,
      );
    }
  }
}

/** Throw unless two arrays have the same length. */
export function checkSameLength(
  action: string,
  names: [string, string],
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): void {
  if (a.length !== b.length) {
    throw new TypeError(
      `Cannot ${action}: ${names[1]} must have the length of ${
        names[0]
      }, ${a.length} (got ${b.length})`,
    );
  }
}

/**
 * Check a grid's shape (rows follow y), its coordinates (finite, increasing) and its values (finite).
 * `name` is how the caller's argument is called in messages (`grid`).
 */
export function checkGrid(action: string, name: string, grid: Grid2D): void {
  if (grid.x.length < 2 || grid.y.length < 2) {
    throw new RangeError(
      `Cannot ${action}: ${name} must have at least 2 x and 2 y values (got ${grid.x.length} × ${grid.y.length})`,
    );
  }
  checkIncreasing(action, `${name}.x`, grid.x);
  checkIncreasing(action, `${name}.y`, grid.y);
  checkRows(action, `${name}.z`, grid.z, grid.x.length, grid.y.length);
}

/** Check that `rows` has one finite row of length `nx` per y value. */
export function checkRows(
  action: string,
  name: string,
  rows: readonly Float64Array[],
  nx: number,
  ny: number,
): void {
  if (rows.length !== ny) {
    throw new TypeError(
      `Cannot ${action}: ${name} must have one row per y value, ${ny} (got ${rows.length})`,
    );
  }
  for (let j = 0; j < ny; j++) {
    const row = rows[j];
    if (row.length !== nx) {
      throw new TypeError(
        `Cannot ${action}: ${name}[${j}] must have one value per x value, ${nx} (got ${row.length})`,
      );
    }
    for (let i = 0; i < nx; i++) {
      if (!Number.isFinite(row[i])) {
        throw new TypeError(
          `Cannot ${action}: ${name}[${j}][${i}] must be a finite number (got ${row[i]})`,
        );
      }
    }
  }
}

/** Axis title in Plotly's current form (`title: { text }`). */
export function axisTitle(text: string): { text: string } {
  return { text };
}

/** `values` as an array Plotly reads: arrays and typed arrays as they are, other array-likes copied. */
export function dataArray(values: ArrayLike<number>): number[] | Float64Array {
  if (Array.isArray(values)) return values;
  if (values instanceof Float64Array) return values;
  return Float64Array.from(values);
}

/**
 * A colour bar laid flat under the plot, centred: it stays next to the plot when an equal aspect
 * ratio narrows it, and leaves the right-hand side to the legend.
 */
export function horizontalColorbar(title: string): ColorBar {
  return {
    title: { text: title, side: "top" },
    orientation: "h",
    x: 0.5,
    xanchor: "center",
    y: -0.17,
    yanchor: "top",
    len: 0.5,
    thickness: 12,
  };
}

/** A short colour bar at the bottom right, under a legend that starts at the top right. */
export function sideColorbar(title: string): ColorBar {
  return {
    title: { text: title },
    x: 1.02,
    xanchor: "left",
    y: 0,
    yanchor: "bottom",
    len: 0.45,
    thickness: 14,
  };
}
