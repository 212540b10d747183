/**
 * The scene's building time series `[64, 6]`: vibration, sound level, power,
 * temperature, humidity and CO₂ (the process is documented in scene.ts).
 *
 * Generation runs in three steps so the per-value loop can run in C:
 * 1. per sample, JavaScript draws the parameters and tabulates fast
 *    approximations of the sines and exponentials (_float32_math.ts);
 * 2. a kernel (JavaScript, or C with the same bits) runs the AR(1) noise and
 *    random walks and writes every reading whose float32 rounding the
 *    approximation decides, listing the rare others;
 * 3. JavaScript computes the listed readings with Math.sin and Math.exp.
 */

import type { ModalityGroups } from "./scene_structure.ts";
import type { SensorContext } from "./scene_sensors.ts";
import {
  approxExp,
  approxSin,
  EXP_BAND,
  gaussianInRange,
  SIN_BAND,
  sinRowInRange,
} from "./_float32_math.ts";
import { dataKernels } from "./data_helpers.ts";

const STEPS = 64;
const CHANNELS = 6; // vibration, sound, power, temperature, humidity, CO₂
const VIBRATION_BASE_CYCLES = 3;
const VIBRATION_CYCLES_PER_GROUP = 2.5;
const SERIES_NOISE_SD = 0.35;
const SERIES_AR = 0.5;
const WALK_SD = 0.12;

/** Values per sample in {@linkcode SeriesTables.levels}. */
export const SERIES_LEVELS = 8;
/** Approximated readings per sample: vibration, sound and power at every step. */
export const SERIES_WAVES = 3 * STEPS;

/** Step 1's output: what the kernel needs, and what the fix-up needs besides. */
export interface SeriesTables {
  n: number;
  /**
   * Per sample: vibration amplitude, sound amplitude, power level,
   * temperature, the three walks' starts and the CO₂ daylight term.
   */
  levels: Float64Array;
  /** Per sample: 1 where the approximations hold for every step, else 0. */
  fast: Int32Array;
  /** Per sample: sin(vibration), exp(burst), sin(daily) at steps 0…63 (approximate). */
  waves: Float64Array;
  /** Per sample: vibration cycles and phase, burst centre and width, daily phase. */
  shape: Float64Array;
}

/** Readings the kernel left to Math.*: flat positions and the AR term to add. */
export interface SeriesLeftovers {
  count: number;
  positions: Int32Array;
  rests: Float64Array;
}

const SHAPE_VALUES = 5;

/**
 * Fills `out` (`[to − from, 64, 6]`) with the building time series of
 * samples `from` … `to`−1 (all by default); the others' draws advance the
 * streams unused (as generateImages).
 */
export function generateSeries(
  ctx: SensorContext,
  g: ModalityGroups,
  out: Float32Array,
  from = 0,
  to = ctx.labels.length,
): void {
  const { labels, noise } = ctx;
  const size = STEPS * CHANNELS;
  // Each sample's AR innovations are the next 384 noise values: draw them all at once.
  const eps = new Float32Array((to - from) * size);
  const kernels = dataKernels();
  noise.skip(from * size);
  if (to > from && kernels) kernels.normalFill(eps, noise);
  else if (to > from) noise.addNormal(eps, 1);
  noise.skip((labels.length - to) * size);
  const tables = seriesTables(ctx, g, from, to);
  if (to === from) return;
  const filled = out.subarray(0, (to - from) * size);
  const left = leftovers(tables.n * SERIES_WAVES);
  left.count = kernels
    ? kernels.series(tables, eps, filled, left)
    : seriesReadings(tables, eps, filled, left);
  finishReadings(tables, filled, left);
}

/**
 * Step 1: every sample's parameters in the engine stream's order, and the
 * approximations of samples `from` … `to`−1: the tables of those samples
 * (their first is sample `from`).
 */
export function seriesTables(
  ctx: SensorContext,
  g: ModalityGroups,
  from: number,
  to: number,
): SeriesTables {
  const { labels, rng, daylight } = ctx;
  const n = labels.length, G = g.groups;
  const t: SeriesTables = {
    n: to - from,
    levels: new Float64Array(n * SERIES_LEVELS),
    fast: new Int32Array(n),
    waves: new Float64Array((to - from) * SERIES_WAVES),
    shape: new Float64Array(n * SHAPE_VALUES),
  };
  for (let i = 0; i < n; i++) {
    const k = g.classToGroup[labels[i]];
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
    const w3 = 0.5 * rng.normal(), w4 = 0.5 * rng.normal(), w5 = 0.5 * rng.normal();
    const l = i * SERIES_LEVELS, h = i * SHAPE_VALUES;
    t.levels[l] = vibAmp;
    t.levels[l + 1] = soundAmp;
    t.levels[l + 2] = powerLevel;
    t.levels[l + 3] = temperature;
    t.levels[l + 4] = w3;
    t.levels[l + 5] = w4;
    t.levels[l + 6] = w5;
    t.levels[l + 7] = 0.3 * daylight[i];
    t.shape[h] = cycles;
    t.shape[h + 1] = phase;
    t.shape[h + 2] = burstCentre;
    t.shape[h + 3] = burstWidth;
    t.shape[h + 4] = dailyPhase;
    if (i < from || i >= to) continue;
    // Where an argument could leave the approximations' range, Math.* does every step.
    t.fast[i] = sinRowInRange(2 * Math.PI * cycles, phase, 1) &&
        sinRowInRange(2 * Math.PI, dailyPhase, 1) &&
        gaussianInRange(burstCentre, burstWidth, STEPS)
      ? 1
      : 0;
    if (!t.fast[i]) continue;
    const w = (i - from) * SERIES_WAVES;
    for (let s = 0; s < STEPS; s++) {
      const u = s / STEPS;
      const db = (s - burstCentre) / burstWidth;
      t.waves[w + s] = approxSin(2 * Math.PI * cycles * u + phase);
      t.waves[w + STEPS + s] = approxExp(-0.5 * db * db);
      t.waves[w + 2 * STEPS + s] = approxSin(2 * Math.PI * u + dailyPhase);
    }
  }
  // Per-sample values from sample `from` on, as the tables' first sample.
  return {
    ...t,
    levels: t.levels.subarray(from * SERIES_LEVELS),
    fast: t.fast.subarray(from),
    shape: t.shape.subarray(from * SHAPE_VALUES),
  };
}

/**
 * Step 2 in JavaScript (the reference for renkei_scene_series): every
 * reading, bit for bit as
 *   vibAmp · sin(2π·cycles·u + phase) + SERIES_NOISE_SD · ar0
 *   −0.5 + soundAmp · exp(−0.5·db²) + SERIES_NOISE_SD · ar1
 *   powerLevel + 0.3 · sin(2π·u + dailyPhase) + SERIES_NOISE_SD · ar2
 *   temperature + w3,  w4,  w5 + 0.3 · daylight
 * where the approximation's band decides the float32, else listed in `left`.
 * Returns how many were listed.
 */
export function seriesReadings(
  t: SeriesTables,
  eps: Float32Array,
  out: Float32Array,
  left: SeriesLeftovers,
): number {
  const { levels, fast, waves } = t;
  let count = 0;
  for (let i = 0; i < t.n; i++) {
    const l = i * SERIES_LEVELS, w = i * SERIES_WAVES, ok = fast[i] === 1;
    const vibAmp = levels[l], soundAmp = levels[l + 1], powerLevel = levels[l + 2];
    const temperature = levels[l + 3], co2Light = levels[l + 7];
    let w3 = levels[l + 4], w4 = levels[l + 5], w5 = levels[l + 6];
    let ar0 = 0, ar1 = 0, ar2 = 0;
    for (let s = 0; s < STEPS; s++) {
      const p = (i * STEPS + s) * CHANNELS;
      ar0 = SERIES_AR * ar0 + eps[p];
      ar1 = SERIES_AR * ar1 + eps[p + 1];
      ar2 = SERIES_AR * ar2 + eps[p + 2];
      w3 += WALK_SD * eps[p + 3];
      w4 += WALK_SD * eps[p + 4];
      w5 += WALK_SD * eps[p + 5];
      const rest0 = SERIES_NOISE_SD * ar0;
      const s0 = waves[w + s];
      const low0 = Math.fround(vibAmp * (s0 - SIN_BAND) + rest0);
      if (ok && low0 === Math.fround(vibAmp * (s0 + SIN_BAND) + rest0)) out[p] = low0;
      else count = list(left, count, p, rest0);
      const rest1 = SERIES_NOISE_SD * ar1;
      const e1 = waves[w + STEPS + s];
      const low1 = Math.fround(-0.5 + soundAmp * (e1 * (1 - EXP_BAND)) + rest1);
      if (ok && low1 === Math.fround(-0.5 + soundAmp * (e1 * (1 + EXP_BAND)) + rest1)) {
        out[p + 1] = low1;
      } else count = list(left, count, p + 1, rest1);
      const rest2 = SERIES_NOISE_SD * ar2;
      const s2 = waves[w + 2 * STEPS + s];
      const low2 = Math.fround(powerLevel + 0.3 * (s2 - SIN_BAND) + rest2);
      if (ok && low2 === Math.fround(powerLevel + 0.3 * (s2 + SIN_BAND) + rest2)) {
        out[p + 2] = low2;
      } else count = list(left, count, p + 2, rest2);
      out[p + 3] = temperature + w3;
      out[p + 4] = w4;
      out[p + 5] = w5 + co2Light;
    }
  }
  return count;
}

function list(left: SeriesLeftovers, count: number, position: number, rest: number): number {
  left.positions[count] = position;
  left.rests[count] = rest;
  return count + 1;
}

/** Step 3: the listed readings from Math.sin and Math.exp, as the formulas above. */
export function finishReadings(t: SeriesTables, out: Float32Array, left: SeriesLeftovers): void {
  for (let j = 0; j < left.count; j++) {
    const p = left.positions[j], rest = left.rests[j];
    const i = Math.floor(p / (STEPS * CHANNELS));
    const s = Math.floor((p % (STEPS * CHANNELS)) / CHANNELS), channel = p % CHANNELS;
    const l = i * SERIES_LEVELS, h = i * SHAPE_VALUES;
    const cycles = t.shape[h], phase = t.shape[h + 1], burstCentre = t.shape[h + 2];
    const burstWidth = t.shape[h + 3], dailyPhase = t.shape[h + 4];
    const u = s / STEPS;
    if (channel === 0) {
      out[p] = t.levels[l] * Math.sin(2 * Math.PI * cycles * u + phase) + rest;
    } else if (channel === 1) {
      const db = (s - burstCentre) / burstWidth;
      out[p] = -0.5 + t.levels[l + 1] * Math.exp(-0.5 * db * db) + rest;
    } else {
      out[p] = t.levels[l + 2] + 0.3 * Math.sin(2 * Math.PI * u + dailyPhase) + rest;
    }
  }
}

let spare: SeriesLeftovers = { count: 0, positions: new Int32Array(0), rests: new Float64Array(0) };

/** A leftovers list with room for `capacity` entries (reused: generation is synchronous). */
function leftovers(capacity: number): SeriesLeftovers {
  if (spare.positions.length < capacity) {
    spare = { count: 0, positions: new Int32Array(capacity), rests: new Float64Array(capacity) };
  }
  spare.count = 0;
  return spare;
}
