/**
 * The parameters a reader may edit in each chapter, as zod schemas, and the one function that
 * checks them: {@linkcode parseParams}.
 *
 * Each schema is the single source of a chapter's parameters: their names, their defaults (the
 * article's values), their limits (a teaching range that keeps the figures interactive and the
 * memory bounded) and their type, which shares the schema's name. Unknown names are refused, so a
 * misspelt parameter is an error instead of a silently ignored line.
 *
 * A notebook's parameters cell sets plain variables; the next cell checks them in one call:
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { Chapter3Params, parseParams } from "./params.ts";
 * const learningRate = 1;
 * const steps = 10;
 * const params = parseParams(Chapter3Params, { learningRate, steps }, "chapter 3");
 * assert.equal(params.slopeStep, 0.9); // the article's value, from the default
 * assert.throws(
 *   () => parseParams(Chapter3Params, { learningRate: -0.1 }, "chapter 3"),
 *   { name: "RangeError", message: "Cannot run chapter 3: learningRate must be > 0 and ≤ 10 (got -0.1)" },
 * );
 * ```
 *
 * Later chapters add their schemas here; {@linkcode parseParams} works for any flat
 * `z.strictObject` of numbers, integers, enums, booleans and lists of numbers, with object-level
 * checks (`superRefine`) whose messages start with "must".
 *
 * @module
 */

import { z } from "zod";
import { GRADIENT_METHODS } from "./descent.ts";
import { gridAxisLength } from "./surface.ts";

/** The most points a reader's surface grid may have (about 500 × 500): larger grids are refused. */
export const MAX_PARAM_GRID_POINTS = 250_000;

/** The most arrows a reader's gradient field may have (50 × 50). */
export const MAX_PARAM_FIELD_ARROWS = 2_500;

// ---------------------------------------------------------------------------------------------
// The mechanism

/** A value as a message shows it: numbers as typed, other values with their type. */
function describeValue(value: unknown, withType = false): string {
  if (typeof value === "number") return withType ? `number ${value}` : String(value);
  if (typeof value === "string") {
    const text = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    return `string ${text}`;
  }
  if (value === null || value === undefined) return String(value);
  if (typeof value === "boolean" || typeof value === "bigint") {
    return `${typeof value} ${String(value)}${typeof value === "bigint" ? "n" : ""}`;
  }
  if (Array.isArray(value)) return `array of length ${value.length}`;
  return typeof value;
}

/** What a field allows, read from its JSON Schema, e.g. "> 0 and ≤ 10", `one of "a", "b"`. */
interface Allowed {
  /** The phrase after "must be". */
  text: string;
  /** The JavaScript type a value must have ("array" for a list); another type is a TypeError. */
  jsType: "number" | "string" | "boolean" | "array" | undefined;
  /** The phrase for a value of the wrong type, e.g. "a number". */
  typeText: string;
}

function formatBound(value: unknown): string {
  return typeof value === "number" ? String(value) : "?";
}

function describeAllowed(field: z.ZodType): Allowed | undefined {
  let schema: Record<string, unknown>;
  try {
    schema = z.toJSONSchema(field) as Record<string, unknown>;
  } catch {
    return undefined; // a type JSON Schema cannot express: fall back to zod's own message
  }
  return describeSchema(schema);
}

/** What a JSON Schema allows; a list of numbers reads "a list of 1 to 6 numbers, each > 0". */
function describeSchema(schema: Record<string, unknown>): Allowed | undefined {
  if (schema.type === "array") {
    const item = describeSchema((schema.items ?? {}) as Record<string, unknown>);
    if (item?.jsType !== "number") return undefined;
    const { minItems: min = 0, maxItems: max } = schema;
    let count = `${min} to ${max}`;
    if (max === undefined) count = `at least ${min}`;
    else if (min === max) count = String(min);
    const each = item.text === "a finite number" ? "finite" : item.text.replace(/^an? /, "");
    return {
      text: `a list of ${count} numbers, each ${each}`,
      jsType: "array",
      typeText: "a list of numbers",
    };
  }
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.map((v) => JSON.stringify(v)).join(", ");
    return { text: `one of ${values}`, jsType: "string", typeText: `one of ${values}` };
  }
  if (schema.type === "number" || schema.type === "integer") {
    const bounds: string[] = [];
    if ("exclusiveMinimum" in schema) bounds.push(`> ${formatBound(schema.exclusiveMinimum)}`);
    if ("minimum" in schema) bounds.push(`≥ ${formatBound(schema.minimum)}`);
    if ("exclusiveMaximum" in schema) bounds.push(`< ${formatBound(schema.exclusiveMaximum)}`);
    if ("maximum" in schema) bounds.push(`≤ ${formatBound(schema.maximum)}`);
    const range = bounds.join(" and ");
    if (schema.type === "integer") {
      return {
        text: range ? `an integer ${range}` : "an integer",
        jsType: "number",
        typeText: "an integer",
      };
    }
    return { text: range || "a finite number", jsType: "number", typeText: "a number" };
  }
  if (schema.type === "boolean") {
    return { text: "true or false", jsType: "boolean", typeText: "true or false" };
  }
  if (schema.type === "string") return { text: "a string", jsType: "string", typeText: "a string" };
  return undefined;
}

/** The edit distance between two names (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

/** The known name closest to `key`, if it is close: same letters ignoring case, or a small typo. */
function closestName(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const distance = name.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(key.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** A parameter's name as a reader writes it: `learningRate`, `learningRates[1]`. */
function pathName(path: readonly PropertyKey[]): string {
  let name = "";
  for (const part of path) {
    name += typeof part === "number" ? `[${part}]` : `${name ? "." : ""}${String(part)}`;
  }
  return name;
}

/** The message and error class for one zod issue. */
function explainIssue(
  issue: z.core.$ZodIssue,
  shape: Record<string, z.ZodType> | undefined,
  values: unknown,
): { text: string; kind: "range" | "type" } {
  if (issue.code === "unrecognized_keys") {
    const known = shape ? Object.keys(shape) : [];
    const parts = issue.keys.map((key) => {
      const suggestion = closestName(key, known);
      return suggestion ? `${key} (did you mean ${suggestion}?)` : key;
    });
    const anySuggestion = parts.some((part) => part.includes("did you mean"));
    const list = anySuggestion || known.length === 0
      ? ""
      : ` (the parameters are ${known.join(", ")})`;
    const noun = issue.keys.length === 1 ? "parameter" : "parameters";
    return { text: `unknown ${noun} ${parts.join(", ")}${list}`, kind: "type" };
  }
  if (issue.path.length === 0) {
    return {
      text: `the parameters must be an object of name: value pairs (got ${describeValue(values)})`,
      kind: "type",
    };
  }
  const key = pathName(issue.path);
  if (issue.code === "custom") return { text: `${key} ${issue.message}`, kind: "range" };
  const field = shape?.[String(issue.path[0])];
  let allowed = field && issue.path.length === 1 ? describeAllowed(field) : undefined;
  let input = (values as Record<string, unknown>)[String(issue.path[0])];
  if (field && issue.path.length === 2 && typeof issue.path[1] === "number") {
    // An entry of a list, e.g. learningRates[1]: what each entry allows, and the entry itself.
    const list = z.toJSONSchema(field) as Record<string, unknown>;
    allowed = describeSchema((list.items ?? {}) as Record<string, unknown>);
    input = (input as unknown[])[issue.path[1]];
  }
  if (!allowed) return { text: `${key}: ${issue.message}`, kind: "range" };
  const got = describeValue(input);
  const inputType = Array.isArray(input) ? "array" : typeof input;
  if (allowed.jsType && inputType !== allowed.jsType) {
    return {
      text: `${key} must be ${allowed.typeText} (got ${describeValue(input, true)})`,
      kind: "type",
    };
  }
  if (typeof input === "number" && !Number.isFinite(input)) {
    // "a finite number > 0 and ≤ 10"; integers and unbounded numbers already say it.
    const finite = allowed.text.startsWith("an integer") || allowed.text === "a finite number"
      ? allowed.text
      : `a finite number ${allowed.text}`;
    return { text: `${key} must be ${finite} (got ${got})`, kind: "range" };
  }
  return { text: `${key} must be ${allowed.text} (got ${got})`, kind: "range" };
}

/**
 * Check a reader's parameters against a chapter's schema and fill in the defaults.
 *
 * On a bad value it throws ONE line that names the parameter, what it may be and what it got:
 * `Cannot run chapter 3: learningRate must be > 0 and ≤ 10 (got -0.1)`. A value of the wrong type
 * (the string "0.1" for a number, null) throws a TypeError, a value out of range (NaN and ±Infinity
 * included) a RangeError. An unknown name throws a TypeError naming it, with the closest known
 * name if there is one. When several parameters are wrong the line names the first and lists the
 * others, so fixing them takes one run each at most.
 *
 * A refused call also retires the parameters the same schema last accepted: reading any of their
 * fields then throws `Cannot use params.<name>: the parameters were refused …`. So the cells below
 * a refused parameters cell stop with that line instead of quietly using the old values (the Deno
 * kernel keeps running cells after an error in Run All, and `params` keeps its old value).
 *
 * @param schema A chapter's schema, e.g. {@linkcode Chapter1Params}.
 * @param values The reader's values, by name; missing names get their default.
 * @param chapterLabel Where the values are used, for the message (e.g. "chapter 1"). Default: none.
 * @returns The parsed parameters, with the schema's type.
 * @throws {RangeError} If a value is out of range or fails a check between parameters.
 * @throws {TypeError} If a value has the wrong type, a name is unknown, or values is not an object.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Chapter1Params, parseParams } from "./params.ts";
 * assert.equal(parseParams(Chapter1Params, {}).gridStep, 0.25);
 * assert.throws(() => parseParams(Chapter1Params, { slopestep: 0.5 }), {
 *   name: "TypeError",
 *   message: "Cannot use the parameters: unknown parameter slopestep (did you mean slopeStep?)",
 * });
 * ```
 */
export function parseParams<S extends z.ZodType>(
  schema: S,
  values: unknown,
  chapterLabel?: string,
): z.output<S> {
  const result = schema.safeParse(values);
  if (result.success) {
    if (typeof result.data === "object" && result.data !== null) {
      lastAccepted.set(schema, result.data as object);
    }
    return result.data;
  }
  const shape = schema instanceof z.ZodObject
    ? (schema.shape as Record<string, z.ZodType>)
    : undefined;
  // Unknown names first: a misspelt name explains why its value seemed to be ignored.
  const issues = [...result.error.issues].sort((a, b) =>
    Number(b.code === "unrecognized_keys") - Number(a.code === "unrecognized_keys")
  );
  const first = explainIssue(issues[0], shape, values);
  const others = new Set<string>();
  for (const issue of issues.slice(1)) {
    const name = issue.code === "unrecognized_keys" ? issue.keys.join(", ") : pathName(issue.path);
    if (name && name !== pathName(issues[0].path)) others.add(name);
  }
  const prefix = chapterLabel ? `Cannot run ${chapterLabel}` : "Cannot use the parameters";
  const also = others.size > 0 ? `; also check ${[...others].join(", ")}` : "";
  const message = `${prefix}: ${first.text}${also}`;
  retire(schema);
  throw first.kind === "type" ? new TypeError(message) : new RangeError(message);
}

/** The object each schema's last successful {@linkcode parseParams} call returned. */
const lastAccepted = new WeakMap<z.ZodType, object>();

/**
 * Make the parameters a schema last accepted unusable: reading any field throws.
 *
 * In a notebook, `let params = parseParams(…)` keeps its old value when the call throws, and the
 * Deno kernel goes on running the cells below an error during Run All. Without this, those cells
 * would draw figures from the old values under a cell that shows the new ones were refused.
 */
function retire(schema: z.ZodType): void {
  const stale = lastAccepted.get(schema);
  if (!stale) return;
  lastAccepted.delete(schema);
  for (const key of Object.keys(stale)) {
    Object.defineProperty(stale, key, {
      get() {
        throw new Error(
          `Cannot use params.${key}: the parameters were refused (see the error above); fix them and run the parameters cell again`,
        );
      },
      enumerable: true,
      configurable: true,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Shared fields and checks

/** A coordinate in the plane, within the largest grid a reader may draw. */
function coordinate(defaultValue: number) {
  return z.number().min(-20).max(20).default(defaultValue);
}

/** A finite-difference step: the article's 0.9 by default. */
const slopeStep = z.number().gt(0).lte(5).default(0.9);

/** The surface grid: the article's −5 to 5 in steps of 0.25 (41 × 41 points, end included). */
const gridFields = {
  gridMin: z.number().min(-20).max(20).default(-5),
  gridMax: z.number().min(-20).max(20).default(5),
  gridStep: z.number().gt(0).lte(5).default(0.25),
};

interface GridValues {
  gridMin: number;
  gridMax: number;
  gridStep: number;
}

/** Round up to three significant digits, for a bound a reader can type. */
function roundUp3(value: number): number {
  const scale = 10 ** (Math.floor(Math.log10(value)) - 2);
  return Number((Math.ceil(value / scale - 1e-9) * scale).toPrecision(3));
}

/** A spacing over the grid's range to check: the field, its value, and the most points allowed. */
interface Spacing {
  key: string;
  step: number;
  limit: number;
  /** What the points make, e.g. "surface grid". */
  what: string;
  /** What a point is called, e.g. "points". */
  unit: string;
}

/** Check a spacing over the grid's range: at most one span, at most `limit` points in all. */
function checkSpacing(values: GridValues, ctx: z.core.$RefinementCtx, spacing: Spacing): void {
  const { gridMin, gridMax } = values;
  const { key, step, limit, what, unit } = spacing;
  const span = gridMax - gridMin;
  if (step > span) {
    ctx.addIssue({
      code: "custom",
      path: [key],
      message: `must be ≤ gridMax − gridMin = ${span} (got ${step})`,
    });
    return;
  }
  // Count the points the same way the sampler will, without allocating anything.
  const n = gridAxisLength({ min: gridMin, max: gridMax, step });
  if (n * n > limit) {
    const smallest = roundUp3(span / (Math.floor(Math.sqrt(limit)) - 1));
    ctx.addIssue({
      code: "custom",
      path: [key],
      message: `must be ≥ ${smallest} for a grid from ${gridMin} to ${gridMax}, so the ${what} ` +
        `stays within ${limit} ${unit} (got ${step}, which makes ${n} × ${n} = ${n * n})`,
    });
  }
}

/** gridMin < gridMax, and a grid of at most 250 000 points. */
function checkGrid(values: GridValues, ctx: z.core.$RefinementCtx): boolean {
  if (!(values.gridMin < values.gridMax)) {
    ctx.addIssue({
      code: "custom",
      path: ["gridMax"],
      message: `must be > gridMin = ${values.gridMin} (got ${values.gridMax})`,
    });
    return false;
  }
  checkSpacing(values, ctx, {
    key: "gridStep",
    step: values.gridStep,
    limit: MAX_PARAM_GRID_POINTS,
    what: "surface grid",
    unit: "points",
  });
  return true;
}

/** A point the chapter draws must lie on the drawn grid. */
function checkOnGrid(
  values: GridValues,
  ctx: z.core.$RefinementCtx,
  key: string,
  value: number,
): void {
  if (value < values.gridMin || value > values.gridMax) {
    ctx.addIssue({
      code: "custom",
      path: [key],
      message: `must be within the grid, from gridMin = ${values.gridMin} to gridMax = ` +
        `${values.gridMax} (got ${value})`,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The chapters

/**
 * Chapter 1, what a gradient is: the surface, and the slope-based gradient at one point drawn on
 * it.
 *
 * - `x`, `y`: the point (default (0, 0), the article's), from −20 to 20 and on the grid.
 * - `slopeStep`: the step of the forward-difference slopes (default 0.9), > 0 and ≤ 5.
 * - `tangentScale`: how many times the slope vector is stretched to draw it (default 7), > 0, ≤ 20.
 * - `gridMin`, `gridMax`, `gridStep`: the surface grid (default −5, 5, 0.25), at most 250 000
 *   points.
 */
export const Chapter1Params = z.strictObject({
  x: coordinate(0),
  y: coordinate(0),
  slopeStep,
  tangentScale: z.number().gt(0).lte(20).default(7),
  ...gridFields,
}).superRefine((values, ctx) => {
  if (ctx.issues.length > 0) return; // check between parameters only once each is valid alone
  if (!checkGrid(values, ctx)) return;
  checkOnGrid(values, ctx, "x", values.x);
  checkOnGrid(values, ctx, "y", values.y);
});

/** The checked parameters of chapter 1. */
export type Chapter1Params = z.infer<typeof Chapter1Params>;

/**
 * Chapter 2, actual gradients: the exact gradient next to the slope estimate, the error of finite
 * differences as the step shrinks, and the gradient field.
 *
 * - `x`, `y`: the point (default (1, 1); not the origin, where the exact gradient does not exist).
 * - `slopeStep`: the step of the slope estimate compared with the exact gradient (default 0.9).
 * - `largestStep`, `smallestStep`, `stepsPerDecade`: the steps of the error study, from largest
 *   down to smallest on a log scale (default 1 to 1e-15, 4 per decade: 61 steps).
 * - `gridMin`, `gridMax`, `gridStep`: the surface and contour grid (default −5, 5, 0.25).
 * - `fieldStep`: the spacing of the gradient-field arrows (default 0.5), at most 2 500 arrows.
 */
export const Chapter2Params = z.strictObject({
  x: coordinate(1),
  y: coordinate(1),
  slopeStep,
  largestStep: z.number().gt(0).lte(10).default(1),
  smallestStep: z.number().min(1e-20).lte(1).default(1e-15),
  stepsPerDecade: z.number().int().min(1).max(20).default(4),
  ...gridFields,
  fieldStep: z.number().gt(0).lte(5).default(0.5),
}).superRefine((values, ctx) => {
  if (ctx.issues.length > 0) return; // check between parameters only once each is valid alone
  if (!(values.smallestStep < values.largestStep)) {
    ctx.addIssue({
      code: "custom",
      path: ["smallestStep"],
      message: `must be < largestStep = ${values.largestStep} (got ${values.smallestStep})`,
    });
  }
  if (values.x === 0 && values.y === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["x"],
      message:
        "and y must not both be 0: the exact gradient does not exist at the origin (the cone point), so there is nothing to compare it with (got x = 0, y = 0)",
    });
  }
  if (!checkGrid(values, ctx)) return;
  checkOnGrid(values, ctx, "x", values.x);
  checkOnGrid(values, ctx, "y", values.y);
  checkSpacing(values, ctx, {
    key: "fieldStep",
    step: values.fieldStep,
    limit: MAX_PARAM_FIELD_ARROWS,
    what: "gradient field",
    unit: "arrows",
  });
});

/** The checked parameters of chapter 2. */
export type Chapter2Params = z.infer<typeof Chapter2Params>;

/**
 * Chapter 3, gradient descent: ascent and descent from a start point, drawn on the surface and
 * the contour map.
 *
 * - `startX`, `startY`: the start (default (0, 0), the article's), on the grid.
 * - `learningRate`: η in x ← x ± η·g (default 1), > 0 and ≤ 10.
 * - `steps`: how many steps (default 10), an integer from 1 to 1000.
 * - `slopeStep`: the forward-difference step (default 0.9).
 * - `method`: "forward" (the article's), "central" or "exact" (default "forward").
 * - `gridMin`, `gridMax`, `gridStep`: the surface and contour grid (default −5, 5, 0.25).
 * - `nudge`: the walks with the exact gradient start at (startX + nudge, startY), off the cone
 *   point where that gradient does not exist (default 1e-6), ≥ 0 and ≤ 1.
 * - `learningRates`: the learning rates compared side by side (default 0.1, 0.5, 1, 3: a crawl,
 *   slow progress, good progress, overshoot), 1 to 6 of them, each > 0 and ≤ 10.
 */
export const Chapter3Params = z.strictObject({
  startX: coordinate(0),
  startY: coordinate(0),
  learningRate: z.number().gt(0).lte(10).default(1),
  steps: z.number().int().min(1).max(1000).default(10),
  slopeStep,
  method: z.enum(GRADIENT_METHODS).default("forward"),
  ...gridFields,
  nudge: z.number().min(0).lte(1).default(1e-6),
  learningRates: z.array(z.number().gt(0).lte(10)).min(1).max(6).default(() => [0.1, 0.5, 1, 3]),
}).superRefine((values, ctx) => {
  if (ctx.issues.length > 0) return; // check between parameters only once each is valid alone
  if (!checkGrid(values, ctx)) return;
  checkOnGrid(values, ctx, "startX", values.startX);
  checkOnGrid(values, ctx, "startY", values.startY);
});

/** The checked parameters of chapter 3. */
export type Chapter3Params = z.infer<typeof Chapter3Params>;
