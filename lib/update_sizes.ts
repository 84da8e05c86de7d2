/**
 * Training that measures each update from the parameters themselves: how far every step moved the
 * network, as a whole (‖Δθ‖) and in its largest single component (maxᵢ |Δθᵢ|), next to the loss,
 * the gradient norm and the weight norm. These are the quantities gradient clipping and weight
 * penalties control.
 *
 * The moves are measured, not computed from the gradient: the parameters are copied before each
 * `trainStep` and compared after it, so a bound such as "the update never exceeds η × threshold"
 * is checked on what actually happened to the weights.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanSquaredErrorLoss } from "./losses.ts";
 * import { createDeepNetwork } from "./network.ts";
 * import { trainRecordingUpdates } from "./update_sizes.ts";
 * const net = createDeepNetwork({ inputSize: 1, width: 4, hiddenLayers: 2, outputSize: 1, seed: 1 });
 * const data = { input: Float64Array.of(-1, 0, 1), target: Float64Array.of(1, 0, 1), batch: 3 };
 * const history = trainRecordingUpdates(net, data, {
 *   loss: meanSquaredErrorLoss, lr: 0.1, steps: 5, clipValue: 0.01,
 * });
 * assert.ok(history.largestUpdate.every((u) => u <= 0.1 * 0.01 * (1 + 1e-9)));
 * ```
 * @module
 */

import {
  type Network,
  type TrainingData,
  type TrainingHistory,
  type TrainOptions,
  trainStep,
} from "./network.ts";

/** What {@linkcode trainRecordingUpdates} records: a `TrainingHistory` with measured updates. */
export interface UpdateHistory extends TrainingHistory {
  /** ‖Δθ‖ over every parameter, measured from the parameters before and after each step. */
  updateNorm: number[];
  /** maxᵢ |Δθᵢ| over every parameter component, measured the same way. */
  largestUpdate: number[];
  /** The data loss alone (without the penalty) before each step. */
  dataLoss: number[];
  /** Whether clipping changed the gradient at each step. */
  clipped: boolean[];
}

/**
 * Train for a number of full-batch steps with `trainStep` (forward, loss + penalty, backward,
 * clipping, SGD), measuring every update from the parameters themselves. Stops at the first step
 * whose loss or gradient is not finite and reports it in `diverged`, never as NaN in the history.
 *
 * @param network The network (trained in place).
 * @param data The training data.
 * @param options The `trainStep` options (loss, lr, clipNorm, clipValue, penalty) and `steps`, an
 * integer ≥ 1.
 * @returns The history, one entry per step taken.
 * @throws {RangeError} If `steps` is not an integer ≥ 1 (other options as `trainStep`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanSquaredErrorLoss } from "./losses.ts";
 * import { createDeepNetwork } from "./network.ts";
 * import { trainRecordingUpdates } from "./update_sizes.ts";
 * const net = createDeepNetwork({ inputSize: 1, width: 4, hiddenLayers: 1, outputSize: 1, seed: 2 });
 * const data = { input: Float64Array.of(-1, 1), target: Float64Array.of(1, -1), batch: 2 };
 * const history = trainRecordingUpdates(net, data, { loss: meanSquaredErrorLoss, lr: 0.05, steps: 3 });
 * assert.equal(history.updateNorm.length, 3);
 * assert.ok(Math.abs(history.updateNorm[0] - 0.05 * history.gradientNorm[0]) < 1e-12);
 * ```
 */
export function trainRecordingUpdates(
  network: Network,
  data: TrainingData,
  options: TrainOptions & { steps: number },
): UpdateHistory {
  const { steps } = options;
  if (!(Number.isInteger(steps) && steps >= 1)) {
    throw new RangeError(
      `Cannot train recording updates: steps must be an integer ≥ 1 (got ${steps})`,
    );
  }
  const params = network.parameters;
  const before = params.map((p) => new Float64Array(p.value.length));
  const history: UpdateHistory = {
    loss: [],
    dataLoss: [],
    gradientNorm: [],
    updateNorm: [],
    largestUpdate: [],
    weightNorm: [],
    weightGradientNorms: [],
    clipped: [],
    diverged: null,
  };
  for (let step = 0; step < steps; step++) {
    for (let k = 0; k < params.length; k++) before[k].set(params[k].value);
    const result = trainStep(network, data, options);
    if (result.diverged !== null) {
      history.diverged = { step, reason: result.diverged.reason };
      break;
    }
    // ‖Δθ‖ and maxᵢ |Δθᵢ|, with Δθ = θ_after − θ_before; the norm scaled by the largest move so
    // that neither squares overflow nor tiny moves underflow
    let largest = 0;
    for (let k = 0; k < params.length; k++) {
      const w = params[k].value;
      const w0 = before[k];
      for (let i = 0; i < w.length; i++) {
        const d = Math.abs(w[i] - w0[i]);
        if (d > largest) largest = d;
      }
    }
    if (!Number.isFinite(largest)) {
      history.diverged = { step, reason: `the update overflowed (a weight moved by ${largest})` };
      break;
    }
    let sum = 0;
    if (largest > 0) {
      for (let k = 0; k < params.length; k++) {
        const w = params[k].value;
        const w0 = before[k];
        for (let i = 0; i < w.length; i++) {
          const r = (w[i] - w0[i]) / largest;
          sum += r * r;
        }
      }
    }
    history.loss.push(result.loss);
    history.dataLoss.push(result.dataLoss);
    history.gradientNorm.push(result.gradientNorm);
    history.updateNorm.push(largest === 0 ? 0 : largest * Math.sqrt(sum));
    history.largestUpdate.push(largest);
    history.weightNorm.push(result.weightNorm);
    history.weightGradientNorms.push(result.weightGradientNorms);
    history.clipped.push(result.clipped);
  }
  return history;
}
