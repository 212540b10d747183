/** The real `renkei` command line in a subprocess, as a person would run it. */

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
