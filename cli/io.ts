/** Where the CLI writes: the real terminal, or a buffer in tests. */
export interface CliIo {
  /** Writes one line of normal output (stdout). */
  out(line: string): void;
  /** Writes one line of diagnostics (stderr). */
  err(line: string): void;
  /** Environment lookup, e.g. `RENKEI_DEBUG`. */
  env(name: string): string | undefined;
}

/** The process's own stdout, stderr and environment. */
export const processIo: CliIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  env: (name) => Deno.env.get(name),
};
