/**
 * Which sites are "degraded" (small, coarse or missing a sensor) and how much
 * of the full sites' accuracy each degraded group keeps: the plan's target A
 * asks that 1/10-scale sites roughly keep prediction performance.
 */
import type { RunResults, SiteRecord } from "./results.ts";

/** Sites at or below this share of the median full site's volume count as small. */
export const SMALL_VOLUME_SCALE = 0.2;

/** Why a site counts as degraded; `full` when it does not. */
export type SiteCondition = "full" | "small volume" | "coarse granularity" | "missing modality";

/** The first reason, in a fixed order, that makes a site degraded. */
export function siteCondition(site: SiteRecord): SiteCondition {
  if (site.volumeScale <= SMALL_VOLUME_SCALE) return "small volume";
  if (site.granularity < 1) return "coarse granularity";
  if (site.missing.length > 0) return "missing modality";
  return "full";
}

/** Accuracy of one degraded group relative to the full sites of the same run. */
export interface GroupRetention {
  group: string;
  condition: SiteCondition;
  /** Degraded sites of the group with a finite accuracy. */
  sites: number;
  meanAccuracy: number;
  /** Mean accuracy of all full sites of the run. */
  fullAccuracy: number;
  /** meanAccuracy ÷ fullAccuracy (NaN when either is unmeasured). */
  retention: number;
}

/**
 * Retention per degraded group: the mean accuracy of the group's degraded
 * sites divided by the mean accuracy of every full site. Sites whose accuracy
 * was not evaluated (NaN) are left out of both means. Groups come in the order
 * their first site appears.
 *
 * @example
 * ```ts
 * import { groupRetention } from "./groups.ts";
 * const site = (group: string, volumeScale: number, accuracy: number) => ({
 *   siteId: 0, group, trainSamples: 1, testSamples: 1, volumeScale, granularity: 1,
 *   missing: [], computeFlops: 1, uplinkBps: 1, downlinkBps: 1, latencyS: 0,
 *   accuracy, personalizedAccuracy: NaN, roundsParticipated: 1, roundsFailed: 0,
 * });
 * const [tenth] = groupRetention({ sites: [site("full", 1, 0.8), site("tenth", 0.1, 0.6)] } as never);
 * if (Math.abs(tenth.retention - 0.75) > 1e-12) throw new Error();
 * ```
 */
export function groupRetention(results: Pick<RunResults, "sites">): GroupRetention[] {
  const full = results.sites.filter((s) => siteCondition(s) === "full");
  const fullAccuracy = meanFinite(full.map((s) => s.accuracy));
  const byGroup = new Map<string, SiteRecord[]>();
  for (const site of results.sites) {
    if (siteCondition(site) === "full") continue;
    const list = byGroup.get(site.group) ?? [];
    list.push(site);
    byGroup.set(site.group, list);
  }
  return [...byGroup].map(([group, sites]) => {
    const accuracies = sites.map((s) => s.accuracy).filter(Number.isFinite);
    const meanAccuracy = meanFinite(accuracies);
    return {
      group,
      condition: siteCondition(sites[0]),
      sites: accuracies.length,
      meanAccuracy,
      fullAccuracy,
      retention: fullAccuracy > 0 ? meanAccuracy / fullAccuracy : NaN,
    };
  });
}

/** Mean of the finite values; NaN when there are none. */
export function meanFinite(values: number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? NaN : finite.reduce((a, b) => a + b, 0) / finite.length;
}
