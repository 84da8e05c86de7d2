/**
 * Tests of the figure builders (lib/plot.ts, lib/plot_2d.ts, lib/plot_3d.ts), on their JSON.
 *
 * Expected coordinates are worked out by hand in the comments (arrow tips, arrowheads at ±25°,
 * panel domains), or checked by a property the code does not compute directly (arrows of
 * z = x² + y² point away from the origin; arrowheads are mirror images about the shaft).
 */

import assert from "node:assert/strict";
import { type Figure, PLOTLY_MIME, toMimeBundle, type Trace } from "../lib/display.ts";
import type { Grid2D } from "../lib/grid.ts";
import { methodColor, surfaceColorscale } from "../lib/palette.ts";
import { gradientLabel, seriesColors, sideBySide, withSlider, withTraces } from "../lib/plot.ts";
import {
  contourFigure,
  contourPathTraces,
  contourTrace,
  type GradientField,
  gradientFieldTraces,
  lineChart,
} from "../lib/plot_2d.ts";
import {
  defaultSurfaceCamera,
  gradientOnSurfaceTraces,
  surfaceFigure,
  surfacePathTraces,
  surfacePointTrace,
  surfaceTrace,
} from "../lib/plot_3d.ts";

// ---------------------------------------------------------------------------------------------
// Helpers

/** Sample f on the given coordinates; rows follow y. */
function gridOf(xs: number[], ys: number[], f: (x: number, y: number) => number): Grid2D {
  return {
    x: Float64Array.from(xs),
    y: Float64Array.from(ys),
    z: ys.map((y) => Float64Array.from(xs, (x) => f(x, y))),
  };
}

/** The article's surface z = 0.2·sin(x + y + r) − sin(x/2), written out here independently. */
function articleZ(x: number, y: number): number {
  const r = Math.sqrt(x * x + y * y);
  return 0.2 * Math.sin(x + y + r) - Math.sin(x / 2);
}

const small = gridOf([-1, 0, 1], [-2, 0, 2], (x, y) => x * x + y);
const article = gridOf(
  Array.from({ length: 41 }, (_, i) => -5 + i * 0.25),
  Array.from({ length: 41 }, (_, j) => -5 + j * 0.25),
  articleZ,
);

/** A field given by its components as functions; rows follow y. */
function fieldOf(
  xs: number[],
  ys: number[],
  g: (x: number, y: number) => [number, number],
): GradientField {
  return {
    x: Float64Array.from(xs),
    y: Float64Array.from(ys),
    dzdx: ys.map((y) => Float64Array.from(xs, (x) => g(x, y)[0])),
    dzdy: ys.map((y) => Float64Array.from(xs, (x) => g(x, y)[1])),
  };
}

/** The JSON a cell would show: must not throw, must hold no NaN or Infinity. */
function shownJson(figure: Figure): string {
  const bundle = toMimeBundle(figure);
  const json = JSON.stringify(bundle[PLOTLY_MIME]);
  assert.doesNotMatch(json, /NaN|Infinity/);
  return json;
}

/** Every `title` in a figure is `{ text: string }`, and no removed attribute appears. */
function assertCurrentPlotlyAttributes(value: unknown, path = "figure"): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertCurrentPlotlyAttributes(v, `${path}[${i}]`));
    return;
  }
  if (typeof value !== "object" || value === null) return;
  for (const [key, v] of Object.entries(value)) {
    assert.ok(
      !["titlefont", "titleside", "titleposition", "titleoffset", "autotick", "bardir"].includes(
        key,
      ),
      `${path}.${key} is an attribute plotly.js 3+ removed`,
    );
    if (key === "type") {
      assert.ok(!["heatmapgl", "pointcloud"].includes(v as string), `${path}.type is ${v}`);
    }
    if (key === "title") {
      assert.equal(typeof v, "object", `${path}.title must be { text }`);
      assert.equal(typeof (v as { text: unknown }).text, "string", `${path}.title.text`);
    }
    assertCurrentPlotlyAttributes(v, `${path}.${key}`);
  }
}

/** Euclidean distance. */
function dist(ax: number, ay: number, bx: number, by: number): number {
  return Math.hypot(ax - bx, ay - by);
}

const TOL = 1e-12;

function assertClose(actual: unknown, expected: number, tol = TOL, what = "value"): void {
  assert.equal(typeof actual, "number", `${what} must be a number`);
  assert.ok(
    Math.abs((actual as number) - expected) <= tol,
    `${what}: expected ${expected} ± ${tol}, got ${actual}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Labels and composition

Deno.test("gradientLabel() names the method and, when given, the step", () => {
  assert.equal(gradientLabel("exact"), "exact gradient");
  assert.equal(gradientLabel("forward", 0.9), "gradient (forward slope, h = 0.9)");
  assert.equal(gradientLabel("central", 1e-5), "gradient (central difference, h = 0.00001)");
});

Deno.test("seriesColors() come from the course palette", () => {
  const palette = new Set<string>([...Object.values(methodColor), "#E69F00"]);
  for (const color of seriesColors) assert.ok(palette.has(color), color);
  assert.equal(new Set(seriesColors).size, seriesColors.length);
});

Deno.test("withTraces() appends traces without changing the original figure", () => {
  const base = surfaceFigure(small);
  const point = surfacePointTrace({ x: 0, y: 0, z: 0 });
  const figure = withTraces(base, [point]);
  assert.equal(base.data.length, 1);
  assert.equal(figure.data.length, 2);
  assert.equal(figure.data[1], point);
  assert.equal(figure.layout, base.layout);
});

// ---------------------------------------------------------------------------------------------
// Surface

Deno.test("surfaceFigure() draws the grid as one Viridis surface with labelled axes", () => {
  const figure = surfaceFigure(small);
  assert.equal(figure.data.length, 1);
  const [trace] = figure.data;
  assert.equal(trace.type, "surface");
  assert.deepEqual(trace.x, small.x);
  assert.deepEqual(trace.y, small.y);
  assert.deepEqual(trace.z, small.z);
  assert.equal(trace.colorscale, "Viridis");
  assert.equal(trace.colorscale, surfaceColorscale);
  assert.equal(trace.opacity, 1);
  const scene = figure.layout.scene as Record<string, { title?: { text: string } }>;
  assert.equal(scene.xaxis.title?.text, "x");
  assert.equal(scene.yaxis.title?.text, "y");
  assert.equal(scene.zaxis.title?.text, "z = f(x, y)");
  assert.deepEqual(scene.camera, defaultSurfaceCamera);
  assert.match((figure.layout.title as { text: string }).text, /z = f\(x, y\)/);
  const json = JSON.parse(shownJson(figure));
  // Rows follow y: z[j][i] = f(x[i], y[j]); at x = 1, y = -2: 1 + (-2) = -1.
  assert.equal(json.data[0].z[0][2], -1);
  assertCurrentPlotlyAttributes(json);
});

Deno.test("surfaceFigure() takes a title, opacity, camera and axis titles", () => {
  const camera = { eye: { x: 2, y: 0, z: 1 } };
  const figure = surfaceFigure(small, {
    title: "Notice the ridge",
    opacity: 0.3,
    camera,
    axisTitles: { x: "w₁", y: "w₂", z: "loss L(w₁, w₂)" },
    showScale: false,
    floorContours: true,
  });
  assert.deepEqual(figure.layout.title, { text: "Notice the ridge" });
  assert.equal(figure.data[0].opacity, 0.3);
  assert.equal(figure.data[0].showscale, false);
  assert.equal(figure.data[0].colorbar, undefined);
  assert.deepEqual(figure.data[0].contours, {
    z: { show: true, usecolormap: true, project: { z: true } },
  });
  const scene = figure.layout.scene as Record<string, unknown>;
  assert.deepEqual(scene.camera, camera);
  assert.notEqual(scene.camera, camera); // a copy: later edits to the camera do not leak
  assert.deepEqual((scene.zaxis as { title: unknown }).title, { text: "loss L(w₁, w₂)" });
});

Deno.test("surfaceTrace() refuses NaN, ragged rows, unordered axes and bad opacity", () => {
  const nan = gridOf([0, 1], [0, 1], (x, y) => (x === 1 && y === 0 ? NaN : 0));
  assert.throws(
    () => surfaceTrace(nan),
    {
      name: "TypeError",
      message: "Cannot draw surface: grid.z[0][1] must be a finite number (got NaN)",
    },
  );
  const ragged = { ...small, z: [small.z[0], small.z[1].subarray(0, 2), small.z[2]] };
  assert.throws(
    () => surfaceTrace(ragged),
    {
      name: "TypeError",
      message: "Cannot draw surface: grid.z[1] must have one value per x value, 3 (got 2)",
    },
  );
  const unordered = { ...small, x: Float64Array.from([0, -1, 1]) };
  assert.throws(() => surfaceTrace(unordered), /grid\.x must increase strictly/);
  assert.throws(
    () => surfaceTrace(small, { opacity: -0.1 }),
    { name: "RangeError", message: "Cannot draw surface: opacity must be in [0, 1] (got -0.1)" },
  );
  const tiny = gridOf([0], [0, 1], () => 0);
  assert.throws(() => surfaceTrace(tiny), /at least 2 x and 2 y values \(got 1 × 2\)/);
});

Deno.test("surfacePointTrace() marks one point with its coordinates in the name", () => {
  const trace = surfacePointTrace({ x: 0.5, y: -1.25, z: 2 });
  assert.equal(trace.type, "scatter3d");
  assert.equal(trace.mode, "markers");
  assert.deepEqual([trace.x, trace.y, trace.z], [[0.5], [-1.25], [2]]);
  assert.equal(trace.name, "point (0.5, -1.25)");
  assert.equal((trace.marker as { color: string }).color, methodColor.guide);
  assert.throws(
    () => surfacePointTrace({ x: 0, y: Infinity, z: 0 }),
    /point\.y must be a finite number \(got Infinity\)/,
  );
});

Deno.test("gradientOnSurfaceTraces() draws tangent, plane direction, components and point", () => {
  // Start (1, 2, 3), end (4, 6, 5): run 3 in x, 4 in y, rise 2.
  const traces = gradientOnSurfaceTraces(
    { start: { x: 1, y: 2, z: 3 }, end: { x: 4, y: 6, z: 5 } },
    { method: "forward", h: 0.9 },
  );
  assert.equal(traces.length, 4);
  for (const t of traces) assert.equal(t.type, "scatter3d");
  const [tangent, plane, components, point] = traces;
  assert.deepEqual([tangent.x, tangent.y, tangent.z], [[1, 4], [2, 6], [3, 5]]);
  assert.deepEqual([plane.x, plane.y, plane.z], [[1, 4], [2, 6], [3, 3]]);
  // Along x to (4, 2, 3), along y to (4, 6, 3), up to (4, 6, 5).
  assert.deepEqual(components.x, [1, 4, 4, 4]);
  assert.deepEqual(components.y, [2, 2, 6, 6]);
  assert.deepEqual(components.z, [3, 3, 3, 5]);
  assert.deepEqual([point.x, point.y, point.z], [[1], [2], [3]]);
  const line = (t: Trace) => t.line as { color: string; dash?: string };
  assert.equal(line(tangent).color, methodColor.forward);
  assert.equal(line(plane).color, methodColor.forward);
  assert.equal(line(plane).dash, "dot");
  assert.equal(line(components).color, methodColor.guide);
  assert.equal(line(components).dash, "dash");
  for (const t of traces) assert.equal(t.legendgroup, "gradient (forward slope, h = 0.9)");
  assert.deepEqual(tangent.legendgrouptitle, { text: "gradient (forward slope, h = 0.9)" });
  assert.match(String(point.name), /\(1, 2\)/);
});

Deno.test("gradientOnSurfaceTraces() colours by method and drops the parts it is told to", () => {
  const arrow = { start: { x: 0, y: 0, z: 0 }, end: { x: 1, y: 1, z: 1 } };
  const exact = gradientOnSurfaceTraces(arrow, {
    method: "exact",
    components: false,
    projection: false,
    point: false,
  });
  assert.equal(exact.length, 1);
  assert.equal((exact[0].line as { color: string }).color, methodColor.exact);
  assert.equal(exact[0].legendgroup, "exact gradient");
  const central = gradientOnSurfaceTraces(arrow, { method: "central", label: "my label" });
  assert.equal((central[0].line as { color: string }).color, methodColor.central);
  assert.equal(central[0].legendgroup, "my label");
  assert.throws(
    () => gradientOnSurfaceTraces({ start: arrow.start, end: { x: NaN, y: 0, z: 0 } }),
    {
      name: "TypeError",
      message: "Cannot draw gradient: arrow.end.x must be a finite number (got NaN)",
    },
  );
});

Deno.test("surfacePathTraces() draws the path in the direction's colour with start and end", () => {
  const path = { x: [0, 1, 3], y: [0, -1, -1], z: [0.5, 0.25, 0] };
  const [line, start, end] = surfacePathTraces(path, { direction: "ascent", lift: 0.5 });
  assert.equal(line.type, "scatter3d");
  assert.equal(line.mode, "lines+markers");
  assert.deepEqual(Array.from(line.x as Float64Array), path.x);
  assert.deepEqual(Array.from(line.y as Float64Array), path.y);
  assert.deepEqual(Array.from(line.z as Float64Array), [1, 0.75, 0.5]); // lifted by 0.5
  assert.deepEqual(line.customdata, [0, 1, 2]);
  assert.equal(line.name, "ascent path");
  assert.equal((line.line as { color: string }).color, methodColor.ascent);
  assert.deepEqual([start.x, start.y, start.z], [[0], [0], [1]]);
  assert.deepEqual([end.x, end.y, end.z], [[3], [-1], [0.5]]);
  assert.equal(start.name, "start (0, 0)");
  assert.equal(end.name, "end after 2 steps (3, -1)");
  const [descent] = surfacePathTraces(path);
  assert.equal((descent.line as { color: string }).color, methodColor.descent);
  assert.equal(surfacePathTraces(path, { ends: false }).length, 1);
  const single = surfacePathTraces({ x: [1], y: [2], z: [3] });
  assert.equal(single[2].name, "end after 0 steps (1, 2)");
});

Deno.test("surfacePathTraces() refuses empty, mismatched and non-finite paths", () => {
  assert.throws(
    () => surfacePathTraces({ x: [], y: [], z: [] }),
    { name: "RangeError", message: "Cannot draw path: path must have at least 1 point (got 0)" },
  );
  assert.throws(
    () => surfacePathTraces({ x: [0, 1], y: [0], z: [0, 1] }),
    {
      name: "TypeError",
      message: "Cannot draw path: path.y must have the length of path.x, 2 (got 1)",
    },
  );
  assert.throws(
    () => surfacePathTraces({ x: [0, 1], y: [0, 1], z: [0, -Infinity] }),
    /path\.z\[1\] must be a finite number \(got -Infinity\)/,
  );
});

// ---------------------------------------------------------------------------------------------
// Contour map

Deno.test("contourFigure() draws a Viridis contour map with x and y on one scale", () => {
  const figure = contourFigure(small);
  const [trace] = figure.data;
  assert.equal(trace.type, "contour");
  assert.deepEqual(trace.x, small.x);
  assert.deepEqual(trace.y, small.y);
  assert.deepEqual(trace.z, small.z);
  assert.equal(trace.colorscale, surfaceColorscale);
  const xaxis = figure.layout.xaxis as Record<string, unknown>;
  const yaxis = figure.layout.yaxis as Record<string, unknown>;
  assert.deepEqual(xaxis.title, { text: "x" });
  assert.deepEqual(yaxis.title, { text: "y" });
  assert.equal(yaxis.scaleanchor, "x");
  assert.equal(yaxis.scaleratio, 1);
  assert.equal(xaxis.range, undefined); // autorange by default: nothing is cut off
  assertCurrentPlotlyAttributes(JSON.parse(shownJson(figure)));
});

Deno.test("contourFigure() options: free aspect, grid extent, levels, labels, titles", () => {
  const figure = contourFigure(small, {
    equalAspect: false,
    extent: "grid",
    levels: 7,
    labels: true,
    coloring: "lines",
    axisTitles: { x: "w₁", y: "w₂" },
    title: "Level sets",
  });
  const yaxis = figure.layout.yaxis as Record<string, unknown>;
  assert.equal(yaxis.scaleanchor, undefined);
  assert.deepEqual((figure.layout.xaxis as { range: number[] }).range, [-1, 1]);
  assert.deepEqual(yaxis.range, [-2, 2]);
  assert.deepEqual(yaxis.title, { text: "w₂" });
  assert.equal(figure.data[0].ncontours, 7);
  assert.deepEqual(figure.data[0].contours, { coloring: "lines", showlabels: true });
  assert.deepEqual(figure.layout.title, { text: "Level sets" });
  assert.throws(() => contourTrace(small, { levels: 1 }), /levels must be in \[2, 200\] \(got 1\)/);
});

// ---------------------------------------------------------------------------------------------
// Gradient field

// cos 25° and sin 25°, to 12 digits (tables): the arrowhead's half-angle.
const COS25 = 0.906307787037;
const SIN25 = 0.422618261741;

Deno.test("gradientFieldTraces() draws all arrows in one trace: shaft, null, head, null", () => {
  // Grid x = 0, 1, 2 and y = 0, 2 (smallest spacing 1). ∇z = (3, 4) at (0, 0), (0, −1) at
  // (1, 0), zero elsewhere. |∇z| max = 5, so the longest arrow is 0.9 long and the other 0.9/5.
  const g: Record<string, [number, number]> = { "0,0": [3, 4], "1,0": [0, -1] };
  const field = fieldOf([0, 1, 2], [0, 2], (x, y) => g[`${x},${y}`] ?? [0, 0]);
  const traces = gradientFieldTraces(field);
  assert.equal(traces.length, 1); // no point skipped, so no marker trace
  const [arrows] = traces;
  assert.equal(arrows.type, "scatter");
  assert.equal(arrows.mode, "lines");
  assert.equal((arrows.line as { color: string }).color, methodColor.exact);
  const x = arrows.x as (number | null)[];
  const y = arrows.y as (number | null)[];
  assert.equal(x.length, 14); // 2 arrows × 7; zero gradients draw nothing
  assert.equal(y.length, 14);
  for (let k = 0; k < 14; k++) {
    const isGap = k % 7 === 2 || k % 7 === 6;
    assert.equal(x[k] === null, isGap, `x[${k}]`);
    assert.equal(y[k] === null, isGap, `y[${k}]`);
  }
  // Arrow 1: tail (0, 0), direction (0.6, 0.8), length 0.9: tip (0.54, 0.72).
  assertClose(x[0], 0);
  assertClose(y[0], 0);
  assertClose(x[1], 0.54);
  assertClose(y[1], 0.72);
  assert.deepEqual([x[4], y[4]], [x[1], y[1]]); // the head meets at the tip
  // Arrow 2: tail (1, 0), straight down, length 0.18: tip (1, −0.18). Head 0.3 × 0.18 = 0.054
  // long at ±25° from the shaft: (1 ∓ 0.054·sin 25°, −0.18 + 0.054·cos 25°).
  assertClose(x[7], 1);
  assertClose(y[7], 0);
  assertClose(x[8], 1);
  assertClose(y[8], -0.18);
  const heads = [[x[10], y[10]], [x[12], y[12]]] as [number, number][];
  heads.sort((a, b) => a[0] - b[0]);
  assertClose(heads[0][0], 1 - 0.054 * SIN25, 1e-12, "left head x");
  assertClose(heads[0][1], -0.18 + 0.054 * COS25, 1e-12, "left head y");
  assertClose(heads[1][0], 1 + 0.054 * SIN25, 1e-12, "right head x");
  assertClose(heads[1][1], -0.18 + 0.054 * COS25, 1e-12, "right head y");
  shownJson(withTraces(contourFigure(small), traces));
});

Deno.test("gradientFieldTraces() heads are mirror images about the shaft, 25° off it", () => {
  const field = fieldOf([0, 1], [0, 1], (x, y) => [1 + x, 2 - 3 * y]);
  const [arrows] = gradientFieldTraces(field, { headSize: 0.4 });
  const x = arrows.x as number[];
  const y = arrows.y as number[];
  for (let a = 0; a < x.length / 7; a++) {
    const o = 7 * a;
    const shaft = dist(x[o], y[o], x[o + 1], y[o + 1]);
    for (const h of [o + 3, o + 5]) {
      const head = dist(x[h], y[h], x[o + 1], y[o + 1]);
      assertClose(head, 0.4 * shaft, 1e-12, "head length");
      // Angle between (tip − tail) and (tip − head end): cos = dot / (|a||b|).
      const dot = (x[o + 1] - x[o]) * (x[o + 1] - x[h]) + (y[o + 1] - y[o]) * (y[o + 1] - y[h]);
      assertClose(dot / (shaft * head), COS25, 1e-9, "head angle");
    }
    // Mirror images: distinct points whose midpoint lies on the shaft's line.
    assert.ok(dist(x[o + 3], y[o + 3], x[o + 5], y[o + 5]) > 1e-3, "two different heads");
    const mx = (x[o + 3] + x[o + 5]) / 2 - x[o];
    const my = (y[o + 3] + y[o + 5]) / 2 - y[o];
    assertClose((x[o + 1] - x[o]) * my - (y[o + 1] - y[o]) * mx, 0, 1e-12, "midpoint on shaft");
  }
});

Deno.test("gradientFieldTraces() of z = x² + y² point straight away from the origin", () => {
  // ∇(x² + y²) = (2x, 2y): each arrow is parallel to its position, pointing outward.
  const coords = [-2, -1, 0, 1, 2];
  const field = fieldOf(coords, coords, (x, y) => [2 * x, 2 * y]);
  const [arrows] = gradientFieldTraces(field);
  const x = arrows.x as number[];
  const y = arrows.y as number[];
  assert.equal(x.length, 7 * 24); // 25 points, the origin has ∇z = 0
  for (let o = 0; o < x.length; o += 7) {
    const dx = x[o + 1] - x[o];
    const dy = y[o + 1] - y[o];
    assertClose(x[o] * dy - y[o] * dx, 0, 1e-12, "cross product"); // parallel
    assert.ok(x[o] * dx + y[o] * dy > 0, "outward");
    // Length ∝ |∇z| = 2r; the longest (r = 2√2, at the corners) is 0.9 cells long.
    assertClose(Math.hypot(dx, dy), (0.9 * Math.hypot(x[o], y[o])) / (2 * Math.SQRT2), 1e-12);
  }
});

Deno.test("gradientFieldTraces() options: normalize, stride, fill, negate, method, name", () => {
  const coords = [0, 0.5, 1, 1.5, 2];
  const field = fieldOf(coords, coords, (x, y) => [1 + x, y]);
  const [normal] = gradientFieldTraces(field, { normalize: true, fill: 0.5 });
  const nx = normal.x as number[];
  const ny = normal.y as number[];
  for (let o = 0; o < nx.length; o += 7) {
    assertClose(dist(nx[o], ny[o], nx[o + 1], ny[o + 1]), 0.25, 1e-12, "0.5 of a 0.5 cell");
  }
  // stride 2: points 0, 1, 2 in x and y → 9 arrows, cell 1; the longest (|(3, 2)| at (2, 2))
  // is 0.9 long.
  const [strided] = gradientFieldTraces(field, { stride: 2 });
  const sx = strided.x as number[];
  const sy = strided.y as number[];
  assert.equal(sx.length, 9 * 7);
  const tails = new Set<string>();
  let longest = 0;
  for (let o = 0; o < sx.length; o += 7) {
    tails.add(`${sx[o]},${sy[o]}`);
    longest = Math.max(longest, dist(sx[o], sy[o], sx[o + 1], sy[o + 1]));
  }
  assert.deepEqual([...tails].sort(), [
    "0,0",
    "0,1",
    "0,2",
    "1,0",
    "1,1",
    "1,2",
    "2,0",
    "2,1",
    "2,2",
  ]);
  assertClose(longest, 0.9, 1e-12, "longest arrow");
  // negate: arrows point along −∇z; at (0, 0), ∇z = (1, 0), so the tip is left of the tail.
  const [down] = gradientFieldTraces(field, { negate: true, method: "forward" });
  assert.ok((down.x as number[])[1] < (down.x as number[])[0]);
  assert.equal((down.line as { color: string }).color, methodColor.forward);
  assert.equal(down.name, "−∇z, gradient (forward slope)");
  const [named] = gradientFieldTraces(field, { name: "slopes" });
  assert.equal(named.name, "slopes");
});

Deno.test("gradientFieldTraces() skips and marks points where the gradient is undefined", () => {
  // A cone point at the origin: the placeholder there may be NaN, but only if excluded.
  const coords = [-1, 0, 1];
  const field = fieldOf(coords, coords, (x, y) => (x === 0 && y === 0 ? [NaN, NaN] : [x, y]));
  assert.throws(
    () => gradientFieldTraces(field),
    {
      name: "TypeError",
      message: "Cannot draw gradient field: field.dzdx[1][1] must be a finite number (got NaN); " +
        "mark points where the gradient is undefined with options.defined",
    },
  );
  const defined = (i: number, j: number) => !(i === 1 && j === 1);
  const traces = gradientFieldTraces(field, { defined });
  assert.equal(traces.length, 2);
  const [arrows, skipped] = traces;
  assert.equal((arrows.x as unknown[]).length, 8 * 7);
  assert.equal(skipped.type, "scatter");
  assert.equal(skipped.mode, "markers");
  assert.deepEqual(Array.from(skipped.x as Float64Array), [0]);
  assert.deepEqual(Array.from(skipped.y as Float64Array), [0]);
  assert.equal(skipped.name, "gradient undefined here");
  shownJson(withTraces(contourFigure(small), traces));
  // The field may carry its own `defined` (as the surface module's gradient grid does).
  assert.equal(gradientFieldTraces({ ...field, defined }).length, 2);
  assert.equal(gradientFieldTraces(field, { defined, markUndefined: false }).length, 1);
});

Deno.test("gradientFieldTraces() draws nothing, validly, for a zero field", () => {
  const field = fieldOf([0, 1], [0, 1], () => [0, 0]);
  const [arrows] = gradientFieldTraces(field);
  assert.deepEqual(arrows.x, []);
  assert.deepEqual(arrows.y, []);
});

Deno.test("gradientFieldTraces() refuses bad shapes and options", () => {
  const field = fieldOf([0, 1], [0, 1], () => [1, 0]);
  assert.throws(
    () => gradientFieldTraces({ ...field, dzdy: [field.dzdy[0]] }),
    {
      name: "TypeError",
      message: "Cannot draw gradient field: field.dzdy must have one row per y value, 2 (got 1)",
    },
  );
  assert.throws(
    () => gradientFieldTraces(field, { stride: 1.5 }),
    {
      name: "RangeError",
      message: "Cannot draw gradient field: stride must be an integer ≥ 1 (got 1.5)",
    },
  );
  assert.throws(() => gradientFieldTraces(field, { fill: 0 }), /fill must be in/);
  assert.throws(() => gradientFieldTraces(field, { headSize: 1 }), /headSize must be in/);
  assert.throws(
    () => gradientFieldTraces({ ...field, x: Float64Array.from([1, 0]) }),
    /field\.x must increase strictly/,
  );
});

// ---------------------------------------------------------------------------------------------
// Paths on the contour map

Deno.test("contourPathTraces() draws numbered steps with arrowheads along the path", () => {
  const path = { x: [0, 1, 1, 2], y: [0, 0, 1, 1], z: [9, 9, 9, 9] };
  const [line, start, end] = contourPathTraces(path);
  assert.equal(line.type, "scatter");
  assert.equal(line.mode, "lines+markers+text");
  assert.deepEqual(Array.from(line.x as Float64Array), path.x);
  assert.deepEqual(Array.from(line.y as Float64Array), path.y);
  assert.deepEqual(line.text, ["0", "1", "2", "3"]);
  assert.deepEqual(line.customdata, [0, 1, 2, 3]);
  const marker = line.marker as { symbol: string[]; angleref: string; color: string };
  assert.deepEqual(marker.symbol, ["circle", "arrow", "arrow", "arrow"]);
  assert.equal(marker.angleref, "previous");
  assert.equal(marker.color, methodColor.descent);
  assert.equal(line.name, "descent path");
  assert.deepEqual([start.x, start.y], [[0], [0]]);
  assert.deepEqual([end.x, end.y], [[2], [1]]);
  assert.equal(end.name, "end after 3 steps (2, 1)");
  assert.equal(
    (contourPathTraces(path, { direction: "ascent" })[0].line as { color: string }).color,
    methodColor.ascent,
  );
});

Deno.test("contourPathTraces() leaves step numbers off long paths unless asked", () => {
  const n = 40;
  const path = { x: Array.from({ length: n }, (_, k) => k), y: new Array(n).fill(0) };
  assert.equal(contourPathTraces(path)[0].mode, "lines+markers");
  assert.equal(contourPathTraces(path)[0].text, undefined);
  assert.equal(contourPathTraces(path, { stepLabels: true })[0].mode, "lines+markers+text");
  assert.throws(() => contourPathTraces({ x: [], y: [] }), /at least 1 point \(got 0\)/);
  assert.throws(
    () => contourPathTraces({ x: [0, NaN], y: [0, 0] }),
    /path\.x\[1\] must be a finite number/,
  );
});

// ---------------------------------------------------------------------------------------------
// Line charts

Deno.test("lineChart() draws one line per series with palette colours and axis types", () => {
  const figure = lineChart([
    { name: "forward", x: [1, 2, 3], y: [4, 5, 6], color: methodColor.forward },
    { name: "second", x: new Float64Array([1, 2]), y: new Float64Array([7, 8]), dash: "dash" },
  ], { xTitle: "step h", yTitle: "|error|", markers: true, xHoverFormat: ".2e" });
  assert.equal(figure.data.length, 2);
  const [a, b] = figure.data;
  assert.equal(a.type, "scatter");
  assert.equal(a.mode, "lines+markers");
  assert.deepEqual(a.x, [1, 2, 3]);
  assert.deepEqual(a.y, [4, 5, 6]);
  assert.deepEqual(b.y, new Float64Array([7, 8]));
  assert.equal((a.line as { color: string }).color, methodColor.forward);
  assert.equal((b.line as { color: string }).color, seriesColors[1]);
  assert.equal((b.line as { dash: string }).dash, "dash");
  assert.equal(a.xhoverformat, ".2e");
  assert.equal(a.yhoverformat, ".4~g");
  assert.deepEqual(figure.layout.title, { text: "|error| against step h" });
  assert.deepEqual(figure.layout.xaxis, { title: { text: "step h" }, type: "linear" });
  assertCurrentPlotlyAttributes(JSON.parse(shownJson(figure)));
});

Deno.test("lineChart() labels log axes as powers of ten", () => {
  const figure = lineChart([{ name: "norm", x: [1, 2], y: [1e-3, 1e3] }], {
    xType: "linear",
    yType: "log",
  });
  assert.deepEqual(figure.layout.yaxis, {
    title: { text: "y" },
    type: "log",
    exponentformat: "power",
  });
  assert.equal((figure.layout.xaxis as { type: string }).type, "linear");
  assert.equal(figure.data[0].mode, "lines");
});

Deno.test("lineChart() refuses a value ≤ 0 on a log axis by default, naming it", () => {
  assert.throws(
    () => lineChart([{ name: "central", x: [1, 2, 3], y: [1e-3, -1e-9, 1] }], { yType: "log" }),
    {
      name: "RangeError",
      message: 'Cannot draw line chart: series "central" y[1] must be > 0 on a log y axis ' +
        '(got -1e-9); pass nonPositive: "drop" to leave a visible gap',
    },
  );
  assert.throws(
    () => lineChart([{ name: "h", x: [0, 1], y: [1, 1] }], { xType: "log" }),
    /series "h" x\[0\] must be > 0 on a log x axis \(got 0\)/,
  );
  // On linear axes, zero and negative values are fine.
  assert.doesNotThrow(() => lineChart([{ name: "h", x: [0, 1], y: [-1, 0] }]));
});

Deno.test("lineChart() can drop values ≤ 0 on a log axis, visibly", () => {
  const figure = lineChart([
    { name: "forward", x: [1, 0.1, 0.01, 0.001], y: [0.1, 0, 0.001, 0] },
    { name: "central", x: [1, 0.1], y: [0.01, 0.0001] },
  ], { xType: "log", yType: "log", nonPositive: "drop" });
  const [forward, central] = figure.data;
  assert.deepEqual(forward.x, [1, null, 0.01, null]);
  assert.deepEqual(forward.y, [0.1, null, 0.001, null]);
  assert.equal(forward.name, "forward (2 points ≤ 0 not shown)");
  assert.equal(central.name, "central");
  assert.deepEqual(central.y, [0.01, 0.0001]);
  const [note] = figure.layout.annotations as { text: string; xref: string }[];
  assert.equal(note.text, "Not shown on the log axis: 2 points ≤ 0 (forward: 2)");
  assert.equal(note.xref, "paper");
  shownJson(figure); // null gaps are allowed in the JSON
});

Deno.test("lineChart() refuses NaN, mismatched lengths, empty series and no series", () => {
  assert.throws(
    () => lineChart([{ name: "loss", x: [0, 1], y: [1, NaN] }]),
    {
      name: "TypeError",
      message: 'Cannot draw line chart: series "loss" y[1] must be a finite number (got NaN)',
    },
  );
  assert.throws(
    () => lineChart([{ name: "loss", x: [0, 1], y: [1] }]),
    /series "loss" y must have the length of series "loss" x, 2 \(got 1\)/,
  );
  assert.throws(() => lineChart([{ name: "loss", x: [], y: [] }]), /at least 1 point \(got 0\)/);
  assert.throws(() => lineChart([]), /series must hold at least 1 series \(got 0\)/);
});

// ---------------------------------------------------------------------------------------------
// Slider

/** A chain's gradient per layer, w^(L − l), written out for the slider tests. */
function chainTrace(w: number, depth: number): Trace {
  const x = Array.from({ length: depth }, (_, l) => l + 1);
  return { type: "scatter", name: `w = ${w}`, x, y: x.map((l) => w ** (depth - l)) };
}

Deno.test("withSlider() adds one slider step per label, each carrying its own data", () => {
  const reference: Trace = { type: "scatter", name: "1", x: [1, 4], y: [1, 1] };
  const base = lineChart([{ name: "1", x: [1, 4], y: [1, 1] }], { yType: "log" });
  const weights = [0.5, 1, 2];
  const figure = withSlider(base, {
    prefix: "w = ",
    active: 1,
    steps: weights.map((w) => ({
      label: String(w),
      title: `w = ${w}`,
      traces: [chainTrace(w, 4)],
    })),
  });
  assert.equal(figure.data.length, 2);
  assert.equal(figure.data[0].name, reference.name); // the fixed trace stays first
  assert.deepEqual(figure.data[1], chainTrace(1, 4)); // the active step is shown first
  assert.deepEqual(figure.layout.title, { text: "w = 1" });
  const [slider] = figure.layout.sliders as {
    active: number;
    steps: {
      label: string;
      method: string;
      args: [Record<string, unknown[]>, Record<string, unknown>, number[]];
    }[];
    currentvalue: { prefix: string };
  }[];
  assert.equal(slider.active, 1);
  assert.equal(slider.currentvalue.prefix, "w = ");
  assert.equal(slider.steps.length, 3);
  for (let s = 0; s < 3; s++) {
    const step = slider.steps[s];
    assert.equal(step.label, String(weights[s]));
    assert.equal(step.method, "update");
    const [data, layout, indices] = step.args;
    assert.deepEqual(indices, [1]);
    // w = 2, depth 4: layers 1..4 get 2³, 2², 2¹, 2⁰.
    if (weights[s] === 2) assert.deepEqual(data.y, [[8, 4, 2, 1]]);
    assert.deepEqual(data.x, [[1, 2, 3, 4]]);
    assert.deepEqual(data.name, [`w = ${weights[s]}`]);
    assert.equal(data.type, undefined); // the trace type never changes
    assert.deepEqual(layout, { "title.text": `w = ${weights[s]}` });
  }
  assertCurrentPlotlyAttributes(JSON.parse(shownJson(figure)));
});

Deno.test("withSlider() resets, at a step, attributes that step leaves out", () => {
  const figure = withSlider({ data: [], layout: {} }, {
    steps: [
      { label: "a", traces: [{ type: "scatter", x: [1], y: [1], line: { dash: "dash" } }] },
      { label: "b", traces: [{ type: "scatter", x: [2], y: [2] }] },
    ],
  });
  const steps = (figure.layout.sliders as { steps: { args: Record<string, unknown[]>[] }[] }[])[0]
    .steps;
  assert.deepEqual(steps[0].args[0].line, [{ dash: "dash" }]);
  assert.deepEqual(steps[1].args[0].line, [null]);
  assert.deepEqual(steps[1].args[1], {}); // no step sets a title: the layout is left alone
});

Deno.test("withSlider() drives several traces at once and keeps the depth sweep's lengths", () => {
  const steps = [3, 5].map((depth) => ({
    label: `${depth} layers`,
    traces: [chainTrace(0.5, depth), chainTrace(2, depth)],
  }));
  const figure = withSlider({ data: [], layout: {} }, { steps });
  const args = (figure.layout.sliders as { steps: { args: unknown[] }[] }[])[0].steps[1].args;
  const data = args[0] as Record<string, unknown[]>;
  assert.deepEqual(args[2], [0, 1]);
  assert.equal((data.x[0] as number[]).length, 5);
  assert.deepEqual(data.y[1], [16, 8, 4, 2, 1]);
});

Deno.test("withSlider() refuses empty or inconsistent steps", () => {
  const trace = (type: string): Trace => ({ type, x: [1], y: [1] });
  const base = { data: [], layout: {} };
  assert.throws(
    () => withSlider(base, { steps: [] }),
    { name: "RangeError", message: "Cannot add slider: steps must have at least 1 step (got 0)" },
  );
  assert.throws(
    () => withSlider(base, { steps: [{ label: "a", traces: [trace("scatter")] }], active: 1 }),
    /active must be an integer in \[0, 0\] \(got 1\)/,
  );
  assert.throws(
    () =>
      withSlider(base, {
        steps: [
          { label: "a", traces: [trace("scatter")] },
          { label: "b", traces: [trace("scatter"), trace("scatter")] },
        ],
      }),
    /steps\[1\]\.traces must have 1 traces like steps\[0\] \(got 2\)/,
  );
  assert.throws(
    () =>
      withSlider(base, {
        steps: [{ label: "a", traces: [trace("scatter")] }, { label: "b", traces: [trace("bar")] }],
      }),
    /steps\[1\]\.traces\[0\]\.type must be "scatter" like steps\[0\] \(got "bar"\)/,
  );
  assert.throws(
    () => withSlider(base, { steps: [{ label: "", traces: [trace("scatter")] }] }),
    /steps\[0\]\.label must be a non-empty string/,
  );
  const once = withSlider(base, { steps: [{ label: "a", traces: [trace("scatter")] }] });
  assert.throws(
    () => withSlider(once, { steps: [{ label: "a", traces: [trace("scatter")] }] }),
    /figure must not have a slider already/,
  );
});

// ---------------------------------------------------------------------------------------------
// Side by side

Deno.test("sideBySide() gives each 2-D figure its own axes, domain, heading and legend", () => {
  const panels = [0.1, 1, 1.5].map((lr) =>
    withTraces(
      contourFigure(small, { title: `η = ${lr}` }),
      contourPathTraces({ x: [0, 0.5], y: [0, lr] }),
    )
  );
  const figure = sideBySide(panels, { title: "Three learning rates" });
  // gap 0.08: width (1 − 2·0.08)/3 = 0.28; domains [0, 0.28], [0.36, 0.64], [0.72, 1].
  const domains = [[0, 0.28], [0.36, 0.64], [0.72, 1]];
  const suffixes = ["", "2", "3"];
  for (let k = 0; k < 3; k++) {
    const xaxis = figure.layout[`xaxis${suffixes[k]}`] as Record<string, unknown>;
    const yaxis = figure.layout[`yaxis${suffixes[k]}`] as Record<string, unknown>;
    assert.deepEqual(xaxis.domain, domains[k]);
    assert.equal(xaxis.anchor, `y${suffixes[k]}`);
    assert.equal(yaxis.anchor, `x${suffixes[k]}`);
    assert.equal(yaxis.scaleanchor, `x${suffixes[k]}`); // equal aspect within each panel
    assert.deepEqual(xaxis.title, { text: "x" });
  }
  assert.equal(figure.data.length, 12);
  for (let t = 0; t < 12; t++) {
    const k = Math.floor(t / 4);
    assert.equal(figure.data[t].xaxis, `x${suffixes[k]}`);
    assert.equal(figure.data[t].yaxis, `y${suffixes[k]}`);
    assert.equal(figure.data[t].legend, k === 0 ? undefined : `legend${k + 1}`);
  }
  assert.ok(figure.layout.legend && figure.layout.legend2 && figure.layout.legend3);
  const headings = figure.layout.annotations as { text: string; x: number }[];
  assert.deepEqual(headings.map((a) => a.text), [
    "<b>η = 0.1</b>",
    "<b>η = 1</b>",
    "<b>η = 1.5</b>",
  ]);
  assert.deepEqual(headings.map((a) => a.x), [0.14, 0.5, 0.86]);
  assert.deepEqual(figure.layout.title, { text: "Three learning rates" });
  // Only the contour traces have colour bars; each stands right of its own panel.
  assert.equal((figure.data[4].colorbar as { x: number }).x, 0.645);
  assert.equal(panels[0].data[0].xaxis, undefined); // the input figures are not changed
  assertCurrentPlotlyAttributes(JSON.parse(shownJson(figure)));
});

Deno.test("sideBySide() links y axes on request, keeping equal aspect through x", () => {
  const figure = sideBySide([contourFigure(small), contourFigure(small)], { sharedY: true });
  const yaxis2 = figure.layout.yaxis2 as Record<string, unknown>;
  const xaxis2 = figure.layout.xaxis2 as Record<string, unknown>;
  assert.equal(yaxis2.matches, "y");
  assert.equal(yaxis2.scaleanchor, undefined);
  assert.equal(xaxis2.matches, "x");
  const lines = sideBySide([
    lineChart([{ name: "a", x: [0, 1], y: [0, 1] }]),
    lineChart([{ name: "b", x: [0, 1], y: [0, 2] }]),
  ], { sharedY: true });
  assert.equal((lines.layout.yaxis2 as Record<string, unknown>).matches, "y");
  assert.equal((lines.layout.xaxis2 as Record<string, unknown>).matches, undefined);
});

Deno.test("sideBySide() puts a surface in its own scene next to a contour map", () => {
  const figure = sideBySide([
    withTraces(surfaceFigure(small), [surfacePointTrace({ x: 0, y: 0, z: 0 })]),
    contourFigure(small),
  ], { gap: 0.1 });
  assert.equal(figure.data[0].scene, "scene");
  assert.equal(figure.data[1].scene, "scene");
  assert.equal(figure.data[2].xaxis, "x");
  const scene = figure.layout.scene as { domain: unknown; camera: unknown };
  assert.deepEqual(scene.domain, { x: [0, 0.45], y: [0, 1] });
  assert.deepEqual(scene.camera, defaultSurfaceCamera);
  assert.deepEqual((figure.layout.xaxis as { domain: number[] }).domain, [0.55, 1]);
  shownJson(figure);
});

Deno.test("sideBySide() moves a line chart's paper notes into its panel", () => {
  const chart = lineChart([{ name: "e", x: [1, 2], y: [0, 1] }], {
    yType: "log",
    nonPositive: "drop",
  });
  const figure = sideBySide([lineChart([{ name: "f", x: [1, 2], y: [1, 2] }]), chart], { gap: 0 });
  const notes = figure.layout.annotations as { text: string; x: number }[];
  const note = notes.find((a) => a.text.startsWith("Not shown"));
  assert.equal(note?.x, 0.5); // x = 0 of the second half
});

Deno.test("sideBySide() refuses no figures, too many, sliders and foreign axes", () => {
  const line = lineChart([{ name: "a", x: [0], y: [0] }]);
  assert.throws(() => sideBySide([]), /figures must hold 1 to 6 figures \(got 0\)/);
  assert.throws(() => sideBySide(new Array(7).fill(line)), /\(got 7\)/);
  assert.throws(() => sideBySide([line], { gap: 0.5 }), /gap must be in \[0, 0.3\] \(got 0.5\)/);
  const slid = withSlider(line, { steps: [{ label: "a", traces: [{ type: "scatter" }] }] });
  assert.throws(() => sideBySide([line, slid]), /figures\[1\] must not have a slider/);
  const foreign = withTraces(line, [{ type: "scatter", x: [0], y: [0], xaxis: "x2" }]);
  assert.throws(
    () => sideBySide([foreign]),
    /figures\[0\]\.data\[1\]\.xaxis must be unset or "x" \(got x2\)/,
  );
});

// ---------------------------------------------------------------------------------------------
// Every builder, on the article's surface, through toMimeBundle

Deno.test("every builder's figure on the article's surface passes toMimeBundle with no NaN", () => {
  // The exact gradient is undefined at the origin (r = 0): written out here independently.
  const coords = Array.from({ length: 11 }, (_, i) => -5 + i);
  const field = fieldOf(coords, coords, (x, y) => {
    const r = Math.hypot(x, y);
    const c = 0.2 * Math.cos(x + y + r);
    return [c * (1 + x / r) - 0.5 * Math.cos(x / 2), c * (1 + y / r)];
  });
  const defined = (i: number, j: number) => coords[i] !== 0 || coords[j] !== 0;
  const path = {
    x: [0, 0.3, 0.5],
    y: [0, 0.2, 0.1],
    z: [0, articleZ(0.3, 0.2), articleZ(0.5, 0.1)],
  };
  const figures: Figure[] = [
    surfaceFigure(article),
    withTraces(surfaceFigure(article, { opacity: 0.4 }), [
      ...gradientOnSurfaceTraces({ start: { x: 0, y: 0, z: 0 }, end: { x: -1.9, y: 1.5, z: 0.8 } }),
      ...surfacePathTraces(path),
    ]),
    withTraces(contourFigure(article), [
      ...gradientFieldTraces(field, { defined }),
      ...contourPathTraces(path),
    ]),
    lineChart([{ name: "e", x: [1, 0.1], y: [0.1, 0.01] }], { xType: "log", yType: "log" }),
    withSlider(contourFigure(article), {
      steps: [1, 2].map((k) => ({ label: String(k), traces: contourPathTraces(path) })),
    }),
    sideBySide([surfaceFigure(article), contourFigure(article)]),
  ];
  for (const figure of figures) {
    const json = JSON.parse(shownJson(figure));
    assert.ok(json.data.length > 0);
    assertCurrentPlotlyAttributes(json);
  }
});
