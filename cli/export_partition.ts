/**
 * `renkei export-partition FILE --out DIR`: writes the data every site of a
 * scenario trains and evaluates on, and the global test set, exactly as a
 * run with the same seed generates them, so a twin in another framework
 * (tools/reference/) trains on identical data and a difference is the
 * framework's alone. Each array is a raw little-endian file (float32
 * features, int32 labels) that `numpy.fromfile` reads; `partition.json`
 * gives every file's shape.
 */
import { join } from "node:path";
import type { Command } from "commander";
import { preflightScenario, requireFolderOrNothing } from "./preflight.ts";
import { EXIT_OK } from "./exit.ts";
import type { CliIo } from "./io.ts";
import { wholeNumber } from "./_options.ts";

/** Options of `renkei export-partition`. */
export interface ExportPartitionOptions {
  out: string;
  seed?: number;
  set?: string[];
}

interface Dataset {
  n: number;
  modalities: readonly string[];
  shapes: Partial<Record<string, number[]>>;
  labels: Int32Array;
  mask: Float32Array;
  inputs: Partial<Record<string, Float32Array>>;
}

/** One exported array: its file (relative to DIR), dtype and shape. */
interface ArrayFile {
  file: string;
  dtype: "float32" | "int32";
  shape: number[];
}

async function writeArray(dir: string, file: string, values: Float32Array | Int32Array) {
  // The host is little-endian (x86-64, arm64), so the bytes are written as they lie.
  await Deno.writeFile(
    join(dir, file),
    new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  );
}

/** Writes `ds`'s labels and every modality as `<stem>.<name>.bin`; their descriptions. */
async function writeDataset(dir: string, stem: string, ds: Dataset) {
  const files: Record<string, ArrayFile> = {};
  await writeArray(dir, `${stem}.labels.bin`, ds.labels);
  files.labels = { file: `${stem}.labels.bin`, dtype: "int32", shape: [ds.n] };
  // 1 where a sample has the modality, 0 where its sensor was missing (its values are then 0).
  await writeArray(dir, `${stem}.mask.bin`, ds.mask);
  files.mask = { file: `${stem}.mask.bin`, dtype: "float32", shape: [ds.n, ds.modalities.length] };
  for (const m of ds.modalities) {
    await writeArray(dir, `${stem}.${m}.bin`, ds.inputs[m]!);
    files[m] = { file: `${stem}.${m}.bin`, dtype: "float32", shape: [ds.n, ...ds.shapes[m]!] };
  }
  return files;
}

/**
 * Validates `file`, generates its sites' data under the run's seed and
 * writes DIR/partition.json with one `site-<id>.{train,test}.*.bin` set per
 * site and `global-test.*.bin`.
 */
export async function exportPartition(
  file: string,
  opts: ExportPartitionOptions,
  io: CliIo,
): Promise<number> {
  const scenario = await preflightScenario(file, opts.set ?? []);
  await requireFolderOrNothing(opts.out, "--out");
  const { RngStreams } = await import("../sim/engine/mod.ts");
  const { planScenario } = await import("../sim/fl/data_setup.ts");
  const { globalTestSet, materializeSite } = await import("../sim/data/mod.ts");
  const seed = opts.seed ?? scenario.seed;
  // Streams are named, so these are the same draws as the run's (sim/fl/run.ts).
  const streams = new RngStreams(seed);
  const { source, plans } = await planScenario(scenario, streams);
  await Deno.mkdir(opts.out, { recursive: true });
  const sites = [];
  for (const plan of plans) {
    const data = materializeSite(source, plan, streams);
    sites.push({
      siteId: plan.siteId,
      group: plan.group,
      train: await writeDataset(opts.out, `site-${plan.siteId}.train`, data.train),
      test: await writeDataset(opts.out, `site-${plan.siteId}.test`, data.test),
    });
  }
  const test = globalTestSet(source, scenario.data.globalTestSamples, streams, plans);
  const manifest = {
    scenario: scenario.name,
    seed,
    classes: source.classes,
    shapes: source.shapes,
    globalTest: await writeDataset(opts.out, "global-test", test),
    sites,
  };
  await Deno.writeTextFile(
    join(opts.out, "partition.json"),
    JSON.stringify(manifest, null, 1) + "\n",
  );
  io.out(`wrote ${plans.length} sites and the global test set to ${opts.out}/partition.json`);
  return EXIT_OK;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers `renkei export-partition` on `program`. */
export function addExportPartitionCommand(
  program: Command,
  io: CliIo,
  setCode: (code: number) => void,
): void {
  program.command("export-partition")
    .description("write every site's data and the global test set as a run generates them")
    .argument("<file>", "scenario file")
    .requiredOption("--out <dir>", "folder for partition.json and the arrays (new or empty)")
    .option("--seed <n>", "root seed (overrides the scenario's)", wholeNumber("--seed", 0))
    .option("--set <key=value>", "override a field before validating (repeatable)", collect, [])
    .action(async (file: string, opts: ExportPartitionOptions) => {
      setCode(await exportPartition(file, opts, io));
    });
}
