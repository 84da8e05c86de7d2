import assert from "node:assert/strict";
import {
  activationDerivative,
  type ActivationName,
  activationNames,
  activationValue,
  applyActivation,
  applyActivationDerivative,
  createActivation,
  sigmoid,
  sigmoidDerivative,
  tanhDerivative,
} from "../lib/activations.ts";

/** Central difference of a scalar function, step h. */
function central(f: (z: number) => number, z: number, h = 1e-5): number {
  return (f(z + h) - f(z - h)) / (2 * h);
}

Deno.test("sigmoid() is exactly 1 at +800 and exactly 0 at −800, with no overflow", () => {
  // Analytic limits: σ(800) = 1 − e^−800 rounds to 1; σ(−800) = e^−800/(1 + e^−800) ≈ 10^−348,
  // below the smallest double (≈ 4.9e−324), so the correctly rounded value is 0.
  assert.equal(sigmoid(800), 1);
  assert.equal(sigmoid(-800), 0);
  assert.equal(sigmoid(Number.MAX_VALUE), 1);
  assert.equal(sigmoid(-Number.MAX_VALUE), 0);
  assert.equal(sigmoid(Infinity), 1);
  assert.equal(sigmoid(-Infinity), 0);
});

Deno.test("sigmoid() keeps its relative accuracy for very negative inputs", () => {
  // σ(−z) = e^−z/(1 + e^−z); for z = 30, 300, 700 compare with that closed form (tolerance 1e-14).
  for (const z of [30, 300, 700]) {
    const exact = Math.exp(-z) / (1 + Math.exp(-z));
    assert.ok(Math.abs(sigmoid(-z) - exact) <= 1e-14 * exact, `z = −${z}`);
  }
  assert.equal(sigmoid(0), 0.5);
});

Deno.test("sigmoidDerivative() is 1/4 at 0, exactly 0 at ±800 and accurate in the tails", () => {
  assert.equal(sigmoidDerivative(0), 0.25);
  assert.equal(sigmoidDerivative(800), 0);
  assert.equal(sigmoidDerivative(-800), 0);
  // σ′(40) = e^−40/(1 + e^−40)²: σ(1 − σ) would round 1 − σ(40) to 0 and lose it entirely.
  const exact = Math.exp(-40) / (1 + Math.exp(-40)) ** 2;
  assert.ok(Math.abs(sigmoidDerivative(40) - exact) <= 1e-14 * exact);
  assert.ok(Math.abs(sigmoidDerivative(-40) - exact) <= 1e-14 * exact);
});

Deno.test("tanh and its derivative are finite and exact at ±800", () => {
  const tanh = createActivation("tanh");
  assert.equal(activationValue(tanh, 800), 1);
  assert.equal(activationValue(tanh, -800), -1);
  assert.equal(tanhDerivative(800), 0);
  assert.equal(tanhDerivative(-800), 0);
  assert.equal(tanhDerivative(0), 1);
});

Deno.test("every derivative agrees with a central difference away from kinks", () => {
  // Points avoid 0, where ReLU and leaky ReLU have their kink. Tolerance 1e-8 relative plus 1e-10
  // absolute: the central difference with h = 1e-5 has a rounding error of about 1e-11, which is
  // large relative to tanh′(6) ≈ 2.5e-5.
  const points = [-3.7, -1.2, -0.4, 0.3, 0.9, 2.5, 6];
  for (const name of activationNames) {
    const act = createActivation(name, { slope: 0.05 });
    for (const z of points) {
      const numeric = central((v) => activationValue(act, v), z);
      const analytic = activationDerivative(act, z);
      assert.ok(
        Math.abs(numeric - analytic) <= 1e-8 * Math.abs(analytic) + 1e-10,
        `${name} at ${z}: analytic ${analytic}, numeric ${numeric}`,
      );
    }
  }
});

Deno.test("relu and leaky relu match their definitions, with the left slope at the kink", () => {
  const relu = createActivation("relu");
  const leaky = createActivation("leakyRelu", { slope: 0.1 });
  assert.deepEqual(applyActivation(relu, Float64Array.of(-2, 0, 3)), Float64Array.of(0, 0, 3));
  assert.deepEqual(
    applyActivation(leaky, Float64Array.of(-2, 0, 3)),
    Float64Array.of(-0.2, 0, 3),
  );
  assert.deepEqual(
    applyActivationDerivative(relu, Float64Array.of(-2, 0, 3)),
    Float64Array.of(0, 0, 1),
  );
  assert.deepEqual(
    applyActivationDerivative(leaky, Float64Array.of(-2, 0, 3)),
    Float64Array.of(0.1, 0.1, 1),
  );
  assert.equal(relu.kink, 0);
  assert.equal(leaky.kink, 0);
  assert.equal(createActivation("sigmoid").kink, null);
  assert.equal(createActivation("leakyRelu").slope, 0.01);
});

Deno.test("applyActivation() works in place and into a given buffer, with the same values", () => {
  const names: ActivationName[] = ["sigmoid", "tanh", "relu", "leakyRelu", "identity"];
  for (const name of names) {
    const act = createActivation(name);
    const z = Float64Array.of(-800, -1.5, 0, 0.25, 800);
    const expected = Float64Array.from(z, (v) => activationValue(act, v));
    const out = new Float64Array(z.length);
    assert.equal(applyActivation(act, z, { out }), out);
    assert.deepEqual(out, expected, name);
    const dExpected = Float64Array.from(z, (v) => activationDerivative(act, v));
    assert.deepEqual(applyActivationDerivative(act, z), dExpected, name);
    applyActivation(act, z, { out: z });
    assert.deepEqual(z, expected, `${name} in place`);
  }
});

Deno.test("activations refuse unknown names, bad slopes and mismatched buffers", () => {
  assert.throws(
    () => createActivation("softsign" as ActivationName),
    new RangeError(
      "Cannot create activation: name must be one of sigmoid, tanh, relu, leakyRelu, identity (got softsign)",
    ),
  );
  assert.throws(
    () => createActivation("leakyRelu", { slope: 1.5 }),
    new RangeError("Cannot create activation: slope must be in [0, 1) (got 1.5)"),
  );
  assert.throws(
    () =>
      applyActivation(createActivation("relu"), new Float64Array(3), { out: new Float64Array(2) }),
    new TypeError("Cannot apply activation: out must have the length of z, 3 (got 2)"),
  );
});
