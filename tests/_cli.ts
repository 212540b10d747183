/**
 * The `renkei` command line as tests drive it: in a subprocess, as a person
 * would run it, or in-process through `main`.
 */
import { main } from "../cli/mod.ts";

/** What one CLI run printed and returned. */
export interface CliOutcome {
  code: number;
  out: string;
  err: string;
}

/**
 * A function that runs `deno run -A cli.ts ...args` with `env` added to the
 * environment; by default debug output is off.
 */
export function renkeiCli(
  env: Record<string, string> = { RENKEI_DEBUG: "" },
): (...args: string[]) => Promise<CliOutcome> {
  return async (...args) => {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "cli.ts", ...args],
      env,
    }).output();
    const decoder = new TextDecoder();
    return { code, out: decoder.decode(stdout), err: decoder.decode(stderr) };
  };
}

/** Calls `main` in-process with `args` and `env`, collecting what it prints. */
export async function mainWith(
  args: string[],
  env: Record<string, string> = {},
): Promise<CliOutcome> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: (k) => env[k],
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
