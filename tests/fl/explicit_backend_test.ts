/**
 * The backend travels in the executor set-up (issue 18), not only through
 * RENKEI_BACKEND: a run given `backend` trains on it in this thread and in
 * its pool workers, and results say which.
 */
import assert from "node:assert/strict";
import { initBackend } from "../../models/mod.ts";
import { LocalExecutor, runScenario, WorkerPool } from "../../sim/fl/mod.ts";
import { resultsHash } from "./_tiny.ts";
import { tinyScenario } from "../_tiny_scenario.ts";

Deno.test("runScenario's backend option reaches this thread's executor and the pool's workers", async () => {
  assert.equal(Deno.env.get("RENKEI_BACKEND") ?? "", "");
  const scenario = tinyScenario({ rounds: 1 });
  try {
    const inThread = await runScenario(scenario, { workers: 0, quiet: true, backend: "cpu" });
    assert.equal(inThread.extras.backend, "cpu");
    // Pool workers on cpu give the in-thread cpu numbers (wasm ones would differ in the last bits).
    const pooled = await runScenario(scenario, { workers: 2, quiet: true, backend: "cpu" });
    assert.equal(await resultsHash(pooled), await resultsHash(inThread));
  } finally {
    await initBackend("wasm");
  }
});

Deno.test("an executor set-up without a backend keeps the default (wasm)", async () => {
  const scenario = tinyScenario({ rounds: 1 });
  const ex = await LocalExecutor.create({ scenario, seed: 1 });
  assert.equal(ex.backend, "wasm");
  ex.dispose();
  const pool = new WorkerPool(1, { scenario, seed: 1, backend: "cpu" });
  await pool.ready();
  pool.terminate();
});
