/**
 * `renkei split FILE`: plans how one building's devices split the model
 * (split learning, issue #7) and runs real training steps through the split.
 * The scenario is validated first, so a bad file gets the usual exit 2; the
 * model code is imported only when the run starts.
 */
import type { Command } from "commander";
import { loadScenario } from "../scenarios/mod.ts";
import { EXIT_INVALID, EXIT_OK, UsageError } from "./exit.ts";
import type { CliIo } from "./io.ts";

/** Options of `renkei split`. */
export interface SplitCommandOptions {
  steps?: string;
  batch?: string;
}

/** Validates `file`, then runs the planned split training it describes. */
export async function splitFile(file: string, opts: SplitCommandOptions): Promise<number> {
  const scenario = await loadScenario(file);
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
  await main(args);
  return EXIT_OK;
}

/** Registers `renkei split` on `program`. */
export function addSplitCommand(
  program: Command,
  _io: CliIo,
  setCode: (code: number) => void,
): void {
  program.command("split")
    .description("plan the split of the model over a building's devices and train through it")
    .argument("<file>", "scenario with iot nodes and a split block")
    .option("--steps <n>", "real training steps (default: split.steps)")
    .option("--batch <n>", "batch size of the real steps (default: split.batchSize)")
    .action(async (file: string, opts: SplitCommandOptions) => {
      for (const [name, v] of Object.entries(opts)) {
        if (v !== undefined && !/^[1-9]\d*$/.test(v)) {
          setCode(EXIT_INVALID);
          throw new UsageError(`Expected --${name} to be an integer ≥ 1 but found "${v}"`);
        }
      }
      setCode(await splitFile(file, opts));
    });
}
