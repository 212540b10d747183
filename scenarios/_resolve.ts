/**
 * Resolution of a checked scenario: every site group gets its `count`, and
 * its `devices`, `links` and `availability` merged from the top level, so
 * the simulation reads one place per group and never re-applies defaults.
 */
import type { ScenarioFields } from "./schema.ts";

type GroupSize = { count?: number; share?: number };

/**
 * Sites per group. Shares become counts by largest remainder (ties go to the
 * earlier group), so counts always sum to `totalSites`.
 */
export function groupCounts(groups: readonly GroupSize[], totalSites?: number): number[] {
  if (groups.every((g) => g.count !== undefined) || totalSites === undefined) {
    return groups.map((g) => g.count ?? 0);
  }
  const exact = groups.map((g) => (g.share ?? 0) * totalSites);
  const counts = exact.map(Math.floor);
  let left = totalSites - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i] += 1;
    left -= 1;
  }
  return counts;
}

/** Fills counts, per-group world settings, `totalSites` and `sitesPerRound`. */
export function resolveGroups(s: ScenarioFields) {
  const counts = groupCounts(s.sites, s.totalSites);
  const totalSites = counts.reduce((a, b) => a + b, 0);
  // `share` is dropped once turned into `count`, so a resolved scenario validates again as is.
  const sites = s.sites.map(({ share: _share, ...g }, i) => ({
    ...g,
    count: counts[i],
    devices: { ...s.devices, ...g.devices },
    links: { ...s.links, ...g.links },
    availability: g.availability ?? s.availability,
  }));
  return {
    ...s,
    totalSites,
    sites,
    training: { ...s.training, sitesPerRound: s.training.sitesPerRound ?? totalSites },
  };
}
