/**
 * Evaluation during a run: the global model on the global test set, and on
 * each site's own test data (the site evaluates; only three numbers come
 * back, as a `metrics-up` message).
 */

import type { Federation } from "./round/federation.ts";
import { METRICS_BYTES, vectorBytes } from "./round/messages.ts";

/** One site's accuracy and loss on its own test data after a round. */
export interface SiteEvaluation {
  round: number;
  siteId: number;
  accuracy: number;
  loss: number;
  /** Accuracy of the strategy's personalised weights (NaN when the strategy has none). */
  personalizedAccuracy: number;
  /**
   * Accuracy after the personalisation pass fine-tuned a local head on the
   * final global model (set by the final passes when `personalization` is on).
   */
  fineTunedAccuracy?: number;
}

/** Presets small enough to evaluate the global model after every round. */
export const EVERY_ROUND_PRESETS: readonly string[] = ["tiny", "small"];

/** Whether the global model is evaluated after `round` of `rounds`. */
export function evaluatesGlobal(
  preset: string,
  evalEvery: number,
  round: number,
  rounds: number,
): boolean {
  return EVERY_ROUND_PRESETS.includes(preset) || round % evalEvery === 0 || round === rounds;
}

/**
 * Evaluates the global model (and personalised weights where the strategy
 * keeps them) at every site; records the messages this costs.
 */
export async function evaluateSites(
  fed: Federation,
  global: Float32Array,
  round: number,
): Promise<SiteEvaluation[]> {
  const personal = fed.strategy.evaluationWeights?.bind(fed.strategy);
  return await Promise.all(fed.world.sites.map(async (site) => {
    fed.ledger.record("eval-model-down", vectorBytes(global.length));
    const m = await site.evaluate(global);
    fed.ledger.record("metrics-up", METRICS_BYTES);
    let personalizedAccuracy = NaN;
    if (personal !== undefined) {
      const w = personal(global, fed.siteStates[site.id]);
      fed.ledger.record("eval-model-down", vectorBytes(w.length));
      personalizedAccuracy = (await site.evaluate(w)).accuracy;
      fed.ledger.record("metrics-up", METRICS_BYTES);
    }
    return { round, siteId: site.id, accuracy: m.accuracy, loss: m.loss, personalizedAccuracy };
  }));
}
