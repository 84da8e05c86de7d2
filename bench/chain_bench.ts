/**
 * Benchmarks of the chain of weights (chapter 4): the scalar chain at depth 100, with and without
 * the sigmoid, and the chain of random matrices at its defaults (width 64, depth 50).
 *
 * Run: `deno bench --allow-read bench/chain_bench.ts` (or `deno task bench` for every bench).
 *
 * @module
 */

import { runChain, runRandomChain } from "../lib/chain.ts";

Deno.bench({
  name: "runChain, depth 100, identity",
  group: "scalar chain",
  baseline: true,
  fn() {
    runChain(1.1, { depth: 100 });
  },
});

Deno.bench({
  name: "runChain, depth 100, sigmoid",
  group: "scalar chain",
  fn() {
    runChain(1, { depth: 100, activation: "sigmoid" });
  },
});

Deno.bench({
  name: "runRandomChain, defaults (width 64, depth 50, identity)",
  group: "random chain",
  baseline: true,
  fn() {
    runRandomChain();
  },
});

Deno.bench({
  name: "runRandomChain, width 64, depth 50, tanh",
  group: "random chain",
  fn() {
    runRandomChain({ activation: "tanh" });
  },
});
