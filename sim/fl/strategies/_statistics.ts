/**
 * BatchNorm's running mean and variance travel in the flat vector after the
 * trainable weights (layout entries with `trainable: false`). No gradient
 * step moves them, so a server optimiser (FedAvgM, FedAdam, …) or FedNova's
 * step normalisation has no meaning for them: strategies with such a server
 * step set them to the weighted mean of the sites' statistics instead.
 */
import type { WeightLayoutEntry } from "./strategy.ts";

/** Whether `layout` has running statistics (entries marked `trainable: false`). */
export function hasStatistics(layout: readonly WeightLayoutEntry[]): boolean {
  return layout.some((e) => e.trainable === false);
}

/**
 * Writes into `out`, for every running-statistics entry of `layout`, the
 * mean of `points` weighted by `weights` (accumulated in float64).
 */
export function averageStatistics(
  out: Float32Array,
  layout: readonly WeightLayoutEntry[],
  points: readonly Float32Array[],
  weights: readonly number[],
): void {
  const total = weights.reduce((s, w) => s + w, 0);
  if (!(total > 0)) return;
  for (const e of layout) {
    if (e.trainable !== false) continue;
    const acc = new Float64Array(e.size);
    points.forEach((p, i) => {
      const w = weights[i] / total;
      for (let j = 0; j < e.size; j++) acc[j] += w * p[e.offset + j];
    });
    for (let j = 0; j < e.size; j++) out[e.offset + j] = acc[j];
  }
}
