/**
 * The measure of issue #8: how much of the full sites' accuracy each
 * degraded group keeps, with its spread. Accuracy is per site, on the
 * site's own test data; retention is the mean over a degraded group ÷ the
 * mean over full sites (reports' `groupRetention`), and the spread says how
 * far to trust it: the sites' standard deviation, the range of per-site
 * ratios and a 95% interval of the ratio of means.
 */
import type { SiteRecord } from "../results/results.ts";
import { groupRetention, type RetentionWithSpread, siteCondition } from "../results/mod.ts";

/** z of a two-sided 95% normal interval. */
export const Z95 = 1.959964;

export type { RetentionWithSpread } from "../results/mod.ts";

/** Mean and sample standard deviation (NaN sd for fewer than two values). */
export function meanSd(values: readonly number[]): { n: number; mean: number; sd: number } {
  const x = values.filter(Number.isFinite);
  const n = x.length;
  const mean = n === 0 ? NaN : x.reduce((a, b) => a + b, 0) / n;
  const sd = n < 2 ? NaN : Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { n, mean, sd };
}

/**
 * Retention with spread per degraded group, from `accuracy` (default),
 * `personalizedAccuracy` or `fineTunedAccuracy` of each site.
 *
 * @example
 * ```ts
 * import { retentionWithSpread } from "./retention.ts";
 * const site = (group: string, volumeScale: number, accuracy: number) => ({
 *   siteId: 0, group, trainSamples: 1, testSamples: 1, volumeScale, granularity: 1,
 *   missing: [], computeFlops: 1, uplinkBps: 1, downlinkBps: 1, latencyS: 0,
 *   accuracy, personalizedAccuracy: NaN, roundsParticipated: 1, roundsFailed: 0,
 * });
 * const [g] = retentionWithSpread([site("full", 1, 0.8), site("full", 1, 0.8),
 *   site("tenth", 0.1, 0.6), site("tenth", 0.1, 0.8)]);
 * if (Math.abs(g.retention - 0.875) > 1e-12 || Math.abs(g.minSiteRetention - 0.75) > 1e-12) {
 *   throw new Error();
 * }
 * ```
 */
export function retentionWithSpread(
  sites: readonly SiteRecord[],
  metric: "accuracy" | "personalizedAccuracy" | "fineTunedAccuracy" = "accuracy",
): RetentionWithSpread[] {
  const measured = sites.map((s) => ({ ...s, accuracy: s[metric] ?? NaN }));
  const full = meanSd(measured.filter((s) => siteCondition(s) === "full").map((s) => s.accuracy));
  return groupRetention({ sites: measured }).map((g) => {
    const accuracies = measured.filter((s) => s.group === g.group && siteCondition(s) !== "full")
      .map((s) => s.accuracy).filter(Number.isFinite);
    const own = meanSd(accuracies);
    const ratios = accuracies.map((a) => a / full.mean);
    // Var(a/b) ≈ (a/b)² (Var a / a² + Var b / b²) for the two independent means.
    const relVar = (own.n > 1 ? own.sd ** 2 / own.n / own.mean ** 2 : 0) +
      (full.n > 1 ? full.sd ** 2 / full.n / full.mean ** 2 : 0);
    const se = Math.abs(g.retention) * Math.sqrt(relVar);
    return {
      ...g,
      sd: own.sd,
      fullSites: full.n,
      fullSd: full.sd,
      minSiteRetention: ratios.length > 0 ? Math.min(...ratios) : NaN,
      maxSiteRetention: ratios.length > 0 ? Math.max(...ratios) : NaN,
      se,
      ci95: [g.retention - Z95 * se, g.retention + Z95 * se],
    };
  });
}
