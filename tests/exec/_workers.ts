/** `renkei worker` processes for tests: spawn, watch their log lines, stop or kill them. */

import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../cli.ts", import.meta.url));

/** A running `renkei worker` process. */
export interface WorkerProcess {
  /** Every stderr line so far. */
  readonly lines: string[];
  /** Resolves with the first line matching `pattern` from line `from` on (past or future). */
  waitFor(pattern: RegExp, from?: number): Promise<string>;
  /** Kills it at once (SIGKILL): it gets no chance to finish or hand anything back. */
  kill(): Promise<void>;
  /** Asks it to stop (SIGTERM) and waits until it has. */
  stop(): Promise<void>;
}

/** Starts `deno run -A cli.ts worker --redis URL …args`. */
export function spawnWorker(redis: string, args: string[] = []): WorkerProcess {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, "worker", "--redis", redis, ...args],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (l: string) => void }[] = [];
  const reading = (async () => {
    let rest = "";
    for await (const text of child.stderr.pipeThrough(new TextDecoderStream())) {
      const parts = (rest + text).split("\n");
      rest = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        for (const w of waiters.filter((w) => w.pattern.test(line))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  })();
  let ended = false;
  const end = async (signal: Deno.Signal) => {
    if (!ended) {
      ended = true;
      try {
        child.kill(signal);
      } catch { /* already gone */ }
    }
    await child.status;
    await reading;
  };
  return {
    lines,
    waitFor(pattern, from = 0) {
      const seen = lines.slice(from).find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ pattern, resolve }));
    },
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
  };
}
