/**
 * The attack × defence grid (issue #9): runs every scenario in this folder
 * under each defence, and once without its attack, then writes one
 * comparison report per attack and a table of final accuracies.
 *
 *   deno run -A tools/attack_grid.ts [--out runs/attack-grid] [--rounds 5]
 *
 * Writes `<out>/<attack>.html` (renderComparison of the defences),
 * `<out>/grid.csv` and `<out>/grid.md`, and prints the table.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadScenario } from "../scenarios/mod.ts";
import { runScenario } from "../sim/fl/mod.ts";
import { type LabelledRun, renderComparison } from "../reports/mod.ts";

/** Each defence as `--set` overrides of the scenario's strategy params. */
export const DEFENCES: Record<string, string[]> = {
  "none (mean)": ["training.strategy.params.aggregator=mean"],
  "median": ["training.strategy.params.aggregator=median"],
  "trimmed-mean": [
    "training.strategy.params.aggregator=trimmed-mean",
    "training.strategy.params.trimFraction=0.25",
  ],
  "krum": ["training.strategy.params.aggregator=krum"],
  "multi-krum": ["training.strategy.params.aggregator=multi-krum"],
  "norm-clip": [
    "training.strategy.params.aggregator=mean",
    "training.strategy.params.clipNorm=median",
  ],
};

function option(name: string, fallback: string): string {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 && Deno.args[i + 1] !== undefined ? Deno.args[i + 1] : fallback;
}

const here = fileURLToPath(new URL("../scenarios/attacks/", import.meta.url));
const out = option("out", "runs/attack-grid");
const rounds = option("rounds", "");
mkdirSync(out, { recursive: true });
const files = readdirSync(here).filter((f) => f.endsWith(".yaml")).sort();
const table: { attack: string; defence: string; accuracy: number }[] = [];
for (const file of files) {
  const attack = basename(file, ".yaml");
  const runs: LabelledRun[] = [];
  const cases: [string, string[]][] = [
    ...Object.entries(DEFENCES),
    ["no attack (mean)", ["attack.fraction=0", "training.strategy.params.aggregator=mean"]],
  ];
  for (const [defence, sets] of cases) {
    const scenario = await loadScenario(join(here, file), {
      sets: rounds === "" ? sets : [...sets, `training.rounds=${rounds}`],
    });
    const results = await runScenario(scenario, { workers: 0, quiet: true });
    runs.push({ label: defence, results });
    table.push({ attack, defence, accuracy: results.summary.finalAccuracy });
    console.log(
      `${attack.padEnd(12)} ${defence.padEnd(18)} ${results.summary.finalAccuracy.toFixed(3)}`,
    );
  }
  writeFileSync(join(out, `${attack}.html`), renderComparison(runs));
}

const defences = [...Object.keys(DEFENCES), "no attack (mean)"];
const cell = (a: string, d: string) =>
  table.find((r) => r.attack === a && r.defence === d)?.accuracy.toFixed(3) ?? "";
const attacks = files.map((f) => basename(f, ".yaml"));
writeFileSync(
  join(out, "grid.csv"),
  ["attack,defence,finalAccuracy", ...table.map((r) => `${r.attack},${r.defence},${r.accuracy}`)]
    .join("\n") + "\n",
);
const md = [
  `| attack | ${defences.join(" | ")} |`,
  `|---|${defences.map(() => "---:").join("|")}|`,
  ...attacks.map((a) => `| ${a} | ${defences.map((d) => cell(a, d)).join(" | ")} |`),
].join("\n");
writeFileSync(join(out, "grid.md"), md + "\n");
console.log(`\nFinal global accuracy, attack × defence:\n${md}\n\nwrote ${out}/`);
