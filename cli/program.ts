/**
 * The `renkei` command line: commands, options and exit codes. `main`
 * never exits the process itself, so tests can call it directly.
 */
import { Command, CommanderError } from "commander";
import denoJson from "../deno.json" with { type: "json" };
import { BACKEND_CHOICES, backendOption, useBackend, wholeNumber } from "./_options.ts";
import { addBenchCommand } from "./bench.ts";
import { addCheckCommands } from "./check.ts";
import { EXIT_INVALID, EXIT_OK, reportError } from "./exit.ts";
import { type CliIo, processIo } from "./io.ts";
import { runFile } from "./run.ts";
import { addSplitCommand } from "./split.ts";
import { addExportPartitionCommand } from "./export_partition.ts";
import { sweepFile } from "./sweep.ts";
import { validateFiles } from "./validate.ts";
import { addWorkerCommand } from "./worker.ts";

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * What `renkei --version` prints: the versions a run's numbers depend on,
 * read without loading TensorFlow.js (the import map pins its version).
 */
export function versionText(io: CliIo): string {
  const imports = denoJson.imports as Record<string, string>;
  const tfjs = imports["@tensorflow/tfjs-core"]?.split("@").pop() ?? "unknown";
  const chosen = io.env("RENKEI_BACKEND");
  return [
    `Renkei ${denoJson.version}`,
    `Deno ${Deno.version.deno} (V8 ${Deno.version.v8}, TypeScript ${Deno.version.typescript})`,
    `TensorFlow.js ${tfjs}`,
    `backend ${chosen || "wasm"} (${chosen ? "RENKEI_BACKEND" : "default"}; ` +
    `--backend ${BACKEND_CHOICES.join(", ")})`,
  ].join("\n");
}

/** Builds the commander program; `setCode` receives each command's exit code. */
export function buildProgram(io: CliIo, setCode: (code: number) => void): Command {
  const program = new Command()
    .name("renkei")
    .description(
      "Discrete-event simulation testbed for multimodal federated learning across edge sites.",
    )
    .version(
      versionText(io),
      "-V, --version",
      "print the Renkei, Deno, TensorFlow.js and backend versions",
    )
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, "")),
      writeErr: (s) => io.err(s.replace(/\n$/, "")),
      outputError: (s, write) => write(`renkei: ${s.replace(/^error: /, "")}`),
    });

  program.command("validate")
    .description("check scenario files; prints ok or every problem with file:line")
    .argument("<files...>", "scenario files (.yaml or .json)")
    .option("--set <key=value>", "override a field before validating (repeatable)", collect, [])
    .action(async (files: string[], opts: { set: string[] }) => {
      setCode(await validateFiles(files, opts.set, io));
    });

  type RunFlags = {
    seed?: number;
    out?: string;
    set: string[];
    check: boolean;
    resume: boolean;
    workers?: number;
    seeds?: number;
    redis?: string;
    backend?: string;
  };
  const runOptions = (command: Command, setHelp: string) =>
    command
      .argument("<file>", "scenario file")
      .option("--seed <n>", "root seed (overrides the scenario's)", wholeNumber("--seed", 0))
      .option("--set <key=value>", setHelp, collect, [])
      .option(
        "--seeds <n>",
        "train n seeds (seed … seed+n−1) into DIR/seed-<s> and write DIR/summary.json, summary.csv",
        wholeNumber("--seeds", 1),
      )
      .option("--check", "check the scenario's targets; exit 1 when one is missed", false)
      .option("--resume", "continue from the last checkpoint in the run directory", false)
      .option(
        "--workers <n>",
        "worker threads, 0 for none (results do not depend on it)",
        wholeNumber("--workers", 0),
      )
      .addOption(backendOption());

  runOptions(
    program.command("run").description("validate a scenario, run it and write the run directory"),
    "override a field, e.g. training.rounds=5 (repeatable)",
  )
    .option("--out <dir>", "run directory (default: runs/<scenario name>)")
    .option(
      "--redis <url>",
      "train sites on BullMQ workers through this Redis (see docs/DISTRIBUTED.md)",
    )
    .action(async (file: string, opts: RunFlags) => {
      await useBackend(opts.backend, io.err);
      setCode(await runFile(file, { ...opts, sets: opts.set }, io));
    });

  runOptions(
    program.command("sweep").description("run every combination of --set values"),
    "values to sweep, e.g. training.strategy.name=fedavg,fedprox (repeatable)",
  )
    .option("--out <dir>", "sweep directory, one folder per combination")
    .option("--redis <url>", "train every run's sites on BullMQ workers through this Redis")
    .action(async (file: string, opts: RunFlags) => {
      await useBackend(opts.backend, io.err);
      setCode(await sweepFile(file, { ...opts, sets: opts.set }, io));
    });

  addCheckCommands(program, io, setCode);
  addSplitCommand(program, io, setCode);
  addBenchCommand(program, io, setCode);
  addWorkerCommand(program, io, setCode);
  addExportPartitionCommand(program, io, setCode);
  return program;
}

/**
 * Runs the CLI on `args` and returns the exit code: 0 ok, 1 unexpected
 * failure or a missed target, 2 invalid scenario or usage.
 *
 * @example
 * ```ts
 * import { main } from "./program.ts";
 * const code = await main(["validate", "scenarios/demo.yaml"]);
 * if (!(code === 0)) throw new Error("example failed");
 * ```
 */
export async function main(args: readonly string[], io: CliIo = processIo): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => code = c);
  try {
    await program.parseAsync([...args], { from: "user" });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version requests end through the same path as mistakes.
      const asked = err.code === "commander.helpDisplayed" || err.code === "commander.version";
      return asked ? EXIT_OK : EXIT_INVALID;
    }
    return reportError(err, io);
  }
}
