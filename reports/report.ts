/** The HTML report of one run. */
import type { RunResults } from "../sim/results/results.ts";
import type { Manifest, TargetOutcome } from "./types.ts";
import * as agg from "./aggregate.ts";
import * as charts from "./charts.ts";
import { chartSlot, escapeHtml, renderPage } from "./html.ts";
import { cards, personalAccuracyTable, reproducibilityBlock, targetsTable } from "./sections.ts";
import { bandChart, gapLines } from "./gap_charts.ts";
import * as siteCharts from "./site_charts.ts";
import {
  failuresByCauseRows,
  groupAccuracyIntervals,
  participationBySite,
  siteAccuracyIntervals,
} from "./site_stats.ts";
import { groupIntervalTable } from "./stats/group_table.ts";
import { bytes, duration, pct, pp, roundsReached } from "./format.ts";
import { totalBytes } from "./summary.ts";
import { targetsOf } from "./targets.ts";
import { securitySection } from "./security_section.ts";

/**
 * One self-contained HTML file describing a run: headline numbers, accuracy
 * against rounds and simulated time, per-site accuracy with degraded groups
 * compared to full sites, the partition and modality availability,
 * communication, a timeline of sampled sites, stragglers, the targets and the
 * reproducibility block. Every scenario-supplied string is HTML-escaped.
 */
export function renderReport(
  results: RunResults,
  manifest: Manifest,
  targets?: TargetOutcome[],
): string {
  const specs: Record<string, charts.ChartSpec> = {};
  const slot = (id: string, spec: charts.ChartSpec, caption: string) => {
    specs[id] = spec;
    return chartSlot(id, caption);
  };

  const central = results.central ? results.summary.centralAccuracy : null;
  const accuracy = agg.accuracyRows(results);
  const sites = siteAccuracyIntervals(results);
  const groups = groupAccuracyIntervals(results);
  const degraded = groups.filter((g) => Number.isFinite(g.retention));
  const partition = agg.partitionRows(results);
  const modalities = agg.modalityRows(results);
  const comm = agg.communicationRows(results);
  const kinds = agg.bytesByKindRows(results);
  const timeline = agg.timelineRows(results);
  const { minRetention: retentionTarget, maxGap } = safeTargets(results);
  const s = results.summary;

  const html: string[] = [
    `<h1>${escapeHtml(results.name)}</h1>`,
    `<p class="description">${escapeHtml(results.description)}</p>`,
    cards([
      ["final accuracy", pct(s.finalAccuracy)],
      ["centralised accuracy", pct(s.centralAccuracy)],
      ["gap (federated − central)", pp(s.gap)],
      ["95% of central", reached(s.roundsTo95, s.timeTo95)],
      ["99% of central", reached(s.roundsTo99, s.timeTo99)],
      ["bytes moved", bytes(totalBytes(results))],
      ["simulated time", duration(s.simulatedSeconds)],
      ["wall time", duration(s.wallSeconds)],
      ["sites / rounds", `${results.sites.length} / ${results.rounds.length}`],
    ]),
    "<h2>Accuracy</h2>",
  ];
  if (accuracy.length === 0) html.push(note("No round was evaluated."));
  else {
    html.push(
      slot(
        "chart-accuracy-rounds",
        charts.accuracyChart(accuracy, "round", central),
        "Global test accuracy per round; dashed: centralised baseline. The axis is zoomed to the " +
          "later rounds (earlier ones are cut at its edge); tick 0–1 axis for the whole scale.",
      ),
      slot(
        "chart-accuracy-time",
        charts.accuracyChart(accuracy, "time", central),
        "The same against simulated wall-clock time.",
      ),
    );
    if (central !== null && Number.isFinite(central)) {
      const gap = accuracy.map((r) => ({
        round: r.round,
        time: r.time,
        mean: r.accuracy - central,
      }));
      const lines = gapLines(central, maxGap);
      html.push(
        slot(
          "chart-gap-rounds",
          bandChart(gap, "round", "federated − centralised accuracy", lines),
          "Gap to the centralised baseline per round; dashed: where federated reaches 95% and " +
            "99% of central, and the maxGap target. Zoomed to the later rounds; tick whole range " +
            "for all of them.",
        ),
        slot(
          "chart-gap-time",
          bandChart(gap, "time", "federated − centralised accuracy", lines),
          "The same gap against simulated time: time-to-accuracy under the scenario's budgets.",
        ),
      );
    }
  }

  html.push("<h2>Sites: full and degraded</h2>");
  if (sites.length === 0) html.push(note("No site was evaluated."));
  else {
    html.push(slot(
      "chart-site-accuracy",
      siteCharts.siteIntervalChart(sites),
      "Each tick is one site, its line the Wilson 95% interval on its n evaluation samples; " +
        "diamonds are group means. Small-volume (scale ≤ 0.2, e.g. 1/10), coarse-granularity " +
        "and missing-modality sites are coloured.",
    ));
  }
  if (degraded.length > 0) {
    html.push(slot(
      "chart-retention",
      siteCharts.retentionIntervalChart(degraded, retentionTarget),
      "Mean accuracy of each degraded group ÷ mean accuracy of full sites, with a bootstrap 95% " +
        "interval over sites (dashed: 1 and the target).",
    ));
  }
  html.push(groupIntervalTable(groups), personalAccuracyTable(results.sites));

  html.push("<h2>Data</h2>");
  if (partition.rows.length === 0) html.push(note("No partition recorded."));
  else {
    html.push(slot(
      "chart-partition",
      charts.partitionChart(partition.rows, partition.by),
      partition.by === "site"
        ? "Share of each class in each site's training data (label skew), sites ordered by group."
        : "Share of each class in each group's training data (too many sites × classes to show each site).",
    ));
  }
  if (modalities.length > 0) {
    html.push(slot(
      "chart-modalities",
      charts.modalityChart(modalities),
      "Share of each group's sites that observe each modality.",
    ));
  }

  html.push("<h2>Communication</h2>", '<div class="row">');
  html.push(slot(
    "chart-communication",
    charts.communicationChart(comm),
    "Bytes per round, server → sites and sites → server.",
  ));
  if (kinds.length === 0) html.push(note("No message bytes recorded."));
  else {
    html.push(slot(
      "chart-bytes-kind",
      charts.bytesByKindChart(kinds),
      "Bytes by message kind over the whole run: only models and control messages, no raw data.",
    ));
  }
  html.push("</div>");

  html.push(...securitySection(results, slot));

  html.push("<h2>Stragglers and dropouts</h2>");
  html.push(slot(
    "chart-participation",
    charts.participationChart(agg.participationRows(results)),
    "Sites that completed each round and sites that failed (offline, dropped or past the deadline).",
  ));
  const failures = failuresByCauseRows(results);
  if (failures.length > 0) {
    html.push(slot(
      "chart-failures",
      siteCharts.failuresByCauseChart(failures),
      "Failed sites per round by cause: offline, late (past the deadline), dropped, diverged, rejected.",
    ));
  }
  html.push(slot(
    "chart-participation-sites",
    siteCharts.participationBySiteChart(participationBySite(results)),
    "Rounds each site took part in against its training samples: over-commit keeps the first " +
      "replies, which favours fast, small sites.",
  ));

  html.push("<h2>Timeline</h2>");
  if (timeline.length === 0) html.push(note("No timeline recorded."));
  else {
    const shown = new Set(timeline.map((r) => r.site)).size;
    html.push(slot(
      "chart-timeline",
      charts.timelineChart(timeline),
      `What ${shown} of ${results.sites.length} sites (a sample from every group) did on the virtual clock.`,
    ));
  }

  html.push("<h2>Targets</h2>", targetsTable(targets));
  html.push("<h2>Reproducibility</h2>", reproducibilityBlock(manifest));
  const body = html.join("\n");
  return renderPage({ title: `Renkei report: ${results.name}`, body, charts: specs });
}

function note(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}

function reached(round: number | null, time: number | null): string {
  return round === null ? "not reached" : `${roundsReached(round)}, ${duration(time)}`;
}

/** Targets are optional decoration here; a malformed block is the checker's to report. */
function safeTargets(results: RunResults) {
  try {
    return targetsOf(results.scenario);
  } catch {
    return {};
  }
}
