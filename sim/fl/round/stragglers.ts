/**
 * FedProx's stragglers (Li et al., MLSys 2020, §5.2; the authors'
 * flearn/trainers/fedprox.py): of the K sites that start a round,
 * round(K·(1 − fraction)) do the full E local epochs and the rest straggle,
 * each running a uniform number of epochs in 1…E−1 (numpy's
 * `randint(1, E)`). FedAvg drops them; FedProx aggregates their partial work.
 */

import type { Stragglers } from "../../../scenarios/schema_fedprox.ts";
import type { Federation } from "./federation.ts";

export type { Stragglers };

/** Python's round(): halves go to the even neighbour, as the authors' code rounds. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Stragglers among `k` sites: k − round(k·(1 − fraction)), as the authors count the active ones. */
export function stragglerCount(k: number, fraction: number): number {
  return k - roundHalfEven(k * (1 - fraction));
}

/**
 * The stragglers of one round and the epochs each runs, from the stream
 * `stragglers/<key>`: a uniform choice of {@linkcode stragglerCount} of
 * `siteIds`, then, in site order, epochs uniform in 1…`epochs`−1.
 * Empty when stragglers are off, so no stream is drawn and runs stay as before.
 */
export function drawStragglers(
  fed: Federation,
  key: string,
  siteIds: readonly number[],
): Map<number, number> {
  const settings = fed.training.stragglers;
  const out = new Map<number, number>();
  if (settings === undefined || siteIds.length === 0) return out;
  const E = fed.training.epochs;
  if (E < 2) {
    throw new RangeError(`Expected localEpochs ≥ 2 for stragglers (they run 1…E−1) but found ${E}`);
  }
  const rng = fed.streams.stream(`stragglers/${key}`);
  const picks = rng.sampleWithoutReplacement(
    siteIds.length,
    stragglerCount(siteIds.length, settings.fraction),
  );
  for (const i of picks.sort((a, b) => a - b)) out.set(siteIds[i], 1 + rng.int(E - 1));
  return out;
}
