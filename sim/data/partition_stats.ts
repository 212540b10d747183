/**
 * Partition statistics as plain rows (arrays of flat objects), ready for
 * arquero tables, CSV files and the report's charts.
 */

import type { SitePlan } from "./plan.ts";

/** Samples of one class at one site. */
export interface ClassCountRow {
  siteId: number;
  group: string;
  cls: number;
  count: number;
}

/** One site's shape of data. */
export interface SiteStatsRow {
  siteId: number;
  group: string;
  size: number;
  trainSize: number;
  testSize: number;
  /** Drawn evaluation samples (0: the held-out rows are the test set). */
  evalSamples: number;
  /** Classes with at least one sample. */
  classesPresent: number;
  granularity: number;
  /** Missing modalities, comma-separated ("" when none). */
  missing: string;
  volumeScale: number;
  shifted: boolean;
}

/** Per-class rows and per-site rows describing a partition. */
export interface PartitionStats {
  classes: ClassCountRow[];
  sites: SiteStatsRow[];
}

/**
 * Tabulates plans: one row per (site, class) and one row per site.
 *
 * @example
 * ```ts
 * import { createSceneSource, partitionStats, planSites } from "./mod.ts";
 * import { RngStreams } from "../engine/mod.ts";
 * const plans = planSites(createSceneSource(), { groups: [{ group: "a", count: 2, samples: 40 }] }, new RngStreams(1));
 * const stats = partitionStats(plans);
 * if (stats.classes.length !== 2 * 8 || stats.sites[1].size !== 40) throw new Error();
 * ```
 */
export function partitionStats(plans: readonly SitePlan[]): PartitionStats {
  const classes: ClassCountRow[] = [];
  const sites: SiteStatsRow[] = [];
  for (const p of plans) {
    p.classCounts.forEach((count, cls) =>
      classes.push({ siteId: p.siteId, group: p.group, cls, count })
    );
    sites.push({
      siteId: p.siteId,
      group: p.group,
      size: p.size,
      trainSize: p.trainSize,
      testSize: p.testSize,
      evalSamples: p.evalSamples,
      classesPresent: p.classCounts.filter((c) => c > 0).length,
      granularity: p.granularity,
      missing: p.missing.join(","),
      volumeScale: p.volumeScale,
      shifted: p.shift !== null,
    });
  }
  return { classes, sites };
}
