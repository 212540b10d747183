/**
 * Feature shift: each site's sensors are calibrated differently. Per site and
 * per channel (colour channel, series channel, tabular feature) a gain and an
 * offset are drawn once; every reading becomes gain·x + offset + noise.
 * Token ids are categorical and are never shifted.
 */

import type { Rng } from "../engine/mod.ts";
import { sampleSize } from "./dataset.ts";
import type { FastNoise } from "./_fast_noise.ts";
import { dataKernels } from "./data_helpers.ts";
import type { Dataset, Modality, ModalityShapes } from "./types.ts";

/** Spread of the calibration: gain = exp(N(0, gain²)), offset ~ N(0, offset²), extra noise sd. */
export interface ShiftSpec {
  gain?: number;
  offset?: number;
  noise?: number;
}

/** One site's calibration, per shiftable modality and channel. */
export interface SiteShift {
  gain: Partial<Record<Modality, number[]>>;
  offset: Partial<Record<Modality, number[]>>;
  noise: number;
}

const SHIFTABLE: readonly Modality[] = ["image", "series", "tabular"];

/** Draws one site's calibration; `null` when the spec asks for no shift. */
export function drawShift(
  spec: ShiftSpec | undefined,
  modalities: readonly Modality[],
  shapes: ModalityShapes,
  rng: Rng,
): SiteShift | null {
  if (!spec) return null;
  const { gain = 0, offset = 0, noise = 0 } = spec;
  // A spec of zeros is no shift: skip it rather than multiply every reading by 1.
  if (gain === 0 && offset === 0 && noise === 0) return null;
  for (const [name, v] of Object.entries({ gain, offset, noise })) {
    if (!(v >= 0) || !Number.isFinite(v)) {
      throw new RangeError(`Expected shift.${name} to be a finite number ≥ 0 but found ${v}`);
    }
  }
  const out: SiteShift = { gain: {}, offset: {}, noise };
  for (const m of modalities) {
    if (!SHIFTABLE.includes(m)) continue;
    const shape = shapes[m]!;
    const channels = shape[shape.length - 1];
    out.gain[m] = Array.from({ length: channels }, () => Math.exp(gain * rng.normal()));
    out.offset[m] = Array.from({ length: channels }, () => offset * rng.normal());
  }
  return out;
}

/**
 * Applies a site's calibration to every sample of `ds` in place. Modalities
 * in `omit` (about to be zeroed) are left as they are, but the noise stream
 * advances as if they had been shifted, so the others get the same values.
 * When `ds` holds only samples `from` … of a site of `total` (its test or
 * training rows), the noise stream passes over the others' share the same way.
 */
export function applyShift(
  ds: Dataset,
  shift: SiteShift,
  noise: FastNoise,
  omit: readonly Modality[] = [],
  { from, total }: { from: number; total: number } = { from: 0, total: ds.n },
): void {
  for (const m of ds.modalities) {
    const gain = shift.gain[m], offset = shift.offset[m];
    if (!gain || !offset) continue;
    const size = sampleSize(ds.shapes[m]!);
    const data = omit.includes(m) ? ds.inputs[m]!.subarray(0, 0) : ds.inputs[m]!;
    const channels = gain.length;
    for (let c = 0; c < channels; c++) {
      const g = gain[c], o = offset[c];
      for (let i = c; i < data.length; i += channels) data[i] = g * data[i] + o;
    }
    if (shift.noise === 0) continue;
    const kernels = dataKernels();
    const before = omit.includes(m) ? 0 : from * size;
    noise.skip(before);
    if (kernels && data.length > 0) kernels.addNormal(data, shift.noise, noise);
    else noise.addNormal(data, shift.noise);
    noise.skip(total * size - before - data.length);
  }
}
