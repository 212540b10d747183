/**
 * Fusion matters (issue #3): a model of the zoo trained centrally on the
 * smart-building scene reaches clearly higher accuracy with all modalities
 * than with the best single one, because each sensor alone confuses pairs of
 * classes (see sim/data/scene_structure.ts).
 *
 * Two ways to run it:
 *
 *   deno run -A tests/bench/fusion_bench.ts [--presets tiny,small] [--train 4000]
 *     [--test 2000] [--epochs 5] [--seeds 1] [--optimizer adam] [--lr 0.002]
 *     [--fusion concat] [--pairs]
 *     trains every preset with each single modality (and each pair, with
 *     --pairs) and with all three, and prints a table: modalities → held-out
 *     accuracy (the numbers in docs/DATA.md);
 *
 *   deno bench -A tests/bench/fusion_bench.ts
 *     times one such central training (tiny preset, one epoch of 1,000 samples,
 *     then evaluation on 200) per modality set.
 *
 * The experiment itself is exported for tests/data/fusion_model_test.ts.
 */
import { parseArgs } from "node:util";
import {
  buildModel,
  evaluate,
  type FusionKind,
  initBackend,
  type LocalTrainOptions,
  type PresetName,
  trainLocal,
} from "../../models/mod.ts";
import { createSceneSource, type Dataset, type Modality, type Split } from "../../sim/data/mod.ts";
import { RngStreams } from "../../sim/engine/mod.ts";

/** The scene's default modalities, each alone and then all together. */
export const FUSION_CONDITIONS: readonly Modality[][] = [
  ["image"],
  ["series"],
  ["tabular"],
  ["image", "series", "tabular"],
];

/** Building states of the scene in the experiment. */
export const FUSION_CLASSES = 8;

/**
 * The same samples with only `modalities` kept (inputs, shapes and mask
 * columns), so every condition trains and tests on identical scenes.
 */
export function keepModalities(ds: Dataset, modalities: readonly Modality[]): Dataset {
  const columns = modalities.map((m) => {
    const c = ds.modalities.indexOf(m);
    if (c < 0) {
      throw new RangeError(
        `Expected modality ${m} in the dataset but found only ${ds.modalities.join(", ")}`,
      );
    }
    return c;
  });
  const width = ds.modalities.length;
  const mask = new Float32Array(ds.n * columns.length);
  for (let i = 0; i < ds.n; i++) {
    columns.forEach((c, j) => mask[i * columns.length + j] = ds.mask[i * width + c]);
  }
  return {
    ...ds,
    modalities: [...modalities],
    shapes: Object.fromEntries(modalities.map((m) => [m, ds.shapes[m]!])),
    inputs: Object.fromEntries(modalities.map((m) => [m, ds.inputs[m]!])),
    mask,
  };
}

/**
 * Balanced scene samples (labels 0, 1, …, classes − 1 repeated) from a named
 * stream; `split` "test" is what the global test set uses.
 */
export function sceneSamples(
  n: number,
  streams: RngStreams,
  name: string,
  split: Split = "train",
): Dataset {
  const scene = createSceneSource({ classes: FUSION_CLASSES });
  const labels = Int32Array.from({ length: n }, (_, i) => i % FUSION_CLASSES);
  return scene.generate(labels, streams.stream(name), split);
}

/** How one fusion experiment trains. */
export interface FusionSetup {
  preset: PresetName;
  fusion?: FusionKind;
  epochs: number;
  batchSize?: number;
  learningRate: number;
  optimizer?: LocalTrainOptions["optimizer"];
  /** Seeds the initial weights and the shuffling. */
  seed: number;
}

/** Held-out accuracy of one modality set. */
export interface FusionRow {
  modalities: Modality[];
  accuracy: number;
  params: number;
  /** Seconds of training and evaluation on this host (not a pass/fail number). */
  seconds: number;
}

/**
 * Trains a fresh model of `setup.preset` centrally on `train` restricted to
 * `modalities` and returns its accuracy on `test` restricted alike.
 */
export function centralAccuracy(
  train: Dataset,
  test: Dataset,
  modalities: readonly Modality[],
  setup: FusionSetup,
): FusionRow {
  const start = performance.now();
  const fit = keepModalities(train, modalities);
  const model = buildModel({
    preset: setup.preset,
    shapes: fit.shapes,
    classes: train.classes,
    fusion: setup.fusion,
    seed: setup.seed,
  });
  try {
    trainLocal(model, fit, {
      epochs: setup.epochs,
      batchSize: setup.batchSize ?? 32,
      learningRate: setup.learningRate,
      optimizer: setup.optimizer,
      seed: setup.seed,
    });
    const { accuracy } = evaluate(model, keepModalities(test, modalities));
    const seconds = (performance.now() - start) / 1000;
    return { modalities: [...modalities], accuracy, params: model.countParams(), seconds };
  } finally {
    model.dispose();
  }
}

/** The pairs of the scene's default modalities, for `--pairs`. */
export const FUSION_PAIRS: readonly Modality[][] = [
  ["image", "series"],
  ["image", "tabular"],
  ["series", "tabular"],
];

/** Every condition (default {@linkcode FUSION_CONDITIONS}) trained and tested on the same data. */
export function fusionTable(
  train: Dataset,
  test: Dataset,
  setup: FusionSetup,
  conditions: readonly Modality[][] = FUSION_CONDITIONS,
): FusionRow[] {
  return conditions.map((ms) => centralAccuracy(train, test, ms, setup));
}

/** What script mode runs, from its command-line flags. */
interface TableRun {
  presets: PresetName[];
  train: number;
  test: number;
  seeds: number[];
  conditions: readonly Modality[][];
  setup: Omit<FusionSetup, "preset" | "seed">;
}

function positiveInt(flag: string, text: string): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1) {
    throw new RangeError(`Expected --${flag} to be a positive integer but found ${text}`);
  }
  return v;
}

function parseTableRun(args: string[]): TableRun {
  const { values } = parseArgs({
    args,
    options: {
      presets: { type: "string", default: "tiny,small" },
      train: { type: "string", default: "4000" },
      test: { type: "string", default: "2000" },
      epochs: { type: "string", default: "5" },
      seeds: { type: "string", default: "1" },
      optimizer: { type: "string", default: "adam" },
      lr: { type: "string", default: "0.002" },
      fusion: { type: "string", default: "concat" },
      pairs: { type: "boolean", default: false },
    },
  });
  return {
    presets: values.presets.split(",") as PresetName[],
    train: positiveInt("train", values.train),
    test: positiveInt("test", values.test),
    seeds: values.seeds.split(",").map((s) => positiveInt("seeds", s)),
    conditions: values.pairs
      ? [...FUSION_CONDITIONS.slice(0, 3), ...FUSION_PAIRS, ...FUSION_CONDITIONS.slice(3)]
      : FUSION_CONDITIONS,
    // buildModel and trainLocal reject unknown fusions, optimisers and rates.
    setup: {
      epochs: positiveInt("epochs", values.epochs),
      learningRate: Number(values.lr),
      optimizer: values.optimizer as LocalTrainOptions["optimizer"],
      fusion: values.fusion as FusionKind,
    },
  };
}

async function printTable(run: TableRun): Promise<void> {
  const backend = await initBackend();
  const { epochs, optimizer, learningRate, fusion } = run.setup;
  console.log(
    `Scene, ${FUSION_CLASSES} classes; ${run.train} training and ${run.test} held-out ` +
      `samples; ${epochs} epochs, ${optimizer} lr ${learningRate}, batch 32, ${fusion} fusion; ` +
      `backend ${backend}\n`,
  );
  console.log("| preset | seed | modalities | params | test accuracy | seconds |");
  console.log("|---|---|---|---:|---:|---:|");
  for (const seed of run.seeds) {
    const streams = new RngStreams(seed);
    const train = sceneSamples(run.train, streams, "fusion/train");
    const test = sceneSamples(run.test, streams, "fusion/test", "test");
    for (const preset of run.presets) {
      const rows = fusionTable(train, test, { ...run.setup, preset, seed }, run.conditions);
      for (const r of rows) {
        console.log(
          `| ${preset} | ${seed} | ${r.modalities.join(" + ")} | ${r.params} | ` +
            `${(100 * r.accuracy).toFixed(1)}% | ${r.seconds.toFixed(1)} |`,
        );
      }
      const singles = rows.filter((r) => r.modalities.length === 1);
      const best = Math.max(...singles.map((r) => r.accuracy));
      const fused = rows[rows.length - 1].accuracy;
      console.log(
        `| ${preset} | ${seed} | **fused − best single** | | ` +
          `**${(100 * (fused - best)).toFixed(1)} pts** | |`,
      );
    }
  }
}

if (import.meta.main) {
  try {
    await printTable(parseTableRun(Deno.args));
  } catch (e) {
    // A bad flag is the user's mistake: say so without a stack trace.
    if (!(e instanceof RangeError || e instanceof TypeError)) throw e;
    console.error(e.message);
    Deno.exit(2);
  }
}

// Under `deno bench` only (Deno.bench is a no-op in `deno run` and `deno test`).
const benchData = (() => {
  let cached: { train: Dataset; test: Dataset } | null = null;
  return () => {
    if (cached === null) {
      const streams = new RngStreams(1);
      cached = {
        train: sceneSamples(1000, streams, "fusion/train"),
        test: sceneSamples(200, streams, "fusion/test", "test"),
      };
    }
    return cached;
  };
})();

for (const ms of FUSION_CONDITIONS) {
  Deno.bench({
    name: `tiny, ${ms.join(" + ")}: train 1 epoch on 1,000 scene samples, test 200`,
    group: "fusion",
    baseline: ms.length > 1,
    n: 3,
    warmup: 1,
    fn: async (b) => {
      await initBackend();
      const { train, test } = benchData();
      b.start();
      centralAccuracy(train, test, ms, {
        preset: "tiny",
        epochs: 1,
        learningRate: 0.002,
        optimizer: "adam",
        seed: 1,
      });
      b.end();
    },
  });
}
