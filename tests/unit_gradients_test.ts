import assert from "node:assert/strict";
import { createActivation } from "../lib/activations.ts";
import { createActivationLayer, createDenseLayer } from "../lib/layers.ts";
import { meanSquaredError } from "../lib/losses.ts";
import { createDeepNetwork, createSequential, type Network } from "../lib/network.ts";
import { createRng, deriveSeed, fillNormal } from "../lib/random.ts";
import {
  measureNetworkUnitGradients,
  measureUnitGradients,
  UNIT_GRADIENT_DATA_STREAM,
  unitGradientExtremes,
  unitGradientNorms,
} from "../lib/unit_gradients.ts";

/** ‖∂L/∂W[i, :]‖ for every unit of every dense layer, by central differences of the loss. */
function numericalUnitNorms(
  network: Network,
  data: { input: Float64Array; target: Float64Array; batch: number },
  eps = 1e-6,
): Float64Array[] {
  const loss = () => meanSquaredError(network.forward(data.input, data.batch), data.target);
  return network.dense.map((layer) => {
    const m = layer.inputSize;
    const out = new Float64Array(layer.outputSize);
    for (let i = 0; i < layer.outputSize; i++) {
      let sum = 0;
      for (let j = 0; j < m; j++) {
        const w = layer.weights[i * m + j];
        layer.weights[i * m + j] = w + eps;
        const up = loss();
        layer.weights[i * m + j] = w - eps;
        const down = loss();
        layer.weights[i * m + j] = w;
        const g = (up - down) / (2 * eps);
        sum += g * g;
      }
      out[i] = Math.sqrt(sum);
    }
    return out;
  });
}

function assertClose(actual: number, expected: number, rel: number, what: string) {
  const scale = Math.max(Math.abs(expected), 1e-300);
  assert.ok(
    Math.abs(actual - expected) <= rel * scale,
    `${what}: ${actual} differs from ${expected} by more than ${rel} relative`,
  );
}

Deno.test("unitGradientNorms agrees with central differences of the loss on a tanh network", () => {
  const network = createDeepNetwork({
    inputSize: 3,
    width: 5,
    hiddenLayers: 3,
    outputSize: 2,
    activation: "tanh",
    init: "xavier",
    seed: 11,
  });
  const rng = createRng(5);
  const data = {
    input: fillNormal(new Float64Array(4 * 3), rng),
    target: fillNormal(new Float64Array(4 * 2), rng),
    batch: 4,
  };
  const numerical = numericalUnitNorms(network, data);
  const measured = measureNetworkUnitGradients(network, data);
  const rows = [...measured.hidden, measured.output!];
  assert.equal(rows.length, 4);
  for (let k = 0; k < rows.length; k++) {
    assert.equal(rows[k].length, numerical[k].length);
    for (let i = 0; i < rows[k].length; i++) {
      assertClose(rows[k][i], numerical[k][i], 1e-6, `layer ${k}, unit ${i}`);
    }
  }
  // The same numbers straight from the layers' gradients.
  assert.deepEqual(unitGradientNorms(network), rows);
});

Deno.test("unitGradientNorms of one example is |δᵢ|·‖x‖, worked by hand", () => {
  // y = W·x with W = I, x = (3, 4): ∂L/∂W[i, :] = gᵢ·x, so the norms are |gᵢ|·5.
  const network = createSequential([
    createDenseLayer(2, 2, { weights: Float64Array.of(1, 0, 0, 1) }),
  ]);
  network.forward(Float64Array.of(3, 4), 1);
  network.backward(Float64Array.of(0.5, -2));
  assert.deepEqual(unitGradientNorms(network), [Float64Array.of(2.5, 10)]);
});

Deno.test("measureUnitGradients is the gradient of its seeded network on its seeded batch", () => {
  const options = { inputSize: 3, width: 6, hiddenLayers: 4, batch: 2, seed: 9 } as const;
  const map = measureUnitGradients(options);
  // Rebuild what the documentation says it uses, and differentiate numerically.
  const network = createDeepNetwork({
    ...options,
    outputSize: 1,
    activation: "tanh",
    init: "naive",
  });
  const rng = createRng(deriveSeed(9, UNIT_GRADIENT_DATA_STREAM));
  const input = fillNormal(new Float64Array(2 * 3), rng);
  const target = fillNormal(new Float64Array(2), rng);
  const numerical = numericalUnitNorms(network, { input, target, batch: 2 });
  assert.equal(map.hidden.length, 4);
  assert.equal(map.layersFrom, 0);
  for (let k = 0; k < 4; k++) {
    for (let i = 0; i < 6; i++) {
      assertClose(map.hidden[k][i], numerical[k][i], 1e-5, `layer ${k}, unit ${i}`);
    }
  }
  assertClose(map.output![0], numerical[4][0], 1e-6, "output unit");
  assertClose(map.loss!, meanSquaredError(network.forward(input, 2), target), 1e-12, "loss");
  assert.deepEqual(map.options, {
    inputSize: 3,
    width: 6,
    hiddenLayers: 4,
    activation: "tanh",
    init: "naive",
    batch: 2,
    seed: 9,
  });
});

Deno.test("measureUnitGradients gives the same map for the same seed and another for another", () => {
  const a = measureUnitGradients({ width: 8, hiddenLayers: 3, seed: 4 });
  const b = measureUnitGradients({ width: 8, hiddenLayers: 3, seed: 4 });
  const c = measureUnitGradients({ width: 8, hiddenLayers: 3, seed: 5 });
  assert.deepEqual(a.hidden, b.hidden);
  assert.notDeepEqual(a.hidden, c.hidden);
});

Deno.test("the default network (tanh, std-1 weights, one example) has units over 10⁶ apart", () => {
  const map = measureUnitGradients();
  const all = map.hidden.flatMap((row) => [...row]);
  assert.equal(all.length, 10 * 32);
  assert.ok(all.every((v) => Number.isFinite(v) && v >= 0));
  const { smallest, largest } = unitGradientExtremes(map);
  assert.ok(largest!.value > 1e2, `largest ${largest!.value} is not exploding`);
  assert.ok(smallest!.value < 1e-6, `smallest ${smallest!.value} is not vanishing`);
});

Deno.test("an overflowing loss is reported, with no gradients and no NaN", () => {
  // ReLU with std-1 weights multiplies the signal by about √(n/2) = 8 per layer: 8²⁰⁰ overflows.
  const map = measureUnitGradients({
    width: 128,
    hiddenLayers: 200,
    activation: "relu",
    init: "naive",
  });
  assert.equal(map.diverged?.quantity, "loss");
  assert.equal(map.diverged?.layer, 201);
  assert.equal(map.loss, undefined);
  assert.deepEqual(map.hidden, []);
  assert.equal(map.output, undefined);
});

Deno.test("a gradient that overflows on its way down keeps only the finite layers above it", () => {
  // x = 1e200 → h₁ = 1e−300·x = 1e−100 → ŷ = 1e200·h₁ = 1e100: the loss (1e200) is finite, and so
  // is ∂L/∂w₁ = 2ŷ·h₁ = 2, but ∂L/∂w₀ = 2ŷ·w₁·x = 2e500 overflows.
  const network = createSequential([
    createDenseLayer(1, 1, { weights: Float64Array.of(1e-300) }),
    createActivationLayer(1, createActivation("identity")),
    createDenseLayer(1, 1, { weights: Float64Array.of(1e200) }),
  ]);
  const m = measureNetworkUnitGradients(network, {
    input: Float64Array.of(1e200),
    target: Float64Array.of(0),
    batch: 1,
  });
  assertClose(m.loss!, 1e200, 1e-12, "loss (1e100)²");
  assert.deepEqual(m.diverged, { quantity: "gradient", layer: 0, unit: 0, value: Infinity });
  assert.equal(m.layersFrom, 1);
  assert.deepEqual(m.hidden, []);
  assertClose(m.output![0], 2, 1e-12, "∂L/∂w₁");
});

Deno.test("unitGradientExtremes finds the smallest nonzero and largest units, counted from 1", () => {
  const map = {
    hidden: [Float64Array.of(3, 0, 1e-9), Float64Array.of(7, 0.5, 0)],
    layersFrom: 2,
  };
  assert.deepEqual(unitGradientExtremes(map), {
    smallest: { layer: 3, unit: 3, value: 1e-9 },
    largest: { layer: 4, unit: 1, value: 7 },
    zeros: 2,
    units: 6,
  });
  assert.deepEqual(unitGradientExtremes({ hidden: [Float64Array.of(0)], layersFrom: 0 }), {
    zeros: 1,
    units: 1,
  });
});

Deno.test("measureUnitGradients refuses bad options with one line naming the option", () => {
  assert.throws(() => measureUnitGradients({ width: 0 }), {
    name: "RangeError",
    message: "Cannot measure unit gradients: width must be an integer in [1, 1024] (got 0)",
  });
  assert.throws(() => measureUnitGradients({ batch: 1.5 }), {
    name: "RangeError",
    message: "Cannot measure unit gradients: batch must be an integer in [1, 4096] (got 1.5)",
  });
  assert.throws(() => measureUnitGradients({ seed: "1" as unknown as number }), {
    name: "TypeError",
    message: "Cannot measure unit gradients: seed must be a number (got string)",
  });
  assert.throws(
    () => measureUnitGradients({ init: "random" as "naive" }),
    /Cannot measure unit gradients: init must be one of naive, small, xavier, he \(got random\)/,
  );
  assert.throws(
    () => measureUnitGradients({ activation: "softsign" as "tanh" }),
    /Cannot measure unit gradients: activation must be one of sigmoid, tanh, relu, leakyRelu, identity \(got softsign\)/,
  );
});
