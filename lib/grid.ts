/**
 * Shapes of sampled data shared by the maths and the figure builders.
 *
 * @module
 */

/**
 * A function of two variables sampled on a rectangular grid.
 *
 * Rows of `z` follow `y`, as Plotly expects: `z[j][i] = f(x[i], y[j])`.
 */
export interface Grid2D {
  /** The x coordinates of the columns, increasing. */
  x: Float64Array;
  /** The y coordinates of the rows, increasing. */
  y: Float64Array;
  /** One row per y value, each with one value per x value. */
  z: Float64Array[];
}

/** A path through the plane with the height of the surface at each point (e.g. a descent). */
export interface Path3D {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<number>;
}
