import assert from "node:assert/strict";
import { runChain, runRandomChain } from "../lib/chain.ts";
import { type Figure, PLOTLY_MIME, toMimeBundle, type Trace } from "../lib/display.ts";
import { methodColor, scaleColors } from "../lib/palette.ts";
import {
  chainSeries,
  chainWeightSlider,
  factorColor,
  factorColors,
  layerMagnitudeChart,
  layerMagnitudeSlider,
  magnitudeColors,
  powerOfTenLabel,
  randomChainSeries,
  scientificLabel,
  sweepThroughOne,
  unitGradientHeatmap,
} from "../lib/plot_chain.ts";

/**
 * Check the figure as the page receives it, then return the builder's figure itself (the page's
 * copy has its numbers rounded for display): fails on NaN/±Infinity (toMimeBundle) and on null
 * anywhere
 * but where a slider step resets a whole attribute of a trace that does not use it (withSlider's
 * `null`), never inside data.
 */
function plainFigure(figure: Figure): Required<Figure> {
  const plain = toMimeBundle(figure)[PLOTLY_MIME];
  const reset = /^figure\.layout\.sliders\[\d+\]\.steps\[\d+\]\.args\[0\]\.\w+\[\d+\]$/;
  const walk = (value: unknown, path: string) => {
    if (value === null) {
      assert.match(path, reset, `${path} is null`);
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (typeof value === "object") {
      for (const [k, v] of Object.entries(value as object)) walk(v, `${path}.${k}`);
    }
  };
  walk(plain, "figure");
  for (const [i, trace] of plain.data.entries()) {
    for (const key of ["x", "y", "z"]) {
      const values = trace[key];
      if (Array.isArray(values)) {
        assert.ok(values.flat().every((v) => typeof v === "number"), `data[${i}].${key}`);
      }
    }
  }
  return { config: {}, ...figure };
}

const xs = (trace: Trace) => Array.from(trace.x as ArrayLike<number>);
const ys = (trace: Trace) => Array.from(trace.y as ArrayLike<number>);

Deno.test("chainSeries puts ∂y/∂hₖ at layers 0 … L, equal to the product of the later weights", () => {
  // Weights 2, 0.5, 4, 8: ∂y/∂h₀ = 2·0.5·4·8 = 32, ∂y/∂h₁ = 16, ∂y/∂h₂ = 32, ∂y/∂h₃ = 8, ∂y/∂h₄ = 1.
  const chain = runChain([2, 0.5, 4, 8]);
  const figure = plainFigure(layerMagnitudeChart([chainSeries(chain, "inputGradients")]));
  assert.equal(figure.data.length, 1); // nothing to mark at the edges
  assert.deepEqual(xs(figure.data[0]), [0, 1, 2, 3, 4]);
  assert.deepEqual(ys(figure.data[0]), [32, 16, 32, 8, 1]);
  assert.equal(figure.data[0].name, "|∂y/∂hₖ|");
});

Deno.test("after a backward overflow, gradients start at gradientsFrom and the overflow is marked", () => {
  // x₀ = 1e−300, weights 1e200: h = 1e−300, 1e−100, 1e100, 1e300 (finite). Backward:
  // ∂y/∂h₃ = 1, ∂y/∂h₂ = 1e200, ∂y/∂h₁ = 1e400 overflows, in layer 1.
  const chain = runChain([1e200, 1e200, 1e200], { input: 1e-300 });
  assert.deepEqual(chain.diverged, { pass: "backward", layer: 1, value: Infinity });
  const series = chainSeries(chain, "inputGradients", { name: "∂y/∂hₖ" });
  assert.equal(series.firstLayer, 2);
  assert.equal(series.overflowAt, 1);
  const figure = plainFigure(layerMagnitudeChart([series]));
  assert.deepEqual(xs(figure.data[0]), [2, 3]); // ∂y/∂h₂ = 1e200 and ∂y/∂h₃ = 1, at their layers
  assert.deepEqual(ys(figure.data[0]), [1e200, 1]);
  const marks = figure.data[1];
  assert.deepEqual(xs(marks), [1]);
  assert.equal(marks.name, "∂y/∂hₖ: overflow at layer 1");
  // Drawn at the top of the plot: above every value, inside the axis range.
  const range = (figure.layout.yaxis as { range: number[] }).range;
  const top = Math.log10(ys(marks)[0]);
  assert.ok(top > 200 && top < range[1]);
  // ∂y/∂wₖ: ∂y/∂w₂ = h₂·∂y/∂h₃ = 1e100, at layer 2 only.
  const weights = chainSeries(chain, "weightGradients");
  assert.equal(weights.firstLayer, 2);
  assert.deepEqual(Array.from(weights.values), [1e100]);
});

Deno.test("after a forward overflow the values stop with a mark and the gradients say why they are missing", () => {
  // 2¹⁰²⁴ is beyond the largest double: h₁₀₂₄ overflows; h₀ … h₁₀₂₃ = 2ᵏ are kept.
  const chain = runChain(2, { depth: 1100 });
  const values = chainSeries(chain, "values", { name: "h" });
  assert.equal(values.values.length, 1024);
  assert.equal(values.overflowAt, 1024);
  const gradients = chainSeries(chain, "inputGradients", { name: "g" });
  assert.equal(gradients.values.length, 0);
  assert.equal(gradients.emptyReason, "none: the forward pass overflowed at layer 1023");
  const figure = plainFigure(layerMagnitudeChart([values, gradients]));
  const [line, marks, empty] = figure.data;
  assert.equal(ys(line)[1023], 2 ** 1023);
  assert.deepEqual(xs(marks), [1024]);
  assert.ok(Number.isFinite(ys(marks)[0]) && ys(marks)[0] > 2 ** 1023);
  assert.equal(empty.name, "g (none: the forward pass overflowed at layer 1023)");
  assert.equal(empty.mode, "lines"); // a single point: nothing is drawn, the legend explains
  assert.equal(xs(empty).length, 1);
});

Deno.test("values that underflow to exactly 0 are marked at the bottom, not dropped", () => {
  // 0.5ᵏ: 2⁻¹⁰⁷⁴ is the smallest double, 2⁻¹⁰⁷⁵ rounds to 0. Layers 1075 … 1100 are 0.
  const chain = runChain(0.5, { depth: 1100 });
  const figure = plainFigure(layerMagnitudeChart([chainSeries(chain, "values", { name: "h" })]));
  const [line, marks] = figure.data;
  assert.equal(xs(line).length, 1075);
  assert.equal(ys(line)[1074], 2 ** -1074);
  assert.deepEqual(xs(marks), Array.from({ length: 26 }, (_, i) => 1075 + i));
  assert.equal(marks.name, "h: exactly 0 at 26 layers (from 1075)");
  for (const y of ys(marks)) assert.ok(y > 0 && y <= 2 ** -1074); // finite, positive, at the floor
  const range = (figure.layout.yaxis as { range: number[] }).range;
  assert.ok(range[0] < Math.log10(ys(marks)[0]));
});

Deno.test("the log axis fits every series, and magnitudes of negative values are drawn", () => {
  const figure = plainFigure(layerMagnitudeChart([
    { name: "a", values: [-1e-5, 1, 1e7] },
    { name: "b", values: [3, 3], firstLayer: 4 },
  ]));
  assert.deepEqual(ys(figure.data[0]), [1e-5, 1, 1e7]);
  assert.deepEqual(xs(figure.data[1]), [4, 5]);
  const layout = figure.layout as {
    yaxis: { range: number[]; type: string };
    xaxis: { range: number[] };
  };
  assert.equal(layout.yaxis.type, "log");
  assert.ok(layout.yaxis.range[0] < -5 && layout.yaxis.range[1] > 7);
  assert.deepEqual(layout.xaxis.range, [-0.5, 5.5]);
});

Deno.test("layerMagnitudeChart refuses NaN and ±Infinity with the series and index", () => {
  assert.throws(
    () => layerMagnitudeChart([{ name: "h", values: [1, NaN] }]),
    {
      name: "TypeError",
      message: "Cannot draw layer magnitudes: series[0].values[1] must be a finite number " +
        "(got NaN); report an overflow with overflowAt instead",
    },
  );
  assert.throws(() => layerMagnitudeChart([{ name: "h", values: [Infinity] }]), TypeError);
  assert.throws(() => layerMagnitudeChart([]), {
    name: "RangeError",
    message: "Cannot draw layer magnitudes: series must hold at least 1 series (got 0)",
  });
  assert.throws(() => layerMagnitudeChart([{ name: "h", values: [1], firstLayer: -1 }]), {
    name: "RangeError",
    message: "Cannot draw layer magnitudes: series[0].firstLayer must be an integer ≥ 0 (got -1)",
  });
});

Deno.test("randomChainSeries places the norms, and a diverged random chain reaches no figure as NaN", () => {
  const steady = runRandomChain({ width: 8, depth: 5, seed: 3 });
  const signal = randomChainSeries(steady, "signalNorms");
  assert.equal(signal.firstLayer, 0);
  assert.equal(signal.values.length, 6);
  // Entries N(0, scale²/n) with scale 1e200: ‖h‖ grows by about 1e200 per layer and overflows in
  // layer 1 (h₂ ≈ 1e400).
  const wild = runRandomChain({ width: 8, depth: 5, seed: 3, scale: 1e200 });
  assert.equal(wild.diverged?.pass, "forward");
  const wildSignal = randomChainSeries(wild, "signalNorms");
  assert.equal(wildSignal.overflowAt, wild.diverged!.layer + 1);
  const wildGradient = randomChainSeries(wild, "gradientNorms");
  assert.match(wildGradient.emptyReason!, /^none: the forward pass overflowed at layer \d+$/);
  plainFigure(layerMagnitudeChart([wildSignal, wildGradient]));
});

Deno.test("a slider over chains keeps every step's traces aligned and the axes fixed", () => {
  // One step overflows (w = 2, 1100 layers), the other does not: both carry an edge trace.
  const figure = plainFigure(layerMagnitudeSlider([
    {
      label: "0.9",
      series: [chainSeries(runChain(0.9, { depth: 1100 }), "values", { name: "h" })],
    },
    { label: "2", series: [chainSeries(runChain(2, { depth: 1100 }), "values", { name: "h" })] },
  ]));
  const slider = (figure.layout.sliders as { steps: { args: [Record<string, unknown[]>] }[] }[])[0];
  for (const step of slider.steps) assert.equal(step.args[0].x.length, 2);
  const [first, second] = slider.steps;
  // Step 0 has nothing to mark: its edge trace holds one invisible point.
  assert.equal((first.args[0].x[1] as number[]).length, 1);
  assert.equal((first.args[0].marker[1] as { opacity: number }).opacity, 0);
  assert.deepEqual(second.args[0].x[1], [1024]);
  const range = (figure.layout.yaxis as { range: number[] }).range;
  assert.ok(range[0] < 1100 * Math.log10(0.9) && range[1] > 1023 * Math.log10(2));
});

Deno.test("chainWeightSlider titles give y = wᴸ and ∂y/∂x₀ = wᴸ, computed by hand", () => {
  const figure = chainWeightSlider([0.5, 1, 2], { depth: 10 });
  const slider = (figure.layout.sliders as {
    active: number;
    steps: { label: string; args: unknown[] }[];
  }[])[0];
  assert.equal(slider.active, 1); // starts at w = 1
  assert.deepEqual(slider.steps.map((s) => s.label), ["0.5", "1", "2"]);
  const titles = slider.steps.map((s) => (s.args[1] as { "title.text": string })["title.text"]);
  assert.equal(
    titles[0],
    "w = 0.5: output y = 9.77×10⁻⁴, gradient at the input ∂y/∂x₀ = 9.77×10⁻⁴",
  );
  assert.equal(titles[2], "w = 2: output y = 1020, gradient at the input ∂y/∂x₀ = 1020");
  const traces = slider.steps[2].args[0] as { y: number[][]; line: { color: string }[] };
  assert.deepEqual(traces.y[0], Array.from({ length: 11 }, (_, k) => 2 ** k));
  assert.deepEqual(traces.y[1], Array.from({ length: 11 }, (_, k) => 2 ** (10 - k)));
  assert.equal(traces.line[0].color, factorColors.above);
  plainFigure(figure);
});

Deno.test("sweepThroughOne is geometric on each side of 1 and ends exactly at its bounds", () => {
  const sweep = sweepThroughOne(0.5, 2, { stepsPerSide: 6 });
  assert.equal(sweep.length, 13);
  assert.equal(sweep[0], 0.5);
  assert.equal(sweep[6], 1);
  assert.equal(sweep[12], 2);
  for (let i = 1; i < 13; i++) {
    const ratio = sweep[i] / sweep[i - 1];
    const expected = Math.pow(2, 1 / 6); // 0.5 = 2⁻¹ and 2 = 2¹, six steps each
    assert.ok(Math.abs(ratio - expected) < 1e-12, `ratio ${i}: ${ratio}`);
  }
  assert.throws(() => sweepThroughOne(1, 2), {
    name: "RangeError",
    message: "Cannot sweep through 1: below must be > 0 and < 1 (got 1)",
  });
  assert.throws(() => sweepThroughOne(0.5, 1), {
    name: "RangeError",
    message: "Cannot sweep through 1: above must be a finite number > 1 (got 1)",
  });
  assert.throws(() => sweepThroughOne(0.5, 2, { stepsPerSide: 0 }), RangeError);
});

Deno.test("factorColor gives the palette's green, amber and red-orange below, at and above 1", () => {
  assert.equal(factorColor(0.999), scaleColors[0]);
  assert.equal(factorColor(1), scaleColors[1]);
  assert.equal(factorColor(-1), scaleColors[1]);
  assert.equal(factorColor(1.001), scaleColors[2]);
});

Deno.test("labels: powers of ten with superscripts, and 3 significant digits", () => {
  assert.equal(powerOfTenLabel(308), "10³⁰⁸");
  assert.equal(powerOfTenLabel(-5), "10⁻⁵");
  assert.equal(scientificLabel(1048576), "1.05×10⁶");
  assert.equal(scientificLabel(9.139104339581617e-14), "9.14×10⁻¹⁴");
  assert.equal(scientificLabel(0.0992), "0.0992");
  assert.equal(scientificLabel(0), "0");
  assert.equal(scientificLabel(1234), "1230");
  assert.equal(scientificLabel(10000), "1×10⁴");
});

Deno.test("unitGradientHeatmap colours log₁₀ of each unit, rows following units, neutral at 1", () => {
  // Two layers of three units.
  const figure = plainFigure(unitGradientHeatmap([
    Float64Array.of(1e-8, 1, 100),
    Float64Array.of(1e4, 0, 0.01),
  ], { firstLayer: 3 }));
  const [heat, zeros] = figure.data;
  assert.equal(heat.type, "heatmap");
  assert.deepEqual(heat.x, [3, 4]);
  assert.deepEqual(heat.y, [1, 2, 3]);
  // z[unit][layer]; the zero takes the bottom of the colour range and is marked separately.
  assert.deepEqual(heat.z, [[-8, 4], [0, -8], [2, -2]]);
  assert.equal(heat.zmin, -8);
  assert.equal(heat.zmax, 4);
  assert.deepEqual(heat.colorscale, [
    [0, magnitudeColors.small],
    [8 / 12, magnitudeColors.one],
    [1, magnitudeColors.large],
  ]);
  assert.equal((heat.text as string[][])[1][1], "exactly 0");
  assert.equal((heat.text as string[][])[0][1], "1.00·10^4");
  assert.deepEqual(xs(zeros), [4]);
  assert.deepEqual(ys(zeros), [2]);
  assert.equal(zeros.name, "exactly 0 (1 unit)");
  const bar = heat.colorbar as { tickvals: number[]; ticktext: string[] };
  assert.deepEqual(
    bar.tickvals,
    [-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4].filter((t) => t % 2 === 0),
  );
  assert.equal(bar.ticktext[0], "10⁻⁸");
  assert.equal(magnitudeColors.small, methodColor.exact);
});

Deno.test("unitGradientHeatmap refuses non-finite, negative and ragged input", () => {
  assert.throws(() => unitGradientHeatmap([Float64Array.of(1, Infinity)]), {
    name: "TypeError",
    message: "Cannot draw unit gradient heat map: rows[0][1] must be a finite number (got " +
      "Infinity); report the overflow and pass the finite layers only",
  });
  assert.throws(() => unitGradientHeatmap([Float64Array.of(-1)]), {
    name: "RangeError",
    message: "Cannot draw unit gradient heat map: rows[0][0] must be ≥ 0 (got -1)",
  });
  assert.throws(() => unitGradientHeatmap([Float64Array.of(1, 2), Float64Array.of(1)]), {
    name: "TypeError",
    message: "Cannot draw unit gradient heat map: rows[1] must have 2 units like rows[0] (got 1)",
  });
  assert.throws(() => unitGradientHeatmap([]), RangeError);
});
