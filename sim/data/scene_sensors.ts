/**
 * The scene's environment readings and event-log tokens (the building time
 * series are in scene_series.ts). The process is documented in scene.ts; the
 * numbers below are its named constants.
 */

import type { Rng } from "../engine/mod.ts";
import type { FastNoise } from "./_fast_noise.ts";
import type { ModalityGroups } from "./scene_structure.ts";

/** What every sensor generator gets for one batch of samples. */
export interface SensorContext {
  labels: Int32Array;
  rng: Rng;
  noise: FastNoise;
  /** Shared nuisance per sample in [0, 1). */
  daylight: Float32Array;
}

const FEATURES = 16;
const CLUSTER_SEPARATION = 2.8;
const SEASON_SD = 0.6;

/** Row `r` of the 16×16 Sylvester–Hadamard matrix: entries ±1, rows mutually orthogonal. */
function hadamard(r: number, j: number): number {
  // H[r][j] = (-1)^popcount(r & j)
  let x = r & j, bits = 0;
  while (x) {
    bits += x & 1;
    x >>= 1;
  }
  return bits % 2 === 0 ? 1 : -1;
}

/**
 * Fills `out` (`[to − from, 16]`) with the environment readings of samples
 * `from` … `to`−1 (all by default), drawn from Gaussian clusters (the others
 * as generateSeries skips them).
 */
export function generateTabular(
  ctx: SensorContext,
  g: ModalityGroups,
  out: Float32Array,
  from = 0,
  to = ctx.labels.length,
): void {
  const { labels, rng, noise, daylight } = ctx;
  const centres = new Float32Array(g.groups * FEATURES);
  for (let k = 0; k < g.groups; k++) {
    for (let j = 0; j < FEATURES; j++) {
      centres[k * FEATURES + j] = (CLUSTER_SEPARATION * hadamard(k, j)) / 4;
    }
  }
  // The season direction is fixed, so it is a nuisance a model can learn to ignore.
  const season = new Float32Array(FEATURES);
  for (let j = 0; j < FEATURES; j++) season[j] = Math.cos(1.7 * j + 0.3) / Math.sqrt(FEATURES / 2);
  // The noise is a stream of its own: the skipped samples' share is passed over in two jumps.
  noise.skip(from * FEATURES);
  for (let i = 0; i < labels.length; i++) {
    const k = g.classToGroup[labels[i]];
    const s = SEASON_SD * rng.normal();
    if (i < from || i >= to) continue;
    const p = (i - from) * FEATURES;
    for (let j = 0; j < FEATURES; j++) {
      out[p + j] = centres[k * FEATURES + j] + s * season[j] + noise.normal();
    }
    out[p] += daylight[i] - 0.5; // the lux reading follows daylight
  }
  noise.skip((labels.length - to) * FEATURES);
}

const TOKENS = 12;
const TOKENS_PER_GROUP = 4;
const TOKEN_SIGNAL = 0.5;

/**
 * Fills `out` (`[to − from, 12]`) with the event-log token ids (as floats,
 * from a vocabulary of `vocabulary`) of samples `from` … `to`−1 (all by
 * default; the others as generateSeries skips them).
 */
export function generateTokens(
  ctx: SensorContext,
  g: ModalityGroups,
  out: Float32Array,
  vocabulary: number,
  from = 0,
  to = ctx.labels.length,
): void {
  const { labels, noise } = ctx;
  // Every token takes two uniforms, whichever way its first one falls.
  noise.skip(from * TOKENS * 2);
  for (let i = from; i < to; i++) {
    const k = g.classToGroup[labels[i]];
    for (let t = 0; t < TOKENS; t++) {
      const id = noise.uniform() < TOKEN_SIGNAL
        ? (TOKENS_PER_GROUP * k + Math.floor(noise.uniform() * TOKENS_PER_GROUP)) % vocabulary
        : Math.floor(noise.uniform() * vocabulary);
      out[(i - from) * TOKENS + t] = id;
    }
  }
  noise.skip((labels.length - to) * TOKENS * 2);
}
