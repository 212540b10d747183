/** HTML fragments shared by the run report and the comparison report. */
import type { TargetOutcome } from "./types.ts";
import type { Manifest } from "./types.ts";
import { type GroupRetention, meanFinite } from "../sim/results/groups.ts";
import type { SiteRecord } from "../sim/results/results.ts";
import { escapeHtml } from "./html.ts";
import { pct } from "./format.ts";

/** A grid of headline numbers. */
export function cards(items: [label: string, value: string][]): string {
  const inner = items.map(([label, value]) =>
    `<div class="card"><div class="value">${escapeHtml(value)}</div>` +
    `<div class="label">${escapeHtml(label)}</div></div>`
  ).join("");
  return `<div class="cards">${inner}</div>`;
}

/** A table; `numeric` marks columns to right-align. Cells are escaped. */
export function table(head: string[], rows: string[][], numeric: number[] = []): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const tr = rows.map((r) =>
    `<tr>${
      r.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ""}>${escapeHtml(c)}</td>`)
        .join("")
    }</tr>`
  ).join("\n");
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

/** The targets table, pass/fail coloured. */
export function targetsTable(outcomes: TargetOutcome[] | undefined): string {
  if (!outcomes || outcomes.length === 0) return "<p>The scenario sets no targets.</p>";
  const num = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(4))) : "n/a");
  const rows = outcomes.map((o) =>
    `<tr><td>${escapeHtml(o.name)}</td><td class="num">${escapeHtml(o.comparison)} ${
      num(o.threshold)
    }</td><td class="num">${num(o.measured)}</td><td class="num">${num(o.worst)}</td>` +
    `<td class="${o.pass ? "pass" : "fail"}">${o.pass ? "PASS" : "FAIL"}</td>` +
    `<td>${escapeHtml(o.note ?? "")}</td></tr>`
  ).join("\n");
  const runs = outcomes[0].runs;
  return `<table><thead><tr><th>target</th><th>threshold</th><th>measured${
    runs > 1 ? ` (mean of ${runs})` : ""
  }</th><th>worst</th><th>result</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Retention per degraded group as a table. */
export function retentionTable(groups: GroupRetention[]): string {
  if (groups.length === 0) return "<p>No degraded sites in this run.</p>";
  return table(
    ["group", "condition", "sites", "mean accuracy", "full sites", "retention"],
    groups.map((g) => [
      g.group,
      g.condition,
      String(g.sites),
      pct(g.meanAccuracy),
      pct(g.fullAccuracy),
      Number.isFinite(g.retention) ? g.retention.toFixed(3) : "n/a",
    ]),
    [2, 3, 4, 5],
  );
}

/**
 * Mean accuracy per group of the global model, the strategy's own personal
 * model (FedBN, local-only) and the fine-tuned head of the personalisation
 * pass, each labelled; empty when the run has neither personal measure.
 */
export function personalAccuracyTable(sites: readonly SiteRecord[]): string {
  const finite = (k: "personalizedAccuracy" | "fineTunedAccuracy") =>
    sites.some((s) => Number.isFinite(s[k]));
  if (!finite("personalizedAccuracy") && !finite("fineTunedAccuracy")) return "";
  const groups = [...new Set(sites.map((s) => s.group))];
  const rows = groups.map((group) => {
    const own = sites.filter((s) => s.group === group);
    const mean = (k: "accuracy" | "personalizedAccuracy" | "fineTunedAccuracy") => {
      const m = meanFinite(own.map((s) => s[k] ?? NaN));
      return Number.isFinite(m) ? pct(m) : "n/a";
    };
    return [
      group,
      String(own.length),
      mean("accuracy"),
      mean("personalizedAccuracy"),
      mean("fineTunedAccuracy"),
    ];
  });
  return "<h3>Personalised accuracy</h3>" + table(
    ["group", "sites", "global model", "strategy's personal model", "fine-tuned head"],
    rows,
    [1, 2, 3, 4],
  );
}

/** Seed, versions, hashes and the command to reproduce the run. */
export function reproducibilityBlock(m: Manifest): string {
  const entries: [string, string][] = [
    ["root seed", String(m.rootSeed)],
    ["renkei", m.renkeiVersion],
    ["git commit", m.gitCommit ?? "not a git checkout"],
    ["deno / v8 / typescript", `${m.deno} / ${m.v8} / ${m.typescript}`],
    ["tfjs (backend)", `${m.tfjs} (${m.backendDetail ?? m.backend ?? "unknown"})`],
    ["scenario sha256", m.scenarioSha256],
    ["results.json sha256", m.resultsSha256],
    ["results hash (no wall clock)", m.resultsHash],
    ...(m.execution === undefined ? [] : [[
      "executed on (not hashed)",
      `${m.execution.executor}${
        m.execution.workers === null ? "" : `, ${m.execution.workers} worker thread(s)`
      }${m.execution.redis === null ? "" : `, ${m.execution.redis}`}`,
    ] as [string, string]]),
    ["created", m.createdAt],
  ];
  const dl = entries.map(([k, v]) =>
    `<dt>${escapeHtml(k)}</dt><dd><code>${escapeHtml(v)}</code></dd>`
  )
    .join("");
  return `<dl>${dl}</dl><p>Reproduce:</p><pre>${escapeHtml(m.command)}</pre>`;
}
