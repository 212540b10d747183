/** `renkei validate FILE...`: checks scenario files without running them. */
import { ScenarioError } from "../scenarios/mod.ts";
import { EXIT_INVALID, EXIT_OK, reportError } from "./exit.ts";
import type { CliIo } from "./io.ts";
import { preflightScenario } from "./preflight.ts";

/** `1 site`, `3 sites`. */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * Validates each file, printing `ok  FILE  (N sites, M rounds)` or its
 * problems; returns 2 when any file is invalid, else 0. Every file is
 * checked even after a bad one, so one call reports everything.
 */
export async function validateFiles(
  files: readonly string[],
  sets: readonly string[],
  io: CliIo,
): Promise<number> {
  let code = EXIT_OK;
  for (const file of files) {
    try {
      const s = await preflightScenario(file, sets);
      io.out(
        `ok  ${file}  (${counted(s.totalSites, "site")}, ${counted(s.training.rounds, "round")})`,
      );
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      code = Math.max(code, reportError(err, io));
    }
  }
  return code === EXIT_OK ? EXIT_OK : EXIT_INVALID;
}
