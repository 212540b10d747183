/**
 * The ablation of issue #8, one command:
 *
 *   deno run -A tools/ablation.ts [scenario] [--out DIR] [--seed N] [--only a,b]
 *
 * Runs the scenario (default scenarios/robustness/ablation.yaml) with every
 * mechanism off, with each mechanism on alone, and with all on; writes each
 * run's results.json, a comparison page (reports' `renderComparison`) and
 * ablation.md/json with retention per degraded group and its 95% interval;
 * prints the table. Retention of a run with personalisation uses the
 * personalised accuracy (the model a site would deploy).
 */
import { join } from "node:path";
import { loadScenario } from "../scenarios/mod.ts";
import { runScenario } from "../sim/fl/mod.ts";
import type { RunResults } from "../sim/results/results.ts";
import { type LabelledRun, renderComparison, siteCondition } from "../reports/mod.ts";
import {
  meanSd,
  type RetentionWithSpread,
  retentionWithSpread,
} from "../sim/robustness/retention.ts";

/** Retention every degraded group should reach (issue #8). */
export const RETENTION_GOAL = 0.95;
/** Most accuracy full sites may lose against the run without mechanisms. */
export const FULL_SITE_TOLERANCE = 0.01;
/** Modality-dropout rate of the variants that switch it on. */
export const ABLATION_MODALITY_DROPOUT = 0.2;

/** One variant: a name and the overrides that switch its mechanisms on. */
export interface AblationVariant {
  name: string;
  sets: string[];
}

const ON = {
  dropout: `model.modalityDropout=${ABLATION_MODALITY_DROPOUT}`,
  augmentation: "robustness.granularityAugmentation=true",
  weighting: "robustness.smallSiteWeighting=true",
  imputation: "robustness.imputation=true",
  personalization: "personalization.enabled=true",
};

/** The variants: all off, each mechanism alone, all on. */
export const ABLATION_VARIANTS: readonly AblationVariant[] = [
  { name: "none", sets: [] },
  { name: "modality-dropout", sets: [ON.dropout] },
  { name: "granularity-augmentation", sets: [ON.augmentation] },
  { name: "small-site-weighting", sets: [ON.weighting] },
  { name: "imputation", sets: [ON.imputation] },
  { name: "personalization", sets: [ON.personalization] },
  { name: "all", sets: Object.values(ON) },
  // Personalisation helps data-rich sites most, so retention is also shown without it.
  {
    name: "all-but-personalization",
    sets: Object.values(ON).filter((s) => s !== ON.personalization),
  },
];

/** One row of the ablation table. */
export interface AblationRow {
  variant: string;
  globalAccuracy: number;
  /** Mean accuracy of full sites (personalised when the variant personalises). */
  fullAccuracy: number;
  /** fullAccuracy − that of the variant without mechanisms. */
  fullDelta: number;
  retention: RetentionWithSpread[];
  wallSeconds: number;
}

/**
 * The personal accuracy a run's sites deploy: the fine-tuned head when the
 * personalisation pass ran, else the strategy's own personal model, else none.
 */
function personalMetric(r: RunResults): "fineTunedAccuracy" | "personalizedAccuracy" | null {
  if (r.sites.some((s) => Number.isFinite(s.fineTunedAccuracy))) return "fineTunedAccuracy";
  if (r.sites.some((s) => Number.isFinite(s.personalizedAccuracy))) return "personalizedAccuracy";
  return null;
}

/** The sites of a run with the accuracy each would deploy. */
export function deployedSites(r: RunResults): RunResults["sites"] {
  const metric = personalMetric(r);
  if (metric === null) return r.sites;
  return r.sites.map((s) => ({ ...s, accuracy: s[metric] ?? NaN }));
}

/** The ablation table from labelled runs; the first run is the reference (no mechanisms). */
export function ablationRows(runs: readonly LabelledRun[]): AblationRow[] {
  const fullOf = (r: RunResults) =>
    meanSd(deployedSites(r).filter((s) => siteCondition(s) === "full").map((s) => s.accuracy))
      .mean;
  const reference = fullOf(runs[0].results);
  return runs.map(({ label, results }) => ({
    variant: label,
    globalAccuracy: results.summary.finalAccuracy,
    fullAccuracy: fullOf(results),
    fullDelta: fullOf(results) - reference,
    retention: retentionWithSpread(deployedSites(results)),
    wallSeconds: results.summary.wallSeconds,
  }));
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "–");

/** The table as Markdown, with a verdict per group for each variant. */
export function ablationMarkdown(rows: readonly AblationRow[]): string {
  const groups = [...new Set(rows.flatMap((r) => r.retention.map((g) => g.group)))];
  const head = [
    "variant",
    "global",
    "full sites",
    "Δ full",
    ...groups.map((g) => `${g} retention [95% CI]`),
  ];
  const lines = [
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((r) => {
      const cells = groups.map((g) => {
        const x = r.retention.find((y) => y.group === g);
        if (x === undefined) return "–";
        const ok = x.retention >= RETENTION_GOAL ? "" : " ✗";
        return `${f3(x.retention)} [${f3(x.ci95[0])}, ${f3(x.ci95[1])}]${ok}`;
      });
      const fullOk = r.fullDelta >= -FULL_SITE_TOLERANCE ? "" : " ✗";
      return `| ${
        [
          r.variant,
          f3(r.globalAccuracy),
          f3(r.fullAccuracy),
          `${f3(r.fullDelta)}${fullOk}`,
          ...cells,
        ]
          .join(" | ")
      } |`;
    }),
  ];
  return lines.join("\n") + "\n";
}

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

if (import.meta.main) {
  const args = [...Deno.args];
  const file = args[0] !== undefined && !args[0].startsWith("--")
    ? args[0]
    : "scenarios/robustness/ablation.yaml";
  const out = argValue(args, "--out") ?? "runs/robustness-ablation";
  const seedText = argValue(args, "--seed");
  const only = argValue(args, "--only")?.split(",");
  const variants = ABLATION_VARIANTS.filter((v) =>
    v.name === "none" || !only || only.includes(v.name)
  );
  const runs: LabelledRun[] = [];
  for (const v of variants) {
    const scenario = await loadScenario(file, { sets: v.sets });
    console.error(`== ${v.name} ${v.sets.join(" ")}`);
    const results = await runScenario(scenario, {
      seed: seedText === undefined ? undefined : Number(seedText),
      quiet: true,
    });
    Deno.mkdirSync(join(out, v.name), { recursive: true });
    Deno.writeTextFileSync(join(out, v.name, "results.json"), JSON.stringify(results));
    runs.push({ label: v.name, results });
  }
  const rows = ablationRows(runs);
  const table = ablationMarkdown(rows);
  Deno.writeTextFileSync(join(out, "ablation.md"), table);
  Deno.writeTextFileSync(join(out, "ablation.json"), JSON.stringify(rows, null, 2));
  const deployed = runs.map((r) => ({
    label: r.label,
    results: { ...r.results, sites: deployedSites(r.results) },
  }));
  Deno.writeTextFileSync(join(out, "comparison.html"), renderComparison(deployed));
  console.log(table);
  console.log(`wrote ${out}/ablation.md, ablation.json, comparison.html`);
}
