/**
 * Run directories: everything one run leaves behind, self-describing and
 * re-checkable without re-running training.
 *
 * ```
 * dir/scenario.resolved.yaml   the scenario after defaults (scenario.yaml: the text as given)
 * dir/manifest.json            seed, versions, backend, hashes, command to reproduce
 * dir/results.json             RunResults, keys sorted so equal results give equal bytes
 * dir/rounds.csv sites.csv partition.csv   (sites.csv: accuracy with n and Wilson 95% bounds)
 * dir/report.html              the self-contained report
 * ```
 */
import * as aq from "arquero";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { RunResults } from "../sim/results/results.ts";
import type { Execution, Manifest, TargetOutcome } from "./types.ts";
import { canonicalJson, resultsHash, reviveResults, sha256Hex } from "./canonical.ts";
import { buildManifest, parseManifest } from "./manifest.ts";
import { renderReport } from "./report.ts";
import { checkTargets, targetsOf } from "./targets.ts";
import { wilsonInterval } from "./stats/intervals.ts";

/** What {@link writeRunDirectory} needs. */
export interface RunDirectoryInput {
  /** The resolved scenario (defaults filled in); defaults to `results.scenario`. */
  scenario: unknown;
  /** The scenario file's text as the user wrote it, kept beside the resolved one. */
  scenarioText?: string;
  results: RunResults;
  /** Host wall-clock seconds the run took. */
  wallSeconds: number;
  /** The command to reproduce the run; defaults to running the resolved scenario. */
  command?: string;
  /** How the run was executed; the manifest records it, the results hash does not. */
  execution?: Execution;
}

/**
 * Writes a complete run directory (creating it) and returns the report's
 * path and the results hash. The report includes the target check of the
 * scenario's `targets` block.
 */
export async function writeRunDirectory(
  dir: string,
  input: RunDirectoryInput,
): Promise<{ reportPath: string; resultsHash: string }> {
  await Deno.mkdir(dir, { recursive: true });
  const scenario = input.scenario ?? input.results.scenario;
  const scenarioYaml = stringifyYaml(scenario ?? null);
  const resultsJson = canonicalJson(input.results, 2) + "\n";
  const hash = await resultsHash(input.results);
  const manifest = await buildManifest({
    results: input.results,
    scenarioSha256: await sha256Hex(scenarioYaml),
    resultsSha256: await sha256Hex(resultsJson),
    resultsHash: hash,
    wallSeconds: input.wallSeconds,
    execution: input.execution,
    command: input.command ??
      `deno task renkei run ${shellQuote(`${dir}/scenario.resolved.yaml`)} --out ${
        shellQuote(`${dir}-rerun`)
      }`,
  });
  const path = (name: string) => `${dir}/${name}`;
  await Deno.writeTextFile(path("scenario.resolved.yaml"), scenarioYaml);
  if (input.scenarioText !== undefined) {
    await Deno.writeTextFile(path("scenario.yaml"), input.scenarioText);
  }
  await Deno.writeTextFile(path("results.json"), resultsJson);
  await Deno.writeTextFile(path("manifest.json"), canonicalJson(manifest, 2) + "\n");
  for (const [name, rows] of csvTables(input.results)) {
    await Deno.writeTextFile(path(name), rows.length === 0 ? "" : aq.from(rows).toCSV() + "\n");
  }
  const outcomes = checkScenarioTargets(input.results, scenario);
  const reportPath = path("report.html");
  await Deno.writeTextFile(reportPath, renderReport(input.results, manifest, outcomes));
  return { reportPath, resultsHash: hash };
}

/** Quotes a path for a POSIX shell when it holds anything but plain path characters. */
function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}

/** The CSV files of a run: per-round records, per-site records, the partition. */
function csvTables(results: RunResults): [string, Record<string, unknown>[]][] {
  // Every per-site accuracy carries its n (testSamples) and Wilson 95% interval.
  const sites = results.sites.map((s) => {
    const { low, high } = wilsonInterval(s.accuracy, s.testSamples);
    return { ...s, missing: s.missing.join(";"), accuracyLow95: low, accuracyHigh95: high };
  });
  return [
    ["rounds.csv", results.rounds as unknown as Record<string, unknown>[]],
    ["sites.csv", sites],
    ["partition.csv", results.partition],
  ];
}

/** Outcomes of the scenario's targets, or undefined when it sets none. */
function checkScenarioTargets(results: RunResults, scenario: unknown): TargetOutcome[] | undefined {
  const targets = targetsOf(scenario ?? results.scenario);
  return Object.keys(targets).some((k) => k !== "seeds")
    ? checkTargets(results, targets)
    : undefined;
}

/**
 * Reads a run directory back: results (NaN restored where JSON wrote null),
 * the manifest and the resolved scenario.
 */
export async function readRunDirectory(
  dir: string,
): Promise<{ results: RunResults; manifest: Manifest; scenario: unknown }> {
  const read = async (name: string) => {
    try {
      return await Deno.readTextFile(`${dir}/${name}`);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) {
        throw new TypeError(`Expected a run directory with ${name} but found none in ${dir}`);
      }
      throw e;
    }
  };
  const results = reviveResults(JSON.parse(await read("results.json")));
  const manifest = parseManifest(JSON.parse(await read("manifest.json")), `${dir}/manifest.json`);
  const scenario = parseYaml(await read("scenario.resolved.yaml"));
  return { results, manifest, scenario };
}

/**
 * Checks a run directory's results against its scenario's targets: what
 * `renkei check RUN_DIR` prints (with `formatTargets`) and exits 1 on.
 */
export async function checkRunDirectory(dir: string): Promise<TargetOutcome[]> {
  const { results, scenario } = await readRunDirectory(dir);
  return checkTargets(results, targetsOf(scenario ?? results.scenario));
}
