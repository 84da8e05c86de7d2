/**
 * Benchmarks of the 1-D landscape (chapter 5): the article's three descents (scales 1, 10, 100,
 * from x₀ = 58 for 20 steps) with its forward-difference slope and with the exact slope, and the
 * curve the figure draws under them.
 *
 * Run: `deno bench --allow-read bench/landscape_bench.ts` (or `deno task bench` for every bench).
 *
 * @module
 */

import { descendLandscape, sampleLandscape } from "../lib/landscape.ts";

const scales = [1, 10, 100] as const;

Deno.bench({
  name: "three descents (s = 1, 10, 100), forward difference",
  group: "landscape descents",
  baseline: true,
  fn() {
    for (const s of scales) descendLandscape(s);
  },
});

Deno.bench({
  name: "three descents (s = 1, 10, 100), exact slope",
  group: "landscape descents",
  fn() {
    for (const s of scales) descendLandscape(s, { method: "exact" });
  },
});

Deno.bench({
  name: "three curves of 1500 points (sampleLandscape)",
  group: "landscape descents",
  fn() {
    for (const s of scales) sampleLandscape(s);
  },
});
