/**
 * The scene's non-camera sensors: building time series, environment readings
 * and event-log tokens. The process is documented in scene.ts; the numbers
 * below are its named constants.
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

const STEPS = 64;
const CHANNELS = 6; // vibration, sound, power, temperature, humidity, CO₂
const VIBRATION_BASE_CYCLES = 3;
const VIBRATION_CYCLES_PER_GROUP = 2.5;
const SERIES_NOISE_SD = 0.35;
const SERIES_AR = 0.5;
const WALK_SD = 0.12;

/** Fills `out` (`[n, 64, 6]`) with building time series. */
export function generateSeries(ctx: SensorContext, g: ModalityGroups, out: Float32Array): void {
  const { labels, rng, noise, daylight } = ctx;
  const G = g.groups;
  const eps = new Float32Array(STEPS * CHANNELS);
  for (let i = 0; i < labels.length; i++) {
    const k = g.classToGroup[labels[i]];
    const base = i * STEPS * CHANNELS;
    const cycles = (VIBRATION_BASE_CYCLES + VIBRATION_CYCLES_PER_GROUP * k) *
      (1 + 0.05 * rng.normal());
    const phase = 2 * Math.PI * rng.uniform();
    const vibAmp = 0.7 + 0.5 * rng.uniform();
    const burstCentre = ((k + 0.5) / G + 0.04 * rng.normal()) * STEPS;
    const burstWidth = STEPS / (2.5 * G);
    const soundAmp = 1 + 0.5 * rng.uniform();
    const powerLevel = (G > 1 ? -1 + (2 * k) / (G - 1) : 0) + 0.15 * rng.normal();
    const dailyPhase = 2 * Math.PI * rng.uniform();
    const temperature = -0.5 + daylight[i] + 0.3 * rng.normal();
    let w3 = 0.5 * rng.normal(), w4 = 0.5 * rng.normal(), w5 = 0.5 * rng.normal();
    eps.fill(0);
    noise.addNormal(eps, 1);
    let ar0 = 0, ar1 = 0, ar2 = 0;
    for (let t = 0; t < STEPS; t++) {
      const p = base + t * CHANNELS;
      const e = t * CHANNELS;
      const u = t / STEPS;
      ar0 = SERIES_AR * ar0 + eps[e];
      ar1 = SERIES_AR * ar1 + eps[e + 1];
      ar2 = SERIES_AR * ar2 + eps[e + 2];
      w3 += WALK_SD * eps[e + 3];
      w4 += WALK_SD * eps[e + 4];
      w5 += WALK_SD * eps[e + 5];
      const db = (t - burstCentre) / burstWidth;
      out[p] = vibAmp * Math.sin(2 * Math.PI * cycles * u + phase) + SERIES_NOISE_SD * ar0;
      out[p + 1] = -0.5 + soundAmp * Math.exp(-0.5 * db * db) + SERIES_NOISE_SD * ar1;
      out[p + 2] = powerLevel + 0.3 * Math.sin(2 * Math.PI * u + dailyPhase) +
        SERIES_NOISE_SD * ar2;
      out[p + 3] = temperature + w3;
      out[p + 4] = w4;
      out[p + 5] = w5 + 0.3 * daylight[i];
    }
  }
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

/** Fills `out` (`[n, 16]`) with environment readings drawn from Gaussian clusters. */
export function generateTabular(ctx: SensorContext, g: ModalityGroups, out: Float32Array): void {
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
  for (let i = 0; i < labels.length; i++) {
    const k = g.classToGroup[labels[i]];
    const s = SEASON_SD * rng.normal();
    const p = i * FEATURES;
    for (let j = 0; j < FEATURES; j++) {
      out[p + j] = centres[k * FEATURES + j] + s * season[j] + noise.normal();
    }
    out[p] += daylight[i] - 0.5; // the lux reading follows daylight
  }
}

const TOKENS = 12;
const TOKENS_PER_GROUP = 4;
const TOKEN_SIGNAL = 0.5;

/** Fills `out` (`[n, 12]`) with event-log token ids (as floats) from a vocabulary of `vocabulary`. */
export function generateTokens(
  ctx: SensorContext,
  g: ModalityGroups,
  out: Float32Array,
  vocabulary: number,
): void {
  const { labels, noise } = ctx;
  for (let i = 0; i < labels.length; i++) {
    const k = g.classToGroup[labels[i]];
    for (let t = 0; t < TOKENS; t++) {
      const id = noise.uniform() < TOKEN_SIGNAL
        ? (TOKENS_PER_GROUP * k + Math.floor(noise.uniform() * TOKENS_PER_GROUP)) % vocabulary
        : Math.floor(noise.uniform() * vocabulary);
      out[i * TOKENS + t] = id;
    }
  }
}
