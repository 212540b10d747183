/**
 * The report of a split-learning run (`renkei split`): the planned partition
 * with each device's memory against its budget, the planner's candidate
 * table, the placement comparison (planned split, weakest device alone, raw
 * inputs to the edge server — the last flagged as moving raw data), the real
 * steps and the reproducibility block. It reads `split.json`'s record and
 * never re-runs training.
 */
import type { Placement, SplitRunRecord } from "../sim/split/mod.ts";
import { describeBounds } from "../sim/split/mod.ts";
import type { ChartSpec } from "./charts.ts";
import denoJson from "../deno.json" with { type: "json" };
import { canonicalJson, sha256Hex } from "./canonical.ts";
import { bytes, pct } from "./format.ts";
import { chartSlot, escapeHtml, renderPage } from "./html.ts";
import { gitCommit, pinnedTfjsVersion } from "./manifest.ts";
import { cards, reproducibilityBlock, table } from "./sections.ts";
import type { Manifest } from "./types.ts";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
/** Fields of a split record that measure this machine, left out of its hash. */
export const SPLIT_HOST_FIELD = /^(wall[A-Z_].*|createdAt|host)$/;
/** The flag every placement that moves raw inputs carries in the report. */
export const RAW_DATA_FLAG = "moves raw data — reference only";
/** Candidate partitions the report lists (split.json keeps more). */
export const REPORT_CANDIDATES = 10;
const STATUS_COLOURS = {
  domain: ["fits", "does not fit", RAW_DATA_FLAG],
  range: ["#4c78a8", "#bab0ac", "#e45756"],
};

/** Seconds with three significant digits, down to microseconds. */
function sec(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return "n/a";
  if (x === 0) return "0 s";
  if (x < 1e-3) return `${(x * 1e6).toPrecision(3)} µs`;
  if (x < 1) return `${(x * 1e3).toPrecision(3)} ms`;
  return `${x.toPrecision(3)} s`;
}

function status(p: Placement): string {
  return p.movesRawData ? RAW_DATA_FLAG : p.fits ? "fits" : "does not fit";
}

/** The split run's HTML page: self-contained, every scenario string escaped. */
export function renderSplitReport(record: SplitRunRecord, manifest: Manifest): string {
  const specs: Record<string, ChartSpec> = {};
  const slot = (id: string, spec: ChartSpec, caption: string) => {
    specs[id] = { $schema: SCHEMA, ...spec };
    return chartSlot(id, caption);
  };
  const { plan, settings, devices } = record;
  const names = devices.map((d) => d.name);
  const targetText = settings.targetAccuracy === null
    ? "not set"
    : record.stepsToTarget === null
    ? `${pct(settings.targetAccuracy)} not reached in ${settings.steps} steps`
    : `${pct(settings.targetAccuracy)} after ${record.stepsToTarget} steps`;
  const html: string[] = [
    `<h1>${escapeHtml(record.name)} — split learning</h1>`,
    `<p class="description">${escapeHtml(record.description)}</p>`,
    cards([
      ["parameters", record.model.parameters.toLocaleString("en-US")],
      ["model", `${record.model.preset}, ${record.model.stages.length} stages`],
      ["simulated time per step", sec(record.simulatedStepSeconds)],
      ["wall time per step (this machine)", sec(record.host.wallStepSeconds)],
      ["peak RSS", bytes(record.host.peakRssBytes)],
      ["steps to target accuracy", targetText],
      ["real steps / batch", `${settings.steps} / ${settings.batchSize}`],
      ["backend", record.host.backend],
    ]),
    "<h2>Planned partition</h2>",
    `<p>${escapeHtml(describeBounds(plan.chosen, names))}</p>`,
    table(
      ["device", "FLOP/s", "stages", "compute / step", "memory used", "budget", "link up"],
      devices.map((d, i) => [
        d.name,
        d.computeFlops.toExponential(2),
        plan.chosen.stagesByDevice[i].join(", ") || "— (relays only)",
        sec(plan.chosen.computeSeconds[i]),
        bytes(plan.chosen.memoryBytes[i]),
        bytes(d.memoryBytes),
        i < record.links.length ? sec(plan.chosen.transferSeconds[i]) : "—",
      ]),
      [1, 3, 4, 5, 6],
    ),
    slot(
      "chart-split-memory",
      memoryChart(record),
      "Memory the planned partition uses on each device (weights, gradients, optimiser state and " +
        "kept activations) as a share of its budget; the dashed rule is the budget.",
    ),
    "<h2>The planner's choice</h2>",
    `<p>${plan.totalCandidates} candidate partitions costed; the ${
      Math.min(REPORT_CANDIDATES, plan.candidates.length)
    } fastest are shown, feasible ones first. The chosen one (rank 1) has the shortest simulated ` +
    "step among those that fit every device's memory.</p>",
    table(
      [
        "rank",
        "partition",
        "step",
        "compute / device",
        "transfer / link",
        "memory / device",
        "fits",
      ],
      plan.candidates.slice(0, REPORT_CANDIDATES).map((c) => [
        c.chosen ? `${c.rank} (chosen)` : String(c.rank),
        describeBounds(c, names),
        sec(c.stepSeconds),
        c.computeSeconds.map(sec).join(" / "),
        c.transferSeconds.map(sec).join(" / ") || "—",
        c.memoryBytes.map(bytes).join(" / "),
        c.feasible ? "yes" : `no: ${c.overflow!.device} needs ${bytes(c.overflow!.neededBytes)}`,
      ]),
      [0, 2],
    ),
    "<h2>Placements under the same budgets</h2>",
    comparisonIntro(record),
    placementTable(record.placements),
    slot(
      "chart-split-placements",
      placementChart(record),
      record.stepsToTarget === null
        ? "Simulated time per epoch of each placement (no steps-to-target measured)."
        : `Simulated time to ${pct(settings.targetAccuracy)} held-out accuracy: ` +
          `${record.stepsToTarget} steps × each placement's step time.`,
    ),
    "<h2>Real steps on this machine</h2>",
    slot(
      "chart-split-loss",
      lossChart(record),
      "Training loss of each real step through the planned split" +
        (record.evaluations.length > 0 ? ", and held-out accuracy (dashed: the target)." : "."),
    ),
    slot(
      "chart-split-step-time",
      stepTimeChart(record),
      "Seconds per step: simulated on the building's devices, and wall-clock on this machine.",
    ),
    "<h2>Reproducibility</h2>",
    reproducibilityBlock(manifest).replace("results.json sha256", "split.json sha256")
      .replace("results hash (no wall clock)", "split.json hash (no host measurements)"),
  ];
  return renderPage({
    title: `Renkei split report: ${record.name}`,
    body: html.join("\n"),
    charts: specs,
  });
}

function comparisonIntro(record: SplitRunRecord): string {
  const n = record.stepsToTarget;
  const how = n === null
    ? "No steps-to-target were measured (set split.targetAccuracy to measure them), so only " +
      "step and epoch times are compared."
    : `Split training gives the same weights as unsplit training, so every placement needs the ` +
      `${n} steps the real run needed; only the time per step differs.`;
  return `<p>${escapeHtml(how)} Sending raw inputs to the edge server is shown for reference ` +
    `only: it <strong>moves raw data</strong>, which split learning exists to avoid.</p>`;
}

function placementTable(placements: Placement[]): string {
  const rows = placements.map((p) =>
    `<tr${p.movesRawData ? ' class="raw-data" style="background:#fdecea"' : ""}><td>${
      escapeHtml(p.name)
    }</td>` +
    `<td class="${p.fits ? "pass" : "fail"}">${p.fits ? "fits" : "does not fit"}</td>` +
    [p.stepSeconds, p.epochSeconds, p.secondsToTarget]
      .map((x) => `<td class="num">${escapeHtml(sec(x))}</td>`).join("") +
    `<td class="num">${escapeHtml(bytes(p.bytesPerStep))}</td><td>${
      p.movesRawData ? `<strong class="fail">${escapeHtml(RAW_DATA_FLAG)}</strong>` : ""
    }${!p.fits && p.reason ? escapeHtml(` ${p.reason}`) : ""}</td></tr>`
  ).join("\n");
  return "<table><thead><tr><th>placement</th><th>memory</th><th>step</th><th>epoch</th>" +
    "<th>to target</th><th>bytes / step</th><th></th></tr></thead>" +
    `<tbody>${rows}</tbody></table>`;
}

function memoryChart(record: SplitRunRecord): ChartSpec {
  const rows = record.devices.map((d, i) => ({
    device: d.name,
    used: record.plan.chosen.memoryBytes[i],
    budget: d.memoryBytes,
    share: d.memoryBytes > 0 ? record.plan.chosen.memoryBytes[i] / d.memoryBytes : 0,
  }));
  return {
    width: 480,
    layer: [
      {
        data: { values: rows },
        mark: { type: "bar", tooltip: true },
        encoding: {
          y: { field: "device", type: "nominal", sort: null, title: null },
          x: {
            field: "share",
            type: "quantitative",
            title: "memory used ÷ budget",
            axis: { format: ".0%" },
            scale: { domainMin: 0, domainMax: 1 },
          },
          tooltip: [
            { field: "device" },
            { field: "used", title: "used (bytes)", format: ",.0f" },
            { field: "budget", title: "budget (bytes)", format: ",.0f" },
          ],
        },
      },
      {
        data: { values: [{ share: 1 }] },
        mark: { type: "rule", strokeDash: [4, 3], color: "black" },
        encoding: { x: { field: "share", type: "quantitative" } },
      },
    ],
  };
}

function placementChart(record: SplitRunRecord): ChartSpec {
  const measured = record.stepsToTarget !== null;
  const rows = record.placements.map((p) => ({
    placement: p.name,
    seconds: measured ? p.secondsToTarget : p.epochSeconds,
    status: status(p),
  }));
  return {
    width: 480,
    data: { values: rows },
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: { field: "placement", type: "nominal", sort: null, title: null },
      x: {
        field: "seconds",
        type: "quantitative",
        title: measured ? "simulated seconds to target" : "simulated seconds per epoch",
      },
      color: { field: "status", type: "nominal", scale: STATUS_COLOURS, title: null },
    },
  };
}

function lossChart(record: SplitRunRecord): ChartSpec {
  const rows = [
    ...record.steps.map((s) => ({ step: s.step, value: s.loss, series: "training loss" })),
    ...record.evaluations.map((e) => ({
      step: e.step,
      value: e.accuracy,
      series: "held-out accuracy",
    })),
  ];
  const layers: ChartSpec[] = [{
    data: { values: rows },
    mark: { type: "line", point: true, tooltip: true },
    encoding: {
      x: { field: "step", type: "quantitative", title: "step" },
      y: {
        field: "value",
        type: "quantitative",
        title: record.evaluations.length > 0 ? "loss / accuracy" : "training loss",
      },
      color: { field: "series", type: "nominal", title: null },
    },
  }];
  if (record.settings.targetAccuracy !== null && record.evaluations.length > 0) {
    layers.push({
      data: { values: [{ value: record.settings.targetAccuracy }] },
      mark: { type: "rule", strokeDash: [6, 4], color: "black" },
      encoding: { y: { field: "value", type: "quantitative" } },
    });
  }
  return { width: 560, height: 220, layer: layers };
}

function stepTimeChart(record: SplitRunRecord): ChartSpec {
  const rows = record.steps.flatMap((s) => [
    { step: s.step, seconds: s.simulatedSeconds, clock: "simulated (devices)" },
    { step: s.step, seconds: s.wallSeconds, clock: "wall (this machine)" },
  ]);
  return {
    width: 560,
    height: 200,
    data: { values: rows },
    mark: { type: "line", point: true, tooltip: true },
    encoding: {
      x: { field: "step", type: "quantitative", title: "step" },
      y: { field: "seconds", type: "quantitative", title: "seconds per step" },
      color: { field: "clock", type: "nominal", title: null },
    },
  };
}

/** Where {@link writeSplitDirectory} put its files. */
export interface SplitDirectory {
  recordPath: string;
  reportPath: string;
}

/**
 * Writes `dir/split.json` (the record, keys sorted) and `dir/report.html`,
 * creating `dir`. `scenarioText` is hashed into the reproducibility block;
 * `command` re-runs the scenario.
 */
export async function writeSplitDirectory(
  dir: string,
  record: SplitRunRecord,
  input: { scenarioText: string; command: string },
): Promise<SplitDirectory> {
  await Deno.mkdir(dir, { recursive: true });
  const json = canonicalJson(record, 2) + "\n";
  const manifest: Manifest = {
    name: record.name,
    rootSeed: record.seed,
    renkeiVersion: denoJson.version,
    gitCommit: await gitCommit(),
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    tfjs: pinnedTfjsVersion(),
    backend: record.host.backend,
    scenarioSha256: await sha256Hex(input.scenarioText),
    resultsSha256: await sha256Hex(json),
    resultsHash: await sha256Hex(canonicalJson(record, 0, SPLIT_HOST_FIELD)),
    wallSeconds: record.host.wallSeconds,
    createdAt: new Date().toISOString(),
    command: input.command,
  };
  const recordPath = `${dir}/split.json`;
  const reportPath = `${dir}/report.html`;
  await Deno.writeTextFile(recordPath, json);
  await Deno.writeTextFile(reportPath, renderSplitReport(record, manifest));
  return { recordPath, reportPath };
}
