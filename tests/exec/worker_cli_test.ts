import assert from "node:assert/strict";
import { main } from "../../cli/mod.ts";
import { runWorker } from "../../cli/worker.ts";
import type { CliIo } from "../../cli/io.ts";
import { SKIP_REDIS, startRedisServer } from "./_redis.ts";

function bufferIo(env: Record<string, string> = {}): CliIo & { errs: string[] } {
  const errs: string[] = [];
  return { errs, out: () => {}, err: (l) => errs.push(l), env: (n) => env[n] };
}

Deno.test("renkei worker without --redis is a usage error that says what to pass", async () => {
  const io = bufferIo();
  assert.equal(await main(["worker"], io), 2);
  assert.match(io.errs.join("\n"), /Expected --redis URL \(or RENKEI_REDIS\)/);
});

Deno.test("renkei worker rejects a concurrency below 1", async () => {
  const io = bufferIo();
  assert.equal(await main(["worker", "--redis", "redis://h", "--concurrency", "0"], io), 2);
  assert.match(io.errs.join("\n"), /--concurrency to be an integer ≥ 1/);
});

Deno.test({
  name: "runWorker() connects, hides the password in its log and stops cleanly when asked",
  ignore: SKIP_REDIS,
  async fn() {
    const server = await startRedisServer();
    try {
      const io = bufferIo({ RENKEI_REDIS: server.url });
      const stop = new AbortController();
      // Stop once it says it is pulling tasks, i.e. it is connected.
      const err = io.err;
      io.err = (line) => {
        err(line);
        if (line.includes("pulling site tasks")) stop.abort();
      };
      const done = runWorker({ concurrency: 1, quiet: true }, io, stop.signal);
      assert.equal(await done, 0);
      const log = io.errs.join("\n");
      assert.match(log, /password=\*\*\*/);
      assert.doesNotMatch(log, new RegExp(new URL(server.url).searchParams.get("password")!));
      assert.match(log, /stopped after 0 task\(s\)/);
    } finally {
      await server.stop();
    }
  },
});
