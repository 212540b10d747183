/**
 * Per-site and per-group accuracy with the uncertainty a reviewer needs: every
 * accuracy carries its n (evaluation samples) and a Wilson 95 % interval, and
 * each degraded group's retention a bootstrap 95 % interval over sites.
 */
import type { RunResults, SiteRecord } from "../sim/results/results.ts";
import { siteCondition } from "../sim/results/groups.ts";
import { retentionInterval } from "./stats/bootstrap.ts";
import { wilsonInterval } from "./stats/intervals.ts";

/** One site's accuracy with its n and Wilson 95 % interval. */
export interface SiteAccuracyRow {
  siteId: number;
  group: string;
  condition: string;
  accuracy: number;
  /** Evaluation samples the accuracy was measured on. */
  n: number;
  low: number;
  high: number;
  trainSamples: number;
}

/** Every evaluated site, with n and interval. */
export function siteAccuracyIntervals(results: Pick<RunResults, "sites">): SiteAccuracyRow[] {
  return results.sites.filter((s) => Number.isFinite(s.accuracy)).map((s) => {
    const { low, high } = wilsonInterval(s.accuracy, s.testSamples);
    return {
      siteId: s.siteId,
      group: s.group,
      condition: siteCondition(s),
      accuracy: s.accuracy,
      n: s.testSamples,
      low,
      high,
      trainSamples: s.trainSamples,
    };
  });
}

/** One group's accuracy (all its evaluation samples pooled) and, for degraded groups, retention. */
export interface GroupAccuracyRow {
  group: string;
  condition: string;
  sites: number;
  /** Evaluation samples of all the group's sites together. */
  n: number;
  /** Correct answers ÷ n over the group's sites, with its Wilson 95 % interval. */
  accuracy: number;
  low: number;
  high: number;
  /** Mean of the sites' accuracies ÷ that of full sites (NaN for full groups). */
  retention: number;
  /** Bootstrap 95 % interval of `retention`, resampling sites (NaN with < 2 sites). */
  retentionLow: number;
  retentionHigh: number;
}

/**
 * Accuracy per group with n and interval, and retention of each degraded
 * group with a seeded bootstrap interval (seed: the run's seed and the group,
 * so the same results give the same interval).
 */
export function groupAccuracyIntervals(
  results: Pick<RunResults, "sites" | "seed">,
): GroupAccuracyRow[] {
  const evaluated = results.sites.filter((s) => Number.isFinite(s.accuracy));
  const full = evaluated.filter((s) => siteCondition(s) === "full").map((s) => s.accuracy);
  const groups = new Map<string, SiteRecord[]>();
  for (const s of evaluated) groups.set(s.group, [...groups.get(s.group) ?? [], s]);
  return [...groups].map(([group, sites]) => {
    const n = sites.reduce((a, s) => a + s.testSamples, 0);
    const correct = sites.reduce((a, s) => a + Math.round(s.accuracy * s.testSamples), 0);
    const accuracy = n > 0 ? correct / n : NaN;
    const condition = siteCondition(sites[0]);
    const degraded = sites.filter((s) => siteCondition(s) !== "full").map((s) => s.accuracy);
    const r = condition === "full"
      ? { estimate: NaN, low: NaN, high: NaN }
      : retentionInterval(full, degraded, `${results.seed}/${group}`);
    return {
      group,
      condition,
      sites: sites.length,
      n,
      accuracy,
      ...wilsonInterval(accuracy, n),
      retention: r.estimate,
      retentionLow: r.low,
      retentionHigh: r.high,
    };
  });
}

/** Rounds each site took part in, against its size: over-commit favours fast, small sites. */
export function participationBySite(results: Pick<RunResults, "sites">) {
  return results.sites.map((s) => ({
    siteId: s.siteId,
    group: s.group,
    condition: siteCondition(s),
    trainSamples: s.trainSamples,
    participated: s.roundsParticipated,
    failed: s.roundsFailed,
  }));
}

/** Failed sites per round by cause (rounds without the split count as "unrecorded"). */
export function failuresByCauseRows(results: Pick<RunResults, "rounds">) {
  return results.rounds.flatMap((r) => {
    const by = r.failedBy ?? (r.failed > 0 ? { unrecorded: r.failed } : {});
    return Object.entries(by).filter(([, n]) => n > 0).map(([cause, sites]) => ({
      round: r.round,
      cause: cause === "deadline" ? "late (deadline)" : cause,
      sites,
    }));
  });
}
