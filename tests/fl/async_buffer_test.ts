/**
 * FedBuff's bookkeeping: each buffered update reaches the strategy with its
 * staleness and the global it was trained from, and the server keeps only
 * the globals some in-flight or buffered update still needs.
 */
import { assert, assertEquals, assertThrows, sameBits } from "../_assert.ts";
import { AsyncBuffer } from "../../sim/fl/protocols/_async_buffer.ts";
import { LocalExecutor } from "../../sim/fl/mod.ts";
import type { SiteUpdate } from "../../sim/fl/strategies/mod.ts";
import { federation } from "./_federation.ts";
import { tinyScenario } from "./_tiny.ts";

const update = (siteId: number): SiteUpdate => ({
  siteId,
  weights: new Float32Array([siteId]),
  numSamples: 1,
  steps: 1,
  meanLoss: 0,
  learningRate: 0.1,
});

Deno.test("AsyncBuffer hands each update its staleness and, when older, the global it trained from", () => {
  const b = new AsyncBuffer();
  const v3 = new Float32Array([3]), v5 = new Float32Array([5]);
  b.rememberDispatch(3, v3);
  b.rememberDispatch(5, v5);
  b.add(update(1), 3);
  b.add(update(2), 5);
  b.fail({ siteId: 9, reason: "offline" });
  b.fail({ siteId: 4, reason: "dropped" });
  const { updates, failures } = b.take(5);
  assertEquals(updates.map((u) => u.staleness), [2, 0]);
  assert(updates[0].dispatchedFrom === v3, "the stale update keeps the global of version 3");
  assertEquals(updates[1].dispatchedFrom, undefined);
  assertEquals(failures.map((f) => f.siteId), [4, 9]);
  assertEquals(b.size, 0);
});

Deno.test("AsyncBuffer keeps only the globals an in-flight or buffered update was trained from", () => {
  const b = new AsyncBuffer();
  for (let v = 0; v < 4; v++) b.rememberDispatch(v, new Float32Array([v]));
  b.add(update(1), 1);
  b.prune([3, 3]);
  assertEquals(b.versionsHeld, [1, 3]);
  b.take(4);
  b.prune([3]);
  assertEquals(b.versionsHeld, [3]);
  assertThrows(
    () => {
      b.add(update(2), 0);
      b.take(4);
    },
    RangeError,
    "version 0",
  );
});

Deno.test("AsyncBuffer state() and restore() round-trip waiting updates, failures and globals", () => {
  const b = new AsyncBuffer();
  b.rememberDispatch(2, new Float32Array([0.25, -1]));
  b.add({ ...update(7), weights: new Float32Array([1, 2]) }, 2);
  b.fail({ siteId: 3, reason: "deadline" });
  const c = new AsyncBuffer();
  c.restore(structuredClone(b.state()));
  const x = b.take(4), y = c.take(4);
  assertEquals(y.failures, x.failures);
  assertEquals(y.updates[0].staleness, 2);
  assert(sameBits(y.updates[0].dispatchedFrom!, new Float32Array([0.25, -1])), "global kept");
  assert(sameBits(y.updates[0].weights, x.updates[0].weights), "weights kept");
});

Deno.test("an async run gives each stale update the global it was dispatched with", async () => {
  const scenario = tinyScenario({
    protocol: "async",
    rounds: 6,
    async: { bufferSize: 2, concurrency: 4 },
  });
  const main = await LocalExecutor.create({ scenario, seed: scenario.seed });
  try {
    const { fed, initial, protocol } = federation(main, scenario, {});
    const globals = [initial];
    const seen: { staleness: number; from: Float32Array | undefined; version: number }[] = [];
    const aggregate = fed.strategy.aggregate.bind(fed.strategy);
    fed.strategy.aggregate = (global, updates, failures, round) => {
      for (const u of updates) {
        seen.push({ staleness: u.staleness ?? 0, from: u.dispatchedFrom, version: round - 1 });
      }
      return aggregate(global, updates, failures, round);
    };
    let time = 0;
    for (let round = 1; round <= 6; round++) {
      const step = await protocol.step(round, time, globals[round - 1]);
      globals.push(step.global);
      time = step.closeTime;
    }
    assert(seen.some((s) => s.staleness > 0), "expected some stale updates");
    for (const s of seen) {
      if (s.staleness === 0) assertEquals(s.from, undefined);
      else assert(s.from === globals[s.version - s.staleness], "not the dispatch global");
    }
  } finally {
    main.dispose();
  }
});
