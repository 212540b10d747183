import assert from "node:assert/strict";
import { runScenario } from "../../sim/fl/mod.ts";
import { resultsHash, tinyScenario } from "./_tiny.ts";

for (const protocol of ["sync", "async"] as const) {
  Deno.test(`a ${protocol} run stopped after 2 rounds and resumed ends like an uninterrupted 4-round run`, async () => {
    const training = {
      protocol,
      strategy: { name: protocol === "async" ? "scaffold" : "fedavg" },
      async: { bufferSize: 2, concurrency: 3 },
    };
    const top = { baseline: { enabled: true, epochs: 1 } };
    const whole = await runScenario(tinyScenario({ ...training, rounds: 4 }, top), {
      workers: 0,
      quiet: true,
    });
    const outDir = await Deno.makeTempDir({ prefix: "renkei-resume-" });
    try {
      // "Kill" the run after round 2: it stops with its checkpoint on disk.
      await runScenario(tinyScenario({ ...training, rounds: 2 }, top), {
        workers: 0,
        quiet: true,
        outDir,
      });
      const resumed = await runScenario(tinyScenario({ ...training, rounds: 4 }, top), {
        workers: 0,
        quiet: true,
        outDir,
        resume: true,
      });
      assert.equal(resumed.rounds.length, 4);
      assert.equal(await resultsHash(resumed), await resultsHash(whole));
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  });
}

Deno.test("resuming from a checkpoint of another scenario is refused", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "renkei-resume-" });
  try {
    await runScenario(tinyScenario({ rounds: 1 }), { workers: 0, quiet: true, outDir });
    await assert.rejects(
      () =>
        runScenario(tinyScenario({ rounds: 2, learningRate: 0.2 }), {
          workers: 0,
          quiet: true,
          outDir,
          resume: true,
        }),
      TypeError,
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
