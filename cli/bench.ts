/**
 * `renkei bench train`: measures how fast the host really trains a preset
 * (samples per second, achieved GFLOP/s) on seeded random data, so kernel
 * work and backend choices can be judged by one number. TensorFlow.js is
 * imported only when a benchmark starts, so the other commands stay fast.
 */
import { type Command, Option } from "commander";
import { backendOption, useBackend, wholeNumber } from "./_options.ts";
import seedrandom from "seedrandom";
import type { Dataset, Modality } from "../sim/data/types.ts";
import type { BackendName, PresetName } from "../models/mod.ts";
import { addBenchRoundCommand } from "./bench_round.ts";
import { EXIT_OK } from "./exit.ts";
import type { CliIo } from "./io.ts";

/** The reference model's inputs, as issue #10 specifies them. */
export const BENCH_SHAPES: Readonly<Record<"image" | "series" | "tabular", number[]>> = {
  image: [32, 32, 3],
  series: [64, 6],
  tabular: [16],
};
/** Classes of the reference task. */
export const BENCH_CLASSES = 10;
/** Distinct batches in the benchmark data; steps cycle through them. */
const BENCH_BATCHES = 8;
const LEARNING_RATE = 0.01;
const PRESETS: readonly PresetName[] = ["reference", "tiny", "small", "base", "paper"];

/** What `renkei bench train` measures; every field has a default in the CLI. */
export interface BenchTrainOptions {
  preset: PresetName;
  /** Width multiplier (4 gives the reference model's wide variant). */
  width: number;
  batch: number;
  /** Timed training steps. */
  steps: number;
  /** Untimed steps first: kernel set-up, weight packing, JIT. */
  warmup: number;
  backend: BackendName;
  seed: number;
}

/** One measurement, printed as one JSON line (snake_case keys). */
export interface BenchTrainResult {
  preset: PresetName;
  width: number;
  backend: string;
  batch: number;
  steps: number;
  warmup: number;
  params: number;
  /** Forward + backward FLOPs of one sample, by the zoo's counting rules. */
  flops_per_sample: number;
  samples_per_s: number;
  gflops_per_s: number;
  /** Median wall time of one timed step. */
  step_ms_median: number;
  /** Fastest timed step. */
  step_ms_min: number;
  /** Throughput of the fastest step: the least disturbed figure on a shared host. */
  samples_per_s_best_step: number;
  /** 1-minute load average when the timing ended (the host may be shared). */
  load_1m: number | null;
  /** The backend in words: for native, the BLAS library and which helpers (models `describeBackend`). */
  backend_detail: string;
}

/** Seeded random samples shaped like the reference task (all modalities present). */
export function benchDataset(n: number, seed: number): Dataset {
  const rng = seedrandom(`renkei-bench-${seed}`);
  const modalities = Object.keys(BENCH_SHAPES) as Modality[];
  const inputs: Partial<Record<Modality, Float32Array>> = {};
  for (const m of modalities) {
    const size = BENCH_SHAPES[m as keyof typeof BENCH_SHAPES].reduce((a, b) => a * b, 1);
    inputs[m] = Float32Array.from({ length: n * size }, () => rng() * 2 - 1);
  }
  const labels = Int32Array.from({ length: n }, () => Math.floor(rng() * BENCH_CLASSES));
  const mask = new Float32Array(n * modalities.length).fill(1);
  return {
    n,
    classes: BENCH_CLASSES,
    modalities,
    shapes: { ...BENCH_SHAPES },
    labels,
    inputs,
    mask,
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function loadAverage(): number | null {
  try {
    return Deno.loadavg()[0];
  } catch {
    // Without --allow-sys the load is simply not reported.
    return null;
  }
}

/**
 * Builds the preset, runs `warmup` untimed and `steps` timed SGD steps on
 * seeded random data and reports throughput. Each step ends by reading the
 * loss, so a step's time includes all its kernels.
 */
export async function measureTraining(opts: BenchTrainOptions): Promise<BenchTrainResult> {
  const zoo = await import("../models/mod.ts");
  const backend = await zoo.initBackend(opts.backend);
  const model = zoo.buildModel({
    preset: opts.preset,
    shapes: { ...BENCH_SHAPES },
    classes: BENCH_CLASSES,
    width: opts.width,
    seed: opts.seed,
  });
  try {
    const flops = zoo.countFlops(model);
    const data = benchDataset(opts.batch * BENCH_BATCHES, opts.seed);
    const train = (steps: number, onStep?: () => void) =>
      zoo.trainLocal(model, data, {
        epochs: Math.ceil(steps / BENCH_BATCHES),
        batchSize: opts.batch,
        learningRate: LEARNING_RATE,
        seed: opts.seed,
        maxSteps: steps,
        onStep,
      });
    if (opts.warmup > 0) train(opts.warmup);
    const times: number[] = [];
    let last = performance.now();
    const start = last;
    train(opts.steps, () => {
      const now = performance.now();
      times.push(now - last);
      last = now;
    });
    const seconds = (performance.now() - start) / 1000;
    const samplesPerS = (opts.steps * opts.batch) / seconds;
    const flopsPerSample = flops.forward + flops.backward;
    return {
      preset: opts.preset,
      width: opts.width,
      backend,
      batch: opts.batch,
      steps: opts.steps,
      warmup: opts.warmup,
      params: model.countParams(),
      flops_per_sample: flopsPerSample,
      samples_per_s: round(samplesPerS, 2),
      gflops_per_s: round((samplesPerS * flopsPerSample) / 1e9, 4),
      step_ms_median: round(median(times), 3),
      step_ms_min: round(Math.min(...times), 3),
      samples_per_s_best_step: round((1000 * opts.batch) / Math.min(...times), 2),
      load_1m: loadAverage(),
      backend_detail: zoo.describeBackend(backend),
    };
  } finally {
    model.dispose();
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A one-line summary for people. */
export function formatBenchTrain(r: BenchTrainResult): string {
  return `${r.preset} ×${r.width} on ${r.backend}: ${r.samples_per_s.toFixed(1)} samples/s ` +
    `(batch ${r.batch}, ${r.steps} steps, median step ${r.step_ms_median.toFixed(1)} ms), ` +
    `${r.params} params, ${(r.flops_per_sample / 1e6).toFixed(2)} MFLOP/sample, ` +
    `${r.gflops_per_s.toFixed(3)} GFLOP/s, load ${r.load_1m?.toFixed(2) ?? "unknown"}`;
}

/** Adds `bench` (with `train`) to the program; `setCode` receives the exit code. */
export function addBenchCommand(
  program: Command,
  io: CliIo,
  setCode: (code: number) => void,
): void {
  const bench = program.command("bench").description("measure how fast this host trains models");
  bench.command("train")
    .description("time SGD training steps of a preset on seeded random data")
    .addOption(
      new Option("--preset <name>", "model preset").choices([...PRESETS]).default("reference"),
    )
    .option("--width <n>", "width multiplier (4: the wide reference)", wholeNumber("--width", 1), 1)
    .option("--batch <n>", "samples per step", wholeNumber("--batch", 1), 32)
    .option("--steps <n>", "timed steps", wholeNumber("--steps", 1), 20)
    .option("--warmup <n>", "untimed steps before timing", wholeNumber("--warmup", 0), 3)
    .addOption(backendOption("wasm"))
    .option("--seed <n>", "seed for weights and data", wholeNumber("--seed", 0), 1)
    .option("--json", "print one JSON line instead of a sentence", false)
    .action(async (opts: BenchTrainOptions & { json: boolean }) => {
      await useBackend(opts.backend, io.err);
      const result = await measureTraining(opts);
      io.out(opts.json ? JSON.stringify(result) : formatBenchTrain(result));
      setCode(EXIT_OK);
    });
  addBenchRoundCommand(bench, io, setCode);
}
