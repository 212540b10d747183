/**
 * Granularity skew: a site whose sensors are coarser than the others. Data is
 * degraded and brought back to the model's input shape, so every site feeds
 * the same model:
 * - image: resolution × g by block averaging, then nearest-neighbour upsampling;
 * - series: sampled every round(1/g) steps, then linearly interpolated (or held);
 * - tabular: values quantised to steps of {@linkcode TABULAR_QUANTUM}/g;
 * - tokens: unchanged (an event log has no resolution to lower).
 */

import { blockAverageInPlace } from "./image_ops.ts";
import { sampleSize } from "./dataset.ts";
import { dataKernels } from "./data_helpers.ts";
import type { Dataset, Modality } from "./types.ts";

/** Quantisation step of tabular readings at granularity 1 ÷ g: 1.0 at g = 0.1. */
export const TABULAR_QUANTUM = 0.1;

/** How a series sampled at a lower rate is brought back to full length. */
export type SeriesFill = "linear" | "hold";

/** Checks that a granularity is in (0, 1]. */
export function requireGranularity(g: number): void {
  if (!(g > 0 && g <= 1)) throw new RangeError(`Expected granularity in (0, 1] but found ${g}`);
}

/** One granularity for every modality, or one per modality (unlisted ones stay at 1). */
export type Granularity = number | Partial<Record<Modality, number>>;

/** The granularity of modality `m` under `g`. */
export function granularityOf(g: Granularity, m: Modality): number {
  return typeof g === "number" ? g : g[m] ?? 1;
}

/** The coarsest granularity any modality gets under `g`: what a report shows for the site. */
export function coarsestGranularity(g: Granularity): number {
  return typeof g === "number"
    ? g
    : Math.min(1, ...Object.values(g).filter((v) => v !== undefined));
}

/**
 * Lowers the granularity of every sample of `ds` in place to `g` (1 = full,
 * 0.1 = a tenth of the resolution, sampling rate and precision), either for
 * all modalities or per modality.
 */
export function applyGranularity(ds: Dataset, g: Granularity, fill: SeriesFill = "linear"): void {
  for (const m of ds.modalities) requireGranularity(granularityOf(g, m));
  for (const m of ds.modalities) {
    const gm = granularityOf(g, m);
    if (gm === 1) continue;
    const shape = ds.shapes[m]!;
    const data = ds.inputs[m]!;
    const size = sampleSize(shape);
    if (m === "image") {
      const [H, W, C] = shape;
      const rows = Math.max(1, Math.round(H * gm)), cols = Math.max(1, Math.round(W * gm));
      const kernels = dataKernels();
      if (kernels && (rows < H || cols < W)) {
        kernels.blockAverage(data, ds.n, shape, rows, cols);
        continue;
      }
      for (let i = 0; i < ds.n; i++) {
        blockAverageInPlace(
          { data, offset: i * size, height: H, width: W, channels: C },
          rows,
          cols,
        );
      }
    } else if (m === "series") {
      const stride = Math.max(1, Math.round(1 / gm));
      for (let i = 0; i < ds.n; i++) {
        resampleSeries(data, i * size, shape[0], shape[1], stride, fill);
      }
    } else if (m === "tabular") {
      const step = TABULAR_QUANTUM / gm;
      for (let i = 0; i < ds.n * size; i++) data[i] = Math.round(data[i] / step) * step;
    }
  }
}

/** Keeps steps 0, stride, 2·stride, … of a `[T, S]` series and refills the others. */
function resampleSeries(
  data: Float32Array,
  offset: number,
  T: number,
  S: number,
  stride: number,
  fill: SeriesFill,
): void {
  for (let t = 0; t < T; t++) {
    const t0 = Math.floor(t / stride) * stride;
    if (t0 === t) continue;
    const t1 = t0 + stride;
    for (let s = 0; s < S; s++) {
      const a = data[offset + t0 * S + s];
      if (fill === "hold" || t1 >= T) {
        data[offset + t * S + s] = a;
      } else {
        const b = data[offset + t1 * S + s];
        data[offset + t * S + s] = a + ((b - a) * (t - t0)) / stride;
      }
    }
  }
}
