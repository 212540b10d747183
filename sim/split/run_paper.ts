/**
 * Runs the split-learning scenario of one building (by default the
 * ~150M-parameter paper model): plans the partition, trains through it for
 * real, and prints parameters, the planner's per-candidate table, simulated
 * and wall time per step, peak memory and the placement comparison.
 * `renkei split` calls {@link main} and writes `split.json` and the report.
 *
 *   deno run -A sim/split/run_paper.ts [--scenario FILE] [--steps N] [--batch N]
 *
 * The scenario's first site group with `iot` nodes is the building; its
 * `split` block names the data node, the helpers, the real batch size and,
 * optionally, the held-out accuracy whose steps-to-target are measured.
 */
import { parse } from "yaml";
import { buildModel, initBackend, type PresetName } from "../../models/mod.ts";
import { createSceneSource, type Modality, prepareDataHelpers } from "../data/mod.ts";
import { Rng, sampleDistribution } from "../engine/mod.ts";
import { buildingChain, drawBuilding, type IotNodeSpec } from "./building.ts";
import { planTable } from "./explain.ts";
import { candidateRows, type SplitRunRecord } from "./record.ts";
import { type OptimizerName, trainThroughSplit } from "./train_run.ts";
import { printRecord } from "./print.ts";

/** The default scenario of the paper-scale split run. */
export const PAPER_SCENARIO = "scenarios/paper-scale-150m.yaml";
/** SGD step size when the scenario gives none: the paper preset diverges at 0.01. */
export const DEFAULT_LEARNING_RATE = 1e-4;
/** Held-out samples for the accuracy curve when the scenario gives no globalTestSamples. */
export const DEFAULT_HELD_OUT = 256;

type Distribution = Parameters<typeof sampleDistribution>[0];

/** The fields of a scenario a split run reads (a validated scenario has them all). */
export interface SplitScenario {
  name?: string;
  description?: string;
  seed?: number;
  data?: { classes?: number; modalities?: Modality[]; globalTestSamples?: number };
  devices?: { compute: Distribution; memory: Distribution };
  sites: { group: string; samples?: Distribution; iot?: IotNodeSpec[] }[];
  model?: { preset?: PresetName; fusion?: "concat" | "gated" | "attention" };
  training?: { learningRate?: number };
  split?: {
    dataNode?: string;
    helpers?: string[];
    optimizer?: OptimizerName;
    batchSize?: number;
    steps?: number;
    targetAccuracy?: number;
    evalEvery?: number;
  };
}

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

function positiveInt(text: string | undefined, fallback: number, what: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`Expected ${what} to be a positive integer but found ${text}`);
  }
  return n;
}

/**
 * Runs the split scenario in `args` (`--scenario FILE`, `--steps N`,
 * `--batch N`), prints what it measured through `log` and returns the record
 * that `split.json` holds.
 */
export async function main(
  args: string[],
  log: (line: string) => void = console.log,
): Promise<SplitRunRecord> {
  const file = argValue(args, "--scenario") ?? PAPER_SCENARIO;
  const scenario = parse(await Deno.readTextFile(file)) as SplitScenario;
  const record = await runSplitScenario(scenario, file, {
    steps: argValue(args, "--steps"),
    batch: argValue(args, "--batch"),
  });
  printRecord(record, log);
  return record;
}

/** Runs one split scenario; `overrides` are the command line's --steps and --batch. */
export async function runSplitScenario(
  scenario: SplitScenario,
  file: string,
  overrides: { steps?: string; batch?: string } = {},
): Promise<SplitRunRecord> {
  const started = performance.now();
  const group = scenario.sites.find((g) => (g.iot ?? []).length > 0);
  if (group === undefined) {
    throw new TypeError(`Expected a site group with iot nodes in ${file} but found none`);
  }
  const split = scenario.split ?? {};
  const steps = positiveInt(overrides.steps, split.steps ?? 2, "--steps");
  const batchSize = positiveInt(overrides.batch, split.batchSize ?? 4, "--batch");
  const seed = scenario.seed ?? 0;
  const building = drawBuilding(
    { compute: scenario.devices?.compute ?? 2e9, memory: scenario.devices?.memory ?? 4e9 },
    group.iot!,
    new Rng(`world/${group.group}-0/iot`),
  );
  const chain = buildingChain(building, split.dataNode ?? group.iot![0].name, split.helpers ?? []);

  const backend = await initBackend();
  // The compiled generators where a compiler is available (same bits either way).
  await prepareDataHelpers();
  const classes = scenario.data?.classes ?? 8;
  const scene = createSceneSource({ classes, modalities: scenario.data?.modalities });
  const preset = scenario.model?.preset ?? "paper";
  const fusion = scenario.model?.fusion ?? "concat";
  const model = buildModel({
    preset,
    shapes: scene.shapes,
    classes,
    fusion,
    seed,
  });
  const dataRng = new Rng(`data/${group.group}-0`);
  const samples = Math.max(1, Math.round(sampleDistribution(group.samples ?? 256, dataRng)));
  const trainLabels = new Int32Array(samples).map(() => dataRng.int(classes));
  const train = scene.generate(trainLabels, dataRng, "train");
  // Held-out data only when asked: evaluating a 150M model is not free.
  const measure = split.targetAccuracy !== undefined || split.evalEvery !== undefined;
  const heldOutSamples = measure ? scenario.data?.globalTestSamples ?? DEFAULT_HELD_OUT : 0;
  const heldOut = measure
    ? scene.generate(
      new Int32Array(heldOutSamples).map((_, i) => i % classes),
      new Rng(`data/${group.group}-0/held-out`),
      "test",
    )
    : undefined;
  const learningRate = scenario.training?.learningRate ?? DEFAULT_LEARNING_RATE;
  const run = trainThroughSplit({
    model,
    chain,
    train,
    batchSize,
    steps,
    learningRate,
    optimizer: split.optimizer,
    shuffle: new Rng(`split/${group.group}-0/order`),
    heldOut,
    evalEvery: split.evalEvery,
    targetAccuracy: split.targetAccuracy,
  });
  model.dispose();
  const candidates = candidateRows(run.plan);
  const wall = run.steps.map((s) => s.wallSeconds);
  return {
    name: scenario.name ?? file,
    description: scenario.description ?? "",
    seed,
    scenarioFile: file,
    model: { preset, fusion, parameters: run.params, stages: run.profile },
    settings: {
      batchSize,
      optimizer: split.optimizer ?? "sgd",
      learningRate,
      steps,
      samplesPerEpoch: samples,
      heldOutSamples,
      targetAccuracy: split.targetAccuracy ?? null,
      evalEvery: run.evalEvery,
    },
    devices: chain.devices,
    links: chain.links,
    plan: {
      chosen: candidates[0],
      candidates,
      totalCandidates: run.plan.candidates.length,
      table: planTable(run.plan, 12),
    },
    placements: run.placements,
    steps: run.steps,
    evaluations: run.evaluations,
    stepsToTarget: run.stepsToTarget,
    simulatedStepSeconds: run.plan.best.stepSeconds,
    host: {
      backend,
      wallSeconds: (performance.now() - started) / 1000,
      wallStepSeconds: wall.reduce((a, b) => a + b, 0) / wall.length,
      peakRssBytes: run.peakRssBytes,
      tensorBytes: run.tensorBytes,
    },
  };
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    Deno.exit(2);
  }
}
