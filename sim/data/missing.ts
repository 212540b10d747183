/**
 * Missing modalities: a site without a camera (or any other sensor). A
 * missing input is exactly zero and its mask entry is 0 — absence, not noise —
 * so a model can tell "not observed" from "observed as dark".
 */

import type { Rng } from "../engine/mod.ts";
import type { Dataset, Modality } from "./types.ts";

/** Per modality, the chance a site lacks it; or a list of modalities every site of the group lacks. */
export type MissingSpec = Partial<Record<Modality, number>> | Modality[];

/** The modalities one site lacks: one Bernoulli draw per modality, in `modalities` order. */
export function drawMissing(
  spec: MissingSpec | undefined,
  modalities: readonly Modality[],
  rng: Rng,
): Modality[] {
  if (!spec) return [];
  if (Array.isArray(spec)) {
    for (const m of spec) {
      if (!modalities.includes(m)) {
        throw new RangeError(
          `Expected missing modalities among ${modalities.join(", ")} but found ${m}`,
        );
      }
    }
    return modalities.filter((m) => spec.includes(m));
  }
  const out: Modality[] = [];
  for (const m of modalities) {
    const p = spec[m] ?? 0;
    if (!(p >= 0 && p <= 1)) {
      throw new RangeError(`Expected missing.${m} to be a probability in [0, 1] but found ${p}`);
    }
    // Always draw, so one modality's probability never shifts another's outcome.
    if (rng.uniform() < p) out.push(m);
  }
  return out;
}

/** Removes `missing` modalities from every sample of `ds` in place: inputs 0, mask 0. */
export function applyMissing(ds: Dataset, missing: readonly Modality[]): void {
  const k = ds.modalities.length;
  for (const m of missing) {
    const j = ds.modalities.indexOf(m);
    if (j < 0) continue;
    ds.inputs[m]!.fill(0);
    for (let i = 0; i < ds.n; i++) ds.mask[i * k + j] = 0;
  }
}
