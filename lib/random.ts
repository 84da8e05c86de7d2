/**
 * A small seeded random number generator, so that every "random" figure in the course is the same
 * on every run and every machine.
 *
 * - Uniform numbers come from mulberry32 (Tommy Ettinger's 32-bit generator): one 32-bit state, a
 *   period of 2³², fast, and good enough for teaching and simulations (not for cryptography).
 * - Normal numbers come from Marsaglia's polar form of the Box–Muller transform: draw u, v uniform
 *   in [−1, 1) until s = u² + v² is in (0, 1) (a point in the unit disc, accepted with probability
 *   π/4); then u·√(−2·ln s / s) and v·√(−2·ln s / s) are two independent standard normals. The
 *   second one is kept for the next call. (The polar form needs no sine or cosine, which makes it
 *   about twice as fast as the trigonometric form in V8.)
 * - {@linkcode deriveSeed} turns one seed into independent seeds for numbered streams (one per layer,
 *   say), so that a layer's weights do not depend on how many layers come before it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng } from "./random.ts";
 * const a = createRng(42);
 * const b = createRng(42);
 * assert.equal(a.normal(), b.normal()); // same seed, same numbers
 * ```
 * @module
 */

/** A seeded source of random numbers. */
export interface Rng {
  /** The seed it was created with. */
  readonly seed: number;
  /** A uniform number in [0, 1), with 32 bits of resolution (multiples of 2⁻³²). */
  uniform(): number;
  /** A standard normal number (mean 0, variance 1). */
  normal(): number;
}

const TWO_POW_32 = 4294967296;

function checkSeed(seed: number, action: string, name = "seed"): void {
  if (typeof seed !== "number") {
    throw new TypeError(`Cannot ${action}: ${name} must be a number (got ${typeof seed})`);
  }
  if (!(Number.isInteger(seed) && seed >= 0 && seed < TWO_POW_32)) {
    throw new RangeError(
      `Cannot ${action}: ${name} must be an integer in [0, 4294967295] (got ${seed})`,
    );
  }
}

/**
 * Create a seeded random number generator (mulberry32 for uniforms, polar Box–Muller for normals).
 *
 * Mulberry32 step: state ← state + 0x6D2B79F5 (mod 2³²), then an xorshift–multiply mix of the
 * state gives 32 output bits, divided by 2³².
 *
 * @param seed An integer in [0, 2³² − 1]; the same seed gives the same sequence.
 * @returns A generator with `uniform()` and `normal()`.
 * @throws {TypeError} If `seed` is not a number. @throws {RangeError} If it is not such an integer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng } from "./random.ts";
 * const rng = createRng(7);
 * const u = rng.uniform();
 * assert.ok(u >= 0 && u < 1);
 * assert.throws(() => createRng(-1), /seed must be an integer in \[0, 4294967295\] \(got -1\)/);
 * ```
 */
export function createRng(seed: number): Rng {
  checkSeed(seed, "create random generator");
  let state = seed | 0;
  let spare = 0;
  let hasSpare = false;

  function uniform(): number {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  }

  function normal(): number {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    // Polar Box–Muller: a uniform point (u, v) in the unit disc, s = u² + v² ∈ (0, 1).
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt(-2 * Math.log(s) / s);
    spare = v * factor;
    hasSpare = true;
    return u * factor;
  }

  return { seed, uniform, normal };
}

/**
 * A seed for the numbered stream `index` of a seed, by a hash (MurmurHash3's 32-bit finaliser) of
 * the pair: different indices give unrelated sequences, and stream k is the same whatever other
 * streams are used.
 *
 * @param seed The parent seed, an integer in [0, 2³² − 1].
 * @param index The stream number, an integer in [0, 2³² − 1] (e.g. a layer index).
 * @returns A seed for {@linkcode createRng}.
 * @throws {RangeError} If either is not such an integer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deriveSeed } from "./random.ts";
 * assert.equal(deriveSeed(1, 3), deriveSeed(1, 3));
 * assert.notEqual(deriveSeed(1, 3), deriveSeed(1, 4));
 * ```
 */
export function deriveSeed(seed: number, index: number): number {
  checkSeed(seed, "derive seed");
  checkSeed(index, "derive seed", "index");
  // Mix the index in with the golden-ratio constant, then finalise (fmix32).
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b9)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Options of {@linkcode fillNormal}. */
export interface FillNormalOptions {
  /** The mean of the normal numbers (default 0). */
  mean?: number;
  /** Their standard deviation, ≥ 0 (default 1). */
  std?: number;
}

/**
 * Fill an array with normal numbers: target[i] = mean + std·z, z standard normal from `rng`.
 *
 * @param target The array to fill, in place.
 * @param rng The generator (its state advances by `target.length` normals).
 * @param options The mean (default 0) and standard deviation (default 1).
 * @returns `target`.
 * @throws {RangeError} If `mean` is not finite or `std` is not a finite number ≥ 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng, fillNormal } from "./random.ts";
 * const w = fillNormal(new Float64Array(4), createRng(1), { std: 0, mean: 3 });
 * assert.deepEqual(w, Float64Array.of(3, 3, 3, 3));
 * ```
 */
export function fillNormal(
  target: Float64Array,
  rng: Rng,
  options: FillNormalOptions = {},
): Float64Array {
  const { mean = 0, std = 1 } = options;
  if (!Number.isFinite(mean)) {
    throw new RangeError(`Cannot fill normal: mean must be a finite number (got ${mean})`);
  }
  if (!(Number.isFinite(std) && std >= 0)) {
    throw new RangeError(`Cannot fill normal: std must be a finite number ≥ 0 (got ${std})`);
  }
  for (let i = 0; i < target.length; i++) target[i] = mean + std * rng.normal();
  return target;
}
