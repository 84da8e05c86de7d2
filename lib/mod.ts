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
