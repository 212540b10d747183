/** The per-group table of a run report: accuracy with n and Wilson interval, retention with its bootstrap interval. */
import type { GroupAccuracyRow } from "../site_stats.ts";
import { table } from "../sections.ts";

const interval = (x: number, low: number, high: number, digits: number) =>
  !Number.isFinite(x)
    ? "–"
    : Number.isFinite(low)
    ? `${x.toFixed(digits)} [${low.toFixed(digits)}, ${high.toFixed(digits)}]`
    : x.toFixed(digits);

/**
 * One row per group: sites, evaluation samples (n), accuracy over those
 * samples with its Wilson 95 % interval, and retention with its bootstrap 95 %
 * interval over sites (degraded groups only).
 */
export function groupIntervalTable(groups: GroupAccuracyRow[]): string {
  if (groups.length === 0) return "<p>No site was evaluated.</p>";
  return table(
    [
      "group",
      "condition",
      "sites",
      "n (eval samples)",
      "accuracy [95% Wilson]",
      "retention [95% bootstrap]",
    ],
    groups.map((g) => [
      g.group,
      g.condition,
      String(g.sites),
      String(g.n),
      interval(g.accuracy, g.low, g.high, 3),
      interval(g.retention, g.retentionLow, g.retentionHigh, 3),
    ]),
    [2, 3, 4, 5],
  );
}
