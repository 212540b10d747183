/**
 * The report's privacy and security section, read from `results.extras`
 * (written by sim/fl/security): the (ε, δ) spent per round with accuracy
 * against ε, what secure aggregation cost and recovered, the attack and its
 * defence, and the updates the server refused. Renders nothing for a run
 * that enabled none of these.
 */
import type {
  AttackRecord,
  PrivacyPoint,
  RunResults,
  SecureAggregationRecord,
} from "../sim/results/mod.ts";
import type { ChartSpec } from "./charts.ts";
import { escapeHtml } from "./html.ts";
import { cards, table } from "./sections.ts";
import { bytes, duration, pct } from "./format.ts";
import { totalBytes } from "./summary.ts";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Puts a chart in the page and returns its slot (the report's `slot`). */
export type ChartSlot = (id: string, spec: ChartSpec, caption: string) => string;

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? value as Record<string, unknown>
    : null;
}

const num = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : "∞");

/** Accuracy of each evaluated round against the ε spent by then. */
export function accuracyByEpsilon(results: RunResults): Record<string, number>[] {
  const privacy = results.extras.privacy ?? [];
  const eps = new Map(privacy.map((p) => [p.round, p.epsilon]));
  return results.rounds
    .filter((r) => Number.isFinite(r.accuracy) && Number.isFinite(eps.get(r.round)))
    .map((r) => ({ round: r.round, epsilon: eps.get(r.round)!, accuracy: r.accuracy }));
}

/** The section's HTML fragments (empty when the run used no privacy or security feature). */
export function securitySection(results: RunResults, slot: ChartSlot): string[] {
  const e = results.extras;
  const html: string[] = [];
  const privacy = e.privacy ?? [];
  const secagg = e.secureAggregation;
  const attack = e.attack;
  const rejected = e.rejected ?? [];
  if (privacy.length === 0 && !secagg && !attack && rejected.length === 0) {
    return html;
  }
  html.push("<h2>Privacy and security</h2>");
  if (privacy.length > 0) html.push(...privacyPart(results, privacy, slot));
  if (secagg) html.push(...secAggPart(results, secagg));
  if (attack) html.push(attackPart(results, attack));
  if (rejected.length > 0) {
    html.push(
      "<h3>Rejected updates</h3>",
      table(
        ["round", "site", "why"],
        rejected.map((r) => [String(r.round), String(r.siteId), r.message ?? ""]),
        [0, 1],
      ),
    );
  }
  return html;
}

function privacyPart(results: RunResults, privacy: PrivacyPoint[], slot: ChartSlot): string[] {
  const last = privacy[privacy.length - 1];
  const s = results.extras.privacySettings;
  const out = [
    "<h3>Differential privacy (client level, DP-FedAvg)</h3>",
    cards([
      [`ε after round ${last.round} (δ = ${last.delta})`, num(last.epsilon)],
      ["noise multiplier z", String(s?.noiseMultiplier ?? "n/a")],
      ["clip norm C", String(s?.clipNorm ?? "n/a")],
      ["final accuracy", pct(results.summary.finalAccuracy)],
    ]),
  ];
  const rows = accuracyByEpsilon(results);
  if (rows.length > 0) {
    out.push(slot(
      "chart-accuracy-epsilon",
      {
        $schema: SCHEMA,
        width: 560,
        height: 240,
        data: { values: rows },
        mark: { type: "line", point: true, tooltip: true },
        encoding: {
          x: { field: "epsilon", type: "quantitative", title: "ε spent (RDP accountant)" },
          y: { field: "accuracy", type: "quantitative", title: "global test accuracy" },
        },
      },
      "Global accuracy against the privacy spent so far: each point is an evaluated round.",
    ));
  }
  out.push(table(
    ["round", "ε", "δ"],
    privacy.map((p) => [String(p.round), num(p.epsilon), String(p.delta)]),
    [0, 1, 2],
  ));
  return out;
}

function secAggPart(results: RunResults, secagg: SecureAggregationRecord): string[] {
  const rounds = secagg.rounds ?? [];
  const secBytes = rounds.reduce((a, r) => a + r.bytes, 0);
  const all = totalBytes(results);
  const extraSeconds = rounds.reduce((a, r) => a + r.unmaskSeconds + r.siteSeconds, 0);
  const recovered = rounds.filter((r) => r.recovered).length;
  const dropped = rounds.reduce((a, r) => a + (r.recovered ? r.dropped : 0), 0);
  const warnings = secureAggregationWarnings(results);
  const clipped = secagg.clippedCoordinates ?? 0;
  return [
    "<h3>Secure aggregation (Bonawitz et al.)</h3>",
    `<p>${
      escapeHtml(
        "The server saw only masked updates and their sum. Sites that dropped after masking " +
          "had their masks removed through Shamir shares of their keys.",
      )
    }</p>`,
    cards([
      ["secure-aggregation bytes", bytes(secBytes)],
      ["share of all bytes", all > 0 ? pct(secBytes / all) : "n/a"],
      ["added virtual time (masking + unmasking)", duration(extraSeconds)],
      ["rounds recovered", `${recovered} / ${rounds.length}`],
      ["dropouts recovered", String(dropped)],
      ["delta coordinates clipped", String(clipped)],
    ]),
    ...warnings.map((w) => `<p class="fail">${escapeHtml(`Warning: ${w}.`)}</p>`),
    table(
      [
        "round",
        "cohort",
        "survivors",
        "dropped",
        "threshold",
        "recovered",
        "bytes",
        "site masking",
        "unmasking",
      ],
      rounds.map((r) => [
        String(r.round),
        String(r.cohort),
        String(r.survivors),
        String(r.dropped),
        String(r.threshold),
        r.recovered ? "yes" : "no",
        bytes(r.bytes),
        duration(r.siteSeconds),
        duration(r.unmaskSeconds),
      ]),
      [0, 1, 2, 3, 4, 6, 7, 8],
    ),
  ];
}

/**
 * The run's secure-aggregation warnings (rounds that clipped more than 0.1 %
 * of their delta coordinates), for the report and the command line.
 */
export function secureAggregationWarnings(results: Pick<RunResults, "extras">): string[] {
  return results.extras.secureAggregation?.warnings ?? [];
}

function attackPart(results: RunResults, attack: AttackRecord): string {
  const attackers = attack.attackers ?? [];
  const scenario = record(results.scenario);
  const strategy = record(record(scenario?.training)?.strategy);
  const params = record(strategy?.params) ?? {};
  const defence = `${strategy?.name ?? "?"} (aggregator ${params.aggregator ?? "mean"}${
    params.clipNorm !== undefined ? `, clipNorm ${params.clipNorm}` : ""
  })`;
  return "<h3>Attack</h3>" + cards([
    ["attack", String(attack.kind)],
    ["attacking sites", `${attackers.length} of ${results.sites.length}`],
    ["defence", defence],
    ["final accuracy", pct(results.summary.finalAccuracy)],
  ]) + `<p>${escapeHtml(`Attacking sites: ${attackers.join(", ")}.`)}</p>`;
}
