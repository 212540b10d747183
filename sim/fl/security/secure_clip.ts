/**
 * What bounds a site's delta before secure aggregation quantises it, and
 * what that bound cut. Quantisation maps [-range, range] onto integer
 * levels, so any coordinate beyond ±range is clipped to it — silently
 * unless counted. With a declared L2 clip norm C the site clips its delta
 * to ‖Δ‖ ≤ C first; then every coordinate is within ±C and the range C
 * cuts nothing further. With only a per-coordinate `clip` (default 1, the
 * older setting) each coordinate beyond it is clipped and counted.
 */

import { clipDelta } from "./privacy/mod.ts";

/** Above this share of clipped coordinates in a round, the run warns. */
export const CLIP_WARN_FRACTION = 0.001;

/** One site's delta as it goes into the masked sum. */
export interface BoundedDelta {
  vector: Float32Array;
  /** Coordinates beyond ±range, which quantisation clips. */
  clippedCoordinates: number;
  /** Whether the L2 clip norm scaled the delta down. */
  normClipped: boolean;
}

/**
 * `delta` bounded for a quantisation range `range`: L2-clipped to `clipNorm`
 * first when one is declared; coordinates still beyond ±range are counted
 * (the quantiser clips them).
 *
 * @example
 * ```ts
 * import { boundDelta } from "./secure_clip.ts";
 * const b = boundDelta(new Float32Array([3, 0.5, -2]), 1);
 * if (b.clippedCoordinates !== 2) throw new Error();
 * const c = boundDelta(new Float32Array([3, 4]), 1, 1);
 * if (c.clippedCoordinates !== 0 || !c.normClipped) throw new Error();
 * ```
 */
export function boundDelta(delta: Float32Array, range: number, clipNorm?: number): BoundedDelta {
  let vector = delta;
  let normClipped = false;
  if (clipNorm !== undefined) {
    const c = clipDelta(delta, clipNorm);
    vector = c.clipped;
    normClipped = c.factor < 1;
  }
  let clippedCoordinates = 0;
  for (let j = 0; j < vector.length; j++) {
    if (vector[j] > range || vector[j] < -range) clippedCoordinates++;
  }
  return { vector, clippedCoordinates, normClipped };
}

/** The run's warning for a round whose clipped share exceeds {@linkcode CLIP_WARN_FRACTION}, else null. */
export function clipWarning(
  key: string,
  clipped: number,
  coordinates: number,
  range: number,
): string | null {
  if (!(coordinates > 0) || clipped / coordinates <= CLIP_WARN_FRACTION) return null;
  return `secure aggregation ${key} clipped ${clipped} of ${coordinates} delta coordinates ` +
    `(${(100 * clipped / coordinates).toFixed(2)} %) to ±${range}; expected at most ` +
    `${100 * CLIP_WARN_FRACTION} % (declare privacy.secureAggregation.clipNorm to set the range)`;
}
