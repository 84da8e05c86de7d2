/**
 * The course library: everything the notebooks import, re-exported from one place.
 *
 * ```ts
 * import { show } from "course";
 * ```
 *
 * @module
 */
export * from "./display.ts";
export * from "./grid.ts";
export * from "./palette.ts";
export * from "./activations.ts";
export * from "./layers.ts";
export * from "./losses.ts";
export * from "./network.ts";
export * from "./recurrent.ts";
export * from "./optim.ts";
export * from "./gradcheck.ts";
export * from "./surface.ts";
export * from "./finite_difference.ts";
export * from "./descent.ts";
export * from "./params.ts";
export * from "./random.ts";
export * from "./chain.ts";
export * from "./landscape.ts";
export * from "./params_ch4_5.ts";
export * from "./error_study.ts";
export * from "./plot.ts";
export * from "./plot_2d.ts";
export * from "./plot_3d.ts";
export * from "./plot_marks.ts";
export * from "./plot_chain.ts";
export * from "./plot_landscape.ts";
export * from "./unit_gradients.ts";
export * from "./tasks.ts";
export * from "./gradient_fixes.ts";
export * from "./plot_gradient_fixes.ts";
export * from "./params_ch6.ts";
export * from "./tasks_ch7.ts";
export * from "./truncated_bptt.ts";
export * from "./landscape_fixes.ts";
export * from "./update_sizes.ts";
export * from "./batch_effects.ts";
export * from "./plot_fixes.ts";
export * from "./params_ch7.ts";
