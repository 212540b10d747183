/**
 * Private Redis servers for tests and benches: each listens only on a Unix
 * socket in a fresh temp dir (no TCP port), requires a password, keeps
 * nothing on disk, and is stopped by the test that started it.
 */

import { join } from "node:path";

/** Set RENKEI_SKIP_REDIS=1 to skip (not fail) the suites that need redis-server. */
export const SKIP_REDIS = Deno.env.get("RENKEI_SKIP_REDIS") === "1";

/** A running private redis-server. */
export interface RedisServer {
  /** Address for BullmqExecutor and `renkei worker --redis`. */
  url: string;
  stop(): Promise<void>;
}

/** Starts redis-server; fails with a clear message when it is not installed. */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = await Deno.makeTempDir({ prefix: "renkei-redis-" });
  const socket = join(dir, "redis.sock");
  const password = crypto.randomUUID().replaceAll("-", "");
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("redis-server", {
      args: [
        "--port",
        "0",
        "--unixsocket",
        socket,
        "--unixsocketperm",
        "700",
        "--requirepass",
        password,
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
      ],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new Error(
        "Expected redis-server on PATH but found none: install it (apt-get install -y redis-server) " +
          "or set RENKEI_SKIP_REDIS=1 to skip the BullMQ tests",
      );
    }
    throw err;
  }
  // Wait for the line Redis prints once it accepts connections, keeping what it said.
  const decoder = new TextDecoder();
  let said = "";
  const reader = child.stdout.getReader();
  while (!/ready to accept connections/i.test(said)) {
    const { value, done } = await reader.read();
    if (done) {
      await child.status;
      throw new Error(`Expected redis-server to start but it exited:\n${said}`);
    }
    said += decoder.decode(value);
  }
  // Keep draining both pipes so Redis never blocks on a full pipe.
  const drainOut = (async () => {
    while (!(await reader.read()).done) { /* discard */ }
  })();
  const drainErr = child.stderr.pipeTo(new WritableStream());
  return {
    url: `unix://${socket}?password=${password}`,
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch { /* already gone */ }
      await child.status;
      await Promise.allSettled([drainOut, drainErr]);
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
