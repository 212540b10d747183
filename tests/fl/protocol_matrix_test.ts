/**
 * Every protocol × every strategy on a demo-shaped scenario, checkpointing
 * after each round (the async protocol used to crash at its first
 * checkpoint whenever sites had failed or updates waited in its buffer), and
 * async runs stopped and resumed against uninterrupted ones.
 */
import assert from "node:assert/strict";
import { runScenario } from "../../sim/fl/mod.ts";
import { STRATEGY_NAMES } from "../../sim/fl/strategies/mod.ts";
import { demoShapedScenario } from "./_demo_shaped.ts";
import { resultsHash } from "./_tiny.ts";

const PROTOCOLS = ["sync", "async", "hierarchical"] as const;

for (const protocol of PROTOCOLS) {
  Deno.test(`every strategy runs 2 checkpointed ${protocol} rounds on the demo-shaped scenario`, async () => {
    const outDir = await Deno.makeTempDir({ prefix: `renkei-matrix-${protocol}-` });
    try {
      for (const name of STRATEGY_NAMES) {
        const r = await runScenario(demoShapedScenario(protocol, name), {
          workers: 0,
          quiet: true,
          outDir: `${outDir}/${name}`,
        });
        assert.equal(r.rounds.length, 2, `${protocol} × ${name}`);
        assert.ok(r.rounds.every((x) => x.completed > 0), `${protocol} × ${name}: empty rounds`);
      }
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  });
}

for (const name of ["fedavg", "fedavgm", "scaffold", "dp-fedavg"]) {
  Deno.test(`async ${name} on the demo-shaped scenario, stopped after 2 rounds and resumed, ends like an uninterrupted 4-round run`, async () => {
    const four = demoShapedScenario("async", name, { rounds: 4 });
    const whole = await runScenario(four, { workers: 0, quiet: true });
    const outDir = await Deno.makeTempDir({ prefix: "renkei-async-resume-" });
    try {
      // "Kill" the run after round 2: it stops with its checkpoint on disk.
      await runScenario(demoShapedScenario("async", name, { rounds: 2 }), {
        workers: 0,
        quiet: true,
        outDir,
      });
      const resumed = await runScenario(four, { workers: 0, quiet: true, outDir, resume: true });
      assert.equal(resumed.rounds.length, 4);
      assert.equal(await resultsHash(resumed), await resultsHash(whole));
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  });
}
