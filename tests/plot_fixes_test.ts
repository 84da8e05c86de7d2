import assert from "node:assert/strict";
import { toPlainJson } from "../lib/display.ts";
import { methodColor } from "../lib/palette.ts";
import { fixColors, stepChart } from "../lib/plot_fixes.ts";

Deno.test("a step chart draws one line per run, at steps 0, 1, …, in the fix colours", () => {
  const figure = stepChart([
    { name: "none", values: [3, 2, 1] },
    { name: "fixed", values: [3, 1], firstStep: 5 },
  ], { yTitle: "loss", title: "Loss falls" });
  assert.equal(figure.data.length, 2);
  assert.deepEqual(figure.data[0].x, [0, 1, 2]);
  assert.deepEqual(figure.data[1].x, [5, 6]);
  assert.equal((figure.data[0].line as { color: string }).color, fixColors[0]);
  assert.equal(fixColors[0], methodColor.forward); // the unfixed run in the colour of trouble
  assert.deepEqual(figure.layout.title, { text: "Loss falls" });
  assert.equal((figure.layout.yaxis as { type: string }).type, "log");
  assert.doesNotThrow(() => toPlainJson(figure));
});

Deno.test("a horizontal guide spans every step and says its value; a vertical one spans the values", () => {
  const figure = stepChart([{ name: "run", values: [0.5, 4, 2] }], {
    guides: [{ label: "η·c", y: 0.2 }, { label: "cut", x: 1.5 }],
  });
  const [horizontal, vertical] = figure.data;
  assert.equal(horizontal.name, "η·c = 0.2");
  assert.deepEqual(horizontal.x, [0, 2]);
  assert.deepEqual(horizontal.y, [0.2, 0.2]);
  assert.equal(vertical.name, "cut");
  assert.deepEqual(vertical.x, [1.5, 1.5]);
  assert.deepEqual(vertical.y, [0.2, 4]); // from the lowest plotted value (the guide) to the highest
  assert.equal((horizontal.line as { dash: string }).dash, "dash");
  assert.equal(horizontal.mode, "lines"); // guides never have markers
  // The axis covers the guide: log10(0.2) − pad to log10(4) + pad.
  const range = (figure.layout.yaxis as { range: number[] }).range;
  assert.ok(range[0] < Math.log10(0.2) && range[1] > Math.log10(4));
});

Deno.test("values above yMax leave through the top and are marked there with their true value", () => {
  const figure = stepChart([{ name: "wild", values: [1, 1e5, 1e200, 2] }], { yMax: 100 });
  const line = figure.data[0];
  const marks = figure.data[1];
  const range = (figure.layout.yaxis as { range: number[] }).range;
  const top = Math.pow(10, range[1]);
  assert.ok(range[1] < 3); // the axis stops near 100, not at 10²⁰⁰
  assert.ok((line.y as number[])[1] > top && (line.y as number[])[2] > top); // off the plot
  assert.equal((line.y as number[])[3], 2);
  assert.equal(marks.name, "wild: 2 values above the plot");
  assert.deepEqual(marks.x, [1, 2]);
  assert.ok((marks.y as number[]).every((y) => y < top && y > 0.95 * top)); // at the top edge
  assert.deepEqual(marks.hovertext, [
    "step 1: 1.00e+5, above the plot",
    "step 2: 1.00e+200, above the plot",
  ]);
});

Deno.test("a run that blew up is named so and marked ✕ at the step it blew up, inside the plot", () => {
  const figure = stepChart([{ name: "none", values: [1, 10, 1e300], divergedAt: 3 }], {
    yMax: 1e3,
  });
  assert.equal(figure.data[0].name, "none (blew up at step 3)");
  const cross = figure.data[figure.data.length - 1];
  assert.deepEqual(cross.x, [3]);
  assert.deepEqual(cross.text, ["blew up at step 3"]);
  const top = Math.pow(10, (figure.layout.yaxis as { range: number[] }).range[1]);
  assert.ok((cross.y as number[])[0] < top);
  // The horizontal extent includes the step that blew up.
  const guided = stepChart([{ name: "none", values: [1, 10], divergedAt: 2 }], {
    guides: [{ label: "c", y: 5 }],
  });
  assert.deepEqual(guided.data[0].x, [0, 2]);
});

Deno.test("a log axis has ticks on whole decades, at most about 8 of them", () => {
  const narrow = stepChart([{ name: "r", values: [0.01, 100] }]);
  assert.equal((narrow.layout.yaxis as { dtick: number }).dtick, 1);
  // 110 decades, padded by 5 % on each side: 121 decades, in ⌈121/8⌉ = 16-decade ticks.
  const wide = stepChart([{ name: "r", values: [1e-10, 1e100] }]);
  assert.equal((wide.layout.yaxis as { dtick: number }).dtick, 16);
  const linear = stepChart([{ name: "r", values: [0, 5] }], { yType: "linear" });
  assert.equal((linear.layout.yaxis as { dtick?: number }).dtick, undefined);
});

Deno.test("bad input is refused with one line", () => {
  assert.throws(() => stepChart([]), {
    name: "RangeError",
    message: "Cannot draw step chart: series must hold at least 1 series (got 0)",
  });
  assert.throws(() => stepChart([{ name: "e", values: [] }]), {
    name: "RangeError",
    message: 'Cannot draw step chart: series "e" must have at least 1 value (got 0)',
  });
  assert.throws(() => stepChart([{ name: "r", values: [1] }], { guides: [{ label: "g" }] }), {
    name: "RangeError",
    message: 'Cannot draw step chart: guide "g" must have exactly one of x and y (got neither)',
  });
  assert.throws(() => stepChart([{ name: "r", values: [0, -1] }]), {
    name: "RangeError",
    message: "Cannot draw step chart: series must have a value > 0 below yMax (got none)",
  });
  assert.throws(() => stepChart([{ name: "r", values: [5, 50] }], { yMax: 5 }), {
    name: "RangeError",
    message: "Cannot draw step chart: yMax must be > the smallest value, 5 (got 5)",
  });
  assert.throws(() => stepChart([{ name: "r", values: [1, NaN] }]), /must be finite|finite number/);
});
