import assert from "node:assert/strict";
import {
  CONE_POINT_REASON,
  exactGradient,
  gridAxis,
  gridAxisLength,
  MAX_SURFACE_GRID_POINTS,
  sampleSurface,
  sampleSurfaceWithGradient,
  SURFACE_LIMIT,
  surfaceZ,
  tangentSegment,
} from "../lib/surface.ts";

/** The surface written out again, independently of the library. */
function zByHand(x: number, y: number): number {
  const r = Math.sqrt(x * x + y * y);
  return 0.2 * Math.sin(x + y + r) - Math.sin(x / 2);
}

/** A small seeded generator (mulberry32), so the sampled points are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function assertClose(actual: number, expected: number, tolerance: number, what = "value"): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} differs from ${expected} by more than ${tolerance}`,
  );
}

function assertAllFinite(rows: Float64Array[], what: string): void {
  for (let j = 0; j < rows.length; j++) {
    for (let i = 0; i < rows[j].length; i++) {
      assert.ok(Number.isFinite(rows[j][i]), `${what}[${j}][${i}] is ${rows[j][i]}`);
    }
  }
}

Deno.test("surfaceZ() gives the values worked out by hand", () => {
  // (0, 0): sin 0 = 0. (π, 0): r = π, 0.2·sin(2π) − sin(π/2) = −1.
  assert.equal(surfaceZ(0, 0), 0);
  assertClose(surfaceZ(Math.PI, 0), -1, 1e-15);
  // (0, π/2): r = π/2, 0.2·sin(π) − sin 0 = 0.
  assertClose(surfaceZ(0, Math.PI / 2), 0, 1e-15);
  // Values from CPython's math module (float64): z(3, 4) and z(−2, 1.5).
  assertClose(surfaceZ(3, 4), -1.1048095702041414, 1e-15);
  assertClose(surfaceZ(-2, 1.5), 1.0233304701730328, 1e-15);
});

Deno.test("surfaceZ() refuses NaN, ±Infinity and points beyond ±1e300", () => {
  assert.throws(() => surfaceZ(NaN, 0), {
    name: "RangeError",
    message: "Cannot evaluate the surface: x must be finite with |x| ≤ 1e300 (got NaN)",
  });
  assert.throws(() => surfaceZ(0, Infinity), {
    name: "RangeError",
    message: "Cannot evaluate the surface: y must be finite with |y| ≤ 1e300 (got Infinity)",
  });
  assert.throws(
    () => surfaceZ(-Infinity, 0),
    /x must be finite with \|x\| ≤ 1e300 \(got -Infinity\)/,
  );
  assert.throws(() => surfaceZ(1e301, 0), /x must be finite with \|x\| ≤ 1e300 \(got 1e\+301\)/);
  // The edge of the domain still evaluates to a finite number.
  assert.ok(Number.isFinite(surfaceZ(SURFACE_LIMIT, -SURFACE_LIMIT)));
  assert.ok(Number.isFinite(surfaceZ(SURFACE_LIMIT, SURFACE_LIMIT)));
});

Deno.test("exactGradient() agrees with central differences at 200 seeded points away from the origin", () => {
  // Central differences with h = 1e-5 have error ≈ h²/6·|z‴| + ε·|z|/h ≈ 1e-10 here, growing like
  // 1/r² near the cone point; points have r ≥ 0.1, and we allow 1e-7.
  const random = seeded(20240601);
  const h = 1e-5;
  let checked = 0;
  while (checked < 200) {
    const x = -5 + 10 * random();
    const y = -5 + 10 * random();
    if (Math.hypot(x, y) < 0.1) continue;
    const g = exactGradient(x, y);
    assert.ok(g.defined, `gradient undefined at (${x}, ${y})`);
    const dx = (zByHand(x + h, y) - zByHand(x - h, y)) / (2 * h);
    const dy = (zByHand(x, y + h) - zByHand(x, y - h)) / (2 * h);
    assertClose(g.dx, dx, 1e-7, `∂z/∂x at (${x}, ${y})`);
    assertClose(g.dy, dy, 1e-7, `∂z/∂y at (${x}, ${y})`);
    checked++;
  }
});

Deno.test("exactGradient() matches high-precision derivatives at chosen points", () => {
  // Reference values: mpmath.diff at 40 significant digits, a method independent of the closed form.
  const cases: [number, number, number, number][] = [
    [1, 1, -0.7676034371824751369, -0.32881215623728877884],
    [3, 4, 0.23466466596054601845, 0.30378742514369715768],
    [-2, 1.5, -0.28679702639595555418, -0.13316698769508556384],
    [0.001, -0.002, -0.2105574395145433615, 0.02111454566992897791],
  ];
  for (const [x, y, dx, dy] of cases) {
    const g = exactGradient(x, y);
    assert.ok(g.defined);
    assertClose(g.dx, dx, 1e-14, `∂z/∂x at (${x}, ${y})`);
    assertClose(g.dy, dy, 1e-14, `∂z/∂y at (${x}, ${y})`);
  }
  // At (π, 0) by hand: cos(2π) = 1, x/r = 1, y/r = 0, cos(π/2) = 0 → (0.4, 0.2).
  const g = exactGradient(Math.PI, 0);
  assert.ok(g.defined);
  assertClose(g.dx, 0.4, 1e-15);
  assertClose(g.dy, 0.2, 1e-15);
});

Deno.test("exactGradient() is undefined at the cone point, with a reason instead of NaN", () => {
  for (const [x, y] of [[0, 0], [-0, 0], [0, -0], [-0, -0]]) {
    const g = exactGradient(x, y);
    assert.deepEqual(g, { defined: false, reason: CONE_POINT_REASON });
  }
  assert.match(CONE_POINT_REASON, /does not exist at \(0, 0\)/);
  assert.match(CONE_POINT_REASON, /cone point/);
});

Deno.test("the one-sided slopes at the origin disagree, so no gradient can exist there", () => {
  // Near 0, z ≈ 0.2·(x + y + r) − x/2. Along x: right of 0, r = x, slope 0.2·2 − 0.5 = −0.1;
  // left of 0, r = −x, slope 0 − 0.5 = −0.5. Along y: z ≈ 0.2·(y + |y|): slope 0.4 above, 0 below.
  const h = 1e-7; // one-sided errors are O(h); allow 1e-6
  assertClose((zByHand(h, 0) - zByHand(0, 0)) / h, -0.1, 1e-6, "right slope along x");
  assertClose((zByHand(0, 0) - zByHand(-h, 0)) / h, -0.5, 1e-6, "left slope along x");
  assertClose((zByHand(0, h) - zByHand(0, 0)) / h, 0.4, 1e-6, "upper slope along y");
  assertClose((zByHand(0, 0) - zByHand(0, -h)) / h, 0, 1e-6, "lower slope along y");
});

Deno.test("exactGradient() is finite arbitrarily close to the origin, and jumps with the direction", () => {
  // x/r and y/r stay in [−1, 1] even when x² underflows; the values are the one-sided slopes above.
  const cases: [number, number, number, number][] = [
    [1e-300, 0, -0.1, 0.2], // dx = 0.2·(1 + 1) − 0.5, dy = 0.2·(1 + 0)
    [-1e-300, 0, -0.5, 0.2], // dx = 0.2·(1 − 1) − 0.5
    [5e-324, 0, -0.1, 0.2], // the smallest subnormal: x² is 0, r must not be
    [0, 5e-324, -0.3, 0.4], // dx = 0.2 − 0.5, dy = 0.2·(1 + 1)
    [0, -1e-200, -0.3, 0],
  ];
  for (const [x, y, dx, dy] of cases) {
    const g = exactGradient(x, y);
    assert.ok(g.defined, `undefined at (${x}, ${y})`);
    assertClose(g.dx, dx, 1e-15, `∂z/∂x at (${x}, ${y})`);
    assertClose(g.dy, dy, 1e-15, `∂z/∂y at (${x}, ${y})`);
  }
});

Deno.test("exactGradient() refuses NaN and ±Infinity with a message naming the coordinate", () => {
  assert.throws(() => exactGradient(NaN, 1), {
    name: "RangeError",
    message: "Cannot compute the exact gradient: x must be finite with |x| ≤ 1e300 (got NaN)",
  });
  assert.throws(() => exactGradient(1, -Infinity), {
    name: "RangeError",
    message: "Cannot compute the exact gradient: y must be finite with |y| ≤ 1e300 (got -Infinity)",
  });
  assert.throws(() => exactGradient("1" as unknown as number, 0), {
    name: "TypeError",
    message: 'Cannot compute the exact gradient: x must be a number (got string "1")',
  });
});

Deno.test("the default grid is the article's range and step with the end point: 41 symmetric points", () => {
  const grid = sampleSurface();
  assert.equal(grid.x.length, 41);
  assert.equal(grid.y.length, 41);
  assert.equal(grid.z.length, 41);
  for (let i = 0; i < 41; i++) assert.equal(grid.x[i], -5 + 0.25 * i); // 0.25 is exact in binary
  assert.deepEqual(grid.y, grid.x);
  assert.notEqual(grid.y, grid.x, "x and y are separate arrays");
  assert.equal(grid.x[20], 0);
  assert.equal(gridAxisLength(), 41);
});

Deno.test("sampleSurface() puts z(x[i], y[j]) in z[j][i], rows following y", () => {
  const grid = sampleSurface({ min: -2, max: 3, step: 0.5 });
  assert.equal(grid.x.length, 11);
  for (let j = 0; j < grid.y.length; j++) {
    assert.equal(grid.z[j].length, grid.x.length);
    for (let i = 0; i < grid.x.length; i++) {
      assertClose(grid.z[j][i], zByHand(grid.x[i], grid.y[j]), 1e-15, `z[${j}][${i}]`);
    }
  }
  // Not transposed: row 0 is y = −2, column 10 is x = 3.
  assertClose(grid.z[0][10], zByHand(3, -2), 1e-15);
  assert.ok(Math.abs(zByHand(3, -2) - zByHand(-2, 3)) > 0.1);
});

Deno.test("grid axes include the end point only when the step divides the range", () => {
  // 0.1 is not exact in binary, yet 10/0.1 is a whole number: 101 points, exact ends, exact 0.
  const tenth = gridAxis({ step: 0.1 });
  assert.equal(tenth.length, 101);
  assert.equal(tenth[0], -5);
  assert.equal(tenth[50], 0);
  assert.equal(tenth[100], 5);
  for (let i = 0; i < 101; i++) assertClose(tenth[i], -5 + i / 10, 1e-14);
  // 0.3 does not divide 10: −5, −4.7, …, 4.9 (34 points), like numpy's arange.
  const third = gridAxis({ step: 0.3 });
  assert.equal(third.length, 34);
  assertClose(third[33], 4.9, 1e-14);
  // count: both ends included, evenly spaced.
  const counted = gridAxis({ min: 0, max: 1, count: 5 });
  assert.deepEqual(Array.from(counted), [0, 0.25, 0.5, 0.75, 1]);
  assert.equal(gridAxisLength({ count: 1000 }), 1000);
});

Deno.test("sampleSurface() refuses bad grids with one-line messages", () => {
  const cases: [Record<string, unknown>, string, string][] = [
    [{ step: 0 }, "RangeError", "step must be a finite number > 0 (got 0)"],
    [{ step: -0.25 }, "RangeError", "step must be a finite number > 0 (got -0.25)"],
    [{ step: NaN }, "RangeError", "step must be a finite number > 0 (got NaN)"],
    [{ step: Infinity }, "RangeError", "step must be a finite number > 0 (got Infinity)"],
    [{ step: 20 }, "RangeError", "step must be ≤ max − min = 10 (got 20)"],
    [{ min: 5, max: -5 }, "RangeError", "max must be > min = 5 (got -5)"],
    [{ min: 1, max: 1 }, "RangeError", "max must be > min = 1 (got 1)"],
    [{ min: NaN }, "RangeError", "min must be finite with |min| ≤ 1e300 (got NaN)"],
    [{ max: Infinity }, "RangeError", "max must be finite with |max| ≤ 1e300 (got Infinity)"],
    [{ count: 1 }, "RangeError", "count must be an integer ≥ 2 (got 1)"],
    [{ count: 2.5 }, "RangeError", "count must be an integer ≥ 2 (got 2.5)"],
    [
      { step: 0.5, count: 3 },
      "TypeError",
      "give step or count, not both (got step 0.5 and count 3)",
    ],
    [{ step: "0.25" }, "TypeError", 'step must be a number (got string "0.25")'],
    [{ count: "5" }, "TypeError", 'count must be a number (got string "5")'],
    [{ min: null }, "TypeError", "min must be a number (got null)"],
  ];
  for (const [options, name, tail] of cases) {
    assert.throws(() => sampleSurface(options), {
      name,
      message: `Cannot sample the surface: ${tail}`,
    }, JSON.stringify(options));
  }
});

Deno.test("sampleSurface() refuses a grid of more than 2048 × 2048 points before allocating it", () => {
  // step 1e-3 over [−5, 5]: 10001 points per axis, 100020001 in all (800 MB of z if allocated).
  const started = performance.now();
  assert.throws(() => sampleSurface({ step: 1e-3 }), {
    name: "RangeError",
    message: `Cannot sample the surface: the grid must have at most ${MAX_SURFACE_GRID_POINTS} ` +
      "points (got 10001 × 10001 = 100020001)",
  });
  // A 1e-300 step would be 1e301 points: refused just as fast, nothing allocated.
  assert.throws(() => sampleSurfaceWithGradient({ step: 1e-300 }), /at most 4194304 points/);
  assert.ok(performance.now() - started < 1000);
  assert.equal(MAX_SURFACE_GRID_POINTS, 4194304);
});

Deno.test("sampleSurfaceWithGradient() fills z, ∂z/∂x and ∂z/∂y like the scalar functions", () => {
  const fused = sampleSurfaceWithGradient({ min: -3, max: 3, step: 0.5 });
  const plain = sampleSurface({ min: -3, max: 3, step: 0.5 });
  assert.deepEqual(fused.grid, plain);
  assert.equal(fused.x, fused.grid.x);
  assert.equal(fused.y, fused.grid.y);
  const n = fused.x.length;
  assert.equal(n, 13);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const g = exactGradient(fused.x[i], fused.y[j]);
      if (!g.defined) continue;
      // x·(1/r) in the fused loop vs x/r: equal up to a rounding or two.
      assertClose(fused.dzdx[j][i], g.dx, 1e-15, `dzdx[${j}][${i}]`);
      assertClose(fused.dzdy[j][i], g.dy, 1e-15, `dzdy[${j}][${i}]`);
    }
  }
});

Deno.test("sampleSurfaceWithGradient() marks the origin as undefined and puts no NaN anywhere", () => {
  const field = sampleSurfaceWithGradient();
  assert.deepEqual(field.undefinedAt, [{ i: 20, j: 20 }]);
  assert.equal(field.x[20], 0);
  assert.equal(field.y[20], 0);
  assert.equal(field.dzdx[20][20], 0);
  assert.equal(field.dzdy[20][20], 0);
  assert.equal(field.defined(20, 20), false);
  assert.equal(field.defined(21, 20), true);
  assert.equal(field.defined(20, 21), true);
  assertAllFinite(field.grid.z, "z");
  assertAllFinite(field.dzdx, "dzdx");
  assertAllFinite(field.dzdy, "dzdy");
  // A grid that misses the origin has no undefined point.
  const offset = sampleSurfaceWithGradient({ step: 0.3 });
  assert.deepEqual(offset.undefinedAt, []);
  assertAllFinite(offset.dzdx, "dzdx");
});

Deno.test("sampleSurfaceWithGradient() samples a 1000 × 1000 grid with finite values", () => {
  const field = sampleSurfaceWithGradient({ count: 1000 });
  assert.equal(field.x.length, 1000);
  assert.equal(field.dzdx.length, 1000);
  assert.deepEqual(field.undefinedAt, []); // an even count has no point at 0
  // Spot-check against the scalar formula at the corners and the middle.
  for (const [i, j] of [[0, 0], [999, 0], [0, 999], [999, 999], [500, 499]]) {
    const g = exactGradient(field.x[i], field.y[j]);
    assert.ok(g.defined);
    assertClose(field.dzdx[j][i], g.dx, 1e-15);
    assertClose(field.dzdy[j][i], g.dy, 1e-15);
    assertClose(field.grid.z[j][i], zByHand(field.x[i], field.y[j]), 1e-15);
  }
});

Deno.test("tangentSegment() rises by the gradient's prediction, not by the far point's height", () => {
  // g = (3, 4), |g| = 5, length 10: run (6, 8), rise 3·6 + 4·8 = 50.
  const s = tangentSegment(1, 2, { dx: 3, dy: 4 }, 10);
  assert.deepEqual(s.start, { x: 1, y: 2, z: zByHand(1, 2) });
  assertClose(s.dx, 6, 1e-15);
  assertClose(s.dy, 8, 1e-15);
  assertClose(s.dz, 50, 1e-13);
  assertClose(s.end.x, 7, 1e-15);
  assertClose(s.end.y, 10, 1e-15);
  assertClose(s.end.z, zByHand(1, 2) + 50, 1e-13);
  // The article's end point would be z0 + z(x1, y1): a different number.
  assert.ok(Math.abs(s.end.z - (zByHand(1, 2) + zByHand(7, 10))) > 1);
});

Deno.test("tangentSegment() along the exact gradient touches the surface to second order", () => {
  // On the tangent plane the gap to the surface is O(length²): ten times shorter, ~100 times smaller.
  const g = exactGradient(1, 1);
  assert.ok(g.defined);
  const gap = (length: number) => {
    const s = tangentSegment(1, 1, g, length);
    return Math.abs(zByHand(s.end.x, s.end.y) - s.end.z);
  };
  const ratio = gap(1e-2) / gap(1e-3);
  assert.ok(ratio > 90 && ratio < 110, `gap ratio ${ratio}, expected ≈ 100`);
  // The rise is length·|g|.
  const s = tangentSegment(1, 1, g, 2);
  assertClose(s.dz, 2 * Math.hypot(g.dx, g.dy), 1e-15);
});

Deno.test("tangentSegment() of a zero gradient is a single point; bad input is refused", () => {
  const s = tangentSegment(0, 0, { dx: 0, dy: 0 }, 5);
  assert.deepEqual(s.end, s.start);
  assert.equal(s.dz, 0);
  assert.deepEqual(
    tangentSegment(1, 1, { dx: 1, dy: 0 }, 0).end,
    tangentSegment(1, 1, { dx: 1, dy: 0 }, 0).start,
  );
  assert.throws(() => tangentSegment(0, 0, { dx: NaN, dy: 0 }, 1), {
    name: "RangeError",
    message: "Cannot draw the tangent segment: gradient must have finite components (got (NaN, 0))",
  });
  assert.throws(() => tangentSegment(0, 0, { dx: 1, dy: 0 }, -1), {
    name: "RangeError",
    message: "Cannot draw the tangent segment: length must be a finite number ≥ 0 (got -1)",
  });
  assert.throws(
    () => tangentSegment(0, 0, { dx: 1, dy: 0 }, Infinity),
    /length must be a finite number ≥ 0 \(got Infinity\)/,
  );
  assert.throws(() => tangentSegment(NaN, 0, { dx: 1, dy: 0 }, 1), /x must be finite/);
});
