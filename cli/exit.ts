/**
 * Exit codes and error rendering: a scenario problem or a usage mistake is
 * the person's to fix (exit 2, message only); anything else is ours (exit 1,
 * one line, the stack only with RENKEI_DEBUG=1).
 */
import { formatScenarioError, ScenarioError } from "../scenarios/mod.ts";
import type { CliIo } from "./io.ts";

/** Everything went as asked. */
export const EXIT_OK = 0;
/** An unexpected failure inside Renkei. */
export const EXIT_FAILURE = 1;
/** An invalid scenario or a usage error (unknown command or option). */
export const EXIT_INVALID = 2;
/**
 * The run finished but missed a target (`run --check`, `check`). CI reads any
 * non-zero code as failure; 1 is what the targets contract promises.
 */
export const EXIT_TARGETS_MISSED = 1;

/** A mistake in how the command was called, e.g. a bad option value. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Reports `err` on `io.err` and returns the exit code it deserves.
 *
 * @example
 * ```ts
 * import { reportError, EXIT_INVALID, UsageError } from "./exit.ts";
 * const lines: string[] = [];
 * const io = { out: () => {}, err: (l: string) => lines.push(l), env: () => undefined };
 * if (!(reportError(new UsageError("bad"), io) === EXIT_INVALID)) throw new Error("example failed");
 * ```
 */
export function reportError(err: unknown, io: CliIo): number {
  if (err instanceof ScenarioError) {
    io.err(formatScenarioError(err));
    return EXIT_INVALID;
  }
  if (err instanceof UsageError) {
    io.err(`renkei: ${err.message} (see renkei --help)`);
    return EXIT_INVALID;
  }
  const debug = io.env("RENKEI_DEBUG") === "1";
  if (debug && err instanceof Error && err.stack) {
    io.err(err.stack);
  } else {
    // The error's class name (TypeError, …) means nothing to a person; the message does.
    const message = err instanceof Error ? err.message : String(err);
    io.err(
      `renkei: internal error: ${message.split("\n")[0]}${
        debug ? "" : "  (RENKEI_DEBUG=1 shows the stack)"
      }`,
    );
  }
  return EXIT_FAILURE;
}
