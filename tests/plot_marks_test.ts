import assert from "node:assert/strict";
import { toMimeBundle } from "../lib/display.ts";
import { methodColor } from "../lib/palette.ts";
import { planePointTrace } from "../lib/plot_marks.ts";

Deno.test("planePointTrace() marks one point with its coordinates in the default name", () => {
  const trace = planePointTrace({ x: 2.5, y: -1 });
  assert.equal(trace.type, "scatter");
  assert.equal(trace.mode, "markers");
  assert.deepEqual(trace.x, [2.5]);
  assert.deepEqual(trace.y, [-1]);
  assert.equal(trace.name, "point (2.5, -1)");
  const marker = trace.marker as { symbol: string; size: number; color: string };
  assert.deepEqual([marker.symbol, marker.size, marker.color], ["diamond", 13, methodColor.guide]);
});

Deno.test("planePointTrace() takes the name, colour, shape and size it is given", () => {
  const trace = planePointTrace({ x: 0, y: 0 }, {
    name: "top of the hill",
    color: "#123456",
    symbol: "triangle-up",
    size: 20,
    outline: "#444444",
  });
  assert.equal(trace.name, "top of the hill");
  const marker = trace.marker as {
    symbol: string;
    size: number;
    color: string;
    line: { color: string };
  };
  assert.deepEqual([marker.symbol, marker.size, marker.color], ["triangle-up", 20, "#123456"]);
  assert.equal(marker.line.color, "#444444");
  assert.equal((planePointTrace({ x: 0, y: 0 }).marker as typeof marker).line.color, "#ffffff");
  // It is plain JSON a figure can show.
  const bundle = toMimeBundle({ data: [trace], layout: {} });
  assert.match(bundle["text/plain"], /1 trace: scatter/);
});

Deno.test("planePointTrace() refuses a non-finite coordinate and a size out of range", () => {
  assert.throws(() => planePointTrace({ x: NaN, y: 0 }), {
    name: "TypeError",
    message: "Cannot draw point: point.x must be a finite number (got NaN)",
  });
  assert.throws(() => planePointTrace({ x: 0, y: Infinity }), {
    name: "TypeError",
    message: "Cannot draw point: point.y must be a finite number (got Infinity)",
  });
  assert.throws(() => planePointTrace({ x: 0, y: 0 }, { size: 0 }), {
    name: "RangeError",
    message: "Cannot draw point: size must be in [1, 40] (got 0)",
  });
});
