import assert from "node:assert/strict";
import {
  activationDerivative,
  type ActivationName,
  activationValue,
  createActivation,
} from "../lib/activations.ts";
import { randomLayerWeights, runChain, runRandomChain, runRandomChains } from "../lib/chain.ts";
import { toPlainJson } from "../lib/display.ts";
import { createRng } from "../lib/random.ts";

/** |a − b| ≤ rel·max(|a|, |b|) + abs. */
function assertClose(actual: number, expected: number, rel: number, abs = 0, what = ""): void {
  const tol = rel * Math.max(Math.abs(actual), Math.abs(expected)) + abs;
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what}: ${actual} vs ${expected} (difference ${Math.abs(actual - expected)} > ${tol})`,
  );
}

function assertAllFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    assert.ok(Number.isFinite(values[i]), `${what}[${i}] is ${values[i]}`);
  }
}

/** The output of a scalar chain, by a plain loop written here (independent of runChain). */
function chainOutput(w: ArrayLike<number>, x0: number, activation: ActivationName): number {
  const act = createActivation(activation);
  let h = x0;
  for (let k = 0; k < w.length; k++) h = activationValue(act, w[k] * h);
  return h;
}

/** Seeded weights in ±[0.5, 1.5], for checks that should not depend on lucky values. */
function randomWeights(depth: number, seed: number): number[] {
  const rng = createRng(seed);
  const w: number[] = [];
  for (let k = 0; k < depth; k++) {
    const magnitude = 0.5 + rng.uniform();
    w.push(rng.uniform() < 0.5 ? -magnitude : magnitude);
  }
  return w;
}

// ---------------------------------------------------------------------------------------------
// The scalar chain

Deno.test("runChain() with weight 2 and depth 10 gives values 2ᵏ and gradients 2¹⁰⁻ᵏ exactly", () => {
  const chain = runChain(2, { depth: 10 });
  assert.equal(chain.values.length, 11);
  for (let k = 0; k <= 10; k++) {
    assert.equal(chain.values[k], 2 ** k);
    assert.equal(chain.inputGradients[k], 2 ** (10 - k)); // w_k·…·w_9 = 2^(10−k)
  }
  assert.equal(chain.inputGradients[0], 1024);
  // ∂y/∂w_k = h_k·2^(9−k) = 2^k·2^(9−k) = 512 for every layer.
  assert.deepEqual(chain.weightGradients, new Float64Array(10).fill(512));
  assert.equal(chain.gradientsFrom, 0);
  assert.equal(chain.diverged, undefined);
  assert.equal(chain.vanished, undefined);
});

Deno.test("runChain() with weight 1/2 gives gradients 2⁻⁽ᴸ⁻ᵏ⁾ exactly: the vanishing mirror", () => {
  const chain = runChain(0.5, { depth: 30, input: 3 });
  for (let k = 0; k <= 30; k++) {
    assert.equal(chain.values[k], 3 * 2 ** -k);
    assert.equal(chain.inputGradients[k], 2 ** -(30 - k));
  }
  for (let k = 0; k < 30; k++) {
    assert.equal(chain.weightGradients[k], 3 * 2 ** -k * 2 ** -(29 - k)); // h_k·0.5^(29−k)
  }
});

Deno.test("runChain() with one power of two per layer gives the products of the later weights exactly", () => {
  const w = [2, 0.25, 8, 0.5, 4, -2];
  const chain = runChain(w, { input: 0.5 });
  // By hand: h = 0.5, 1, 0.25, 2, 1, 4, −8.
  assert.deepEqual(chain.values, Float64Array.of(0.5, 1, 0.25, 2, 1, 4, -8));
  // ∂y/∂h_k = w_k·…·w_5: −16, −8, −32, −4, −8, −2, 1.
  assert.deepEqual(chain.inputGradients, Float64Array.of(-16, -8, -32, -4, -8, -2, 1));
  // ∂y/∂w_k = h_k·w_{k+1}·…·w_5: 0.5·(−8), 1·(−32), 0.25·(−4), 2·(−8), 1·(−2), 4·1.
  assert.deepEqual(chain.weightGradients, Float64Array.of(-4, -32, -1, -16, -2, 4));
});

Deno.test("runChain() gradients equal the product of later weights computed by a separate loop", () => {
  const w = randomWeights(40, 11);
  const chain = runChain(w, { input: 0.7 });
  for (let k = 0; k <= 40; k++) {
    let product = 1;
    for (let j = k; j < 40; j++) product *= w[j];
    // Tolerance: 40 roundings of 2⁻⁵³ each, so 1e−13 relative is generous.
    assertClose(chain.inputGradients[k], product, 1e-13, 0, `∂y/∂h_${k}`);
  }
});

Deno.test("runChain() gradients agree with central differences for random weights (identity)", () => {
  const w = randomWeights(12, 5);
  const x0 = 0.7;
  const chain = runChain(w, { input: x0 });
  const eps = 1e-6;
  // y is linear in x₀ and in each w_k, so central differences are exact up to rounding:
  // error ≈ 1e−16·|y|/eps ≈ 1e−10 relative. Tolerance 1e−8 relative.
  const dx0 = (chainOutput(w, x0 + eps, "identity") - chainOutput(w, x0 - eps, "identity")) /
    (2 * eps);
  assertClose(chain.inputGradients[0], dx0, 1e-8, 0, "∂y/∂x₀");
  for (let k = 0; k < w.length; k++) {
    const up = w.slice();
    const down = w.slice();
    up[k] += eps;
    down[k] -= eps;
    const fd = (chainOutput(up, x0, "identity") - chainOutput(down, x0, "identity")) / (2 * eps);
    assertClose(chain.weightGradients[k], fd, 1e-8, 0, `∂y/∂w_${k}`);
  }
});

Deno.test("runChain() gradients agree with central differences with sigmoid, tanh, ReLU and leaky ReLU", () => {
  const cases: { activation: ActivationName; w: number[]; x0: number }[] = [
    { activation: "sigmoid", w: randomWeights(10, 21).map((v) => 3 * v), x0: 0.3 },
    { activation: "tanh", w: randomWeights(10, 22).map((v) => 2 * v), x0: 0.4 },
    // Positive weights and input keep ReLU away from its kink at 0.
    { activation: "relu", w: randomWeights(10, 23).map(Math.abs), x0: 0.9 },
    { activation: "leakyRelu", w: randomWeights(10, 24), x0: 0.9 },
  ];
  const eps = 1e-6;
  for (const { activation, w, x0 } of cases) {
    const chain = runChain(w, { input: x0, activation });
    // Central difference error ≈ eps²·|y‴|/6 + 1e−16·|y|/eps: about 1e−10 here.
    // Tolerance: 1e−6 relative plus 1e−10 absolute (gradients through sigmoids are tiny).
    const dx0 = (chainOutput(w, x0 + eps, activation) - chainOutput(w, x0 - eps, activation)) /
      (2 * eps);
    assertClose(chain.inputGradients[0], dx0, 1e-6, 1e-10, `${activation} ∂y/∂x₀`);
    for (let k = 0; k < w.length; k++) {
      const up = w.slice();
      const down = w.slice();
      up[k] += eps;
      down[k] -= eps;
      const fd = (chainOutput(up, x0, activation) - chainOutput(down, x0, activation)) / (2 * eps);
      assertClose(chain.weightGradients[k], fd, 1e-6, 1e-10, `${activation} ∂y/∂w_${k}`);
    }
    // The slopes are φ′ of the pre-activations, as the activation module computes them.
    const act = createActivation(activation);
    for (let k = 0; k < w.length; k++) {
      assert.equal(chain.preActivations[k], w[k] * chain.values[k]);
      assert.equal(chain.activationSlopes[k], activationDerivative(act, chain.preActivations[k]));
    }
  }
});

Deno.test("runChain() with the sigmoid vanishes even with weight 1: |∂y/∂x₀| ≤ ∏|wⱼ|·(1/4)ᴸ", () => {
  const ones = runChain(1, { depth: 20, activation: "sigmoid" });
  for (const slope of ones.activationSlopes) assert.ok(slope > 0 && slope <= 0.25);
  for (let k = 0; k <= 20; k++) {
    assert.ok(Math.abs(ones.inputGradients[k]) <= 0.25 ** (20 - k), `layer ${k}`);
  }
  assert.ok(Math.abs(ones.inputGradients[0]) <= 0.25 ** 20); // ≈ 9.1e−13
  // With any weights, each layer contributes |w_j|·σ′ ≤ |w_j|/4.
  const w = randomWeights(25, 31).map((v) => 2 * v);
  const chain = runChain(w, { activation: "sigmoid", input: -0.4 });
  let bound = 1;
  for (let k = w.length - 1; k >= 0; k--) {
    bound *= Math.abs(w[k]) / 4;
    assert.ok(Math.abs(chain.inputGradients[k]) <= bound, `layer ${k}`);
  }
  // The identity chain with the same weights has exactly ∏ w_j: much larger.
  const linear = runChain(w, { input: -0.4 });
  assert.ok(Math.abs(linear.inputGradients[0]) > 4 ** 20 * Math.abs(chain.inputGradients[0]));
});

Deno.test("runChain() reports forward overflow at the layer where 10ᵏ⁺¹ passes 1.8e308, keeping finite values", () => {
  // h_{k+1} = 10^(k+1) overflows first for k + 1 = 309 (the largest double is ≈ 1.8e308).
  const chain = runChain(10, { depth: 400 });
  assert.deepEqual(chain.diverged, { pass: "forward", layer: 308, value: Infinity });
  assert.equal(chain.values.length, 309); // h_0 … h_308
  assertAllFinite(chain.values, "values");
  assertAllFinite(chain.preActivations, "preActivations");
  assert.equal(chain.inputGradients.length, 0); // no finite output, no gradients
  assert.equal(chain.weightGradients.length, 0);
  assert.doesNotThrow(() => toPlainJson({ y: chain.values, g: chain.inputGradients }));
  assert.equal(runChain(-10, { depth: 400 }).diverged?.value, -Infinity);
});

Deno.test("runChain() reports backward overflow and keeps the finite gradients nearest the output", () => {
  // Values 1e−300·100ᵏ stay below 1e100, but ∂y/∂h_k = 100^(200−k) = 10^(400−2k) overflows first
  // (going down from the output) at k = 45: 10³¹⁰ > 1.8e308, while 10³⁰⁸ at k = 46 fits.
  const chain = runChain(100, { depth: 200, input: 1e-300 });
  assert.deepEqual(chain.diverged, { pass: "backward", layer: 45, value: Infinity });
  assert.equal(chain.values.length, 201);
  assert.equal(chain.gradientsFrom, 46);
  assert.equal(chain.inputGradients.length, 201 - 46);
  assert.equal(chain.weightGradients.length, 200 - 46);
  assertAllFinite(chain.inputGradients, "inputGradients");
  assertAllFinite(chain.weightGradients, "weightGradients");
  assertClose(chain.inputGradients[0], 1e308, 1e-12, 0, "∂y/∂h_46");
  assert.equal(chain.inputGradients[chain.inputGradients.length - 1], 1);
});

Deno.test("runChain() reports underflow to 0 as vanishing, not divergence", () => {
  // 2⁻¹⁰⁷⁴ is the smallest positive double; 2⁻¹⁰⁷⁵ rounds (to even) to 0. So h_1075 = 0, and
  // ∂y/∂h_k = 2^−(1100−k) is 0 first (going down) at k = 25.
  const chain = runChain(0.5, { depth: 1100 });
  assert.equal(chain.diverged, undefined);
  assert.deepEqual(chain.vanished, { forward: 1075, backward: 25 });
  assert.equal(chain.values[1074], 2 ** -1074);
  assert.equal(chain.values[1075], 0);
  assert.equal(chain.inputGradients[26], 2 ** -1074);
  assert.equal(chain.inputGradients[25], 0);
  // A zero weight stops everything at once: a vanishing, too.
  assert.deepEqual(runChain([2, 0, 2]).vanished, { forward: 2, backward: 1 });
});

Deno.test("runChain() refuses bad weights, depths, inputs and activations with one-line messages", () => {
  assert.throws(
    () => runChain(2, { depth: 0 }),
    new RangeError("Cannot run chain: depth must be an integer in [1, 100000] (got 0)"),
  );
  assert.throws(
    () => runChain(2, { depth: 2.5 }),
    new RangeError("Cannot run chain: depth must be an integer in [1, 100000] (got 2.5)"),
  );
  assert.throws(
    () => runChain([1, NaN]),
    new RangeError("Cannot run chain: weights[1] must be a finite number (got NaN)"),
  );
  assert.throws(
    () => runChain([1, 2], { depth: 3 }),
    new RangeError("Cannot run chain: depth must equal the number of weights, 2 (got 3)"),
  );
  assert.throws(
    () => runChain([]),
    new RangeError(
      "Cannot run chain: the number of weights must be an integer in [1, 100000] (got 0)",
    ),
  );
  assert.throws(
    () => runChain(Infinity),
    new RangeError("Cannot run chain: weights must be a finite number (got Infinity)"),
  );
  assert.throws(
    () => runChain(1, { input: -Infinity }),
    new RangeError("Cannot run chain: input must be a finite number (got -Infinity)"),
  );
  assert.throws(
    () => runChain("2" as unknown as number),
    new TypeError("Cannot run chain: weights must be a number or a list of numbers (got string)"),
  );
  assert.throws(
    () => runChain(1, { activation: "softsign" as ActivationName }),
    /Cannot create activation: name must be one of .* \(got softsign\)/,
  );
});

Deno.test("runChain() runs a depth-100 chain in well under a millisecond per call", () => {
  runChain(1.1, { depth: 100, activation: "tanh" }); // warm up
  const start = performance.now();
  for (let i = 0; i < 100; i++) runChain(1.1, { depth: 100, activation: "tanh" });
  const perCall = (performance.now() - start) / 100;
  assert.ok(perCall < 1, `${perCall} ms per call`);
});

// ---------------------------------------------------------------------------------------------
// Random-matrix layers

/** y = u·h_L from layer k on, by plain loops over the exported matrices (independent of runRandomChain). */
function matrixOutput(
  weights: Float64Array[],
  from: number,
  h: ArrayLike<number>,
  u: ArrayLike<number>,
  activation: ActivationName,
): number {
  const act = createActivation(activation);
  const n = u.length;
  let cur = Array.from(h);
  for (let k = from; k < weights.length; k++) {
    const next: number[] = [];
    for (let i = 0; i < n; i++) {
      let a = 0;
      for (let j = 0; j < n; j++) a += weights[k][i * n + j] * cur[j];
      next.push(activationValue(act, a));
    }
    cur = next;
  }
  let y = 0;
  for (let i = 0; i < n; i++) y += u[i] * cur[i];
  return y;
}

function euclid(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

Deno.test("runRandomChain() backward pass passes a gradient check on a small instance", () => {
  const eps = 1e-6;
  for (const activation of ["identity", "tanh", "sigmoid"] as ActivationName[]) {
    const options = { width: 4, depth: 5, scale: 1.5, seed: 9, activation };
    const run = runRandomChain(options);
    const weights = Array.from({ length: 5 }, (_, k) => randomLayerWeights(k, options));
    const u = run.outputGradient;
    const y = matrixOutput(weights, 0, run.input, u, activation);
    assert.equal(run.output.length, 4);
    let uh = 0;
    for (let i = 0; i < 4; i++) uh += u[i] * run.output[i];
    assertClose(uh, y, 1e-12, 1e-15, `${activation} output`);

    // Hidden values h_k by the independent loop, to perturb each layer's input.
    const hs: number[][] = [Array.from(run.input)];
    const act = createActivation(activation);
    for (let k = 0; k < 5; k++) {
      const next: number[] = [];
      for (let i = 0; i < 4; i++) {
        let a = 0;
        for (let j = 0; j < 4; j++) a += weights[k][i * 4 + j] * hs[k][j];
        next.push(activationValue(act, a));
      }
      hs.push(next);
    }
    // ∂y/∂h_k by central differences, entry by entry; error ≈ eps²·|y‴| + 1e−16/eps ≈ 1e−10.
    // Tolerance: 1e−6 relative plus 1e−9 absolute.
    for (let k = 0; k <= 5; k++) {
      const fd: number[] = [];
      for (let j = 0; j < 4; j++) {
        const up = hs[k].slice();
        const down = hs[k].slice();
        up[j] += eps;
        down[j] -= eps;
        fd.push(
          (matrixOutput(weights, k, up, u, activation) -
            matrixOutput(weights, k, down, u, activation)) / (2 * eps),
        );
        if (k === 0) {
          assertClose(run.inputGradient[j], fd[j], 1e-6, 1e-9, `${activation} ∂y/∂h₀[${j}]`);
        }
      }
      assertClose(run.gradientNorms[k], euclid(fd), 1e-6, 1e-9, `${activation} ‖∂y/∂h_${k}‖`);
      assertClose(run.signalNorms[k], euclid(hs[k]), 1e-12, 0, `${activation} ‖h_${k}‖`);
    }
    // ‖∂y/∂W_k‖ (Frobenius) by central differences over every entry of W_k.
    for (let k = 0; k < 5; k++) {
      let sumSq = 0;
      for (let e = 0; e < 16; e++) {
        const up = weights.slice();
        const down = weights.slice();
        up[k] = weights[k].slice();
        down[k] = weights[k].slice();
        up[k][e] += eps;
        down[k][e] -= eps;
        const d = (matrixOutput(up, 0, run.input, u, activation) -
          matrixOutput(down, 0, run.input, u, activation)) / (2 * eps);
        sumSq += d * d;
      }
      assertClose(
        run.weightGradientNorms[k],
        Math.sqrt(sumSq),
        1e-6,
        1e-9,
        `${activation} ‖∂y/∂W_${k}‖`,
      );
    }
  }
});

/** ψ(x) and ψ′(x) by their asymptotic series, accurate to ~1e−12 for x ≥ 30. */
function digamma(x: number): number {
  return Math.log(x) - 1 / (2 * x) - 1 / (12 * x ** 2) + 1 / (120 * x ** 4) - 1 / (252 * x ** 6);
}
function trigamma(x: number): number {
  return 1 / x + 1 / (2 * x ** 2) + 1 / (6 * x ** 3) - 1 / (30 * x ** 5) + 1 / (42 * x ** 7);
}

Deno.test("runRandomChain() norms follow E‖h_L‖² = scale^{2L}·‖h₀‖²: steady at 1, exploding at 2, vanishing at 1/2", () => {
  // Theory (linear layers, entries N(0, s²/n)): for any fixed h, ‖W·h‖²/‖h‖² = s²·χ²ₙ/n,
  // independent from layer to layer. So ln(‖h_L‖²/‖h₀‖²) is a sum of L independent terms with
  // mean 2·ln s + ψ(n/2) − ln(n/2) and variance ψ′(n/2) each. The same holds backwards (Wᵀ has the
  // same law), for ln(‖∂y/∂h₀‖²/‖u‖²).
  const n = 128;
  const L = 50;
  const seeds = 20;
  const perLayerMean = digamma(n / 2) - Math.log(n / 2); // ≈ −0.00783
  const sd = Math.sqrt(L * trigamma(n / 2)); // ≈ 0.887
  for (const scale of [0.5, 1, 2]) {
    const expected = L * (2 * Math.log(scale) + perLayerMean);
    let sumForward = 0;
    let sumBackward = 0;
    const endRatios: number[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const run = runRandomChain({ width: n, depth: L, scale, seed });
      assert.equal(run.diverged, undefined);
      const forward = 2 * Math.log(run.signalNorms[L] / run.signalNorms[0]);
      const backward = 2 * Math.log(run.gradientNorms[0] / run.gradientNorms[L]);
      // Each run within 4 standard deviations of the theory.
      assert.ok(Math.abs(forward - expected) < 4 * sd, `scale ${scale} seed ${seed}: ${forward}`);
      assert.ok(Math.abs(backward - expected) < 4 * sd, `scale ${scale} seed ${seed}: ${backward}`);
      sumForward += forward;
      sumBackward += backward;
      endRatios.push(run.signalNorms[L] / run.signalNorms[0]);
    }
    // The mean over seeds within 4 standard errors.
    const se = sd / Math.sqrt(seeds);
    assert.ok(Math.abs(sumForward / seeds - expected) < 4 * se, `scale ${scale} forward mean`);
    assert.ok(Math.abs(sumBackward / seeds - expected) < 4 * se, `scale ${scale} backward mean`);
    endRatios.sort((a, b) => a - b);
    const median = (endRatios[9] + endRatios[10]) / 2;
    if (scale === 1) {
      // Steady: the typical run ends within a factor 3 (theory: a factor e^(±0.44) ≈ 1.6 at 1 sd).
      assert.ok(median > 1 / 3 && median < 3, `median ratio ${median}`);
    } else if (scale === 2) {
      // 2⁵⁰ ≈ 1.1e15; the 4-sd band reaches down to ≈ 1.6e14.
      assert.ok(endRatios[0] > 1e13, `smallest ratio ${endRatios[0]}`);
    } else {
      assert.ok(endRatios[seeds - 1] < 1e-13, `largest ratio ${endRatios[seeds - 1]}`);
    }
  }
});

Deno.test("runRandomChain() at scale 1 keeps the typical signal within a factor 3 at every layer", () => {
  // Median over 20 seeds of ‖h_k‖/‖h₀‖, layer by layer: by the theory above its logarithm has
  // sd ≤ 0.44 at k = 50, so the median stays far inside [1/3, 3].
  const runs = Array.from({ length: 20 }, (_, i) => runRandomChain({ width: 128, seed: 100 + i }));
  for (let k = 0; k <= 50; k++) {
    const ratios = runs.map((r) => r.signalNorms[k] / r.signalNorms[0]).sort((a, b) => a - b);
    const median = (ratios[9] + ratios[10]) / 2;
    assert.ok(median > 1 / 3 && median < 3, `layer ${k}: median ${median}`);
  }
});

Deno.test("runRandomChain() is reproducible, and a layer's weights do not depend on the depth", () => {
  const a = runRandomChain({ width: 16, depth: 30, seed: 4, activation: "tanh" });
  const b = runRandomChain({ width: 16, depth: 30, seed: 4, activation: "tanh" });
  assert.deepEqual(a, b);
  const longer = runRandomChain({ width: 16, depth: 50, seed: 4, activation: "tanh" });
  assert.deepEqual(longer.signalNorms.subarray(0, 31), a.signalNorms);
  assert.notDeepEqual(runRandomChain({ width: 16, depth: 30, seed: 5 }).signalNorms, a.signalNorms);
  // Default input and u are unit vectors.
  assertClose(euclid(a.input), 1, 1e-15, 0, "‖h₀‖");
  assertClose(euclid(a.outputGradient), 1, 1e-15, 0, "‖u‖");
});

Deno.test("runRandomChain() gives the same norms whether the matrices are stored or drawn twice", () => {
  // 128²·300 = 4.9M numbers exceeds the 4M storage budget, so this run draws each matrix again
  // in the backward pass; its first 50 layers must match a stored run of depth 50.
  const big = runRandomChain({ width: 128, depth: 300, seed: 2, scale: 1 });
  const small = runRandomChain({ width: 128, depth: 50, seed: 2, scale: 1 });
  assert.deepEqual(big.signalNorms.subarray(0, 51), small.signalNorms);
  assertAllFinite(big.gradientNorms, "gradientNorms");
  assert.equal(big.gradientNorms.length, 301);
});

Deno.test("runRandomChains() gives, number for number, what runRandomChain() gives at each scale", () => {
  // The other method: one runRandomChain() per scale, each drawing its own matrices.
  const cases = [
    { scales: [0.5, 1, 2], options: { width: 64, depth: 50, seed: 1 } },
    {
      scales: [0, 1.5, 4],
      options: { width: 8, depth: 200, seed: 7, activation: "tanh" as const },
    },
    {
      scales: [1, 0.25],
      options: { width: 3, depth: 4, seed: 3, input: [1, 0, 0], outputGradient: [0, 2, 0] },
    },
    // 128²·300 exceeds the storage budget: drawn per layer, as runRandomChain() does.
    { scales: [1], options: { width: 128, depth: 300, seed: 2 } },
  ];
  for (const { scales, options } of cases) {
    const together = runRandomChains(scales, options);
    assert.equal(together.length, scales.length);
    scales.forEach((scale, i) => {
      assert.deepEqual(together[i], runRandomChain({ ...options, scale }), `scale ${scale}`);
    });
  }
  // 100²⁰⁰ = 10⁴⁰⁰ overflows: the shared draws must not hide where.
  const [overflowing] = runRandomChains([100], { width: 8, depth: 200, seed: 7 });
  assert.equal(overflowing.diverged?.pass, "forward");
  assert.deepEqual(overflowing, runRandomChain({ width: 8, depth: 200, seed: 7, scale: 100 }));
  assert.deepEqual(runRandomChains([]), []);
});

Deno.test("runRandomChains() refuses a bad list of scales with one-line messages", () => {
  assert.throws(
    () => runRandomChains([1, -1]),
    new RangeError("Cannot run random chains: scale must be a finite number ≥ 0 (got -1)"),
  );
  assert.throws(
    () => runRandomChains(2 as unknown as number[]),
    new TypeError("Cannot run random chains: scales must be an array of numbers (got number)"),
  );
});

Deno.test("runRandomChain() reports overflow and keeps only finite norms", () => {
  // Scale 1e200: layer 0 gives entries ≈ 1e199 (finite); layer 1 multiplies two such numbers.
  const wild = runRandomChain({ width: 64, depth: 50, scale: 1e200 });
  assert.equal(wild.diverged?.pass, "forward");
  assert.equal(wild.diverged?.layer, 1);
  assert.ok(!Number.isFinite(wild.diverged?.value));
  assert.equal(wild.signalNorms.length, 2);
  assertAllFinite(wild.signalNorms, "signalNorms");
  assert.equal(wild.gradientNorms.length, 0);
  assert.equal(wild.output.length, 0);
  assert.doesNotThrow(() => toPlainJson({ y: wild.signalNorms, g: wild.gradientNorms }));

  // Input of norm 1e−300 and scale 1e10 over 40 layers: the signal ends near 1e100, but the
  // gradient ‖∂y/∂h_k‖ ≈ 10^(10·(40−k)) passes 1.8e308 between k = 10 (1e300, even ×7) and
  // k = 9 (1e310, even ÷7), the ×7 being a generous 4-sd band of the random factors.
  const input = Array.from(runRandomChain({ width: 64, depth: 1 }).input, (v) => v * 1e-300);
  const back = runRandomChain({ width: 64, depth: 40, scale: 1e10, input });
  assert.deepEqual(back.diverged?.pass, "backward");
  assert.equal(back.diverged?.layer, 9);
  assert.equal(back.gradientsFrom, 10);
  assert.equal(back.gradientNorms.length, 41 - 10);
  assert.equal(back.weightGradientNorms.length, 40 - 10);
  assertAllFinite(back.gradientNorms, "gradientNorms");
  assertAllFinite(back.weightGradientNorms, "weightGradientNorms");
  assert.equal(back.inputGradient.length, 0);
});

Deno.test("runRandomChain() with scale 0 vanishes at once, reported as vanishing", () => {
  const run = runRandomChain({ width: 8, depth: 6, scale: 0 });
  assert.equal(run.diverged, undefined);
  assert.deepEqual(run.vanished, { forward: 1, backward: 5 });
  assert.deepEqual(run.signalNorms.subarray(1), new Float64Array(6));
});

Deno.test("runRandomChain() refuses bad widths, scales, seeds and vectors with one-line messages", () => {
  assert.throws(
    () => runRandomChain({ width: 0 }),
    new RangeError("Cannot run random chain: width must be an integer in [1, 2048] (got 0)"),
  );
  assert.throws(
    () => runRandomChain({ scale: -1 }),
    new RangeError("Cannot run random chain: scale must be a finite number ≥ 0 (got -1)"),
  );
  assert.throws(
    () => runRandomChain({ seed: 1.5 }),
    new RangeError("Cannot run random chain: seed must be an integer in [0, 4294967295] (got 1.5)"),
  );
  assert.throws(
    () => runRandomChain({ width: 4, input: [1, 2, 3] }),
    new TypeError(
      "Cannot run random chain: input must be a list of width = 4 numbers (got length 3)",
    ),
  );
  assert.throws(
    () => randomLayerWeights(3, { depth: 3 }),
    new RangeError("Cannot make layer weights: layer must be an integer in [0, 2] (got 3)"),
  );
});

Deno.test("runRandomChain() runs width 64, depth 50 in a few milliseconds", () => {
  runRandomChain({ seed: 0 }); // warm up
  const start = performance.now();
  for (let seed = 1; seed <= 10; seed++) runRandomChain({ seed });
  const perCall = (performance.now() - start) / 10;
  // Measured about 6 ms on the development machine; 50 ms leaves room for a slow CI runner.
  assert.ok(perCall < 50, `${perCall} ms per call`);
});
