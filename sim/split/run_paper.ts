/**
 * Trains the ~150M-parameter paper model by split learning inside one
 * building and prints parameters, the planned partition (with the planner's
 * per-candidate table), simulated and wall time per step, and peak memory.
 *
 *   deno run -A sim/split/run_paper.ts [--steps N] [--scenario FILE]
 *
 * The scenario's first site group with `iot` nodes is the building; its
 * `split` block names the data node, the helpers and the real batch size.
 */
import { parse } from "yaml";
import { buildModel, datasetToTensors, initBackend, labelsToOneHot } from "../../models/mod.ts";
import { createSceneSource, type Modality } from "../data/mod.ts";
import { Rng } from "../engine/mod.ts";
import { buildingChain, drawBuilding, type IotNodeSpec } from "./building.ts";
import { planTable } from "./explain.ts";
import { formatBytes } from "./planner.ts";
import { type OPTIMIZER_SLOTS, runPaperSplit } from "./paper.ts";
import type { Batch } from "./split_step.ts";

/** The default scenario of the paper-scale split run. */
export const PAPER_SCENARIO = "scenarios/paper-scale-150m.yaml";

interface PaperScenario {
  seed?: number;
  data?: { classes?: number; modalities?: Modality[] };
  devices?: { compute: number; memory: number };
  sites: { group: string; samples?: number; iot?: IotNodeSpec[] }[];
  model?: { preset?: "paper"; fusion?: "concat" | "gated" | "attention" };
  training?: { learningRate?: number };
  split?: {
    dataNode?: string;
    helpers?: string[];
    optimizer?: keyof typeof OPTIMIZER_SLOTS;
    batchSize?: number;
    steps?: number;
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

/** Runs the paper-scale split training described by `args` and prints the report. */
export async function main(args: string[]): Promise<void> {
  const file = argValue(args, "--scenario") ?? PAPER_SCENARIO;
  const scenario = parse(await Deno.readTextFile(file)) as PaperScenario;
  const group = scenario.sites.find((g) => (g.iot ?? []).length > 0);
  if (group === undefined) {
    throw new TypeError(`Expected a site group with iot nodes in ${file} but found none`);
  }
  const split = scenario.split ?? {};
  const steps = positiveInt(argValue(args, "--steps"), split.steps ?? 2, "--steps");
  const batchSize = positiveInt(argValue(args, "--batch"), split.batchSize ?? 4, "--batch");
  const seed = scenario.seed ?? 0;
  const building = drawBuilding(
    { compute: scenario.devices?.compute ?? 2e9, memory: scenario.devices?.memory ?? 4e9 },
    group.iot!,
    new Rng(`world/${group.group}-0/iot`),
  );
  const chain = buildingChain(building, split.dataNode ?? group.iot![0].name, split.helpers ?? []);

  const backend = await initBackend();
  const classes = scenario.data?.classes ?? 8;
  const scene = createSceneSource({ classes, modalities: scenario.data?.modalities });
  let t = performance.now();
  const model = buildModel({
    preset: scenario.model?.preset ?? "paper",
    shapes: scene.shapes,
    classes,
    fusion: scenario.model?.fusion ?? "concat",
    seed,
  });
  const buildSeconds = (performance.now() - t) / 1000;
  const rng = new Rng(`data/${group.group}-0`);
  const batches: Batch[] = Array.from({ length: steps }, (_, s) => {
    const labels = new Int32Array(batchSize).map((_, i) => (s * batchSize + i) % classes);
    const data = scene.generate(labels, rng, "train");
    return { inputs: datasetToTensors(data), labels: labelsToOneHot(data) };
  });
  t = performance.now();
  const report = runPaperSplit({
    model,
    chain,
    batches,
    learningRate: scenario.training?.learningRate ?? 0.01,
    optimizer: split.optimizer,
    samplesPerEpoch: group.samples ?? 256,
  });
  const s = (x: number) => `${x.toFixed(3)} s`;
  console.log(`backend ${backend}; model built in ${s(buildSeconds)}`);
  console.log(
    `parameters: ${report.params.toLocaleString("en-US")} in ${report.profile.length} stages`,
  );
  console.log(
    `devices: ${
      chain.devices.map((d) =>
        `${d.name} ${d.computeFlops.toExponential(1)} FLOP/s ${formatBytes(d.memoryBytes)}`
      ).join(" → ")
    }`,
  );
  console.log(
    `planner table (batch ${batchSize}, ${
      split.optimizer ?? "sgd"
    }), best 8 of ${report.plan.candidates.length}:`,
  );
  for (const line of planTable(report.plan, 8)) console.log(`  ${line}`);
  console.log(
    `planned partition: ${
      report.plan.best.stagesByDevice.map((st, d) => `${chain.devices[d].name} [${st.join(", ")}]`)
        .join("  ")
    }`,
  );
  console.log(`memory per device: ${report.plan.best.memoryBytes.map(formatBytes).join(" / ")}`);
  console.log(`simulated time per step: ${s(report.simulatedStepSeconds)}`);
  report.wallStepSeconds.forEach((w, i) =>
    console.log(
      `step ${i + 1}: loss ${report.losses[i].toFixed(4)}, wall ${s(w)}, ${
        formatBytes(report.stepBytes[i])
      } over the links`,
    )
  );
  const mean = report.wallStepSeconds.reduce((a, b) => a + b, 0) / report.wallStepSeconds.length;
  console.log(
    `wall time per step (mean): ${s(mean)}; peak RSS ${formatBytes(report.peakRssBytes)}; tensors ${
      formatBytes(report.tensorBytes)
    }`,
  );
  console.log("comparison (same budgets):");
  for (const p of report.comparisons) {
    console.log(
      `  ${p.name.padEnd(21)} ${p.fits ? "fits" : "does not fit"}  step ${
        s(p.stepSeconds)
      }  epoch ${s(p.epochSeconds)}  ${formatBytes(p.bytesPerStep)}/step${
        p.movesRawData ? "  MOVES RAW DATA" : ""
      }${p.reason && !p.fits ? `  (${p.reason})` : ""}`,
    );
  }
  console.log(`total run ${s((performance.now() - t) / 1000)}`);
  model.dispose();
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    Deno.exit(2);
  }
}
