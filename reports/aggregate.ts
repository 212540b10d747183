/**
 * Turns raw results into the small tables the charts embed. Aggregating with
 * arquero before embedding keeps a 300-site, 100-round report small: charts
 * get per-round and per-group rows, and the timeline only a sample of sites.
 */
import * as aq from "arquero";
import type { RunResults, SiteRecord, TimelineSpan } from "../sim/results/results.ts";
import { siteCondition } from "../sim/results/groups.ts";

// deno-lint-ignore no-explicit-any
type Row = Record<string, any>;

/** The most sites the timeline shows, so the Gantt chart stays readable. */
export const TIMELINE_SAMPLE_SITES = 20;

/** Evaluated rounds: {round, time, accuracy, loss}. */
export function accuracyRows(results: RunResults): Row[] {
  if (results.rounds.length === 0) return []; // arquero cannot select columns of no rows
  return aq.from(results.rounds)
    .select("round", "time", "accuracy", "loss")
    .filter((d: Row) => aq.op.is_finite(d.accuracy))
    .objects();
}

/** Bytes down and up per round, long form: {round, direction, bytes}. */
export function communicationRows(results: RunResults): Row[] {
  return aq.from(results.rounds)
    .select("round", "bytesDown", "bytesUp")
    .rename({ bytesDown: "down (server → sites)", bytesUp: "up (sites → server)" })
    .fold(["down (server → sites)", "up (sites → server)"], { as: ["direction", "bytes"] })
    .objects();
}

/** Bytes per message kind, largest first: {kind, bytes}. */
export function bytesByKindRows(results: RunResults): Row[] {
  const rows = Object.entries(results.summary.bytesByKind).map(([kind, bytes]) => ({
    kind,
    bytes,
  }));
  return rows.length === 0 ? [] : aq.from(rows).orderby(aq.desc("bytes")).objects();
}

/** Completed and failed (straggler, dropout, offline) sites per round, long form. */
export function participationRows(results: RunResults): Row[] {
  return aq.from(results.rounds)
    .select("round", "completed", "failed")
    .rename({ completed: "completed", failed: "failed (offline, dropped, late)" })
    .fold(["completed", "failed (offline, dropped, late)"], { as: ["outcome", "sites"] })
    .objects();
}

/** Per-site accuracy with the site's group and condition: {siteId, group, condition, accuracy}. */
export function siteAccuracyRows(results: RunResults): Row[] {
  return results.sites
    .filter((s) => Number.isFinite(s.accuracy))
    .map((s) => ({
      siteId: s.siteId,
      group: s.group,
      condition: siteCondition(s),
      accuracy: round4(s.accuracy),
      samples: s.trainSamples,
    }));
}

/** Above this many site × class cells the heatmap shows groups instead of sites. */
export const PARTITION_CELL_LIMIT = 10_000;

/**
 * Share of each class in each site's training data, sites ordered by group
 * then id so groups form bands: {column, siteId, group, cls, count, share}.
 * Empty cells are left out (the chart draws them blank). When sites × classes
 * exceeds {@link PARTITION_CELL_LIMIT} the rows are per group instead, so a
 * 100-class scenario does not bloat the report.
 */
export function partitionRows(results: RunResults): { by: "site" | "group"; rows: Row[] } {
  if (results.partition.length === 0) return { by: "site", rows: [] };
  const order = orderedSites(results.sites);
  const rank = new Map(order.map((s, i) => [s.siteId, i]));
  const groupOf = new Map(results.sites.map((s) => [s.siteId, s.group]));
  const cells = aq.from(results.partition)
    .derive({ group: aq.escape((d: Row) => groupOf.get(d.siteId) ?? "?") });
  if (results.partition.length > PARTITION_CELL_LIMIT) {
    const rows = cells
      .groupby("group", "cls")
      .rollup({ count: aq.op.sum("count") })
      .groupby("group")
      .derive({ share: (d: Row) => d.count / aq.op.sum(d.count) })
      .objects()
      .map((d: Row) => ({
        column: d.group,
        group: d.group,
        cls: d.cls,
        count: d.count,
        share: round4(d.share),
      }));
    return { by: "group", rows };
  }
  const rows = cells
    .groupby("siteId")
    .derive({ share: (d: Row) => d.count / aq.op.sum(d.count) })
    .filter((d: Row) => d.count > 0)
    .objects()
    .map((d: Row) => ({
      column: rank.get(d.siteId) ?? d.siteId,
      siteId: d.siteId,
      group: d.group,
      cls: d.cls,
      count: d.count,
      share: round4(d.share),
    }));
  return { by: "site", rows };
}

/** Share of each group's sites that observe each modality: {group, modality, available}. */
export function modalityRows(results: RunResults): Row[] {
  const modalities = scenarioModalities(results);
  const rows = results.sites.flatMap((s) =>
    modalities.map((m) => ({ group: s.group, modality: m, has: s.missing.includes(m) ? 0 : 1 }))
  );
  if (rows.length === 0) return [];
  return aq.from(rows)
    .groupby("group", "modality")
    .rollup({ available: (d: Row) => aq.op.mean(d.has), sites: aq.op.count() })
    .objects()
    .map((d: Row) => ({ ...d, available: round4(d.available) }));
}

/** Modalities of the scenario (data.modalities), else every modality some site misses. */
export function scenarioModalities(results: RunResults): string[] {
  const declared = (results.scenario as { data?: { modalities?: unknown } } | null)?.data
    ?.modalities;
  if (Array.isArray(declared) && declared.every((m) => typeof m === "string")) return declared;
  return [...new Set(results.sites.flatMap((s) => s.missing))].sort();
}

/**
 * Up to {@link TIMELINE_SAMPLE_SITES} sites, taken in turn from each group so
 * small groups (the 1/10-scale sites) always appear, then evenly within a group.
 */
export function sampleSites(sites: SiteRecord[], limit = TIMELINE_SAMPLE_SITES): SiteRecord[] {
  const groups = new Map<string, SiteRecord[]>();
  for (const s of orderedSites(sites)) {
    groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  }
  const quota = new Map([...groups.keys()].map((g) => [g, 0]));
  let left = Math.min(limit, sites.length);
  while (left > 0) {
    for (const [g, members] of groups) {
      if (left > 0 && quota.get(g)! < members.length) {
        quota.set(g, quota.get(g)! + 1);
        left--;
      }
    }
  }
  return [...groups].flatMap(([g, members]) => {
    const k = quota.get(g)!;
    return Array.from({ length: k }, (_, i) => members[Math.floor((i * members.length) / k)]);
  });
}

/**
 * Timeline spans of the sampled sites with adjacent spans of the same state
 * merged: {site (label), state, start, end}.
 */
export function timelineRows(results: RunResults): Row[] {
  const sample = sampleSites(results.sites);
  const label = new Map(sample.map((s) => [s.siteId, `${s.group} #${s.siteId}`]));
  const bySite = new Map<number, TimelineSpan[]>();
  for (const span of results.timeline) {
    if (!label.has(span.siteId) || !(span.end > span.start)) continue;
    bySite.set(span.siteId, [...(bySite.get(span.siteId) ?? []), span]);
  }
  const rows: Row[] = [];
  for (const s of sample) {
    const spans = (bySite.get(s.siteId) ?? []).sort((a, b) => a.start - b.start);
    let open: TimelineSpan | null = null;
    for (const span of spans) {
      if (open && open.state === span.state && span.start <= open.end) {
        open.end = Math.max(open.end, span.end);
        continue;
      }
      if (open) rows.push(spanRow(open, label));
      open = { ...span };
    }
    if (open) rows.push(spanRow(open, label));
  }
  return rows;
}

function spanRow(span: TimelineSpan, label: Map<number, string>): Row {
  return {
    site: label.get(span.siteId),
    state: span.state,
    start: sig(span.start),
    end: sig(span.end),
  };
}

function orderedSites(sites: SiteRecord[]): SiteRecord[] {
  const firstSeen = new Map<string, number>();
  sites.forEach((s, i) => firstSeen.has(s.group) || firstSeen.set(s.group, i));
  return [...sites].sort((a, b) =>
    firstSeen.get(a.group)! - firstSeen.get(b.group)! || a.siteId - b.siteId
  );
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** Six significant digits: plenty for a chart, half the bytes of a full double. */
function sig(x: number): number {
  return Number(x.toPrecision(6));
}
