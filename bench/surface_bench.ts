/**
 * Benchmarks of the surface: its height and exact gradient sampled on a 1000 × 1000 grid (the
 * budget is 40 ms on the course's 2-core machine), against the height alone and against the
 * pointwise functions called once per grid point.
 *
 * Run: `deno bench --allow-read bench/surface_bench.ts` (or `deno task bench` for every bench).
 *
 * @module
 */

import {
  exactGradient,
  gridAxis,
  sampleSurface,
  sampleSurfaceWithGradient,
  surfaceZ,
} from "../lib/surface.ts";

const grid = { min: -5, max: 5, count: 1000 };

Deno.bench({
  name: "surface + exact gradient, 1000 × 1000 (sampleSurfaceWithGradient)",
  group: "surface 1000 × 1000",
  baseline: true,
  fn() {
    sampleSurfaceWithGradient(grid);
  },
});

Deno.bench({
  name: "surface alone, 1000 × 1000 (sampleSurface)",
  group: "surface 1000 × 1000",
  fn() {
    sampleSurface(grid);
  },
});

const axis = gridAxis(grid);
/** Written by the per-point loop so that it cannot be optimized away. */
export let sink = 0;
Deno.bench({
  name: "surfaceZ + exactGradient per point, 1000 × 1000 (checked calls, one object each)",
  group: "surface 1000 × 1000",
  fn() {
    for (let j = 0; j < axis.length; j++) {
      for (let i = 0; i < axis.length; i++) {
        const g = exactGradient(axis[i], axis[j]);
        sink += surfaceZ(axis[i], axis[j]) + (g.defined ? g.dx + g.dy : 0);
      }
    }
  },
});

Deno.bench({
  name: "surface + exact gradient, the article's 41 × 41 grid",
  group: "surface 41 × 41",
  baseline: true,
  fn() {
    sampleSurfaceWithGradient();
  },
});

Deno.bench({
  name: "surface alone, the article's 41 × 41 grid",
  group: "surface 41 × 41",
  fn() {
    sampleSurface();
  },
});
