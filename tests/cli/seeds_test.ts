import assert from "node:assert/strict";
import { runFile, type RunScenario, sweepFile } from "../../cli/mod.ts";
import { checkRuns } from "../../cli/check.ts";
import { seedList } from "../../cli/seeds.ts";
import type { Scenario } from "../../scenarios/mod.ts";
import { fixtureResults } from "../reports/fixture.ts";

const quietIo = (lines: string[]) => ({
  out: (l: string) => lines.push(l),
  err: (l: string) => lines.push(l),
  env: () => undefined,
});

/** A runner that returns the report fixture for the scenario's seed, accuracy shifted by seed. */
const fixtureRunner = (calls: { seed: number; out: string }[]): RunScenario => (scenario, o) => {
  calls.push({ seed: scenario.seed, out: o.outDir });
  const results = fixtureResults({ sites: 12, rounds: 4, seed: scenario.seed });
  const shift = (scenario.seed % 10) / 100;
  return Promise.resolve({
    ...results,
    scenario,
    summary: { ...results.summary, finalAccuracy: 0.7 + shift },
  });
};

Deno.test("seedList() counts up from the scenario's seed and keeps targets.seeds for --check", () => {
  const scenario = { seed: 42, targets: { seeds: [7, 8] } } as unknown as Scenario;
  assert.deepEqual(seedList(scenario, { seeds: 5, check: false }), [42, 43, 44, 45, 46]);
  assert.deepEqual(seedList(scenario, { check: true }), [7, 8]);
  assert.deepEqual(seedList(scenario, { check: false }), [42]);
  assert.deepEqual(seedList(scenario, { seed: 3, check: true }), [42]);
});

Deno.test("run --seeds 3 trains seed…seed+2 into DIR/seed-<s> and writes the summary; check DIR reads it", async () => {
  const out = await Deno.makeTempDir({ prefix: "renkei-seeds-" });
  try {
    const calls: { seed: number; out: string }[] = [];
    const lines: string[] = [];
    const code = await runFile(
      "scenarios/ci/smoke.yaml",
      { seeds: 3, out, sets: [], check: false, resume: false },
      quietIo(lines),
      fixtureRunner(calls),
    );
    assert.equal(code, 0, lines.join("\n"));
    assert.deepEqual(calls.map((c) => c.seed), [7, 8, 9]);
    assert.deepEqual(calls.map((c) => c.out), [7, 8, 9].map((s) => `${out}/seed-${s}`));
    const summary = JSON.parse(await Deno.readTextFile(`${out}/summary.json`));
    assert.deepEqual(summary.runs, ["seed-7", "seed-8", "seed-9"]);
    const acc = summary.metrics.find((m: { metric: string }) => m.metric === "finalAccuracy");
    // 0.77, 0.78, 0.79: mean 0.78, sd 0.01, half-width t(2)·0.01/√3 = 4.302653·0.0057735.
    assert.ok(Math.abs(acc.mean - 0.78) < 1e-12);
    assert.ok(Math.abs(acc.high - acc.mean - 4.302653 * 0.01 / Math.sqrt(3)) < 1e-9);
    const csv = await Deno.readTextFile(`${out}/summary.csv`);
    assert.match(csv, /^metric,n,mean,sd,ci95_low,ci95_high,seed_7,seed_8,seed_9\n/);
    assert.match(csv, /\nretention\[tenth-volume\],3,/);
    assert.match(lines.join("\n"), /finalAccuracy\s+3\/3\s+0\.7800/);
    await Deno.stat(`${out}/report.html`);

    const checked: string[] = [];
    assert.equal(await checkRuns([out], quietIo(checked)), 0);
    assert.match(checked.join("\n"), /3 seeds \(7, 8, 9\)/);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("sweep --seeds 2 writes a seed summary in every combination's folder", async () => {
  const out = await Deno.makeTempDir({ prefix: "renkei-sweep-seeds-" });
  try {
    const calls: { seed: number; out: string }[] = [];
    const lines: string[] = [];
    const code = await sweepFile(
      "scenarios/ci/smoke.yaml",
      { seeds: 2, out, sets: ["training.rounds=2,3"], check: false, resume: false },
      quietIo(lines),
      fixtureRunner(calls),
    );
    assert.equal(code, 0);
    assert.equal(calls.length, 4);
    for (const combination of ["training.rounds=2", "training.rounds=3"]) {
      const summary = JSON.parse(await Deno.readTextFile(`${out}/${combination}/summary.json`));
      assert.deepEqual(summary.seeds, [7, 8]);
    }
    // The sweep ends with one table line per combination (mean ± t half-width over 2 seeds).
    assert.match(lines.join("\n"), /training\.rounds=3\s+2\s+0\.7750 ±0\.0635/);
    assert.match(
      await Deno.readTextFile(`${out}/summary.csv`),
      /"training.rounds=2",.*,finalAccuracy,2,0\.77/,
    );
    assert.match(await Deno.readTextFile(`${out}/comparison.html`), /training\.rounds=2/);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
