/**
 * The privacy a DP-FedAvg run has spent after each round: every round is a
 * sampled Gaussian mechanism over sites (rate q = sampled ÷ total sites,
 * noise multiplier z), composed in Rényi DP and converted to (ε, δ).
 * Computed from the round records, so a resumed run reports the same curve.
 */

import { RdpAccountant } from "../privacy/mod.ts";
import type { DpSettings } from "./settings.ts";

/** (ε, δ) spent after `round`, and the Rényi order that gave ε. */
export interface PrivacyPoint {
  round: number;
  epsilon: number;
  delta: number;
  order: number;
}

/**
 * ε at `dp.delta` after each round. Sampling without replacement of a fixed
 * number of sites is accounted as Poisson sampling at the same rate (the
 * usual approximation in DP-FedAvg papers).
 *
 * @example
 * ```ts
 * import { privacyCurve } from "./accounting.ts";
 * const rounds = [1, 2, 3].map((round) => ({ round, sampled: 10 }));
 * const curve = privacyCurve(rounds, 100, { clipNorm: 1, noiseMultiplier: 1, delta: 1e-5 });
 * if (!(curve[0].epsilon < curve[2].epsilon)) throw new Error("ε must grow");
 * ```
 */
export function privacyCurve(
  rounds: readonly { round: number; sampled: number }[],
  totalSites: number,
  dp: DpSettings,
): PrivacyPoint[] {
  if (!Number.isInteger(totalSites) || totalSites < 1) {
    throw new RangeError(`Expected totalSites to be an integer >= 1 but found ${totalSites}`);
  }
  const accountant = new RdpAccountant();
  return rounds.map(({ round, sampled }) => {
    const q = Math.min(1, Math.max(0, sampled) / totalSites);
    if (q > 0) accountant.compose(q, dp.noiseMultiplier, 1);
    const { epsilon, order } = accountant.spent(dp.delta);
    return { round, epsilon, delta: dp.delta, order };
  });
}
