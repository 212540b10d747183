/**
 * Poisoned and faulty sites. Which sites attack is a pure function of the
 * run's seed and the site count (stream `attack/sites`), so the executor
 * (which flips labels in its own thread or worker) and the protocol (which
 * alters updates) agree without sharing state.
 */

import { RngStreams } from "../../engine/mod.ts";
import type { Dataset } from "../../data/mod.ts";
import { attackUpdate } from "../strategies/robust/mod.ts";
import type { AttackSettings } from "./settings.ts";

/**
 * The attacking sites: round(fraction × totalSites) of them (at least one
 * when the fraction is above 0), drawn from stream `attack/sites`, ascending.
 *
 * @example
 * ```ts
 * import { chooseAttackers } from "./attack.ts";
 * const a = chooseAttackers(7, 20, 0.25);
 * if (a.length !== 5 || a.join() !== chooseAttackers(7, 20, 0.25).join()) throw new Error();
 * ```
 */
export function chooseAttackers(seed: number, totalSites: number, fraction: number): number[] {
  if (!(fraction >= 0 && fraction <= 1)) {
    throw new RangeError(`Expected the attack fraction in [0, 1] but found ${fraction}`);
  }
  if (fraction === 0 || totalSites === 0) return [];
  const k = Math.min(totalSites, Math.max(1, Math.round(fraction * totalSites)));
  const picks = new RngStreams(seed).stream("attack/sites").sampleWithoutReplacement(
    totalSites,
    k,
  );
  return picks.sort((a, b) => a - b);
}

/**
 * A seeded permutation of `classes` labels with no fixed point (Sattolo's
 * algorithm draws a single cycle), so every flipped label is wrong.
 */
export function labelPermutation(seed: number, classes: number): Int32Array {
  if (!Number.isInteger(classes) || classes < 2) {
    throw new RangeError(`Expected at least 2 classes to flip labels but found ${classes}`);
  }
  const perm = Int32Array.from({ length: classes }, (_, i) => i);
  const rng = new RngStreams(seed).stream("attack/label-permutation");
  for (let i = classes - 1; i > 0; i--) {
    const j = rng.int(i);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  return perm;
}

/** `data` with every label mapped through `perm` (a new dataset; inputs shared, not copied). */
export function flipLabels(data: Dataset, perm: Int32Array): Dataset {
  const labels = new Int32Array(data.labels.length);
  for (let i = 0; i < labels.length; i++) labels[i] = perm[data.labels[i]];
  return { ...data, labels };
}

/**
 * The training data a site trains on under `attack`: flipped labels when
 * the attack is label flipping and the site is an attacker, else `train`
 * itself. Called by the executor, wherever it runs.
 */
export function poisonTraining(
  attack: AttackSettings | null | undefined,
  seed: number,
  totalSites: number,
  siteId: number,
  train: Dataset,
): Dataset {
  if (attack?.kind !== "label-flip") return train;
  if (!chooseAttackers(seed, totalSites, attack.fraction).includes(siteId)) return train;
  return flipLabels(train, labelPermutation(seed, train.classes));
}

/**
 * The weights an attacking site sends instead of `local`: sign-flip, scale
 * and gaussian as in sim/fl/strategies/robust; nan sends NaN everywhere (a faulty
 * site); label-flip leaves updates alone (its harm is in the data).
 * `noiseSeed` seeds the gaussian attack.
 */
export function attackWeights(
  attack: AttackSettings,
  start: Float32Array,
  local: Float32Array,
  noiseSeed: number,
): Float32Array {
  switch (attack.kind) {
    case "label-flip":
      return local;
    case "nan":
      return new Float32Array(local.length).fill(NaN);
    case "sign-flip":
    case "scale":
      return attackUpdate(attack.kind, start, local, { scale: attack.scale });
    case "gaussian":
      return attackUpdate("gaussian", start, local, { std: attack.std, seed: noiseSeed });
  }
}
