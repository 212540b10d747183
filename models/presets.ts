/**
 * The preset architectures, as data. Widths here are before the `width`
 * multiplier. Targets (for the demo shapes image 32×32×3, series 64×6,
 * tabular 16): tiny ≈ 20K parameters and fast enough for 60-site demos on two
 * cores (the image and series are downsampled first), small ≈ 250K,
 * base ≈ 5M, paper 150M ± 5% (its trunk width is solved at build time).
 * `reference` is a fixed architecture (see preset_declarations.ts).
 */
import type { PresetName } from "./types.ts";

/** How one preset builds its encoders, fusion and head. */
export interface PresetPlan {
  /** Image: average-pool down to about this size, then 3×3 convs, max-pool between. */
  image: { targetSize: number; filters: number[] };
  /** Series: average-pool down to about this length, then 1-D convs, max-pool between. */
  series: { targetLength: number; filters: number[]; kernel: number };
  /** Tabular: hidden Dense widths. */
  tabular: number[];
  /** Tokens: embedding width (pooled by a mean over positions). */
  tokens: { dim: number };
  /** Width of every modality embedding entering the fusion. */
  embed: number;
  /** Hidden Dense widths after the fusion. */
  head: number[];
  /** Paper preset: a deep trunk whose width is solved to hit `targetParams`. */
  trunk?: { depth: number; targetParams: number };
}

/** Preset plans by name (reference excluded: it is exact, not a plan). */
export const PRESET_PLANS: Record<Exclude<PresetName, "reference">, PresetPlan> = {
  tiny: {
    image: { targetSize: 8, filters: [16, 32] },
    series: { targetLength: 16, filters: [24, 32], kernel: 5 },
    tabular: [64],
    tokens: { dim: 16 },
    embed: 32,
    head: [96],
  },
  small: {
    image: { targetSize: 16, filters: [32, 64, 128] },
    series: { targetLength: 32, filters: [64, 128], kernel: 5 },
    tabular: [128, 128],
    tokens: { dim: 64 },
    embed: 128,
    head: [192],
  },
  base: {
    image: { targetSize: 32, filters: [64, 128, 256, 512] },
    series: { targetLength: 64, filters: [128, 256, 512], kernel: 5 },
    tabular: [512, 512],
    tokens: { dim: 256 },
    embed: 512,
    head: [1024, 1024],
  },
  paper: {
    image: { targetSize: 32, filters: [64, 128, 256] },
    series: { targetLength: 64, filters: [128, 256], kernel: 5 },
    tabular: [1024, 1024],
    tokens: { dim: 512 },
    embed: 1024,
    head: [],
    trunk: { depth: 8, targetParams: 150_000_000 },
  },
};

/** Token vocabulary size used when a spec does not give one. */
export const DEFAULT_VOCAB = 256;
