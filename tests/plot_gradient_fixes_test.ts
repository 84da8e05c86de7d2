import assert from "node:assert/strict";
import { toMimeBundle } from "../lib/display.ts";
import { initSchemes } from "../lib/network.ts";
import {
  activationColors,
  activationDerivativeChart,
  activationDerivativeSeries,
  initColors,
  lossCurveChart,
} from "../lib/plot_gradient_fixes.ts";
import { seriesColors } from "../lib/plot.ts";

Deno.test("activationDerivativeSeries() follows the closed-form derivatives on an even grid", () => {
  const series = activationDerivativeSeries(["sigmoid", "tanh", "relu", "leakyRelu"], {
    from: -4,
    to: 4,
    points: 81,
    slope: 0.2,
  });
  assert.deepEqual(series.map((s) => s.name), [
    "sigmoid′(z)",
    "tanh′(z)",
    "ReLU′(z)",
    "leaky ReLU′(z)",
  ]);
  assert.deepEqual(series.map((s) => s.color), [
    activationColors.sigmoid,
    activationColors.tanh,
    activationColors.relu,
    activationColors.leakyRelu,
  ]);
  const [sigmoid, tanh, relu, leaky] = series;
  for (let i = 0; i < 81; i++) {
    const z = sigmoid.x[i];
    assert.ok(Math.abs(z - (-4 + i * 0.1)) < 1e-12, `z[${i}]`);
    // σ′(z) = e^−z/(1 + e^−z)², tanh′(z) = 1/cosh²(z): other forms than the library's.
    assert.ok(Math.abs(sigmoid.y[i] - Math.exp(-z) / (1 + Math.exp(-z)) ** 2) < 1e-15);
    assert.ok(Math.abs(tanh.y[i] - 1 / Math.cosh(z) ** 2) < 1e-15);
    const positive = z > 1e-12;
    assert.equal(relu.y[i], positive ? 1 : 0);
    assert.equal(leaky.y[i], positive ? 1 : 0.2);
  }
  assert.equal(sigmoid.x[80], 4); // the right end exactly
  // The ceilings that decide how much gradient can survive a layer.
  assert.equal(Math.max(...Array.from(sigmoid.y)), 0.25);
  assert.equal(Math.max(...Array.from(tanh.y)), 1);
});

Deno.test("activationDerivativeSeries() refuses bad ranges, counts and names", () => {
  const cases: [Parameters<typeof activationDerivativeSeries>, string][] = [
    [[[]], "names must hold at least 1 activation (got 0)"],
    [[["tanh"], { from: NaN }], "from must be a finite number (got NaN)"],
    [[["tanh"], { from: 1, to: 1 }], "to must be a finite number > from = 1 (got 1)"],
    [[["tanh"], { points: 1 }], "points must be an integer from 2 to 10000 (got 1)"],
  ];
  for (const [args, tail] of cases) {
    assert.throws(() => activationDerivativeSeries(...args), {
      name: "RangeError",
      message: `Cannot compute activation derivatives: ${tail}`,
    });
  }
  assert.throws(
    () => activationDerivativeSeries(["leakyRelu"], { slope: 1 }),
    /slope must be in \[0, 1\)/,
  );
});

Deno.test("every initialisation scheme has its own colour", () => {
  const colors = initSchemes.map((s) => initColors[s]);
  assert.equal(new Set(colors).size, initSchemes.length);
});

Deno.test("lossCurveChart() draws each run on a log axis from half the smallest loss to the ceiling", () => {
  const figure = lossCurveChart([
    { name: "η = 0.01", loss: [2, 1.5, 1.2, 1] },
    { name: "η = 0.1", loss: [2, 0.5, 0.1, 0.04] },
  ], { title: "Which learning rate?" });
  assert.equal(figure.data.length, 2);
  assert.deepEqual(figure.data[1].x, [0, 1, 2, 3]);
  assert.deepEqual(figure.data[1].y, [2, 0.5, 0.1, 0.04]);
  assert.deepEqual(
    figure.data.map((t) => (t.line as { color: string }).color),
    seriesColors.slice(0, 2),
  );
  const yaxis = figure.layout.yaxis as { type: string; range: number[] };
  assert.equal(yaxis.type, "log");
  // From 0.04/2 to 100 × the largest first loss, 200.
  assert.ok(Math.abs(yaxis.range[0] - Math.log10(0.02)) < 1e-15);
  assert.ok(Math.abs(yaxis.range[1] - Math.log10(200)) < 1e-15);
  assert.equal((figure.layout.title as { text: string }).text, "Which learning rate?");
  assert.match(toMimeBundle(figure)["text/plain"], /2 traces/);
});

Deno.test("lossCurveChart() marks where a run diverged, at the top edge, and plots no NaN", () => {
  const figure = lossCurveChart([
    { name: "η = 0.1", loss: [1, 0.5] },
    { name: "η = 5", loss: [1, 40, 9e200], diverged: { step: 3, reason: "the loss is Infinity" } },
    {
      name: "η = 50",
      loss: [],
      diverged: { step: 0, reason: "the loss is NaN" },
      color: "#123456",
    },
  ], { ceiling: 1e3 });
  assert.equal(figure.data.length, 5); // three curves, two markers
  const [, , empty, first, second] = figure.data;
  assert.equal(first.name, "η = 5: diverged at step 3");
  assert.deepEqual([first.x, first.y], [[3], [1e3]]);
  assert.equal(first.cliponaxis, false); // drawn on the edge, not cut in half
  assert.deepEqual(first.hovertext, ["step 3: the loss is Infinity; training stopped"]);
  assert.equal((first.marker as { symbol: string }).symbol, "triangle-up");
  // A run that diverged before its first step keeps a legend entry and draws no line.
  assert.equal(empty.name, "η = 50");
  assert.equal(empty.mode, "lines");
  assert.equal((empty.y as number[]).length, 1);
  assert.deepEqual([second.x, second.y], [[0], [1e3]]);
  assert.equal((second.marker as { color: string }).color, "#123456");
  // toMimeBundle refuses NaN and ±Infinity anywhere in a figure: this one passes.
  toMimeBundle(figure);
});

Deno.test("lossCurveChart() refuses no runs, non-finite losses and a ceiling below the data", () => {
  assert.throws(() => lossCurveChart([]), {
    name: "RangeError",
    message: "Cannot draw loss curves: runs must hold at least 1 run (got 0)",
  });
  assert.throws(() => lossCurveChart([{ name: "a", loss: [1, NaN] }]), {
    name: "TypeError",
    message: 'Cannot draw loss curves: run "a" loss[1] must be a finite number (got NaN)',
  });
  assert.throws(() => lossCurveChart([{ name: "a", loss: [1, 2] }], { ceiling: 0.5 }), {
    name: "RangeError",
    message:
      "Cannot draw loss curves: ceiling must be a finite number > the smallest loss, 1 (got 0.5)",
  });
  assert.throws(() => lossCurveChart([{ name: "a", loss: [0] }]), {
    name: "RangeError",
    message: "Cannot draw loss curves: runs must hold at least one loss > 0 (got none)",
  });
});

Deno.test("activationDerivativeChart() keeps the lines on 0 and 1 in view, leaky ReLU dashed", () => {
  const figure = activationDerivativeChart(["sigmoid", "relu", "leakyRelu"], { title: "Slopes" });
  assert.deepEqual(figure.data.map((t) => t.name), ["sigmoid′(z)", "ReLU′(z)", "leaky ReLU′(z)"]);
  const dashes = figure.data.map((t) => (t.line as { dash: string }).dash);
  assert.deepEqual(dashes, ["solid", "solid", "dash"]);
  const yaxis = figure.layout.yaxis as {
    range: number[];
    zeroline: boolean;
    title: { text: string };
  };
  assert.deepEqual(yaxis.range, [-0.05, 1.05]);
  assert.equal(yaxis.zeroline, false);
  assert.equal((figure.layout.xaxis as { zeroline: boolean }).zeroline, false);
  assert.equal(yaxis.title.text, "slope φ′(z)");
  assert.equal((figure.layout.title as { text: string }).text, "Slopes");
  // The sigmoid alone peaks at 1/4; the axis still shows 0 to 1, the scale of the others.
  const sigmoidOnly = activationDerivativeChart(["sigmoid"]);
  assert.deepEqual((sigmoidOnly.layout.yaxis as { range: number[] }).range, [-0.05, 1.05]);
});
