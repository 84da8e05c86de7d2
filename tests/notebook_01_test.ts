/**
 * Chapter 1's prose quotes numbers a reader checks against their own run; each is recomputed here
 * through lib/ with the chapter's default parameters and looked up in the notebook's markdown, as
 * the prose formats it (fixed decimals, a real minus sign "−").
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  Chapter1Params,
  exactGradient,
  forwardGradient,
  gridAxisLength,
  sampleSurface,
  surfaceZ,
  tangentSegment,
} from "../lib/mod.ts";
import {
  assertProseSays,
  fixed as fmt,
  listedParameters,
  parametersCell,
  proseOf,
  readNotebook,
} from "./notebook_prose.ts";

const notebook = readNotebook("01-what-is-a-gradient.ipynb");
const prose = proseOf(notebook);
const assertSays = (fragment: string) => assertProseSays(prose, fragment);

const params = Chapter1Params.parse({});
const slopes = forwardGradient(surfaceZ, params.x, params.y, params.slopeStep);
const steepness = Math.hypot(slopes.dx, slopes.dy);
const tangent = tangentSegment(params.x, params.y, slopes, params.tangentScale * steepness);

Deno.test("chapter 1's parameters cell lists every parameter with its default", () => {
  const text = parametersCell(notebook);
  assert.match(text, /^\/\/ Parameters: change a value, then run this cell and the ones below\.\n/);
  assert.match(text, /let params = parseParams\(Chapter1Params, \{/);
  assert.match(text, /\}, "chapter 1"\);\nparams;$/);
  assert.deepEqual(listedParameters(text), { ...params });
});

Deno.test("chapter 1 quotes the grid and its highest and lowest sampled points", () => {
  const n = gridAxisLength({ min: params.gridMin, max: params.gridMax, step: params.gridStep });
  assertSays(`(${n} × ${n} points from ${fmt(params.gridMin, 0)} to ${params.gridMax})`);
  const grid = sampleSurface({ min: params.gridMin, max: params.gridMax, step: params.gridStep });
  let top = { x: 0, y: 0, z: -Infinity };
  let bottom = { x: 0, y: 0, z: Infinity };
  for (let j = 0; j < grid.y.length; j++) {
    for (let i = 0; i < grid.x.length; i++) {
      const z = grid.z[j][i];
      if (z > top.z) top = { x: grid.x[i], y: grid.y[j], z };
      if (z < bottom.z) bottom = { x: grid.x[i], y: grid.y[j], z };
    }
  }
  const at = (p: { x: number; y: number }) => `(${fmt(p.x, 2)}, ${fmt(p.y, 2)})`;
  assert.equal(at(top), "(−3.25, 1.25)");
  assertSays(`highest point sampled is z ≈ ${fmt(top.z, 2)} at (−3.25, 1.25)`);
  assert.equal(at(bottom), "(3.25, −3.00)");
  assertSays(`lowest is z ≈ ${fmt(bottom.z, 2)} at (3.25, −3)`);
});

Deno.test("chapter 1 quotes the forward-difference slopes at the article's point", () => {
  assertSays(`takes h = ${params.slopeStep}`);
  const z0 = surfaceZ(params.x, params.y);
  const zx = surfaceZ(params.x + params.slopeStep, params.y);
  const zy = surfaceZ(params.x, params.y + params.slopeStep);
  assertSays(`At the origin the ground is at height z = ${z0}.`);
  assertSays(`the height drops to ${fmt(zx, 3)}, a slope of ${fmt(slopes.dx, 3)}`);
  assertSays(`it rises to ${fmt(zy, 3)}, a slope of ${fmt(slopes.dy, 3)}`);
  assertSays(`g ≈ (${fmt(slopes.dx, 3)}, ${fmt(slopes.dy, 3)}): uphill lies towards −x and +y`);
  assert.ok(slopes.dx < 0 && slopes.dy > 0, "uphill is towards −x and +y");
  assertSays(`the steepness is ‖g‖ ≈ ${fmt(steepness, 3)}`);
  assertSays(`read the heights ${z0}, ${fmt(zx, 3)} and ${fmt(zy, 3)}`);
  assertSays(`g ≈ (${fmt(slopes.dx, 3)}, ${fmt(slopes.dy, 3)}) and ‖g‖ ≈ ${fmt(steepness, 3)}`);
});

Deno.test("chapter 1 quotes the run and the rise of the tangent line", () => {
  const run = Math.hypot(tangent.dx, tangent.dy);
  assert.ok(Math.abs(run - params.tangentScale * steepness) < 1e-12);
  assert.ok(Math.abs(tangent.dz - run * steepness) < 1e-12, "rise = run × ‖g‖");
  assertSays(`the article's scale is ${params.tangentScale}`);
  assertSays(
    `runs ${params.tangentScale} × ${fmt(steepness, 3)} ≈ ${fmt(run, 3)} across the plane`,
  );
  assertSays(`(${fmt(tangent.dx, 3)} along x and ${fmt(tangent.dy, 3)} along y)`);
  assertSays(`rises by ${fmt(run, 3)} × ${fmt(steepness, 3)} ≈ ${fmt(tangent.dz, 3)}`);
});

Deno.test("chapter 1 says rightly that the line slips under the ground, and by how much", () => {
  const groundAtEnd = surfaceZ(tangent.end.x, tangent.end.y);
  assertSays(`the ground is at ${fmt(groundAtEnd, 3)}, above the line's ${fmt(tangent.end.z, 3)}`);
  // "right after the point": the ground is above the line all along it, not just at the end.
  for (let k = 1; k <= 50; k++) {
    const s = k / 50;
    const ground = surfaceZ(tangent.start.x + s * tangent.dx, tangent.start.y + s * tangent.dy);
    assert.ok(
      ground > tangent.start.z + s * tangent.dz,
      `the line is under the ground at s = ${s}`,
    );
  }
});

Deno.test("chapter 1 quotes the article's end height next to the tangent line's", () => {
  const z0 = surfaceZ(params.x, params.y);
  const articleEnd = z0 + surfaceZ(tangent.end.x, tangent.end.y);
  assertSays(`the article's line happens to end on the landscape itself, at ${fmt(articleEnd, 3)}`);
  assertSays(
    `The article's line ends at ${fmt(articleEnd, 3)}, the tangent line at ${
      fmt(tangent.end.z, 3)
    }.`,
  );
});

Deno.test("chapter 1 says the exact gradient does not exist at the article's point", () => {
  assert.equal(exactGradient(params.x, params.y).defined, false);
  assertSays("At the origin there is none.");
});

Deno.test("chapter 1's things to try quote what the edited parameters give", () => {
  const run = (values: Record<string, number>) => {
    const p = Chapter1Params.parse(values);
    const g = forwardGradient(surfaceZ, p.x, p.y, p.slopeStep);
    const norm = Math.hypot(g.dx, g.dy);
    return { g, norm, p, segment: tangentSegment(p.x, p.y, g, p.tangentScale * norm) };
  };
  const steep = run({ x: 0.5, y: 1 });
  assertSays("Set `x: 0.5, y: 1`");
  assertSays(`The slopes become (${fmt(steep.g.dx, 3)}, ${fmt(steep.g.dy, 3)})`);
  assertSays(`‖g‖ ≈ ${fmt(steep.norm, 3)}: the tangent line now runs`);
  assertSays(
    `runs ${fmt(Math.hypot(steep.segment.dx, steep.segment.dy), 2)} and climbs ${
      fmt(steep.segment.dz, 2)
    }`,
  );
  const top = run({ x: -3.25, y: 1.25 });
  assertSays("Set `x: -3.25, y: 1.25`, the hilltop");
  assertSays(`(‖g‖ ≈ ${fmt(top.norm, 3)}) but it points downhill`);
  assert.ok(top.g.dx < 0 && top.g.dy < 0, "both slopes come out negative");
  const fine = run({ x: -3.25, y: 1.25, slopeStep: 0.01 });
  assertSays(`about (${fmt(fine.g.dx, 3)}, ${fmt(fine.g.dy, 3)}), ‖g‖ ≈ ${fmt(fine.norm, 3)}`);
  const origin = run({ slopeStep: 0.01 });
  assertSays(
    `The slopes become (${fmt(origin.g.dx, 3)}, ${fmt(origin.g.dy, 3)}), far from the (${
      fmt(slopes.dx, 3)
    }, ${fmt(slopes.dy, 3)}) of h = 0.9`,
  );
});
