/**
 * The privacy a DP-FedAvg run has spent after each round: every round is a
 * sampled Gaussian mechanism over sites (rate q = sampled ÷ total sites,
 * noise multiplier z), composed in Rényi DP and converted to (ε, δ).
 * Under the hierarchical protocol a site instead faces its own edge's
 * mechanisms (`edgeRounds` steps at its edge's q_e per cloud round); the
 * curve then reports the worst site's ε. Computed from the round records and
 * the protocol's fixed settings, so a resumed run reports the same curve.
 */

import { RdpAccountant } from "./privacy/mod.ts";
import type { DpSettings } from "./settings.ts";

import type { PrivacyPoint } from "../../results/mod.ts";
export type { PrivacyPoint } from "../../results/mod.ts";

/**
 * The sampled Gaussian steps one cloud round applies to every site of one
 * group (an edge): `steps` steps at sampling rate `q`.
 */
export interface PrivacyLoad {
  q: number;
  steps: number;
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
  loads?: readonly PrivacyLoad[],
): PrivacyPoint[] {
  if (!Number.isInteger(totalSites) || totalSites < 1) {
    throw new RangeError(`Expected totalSites to be an integer >= 1 but found ${totalSites}`);
  }
  if (loads !== undefined) return worstSiteCurve(rounds, loads, dp);
  const accountant = new RdpAccountant();
  return rounds.map(({ round, sampled }) => {
    const q = Math.min(1, Math.max(0, sampled) / totalSites);
    if (q > 0) accountant.compose(q, dp.noiseMultiplier, 1);
    const { epsilon, order } = accountant.spent(dp.delta);
    return { round, epsilon, delta: dp.delta, order };
  });
}

/**
 * ε of the worst-off site after each round, when every round applies
 * `loads[g]` to the sites of group g: one accountant per group, the largest ε.
 *
 * @example
 * ```ts
 * import { privacyCurve } from "./accounting.ts";
 * const rounds = [{ round: 1, sampled: 3 }];
 * const dp = { clipNorm: 1, noiseMultiplier: 1, delta: 1e-5 };
 * const [worst] = privacyCurve(rounds, 100, dp, [{ q: 0.1, steps: 2 }, { q: 0.02, steps: 2 }]);
 * const [alone] = privacyCurve(rounds, 100, dp, [{ q: 0.1, steps: 2 }]);
 * if (worst.epsilon !== alone.epsilon) throw new Error("the 0.1 edge is the worst");
 * ```
 */
function worstSiteCurve(
  rounds: readonly { round: number }[],
  loads: readonly PrivacyLoad[],
  dp: DpSettings,
): PrivacyPoint[] {
  if (loads.length === 0 || loads.some((l) => !(l.q >= 0 && l.q <= 1) || !(l.steps >= 0))) {
    throw new RangeError(
      `Expected privacy loads with 0 <= q <= 1 and steps >= 0 but found ${JSON.stringify(loads)}`,
    );
  }
  const accountants = loads.map(() => new RdpAccountant());
  return rounds.map(({ round }) => {
    let worst = { epsilon: -Infinity, order: NaN };
    loads.forEach(({ q, steps }, g) => {
      if (q > 0 && steps > 0) accountants[g].compose(q, dp.noiseMultiplier, steps);
      const spent = accountants[g].spent(dp.delta);
      if (spent.epsilon > worst.epsilon) worst = spent;
    });
    return { round, epsilon: worst.epsilon, delta: dp.delta, order: worst.order };
  });
}
