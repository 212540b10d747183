/**
 * Granularity augmentation: each round, a random share of a site's training
 * samples is coarsened to a randomly drawn granularity (sim/data's
 * `applyGranularity`: block-averaged images, down-sampled series, quantised
 * tables) before local training. The shared model then sees coarse inputs at
 * every site, not only at the few coarse ones, and learns features that
 * survive 1/10 granularity.
 */
import { RngStreams } from "../engine/mod.ts";
import { applyGranularity, type Dataset, gatherDataset, sampleSize } from "../data/mod.ts";

/** How much of a training set to coarsen and to which granularities. */
export interface GranularityAugmentation {
  /** Share of samples coarsened, in [0, 1]. */
  fraction: number;
  /** Granularities in (0, 1]; each coarsened sample gets one, drawn uniformly. */
  granularities: readonly number[];
}

/** Name of the seed stream the augmentation draws from (under the task's seed). */
export const AUGMENTATION_STREAM = "robustness/granularity-augmentation";

function check(opts: GranularityAugmentation): void {
  if (!(opts.fraction >= 0 && opts.fraction <= 1)) {
    throw new RangeError(`Expected an augmentation fraction in [0, 1] but found ${opts.fraction}`);
  }
  if (opts.granularities.length === 0) {
    throw new RangeError("Expected at least one augmentation granularity but found none");
  }
  for (const g of opts.granularities) {
    if (!(g > 0 && g <= 1)) {
      throw new RangeError(`Expected augmentation granularities in (0, 1] but found ${g}`);
    }
  }
}

/**
 * A copy of `data` in which `round(fraction × n)` samples, chosen from the
 * seed, are coarsened; the rest are bit-identical to `data`, which is never
 * changed. Labels and masks are kept (a missing modality stays zero). The
 * same data, options and seed give the same copy.
 *
 * @example
 * ```ts
 * import { augmentGranularity } from "./granularity_augmentation.ts";
 * const data = {
 *   n: 4, classes: 2, modalities: ["tabular" as const], shapes: { tabular: [2] },
 *   labels: new Int32Array([0, 1, 0, 1]), mask: new Float32Array([1, 1, 1, 1]),
 *   inputs: { tabular: new Float32Array([0.12, 0.34, 0.56, 0.78, 0.91, 0.23, 0.45, 0.67]) },
 * };
 * const out = augmentGranularity(data, { fraction: 0.5, granularities: [0.1] }, 7);
 * if (out.augmented.length !== 2 || out.data === data) throw new Error();
 * ```
 */
export function augmentGranularity(
  data: Dataset,
  opts: GranularityAugmentation,
  seed: number,
): { data: Dataset; augmented: number[] } {
  check(opts);
  const rng = new RngStreams(seed).stream(AUGMENTATION_STREAM);
  const k = Math.round(opts.fraction * data.n);
  const chosen = rng.sampleWithoutReplacement(data.n, k).sort((a, b) => a - b);
  const out = gatherDataset(data, Array.from({ length: data.n }, (_, i) => i));
  // Group the chosen samples by drawn granularity: one applyGranularity call per level.
  const byLevel = new Map<number, number[]>();
  for (const i of chosen) {
    const g = opts.granularities[rng.int(opts.granularities.length)];
    if (g === 1) continue;
    byLevel.set(g, [...(byLevel.get(g) ?? []), i]);
  }
  for (const [g, rows] of byLevel) {
    const part = gatherDataset(out, rows);
    applyGranularity(part, g);
    for (const m of out.modalities) {
      const size = sampleSize(out.shapes[m]!);
      const src = part.inputs[m]!, dst = out.inputs[m]!;
      rows.forEach((row, r) => dst.set(src.subarray(r * size, (r + 1) * size), row * size));
    }
  }
  return { data: out, augmented: chosen };
}
