import assert from "node:assert/strict";
import { createRng, deriveSeed, fillNormal } from "../lib/random.ts";

const N = 100_000;

Deno.test("createRng() gives the same sequence for the same seed and another for another seed", () => {
  const a = createRng(123);
  const b = createRng(123);
  const c = createRng(124);
  let differences = 0;
  for (let i = 0; i < 1000; i++) {
    const ua = a.uniform();
    assert.equal(ua, b.uniform());
    if (ua !== c.uniform()) differences++;
    const na = a.normal();
    assert.equal(na, b.normal());
    if (na !== c.normal()) differences++;
  }
  assert.ok(differences > 1990, `only ${differences} of 2000 draws differ between seeds`);
});

Deno.test("uniform() follows mulberry32 as computed by an independent Python implementation", () => {
  // Reference: mulberry32 written in Python with explicit 32-bit masking (not this code's output).
  const reference: Record<number, number[]> = {
    0: [0.26642920868471265, 0.0003297457005828619, 0.2232720274478197, 0.1462021479383111],
    42: [0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693],
    4294967295: [0.8964226141106337, 0.189478256739676, 0.7156526781618595, 0.9440599093213677],
  };
  for (const [seed, expected] of Object.entries(reference)) {
    const rng = createRng(Number(seed));
    for (const value of expected) assert.equal(rng.uniform(), value);
  }
});

Deno.test("uniform() stays in [0, 1) with mean 1/2 and variance 1/12 over 100k draws", () => {
  const rng = createRng(2024);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < N; i++) {
    const u = rng.uniform();
    assert.ok(u >= 0 && u < 1, `draw ${i} is ${u}`);
    sum += u;
    sumSq += u * u;
  }
  const mean = sum / N;
  const variance = sumSq / N - mean * mean;
  // Standard errors: √(1/12 / N) ≈ 0.00091 for the mean, √(1/180 / N) ≈ 0.00024 for the variance;
  // tolerances are 5 standard errors.
  assert.ok(Math.abs(mean - 0.5) < 5 * Math.sqrt(1 / 12 / N), `mean ${mean}`);
  assert.ok(Math.abs(variance - 1 / 12) < 5 * Math.sqrt(1 / 180 / N), `variance ${variance}`);
});

Deno.test("normal() has mean 0, variance 1, no skew, kurtosis 3 and 95% within ±1.96 over 100k draws", () => {
  const rng = createRng(7);
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let inside = 0;
  for (let i = 0; i < N; i++) {
    const z = rng.normal();
    assert.ok(Number.isFinite(z), `draw ${i} is ${z}`);
    s1 += z;
    s2 += z * z;
    s3 += z * z * z;
    s4 += z * z * z * z;
    if (Math.abs(z) < 1.959963984540054) inside++;
  }
  // For a standard normal: Var(z) = 1, Var(z²) = 2, Var(z³) = 15, Var(z⁴) = 96, and the fraction
  // inside ±1.96 is 0.95 with variance 0.95·0.05. Tolerances: 5 standard errors of each mean.
  const se = (variance: number) => 5 * Math.sqrt(variance / N);
  assert.ok(Math.abs(s1 / N) < se(1), `mean ${s1 / N}`);
  assert.ok(Math.abs(s2 / N - 1) < se(2), `variance ${s2 / N}`);
  assert.ok(Math.abs(s3 / N) < se(15), `third moment ${s3 / N}`);
  assert.ok(Math.abs(s4 / N - 3) < se(96), `fourth moment ${s4 / N}`);
  assert.ok(Math.abs(inside / N - 0.95) < se(0.95 * 0.05), `inside ±1.96: ${inside / N}`);
});

Deno.test("createRng() refuses a seed that is not an integer in [0, 2³² − 1]", () => {
  for (const seed of [-1, 1.5, 2 ** 32, NaN, Infinity]) {
    assert.throws(
      () => createRng(seed),
      (error: unknown) =>
        error instanceof RangeError &&
        error.message ===
          `Cannot create random generator: seed must be an integer in [0, 4294967295] (got ${seed})`,
    );
  }
  assert.throws(
    () => createRng("3" as unknown as number),
    new TypeError("Cannot create random generator: seed must be a number (got string)"),
  );
  assert.equal(createRng(0).seed, 0);
});

Deno.test("deriveSeed() gives distinct, repeatable seeds for distinct streams", () => {
  // Multiplying by an odd constant and fmix32 are both bijections of 32-bit integers, so distinct
  // indices below 2³² − 1 must give distinct seeds.
  const seen = new Set<number>();
  for (let index = 0; index < 10_000; index++) {
    const s = deriveSeed(99, index);
    assert.ok(Number.isInteger(s) && s >= 0 && s < 2 ** 32);
    seen.add(s);
  }
  assert.equal(seen.size, 10_000);
  assert.equal(deriveSeed(99, 5), deriveSeed(99, 5));
  assert.notEqual(deriveSeed(99, 5), deriveSeed(100, 5));
  assert.throws(
    () => deriveSeed(1, -2),
    new RangeError("Cannot derive seed: index must be an integer in [0, 4294967295] (got -2)"),
  );
});

Deno.test("fillNormal() fills in place with the requested mean and standard deviation", () => {
  const target = new Float64Array(N);
  const out = fillNormal(target, createRng(3), { mean: 2, std: 0.5 });
  assert.equal(out, target);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < N; i++) {
    sum += target[i];
    sumSq += (target[i] - 2) ** 2;
  }
  // Standard errors 0.5/√N ≈ 0.0016 (mean) and 0.25·√(2/N) ≈ 0.0011 (variance); 5 of each.
  assert.ok(Math.abs(sum / N - 2) < 5 * 0.5 / Math.sqrt(N));
  assert.ok(Math.abs(sumSq / N - 0.25) < 5 * 0.25 * Math.sqrt(2 / N));
  // The same generator state gives the same numbers as calling normal() directly.
  const direct = createRng(3);
  assert.equal(target[0], 2 + 0.5 * direct.normal());
  assert.throws(
    () => fillNormal(new Float64Array(2), createRng(1), { std: -1 }),
    new RangeError("Cannot fill normal: std must be a finite number ≥ 0 (got -1)"),
  );
});
