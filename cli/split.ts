/**
 * `renkei split FILE`: plans how one building's devices split the model
 * (split learning, issue #7), runs real training steps through the split and
 * writes `split.json` and `report.html` to the run directory. The scenario is
 * validated first, so a bad file gets the usual exit 2; the model code is
 * imported only when the run starts.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { preflightScenario } from "./preflight.ts";
import { EXIT_INVALID, EXIT_OK, UsageError } from "./exit.ts";
import type { CliIo } from "./io.ts";
import { backendOption, useBackend } from "./_options.ts";

/** Options of `renkei split`. */
export interface SplitCommandOptions {
  steps?: string;
  batch?: string;
  out?: string;
}

function shellQuote(s: string): string {
  return /^[\w./:@=-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * Validates `file`, runs the planned split training it describes, writes the
 * run directory (default `runs/<scenario name>-split`) and prints the
 * report's absolute path last.
 */
export async function splitFile(
  file: string,
  opts: SplitCommandOptions,
  io: CliIo,
): Promise<number> {
  const scenario = await preflightScenario(file);
  if (scenario.split === undefined) {
    throw new UsageError(
      `Expected ${file} to have a split block (dataNode, helpers, batchSize, steps) but found none`,
    );
  }
  if (!scenario.sites.some((g) => (g.iot ?? []).length > 0)) {
    throw new UsageError(`Expected a site group with iot nodes in ${file} but found none`);
  }
  const args = ["--scenario", file];
  if (opts.steps !== undefined) args.push("--steps", opts.steps);
  if (opts.batch !== undefined) args.push("--batch", opts.batch);
  const { main } = await import("../sim/split/run_paper.ts");
  const { InfeasiblePlanError } = await import("../sim/split/mod.ts");
  const { writeSplitDirectory } = await import("../reports/split_report.ts");
  let record;
  try {
    record = await main(args, (line) => io.out(line));
  } catch (err) {
    // No partition fits the devices: the scenario's budgets are the person's to change.
    if (err instanceof InfeasiblePlanError) throw new UsageError(err.message);
    throw err;
  }
  const dir = opts.out ?? `runs/${scenario.name}-split`;
  const command = ["deno task renkei split", file, ...args.slice(2), "--out", dir]
    .map((part, i) => (i === 0 ? part : shellQuote(part))).join(" ");
  const { reportPath } = await writeSplitDirectory(dir, record, {
    scenarioText: await Deno.readTextFile(file),
    command,
  });
  io.out(`wrote ${dir}/split.json`);
  io.out(resolve(reportPath));
  return EXIT_OK;
}

/** Registers `renkei split` on `program`. */
export function addSplitCommand(
  program: Command,
  io: CliIo,
  setCode: (code: number) => void,
): void {
  program.command("split")
    .description("plan the split of the model over a building's devices and train through it")
    .argument("<file>", "scenario with iot nodes and a split block")
    .option("--steps <n>", "real training steps (default: split.steps)")
    .option("--batch <n>", "batch size of the real steps (default: split.batchSize)")
    .option("--out <dir>", "run directory (default: runs/<scenario name>-split)")
    .addOption(backendOption())
    .action(async (file: string, opts: SplitCommandOptions & { backend?: string }) => {
      for (const name of ["steps", "batch"] as const) {
        const v = opts[name];
        if (v !== undefined && !/^[1-9]\d*$/.test(v)) {
          setCode(EXIT_INVALID);
          throw new UsageError(`Expected --${name} to be an integer ≥ 1 but found "${v}"`);
        }
      }
      await useBackend(opts.backend, io.err);
      setCode(await splitFile(file, opts, io));
    });
}
