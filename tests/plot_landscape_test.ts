import assert from "node:assert/strict";
import { type Figure, PLOTLY_MIME, toMimeBundle, type Trace } from "../lib/display.ts";
import { descendLandscape, landscape, sampleLandscape } from "../lib/landscape.ts";
import { methodColor, scaleColor } from "../lib/palette.ts";
import {
  descentSlopeChart,
  landscapeDescentFigure,
  landscapeOverview,
} from "../lib/plot_landscape.ts";

/**
 * Check the figure as the page receives it: no NaN or ±Infinity (toMimeBundle refuses them), no
 * null. Returns the builder's figure itself (the page's copy has its numbers rounded for display).
 */
function plainFigure(figure: Figure): Required<Figure> {
  const plain = toMimeBundle(figure)[PLOTLY_MIME];
  assert.ok(!JSON.stringify(plain).includes("null"), "the figure holds a null");
  return { config: {}, ...figure };
}

const xs = (trace: Trace) => Array.from(trace.x as ArrayLike<number>);
const ys = (trace: Trace) => Array.from(trace.y as ArrayLike<number>);

Deno.test("the ×100 descent's points off the plot are marked at the edge they left by, none dropped", () => {
  const run = descendLandscape(100);
  const figure = plainFigure(landscapeDescentFigure(sampleLandscape(100), [run]));
  const [curve, path, outside] = figure.data;
  assert.equal((curve.line as { color: string }).color, scaleColor(100));
  // The path keeps every point, unclipped: the lines run off the plot.
  assert.deepEqual(xs(path), Array.from(run.x));
  assert.equal((path.line as { color: string }).color, methodColor.forward);
  // Every point outside [50, 125], counted independently, has a marker at the edge.
  const off = Array.from(run.x).map((x, k) => ({ x, k })).filter(({ x }) => x < 50 || x > 125);
  assert.equal(off.length, 15);
  assert.equal(xs(outside).length, off.length);
  off.forEach(({ x, k }, i) => {
    assert.equal(xs(outside)[i], x < 50 ? 50 : 125);
    assert.equal(ys(outside)[i], landscape(x, 100)); // at the height f(xₖ) of the point itself
    assert.match((outside.hovertext as string[])[i], new RegExp(`^step ${k}: `));
  });
  // The first exit is x₂ ≈ 36.02 (x₁ = 58 − f′(58)·… ≈ 112.62 is still inside).
  assert.equal(off[0].k, 2);
  assert.equal((outside.text as string[])[0], "x₂ = 36.02");
  assert.equal(outside.name, "15 of 21 points off the plot (to x = −77.58)");
  // The axis stays on the article's range.
  assert.deepEqual((figure.layout.xaxis as { range: number[] }).range, [50, 125]);
});

Deno.test("a path that stays on the plot gets no edge trace", () => {
  const figure = plainFigure(
    landscapeDescentFigure(sampleLandscape(1), [
      descendLandscape(1),
      descendLandscape(1, { method: "exact" }),
    ]),
  );
  assert.equal(figure.data.length, 3);
  assert.equal((figure.data[2].line as { color: string }).color, methodColor.exact);
  assert.equal(figure.layout.annotations, undefined);
});

Deno.test("a path leaving on the right is marked on the right edge", () => {
  // f′(69.75) ≈ −0.738 at scale 1: at scale 100 the first step lands near 69.75 + 73.8 ≈ 143.5.
  const run = descendLandscape(100, { start: 69.75, steps: 1, method: "exact" });
  assert.ok(run.x[1] > 125, `x₁ = ${run.x[1]}`);
  const figure = plainFigure(landscapeDescentFigure(sampleLandscape(100), [run]));
  const outside = figure.data[2];
  assert.deepEqual(xs(outside), [125]);
  assert.deepEqual((outside.marker as { symbol: string[] }).symbol, ["triangle-right"]);
});

Deno.test("a diverged descent reaches the figure as a note, never as NaN or Infinity", () => {
  // A slope of about 1e300 times a learning rate of 1e10 overflows x at step 1.
  const run = descendLandscape(1e300, { lr: 1e10 });
  assert.equal(run.diverged?.step, 1);
  const figure = plainFigure(landscapeDescentFigure(sampleLandscape(1), [run]));
  const notes = figure.layout.annotations as { text: string }[];
  assert.equal(notes.length, 1);
  assert.equal(
    notes[0].text,
    "forward difference: x overflowed at step 1; the path stops at step 0",
  );
  assert.deepEqual(xs(figure.data[1]), [58]);
});

Deno.test("the wide view spans every point visited and shades the article's range", () => {
  const runs = [descendLandscape(100), descendLandscape(100, { method: "exact" })];
  const figure = plainFigure(landscapeOverview(runs));
  const curve = figure.data[0];
  const x = xs(curve);
  // The exact path reaches −293.0 and the forward one 114.9; 10 units of margin, whole numbers.
  assert.equal(x[0], Math.floor(-293.00790818973167 - 10));
  assert.equal(x[x.length - 1], 135);
  assert.equal(x.length, 5 * (135 + 304)); // 5 points per unit by default, ≈ 2 per pixel
  assert.equal(figure.data.length, 3); // the curve and the two whole paths: nothing off the plot
  const shape = (figure.layout.shapes as { x0: number; x1: number }[])[0];
  assert.deepEqual([shape.x0, shape.x1], [50, 125]);
  const label = (figure.layout.annotations as { text: string }[]).at(-1)!;
  assert.equal(label.text, "the article's plot");
  assert.throws(() => landscapeOverview([runs[0], descendLandscape(10)]), {
    name: "RangeError",
    message:
      "Cannot draw landscape overview: runs[1].scale must equal runs[0].scale = 100 (got 10)",
  });
});

Deno.test("descentSlopeChart draws |f′(xₖ)| per step, one colour per scale, dotted for exact", () => {
  const forward = descendLandscape(1);
  const exact = descendLandscape(100, { method: "exact" });
  const figure = plainFigure(descentSlopeChart([forward, exact]));
  const [a, b] = figure.data;
  assert.deepEqual(xs(a), Array.from({ length: 21 }, (_, k) => k));
  assert.deepEqual(ys(b), Array.from(exact.slope, Math.abs));
  assert.equal((a.line as { color: string; dash: string }).color, scaleColor(1));
  assert.equal((b.line as { color: string; dash: string }).color, scaleColor(100));
  assert.equal((b.line as { color: string; dash: string }).dash, "dot");
  assert.equal(b.name, "×100, exact slope");
  assert.equal((figure.layout.yaxis as { type: string }).type, "log");
  // At ×1 the exact slope at 58 is f′(58) ≈ −0.546 (independently: a central difference).
  const central = (landscape(58 + 1e-6) - landscape(58 - 1e-6)) / 2e-6;
  assert.ok(Math.abs(ys(a)[0] - Math.abs(central)) < 1e-4);
});
