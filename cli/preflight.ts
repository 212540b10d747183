/**
 * The preflight: everything a scenario or a command can get wrong, found
 * before any training and reported as `file:line  path: message` (exit 2).
 * `validate`, `run`, `sweep` (every combination) and `worker` go through it.
 * It assembles the scenario schema with the rules of the layers above it
 * (strategy params, privacy, cohort rules), which are passed in, so
 * `scenarios/` imports no simulation code. Nothing here loads TensorFlow.js.
 */
import { join } from "node:path";
import { formatPath, loadScenario, type Scenario } from "../scenarios/mod.ts";
import { CHECKPOINT_STATE_FILE } from "../sim/fl/run/checkpoint.ts";
import {
  fingerprintSettings,
  scenarioFingerprint,
  settingDifferences,
} from "../sim/fl/run/run_state.ts";
import { SCENARIO_CHECKS } from "../sim/fl/scenario_checks.ts";
import { parseRedisUrl } from "../sim/exec/redis_url.ts";
import { UsageError } from "./exit.ts";
import { sourceShapes } from "../sim/data/source_shapes.ts";
import { writtenModelProblems } from "../models/declared_check.ts";
import type { PlainIssue } from "../scenarios/mod.ts";

/**
 * A declared model's layers fit the shapes and classes of the scenario's
 * data, and `model.init` names readable saved weights of the model's shapes.
 */
export function checkDeclaredModel(scenario: Scenario): PlainIssue[] {
  const { data, model } = scenario;
  const { shapes, classes } = sourceShapes({
    source: data.source,
    classes: data.classes,
    modalities: data.modalities,
  });
  return writtenModelProblems(model, shapes, classes)
    .map((p) => ({ path: ["model", ...p.path], message: p.message }));
}

/** Every rule the preflight adds to the scenario schema's own. */
const CHECKS = [...SCENARIO_CHECKS, checkDeclaredModel];

/**
 * Reads and checks a scenario file with `sets` applied: the schema, the
 * cross-field rules and the federated layer's rules. Throws a
 * `ScenarioError` with every problem.
 *
 * @example
 * ```ts
 * import { preflightScenario } from "./preflight.ts";
 * const s = await preflightScenario("scenarios/demo.yaml", ["training.rounds=2"]);
 * if (s.training.rounds !== 2) throw new Error("example failed");
 * ```
 */
export function preflightScenario(file: string, sets: readonly string[] = []): Promise<Scenario> {
  return loadScenario(file, { sets, checks: CHECKS });
}

/**
 * The preflight's rules for a scenario that arrives resolved (a worker's
 * task): every problem of the federated layer's checks, as `path: message`.
 */
export function scenarioProblems(scenario: Scenario): string[] {
  return CHECKS.flatMap((check) => check(scenario))
    .map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

/**
 * `flag` (e.g. `--out`) must name a folder or nothing yet: a file there
 * would only fail once the run is over.
 */
export async function requireFolderOrNothing(path: string, flag: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return;
    throw new UsageError(`${flag} ${path} cannot be used (${messageOf(err)})`);
  }
  if (!info.isDirectory) {
    throw new UsageError(
      `${flag} ${path} is a file (expected a folder for the run, or a path that does not exist yet)`,
    );
  }
}

/** What `--resume` will do in `outDir`. */
export type ResumePlan = { kind: "afresh"; reason: string } | { kind: "resume"; round: number };

/**
 * Looks at the checkpoint `--resume` would continue from: none means the run
 * starts afresh (said, not silent); one of another scenario or seed is the
 * person's mistake (a UsageError naming the settings that differ).
 */
export async function planResume(outDir: string, scenario: Scenario): Promise<ResumePlan> {
  const path = join(outDir, "checkpoint", CHECKPOINT_STATE_FILE);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      return { kind: "afresh", reason: `no checkpoint in ${join(outDir, "checkpoint")}` };
    }
    throw new UsageError(`--resume: ${path} cannot be read (${messageOf(err)})`);
  }
  let saved: { round?: unknown; state?: { settings?: unknown; fingerprint?: unknown } };
  try {
    saved = JSON.parse(text);
  } catch {
    throw new UsageError(`--resume: ${path} is not a checkpoint (expected JSON written by a run)`);
  }
  const now = fingerprintSettings(scenario, scenario.seed);
  const before = saved.state?.settings;
  const differences = before !== undefined
    ? [...new Set(settingDifferences(before, now))]
    : saved.state?.fingerprint !== scenarioFingerprint(scenario, scenario.seed)
    ? ["(a checkpoint from an older Renkei, which does not record its settings)"]
    : [];
  if (differences.length > 0) {
    const shown = differences.slice(0, 8).join("; ") +
      (differences.length > 8 ? `; and ${differences.length - 8} more` : "");
    throw new UsageError(
      `--resume: the checkpoint in ${outDir} is of another scenario or seed (${shown}); ` +
        "resume with the same settings, or choose another --out",
    );
  }
  return { kind: "resume", round: Number(saved.round ?? 0) };
}

/** `--redis URL` must be an address before anything connects to it. */
export function requireRedisUrl(url: string | undefined): void {
  if (url === undefined) return;
  try {
    parseRedisUrl(url);
  } catch (err) {
    throw new UsageError(`--redis: ${messageOf(err)}`);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
