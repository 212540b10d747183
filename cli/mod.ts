/**
 * Reusable pieces of the `renkei` command line: the program, exit codes,
 * error rendering and the commands themselves.
 */
export { buildProgram, main } from "./program.ts";
export {
  EXIT_FAILURE,
  EXIT_INVALID,
  EXIT_OK,
  EXIT_TARGETS_MISSED,
  reportError,
  UsageError,
} from "./exit.ts";
export { type CliIo, processIo } from "./io.ts";
export {
  loadRunner,
  type RunCommandOptions,
  runFile,
  type RunScenario,
  type RunScenarioOptions,
  type WriteRun,
} from "./run.ts";
export { combinationFolder, sweepFile } from "./sweep.ts";
export { validateFiles } from "./validate.ts";
