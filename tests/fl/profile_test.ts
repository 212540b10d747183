import assert from "node:assert/strict";
import { LocalExecutor, runScenario } from "../../sim/fl/mod.ts";
import { holdSite, preferHeldSite } from "../../sim/fl/held_sites.ts";
import { planScenario } from "../../sim/fl/data_setup.ts";
import { pooledTrainSet } from "../../sim/data/mod.ts";
import { RngStreams } from "../../sim/engine/mod.ts";
import {
  cpuSecondsByThread,
  peakRssBytes,
  type WallBreakdown,
  WallProfile,
} from "../../sim/fl/profile.ts";
import { resultsHash } from "../../reports/mod.ts";
import { tinyScenario } from "./_tiny.ts";

const PARTS = [
  "trainSeconds",
  "evalSeconds",
  "baselineSeconds",
  "aggregateSeconds",
  "dataSeconds",
  "otherSeconds",
] as const;

/** A clock the test moves by hand, in milliseconds. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
}

Deno.test("WallProfile charges each instant to the highest-priority open phase", () => {
  const clock = manualClock();
  const p = new WallProfile(clock.now);
  clock.advance(1000); // other
  p.enter("train");
  clock.advance(2000); // train
  p.enter("data"); // data generated while a site trains is data time
  clock.advance(500);
  p.leave("data");
  clock.advance(1500); // train again
  p.leave("train");
  p.measure("aggregate", () => clock.advance(250));
  const b = p.breakdown();
  assert.equal(b.otherSeconds, 1);
  assert.equal(b.trainSeconds, 3.5);
  assert.equal(b.dataSeconds, 0.5);
  assert.equal(b.aggregateSeconds, 0.25);
  assert.equal(b.totalSeconds, 5.25);
});

Deno.test("WallProfile counts overlapping tasks of one phase once", async () => {
  const clock = manualClock();
  const p = new WallProfile(clock.now);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const a = p.track("train", () => gate);
  const b = p.track("train", () => gate);
  clock.advance(4000);
  release();
  await Promise.all([a, b]);
  assert.equal(p.breakdown().trainSeconds, 4);
  assert.equal(p.breakdown().totalSeconds, 4);
});

Deno.test("WallProfile moves workers' data share of the waiting time from training to data", () => {
  const clock = manualClock();
  const p = new WallProfile(clock.now);
  p.measure("train", () => clock.advance(10_000));
  p.addWorkerTimes({ train: { busySeconds: 16, dataSeconds: 4 } });
  const b = p.breakdown();
  assert.equal(b.trainSeconds, 7.5);
  assert.equal(b.dataSeconds, 2.5);
  assert.equal(b.totalSeconds, 10);
  assert.equal(b.workerBusySeconds, 16);
  assert.equal(b.workerDataSeconds, 4);
});

Deno.test("WallProfile refuses to close a phase that is not open", () => {
  const p = new WallProfile();
  assert.throws(() => p.leave("eval"), RangeError);
  assert.throws(() => p.enter("nap" as never), RangeError);
});

Deno.test("peakRssBytes() reports at least the current resident memory", () => {
  const peak = peakRssBytes();
  assert.ok(peak > 0 && peak >= Deno.memoryUsage().rss * 0.5, `peak ${peak}`);
});

function checkBreakdown(b: WallBreakdown, wallSeconds: number): void {
  for (const k of PARTS) assert.ok(b[k] >= 0, `${k} = ${b[k]}`);
  const sum = PARTS.reduce((a, k) => a + b[k], 0);
  assert.ok(Math.abs(sum - b.totalSeconds) < 1e-6, `parts ${sum} vs total ${b.totalSeconds}`);
  // The profile starts and stops within milliseconds of the run's own wall clock.
  assert.ok(Math.abs(b.totalSeconds - wallSeconds) < 0.05 + 0.01 * wallSeconds, `${sum}`);
  assert.ok(b.peakRssBytes > 0);
}

Deno.test("every run records a wall-clock breakdown that adds up, and it leaves the hash unchanged", async () => {
  const scenario = tinyScenario({ rounds: 2 }, { baseline: { enabled: true, epochs: 1 } });
  const one = await runScenario(scenario, { workers: 0, quiet: true });
  const two = await runScenario(scenario, { workers: 0, quiet: true });
  for (const r of [one, two]) {
    const b = r.extras.wallBreakdown as WallBreakdown;
    checkBreakdown(b, r.summary.wallSeconds);
    // Each phase this scenario has really took time.
    for (const k of ["trainSeconds", "evalSeconds", "baselineSeconds", "dataSeconds"] as const) {
      assert.ok(b[k] > 0, `${k} = ${b[k]}`);
    }
    assert.equal(b.workerBusySeconds, 0);
  }
  assert.equal(await resultsHash(one), await resultsHash(two));
  const altered = { ...one, extras: { ...one.extras, wallBreakdown: { trainSeconds: -1 } } };
  assert.equal(await resultsHash(altered), await resultsHash(one));
});

Deno.test("a run on the worker pool counts the workers' time and their data generation", async () => {
  const r = await runScenario(tinyScenario({ rounds: 2 }), { workers: 1, quiet: true });
  const b = r.extras.wallBreakdown as WallBreakdown;
  checkBreakdown(b, r.summary.wallSeconds);
  assert.ok(b.trainSeconds > 0 && b.workerBusySeconds > 0);
  assert.ok(b.workerDataSeconds > 0 && b.workerDataSeconds < b.workerBusySeconds);
  if (cpuSecondsByThread().size > 0) {
    // This thread and the worker both did real work; the list is sorted, largest first.
    assert.ok(b.threadCpuSeconds.length >= 2, `${b.threadCpuSeconds}`);
    assert.deepEqual(b.threadCpuSeconds, [...b.threadCpuSeconds].sort((x, y) => y - x));
  }
});

Deno.test("the baseline's pooled data, copied in site by site, equals pooledTrainSet()", async () => {
  const scenario = tinyScenario();
  const executor = await LocalExecutor.create({ scenario, seed: scenario.seed });
  try {
    const { source, plans } = await planScenario(scenario, new RngStreams(scenario.seed));
    const expected = pooledTrainSet(source, plans, new RngStreams(scenario.seed));
    const pooled = executor.pooledTrain();
    assert.equal(pooled.n, expected.n);
    assert.deepEqual(pooled.labels, expected.labels);
    assert.deepEqual(pooled.mask, expected.mask);
    assert.deepEqual(pooled.shapes, expected.shapes);
    for (const m of expected.modalities) assert.deepEqual(pooled.inputs[m], expected.inputs[m]);
  } finally {
    executor.dispose();
  }
});

Deno.test("evaluation and training generate a site's test or training rows alone, the same as the whole site's", async () => {
  const scenario = tinyScenario();
  const executor = await LocalExecutor.create({ scenario, seed: scenario.seed });
  const fresh = await LocalExecutor.create({ scenario, seed: scenario.seed });
  try {
    const site = executor.plans.findIndex((p) => p.testSize > 0 && p.testSize < p.size);
    assert.ok(site >= 0, "the tiny scenario should have a site with train and test rows");
    const test = executor.siteTestData(site);
    const full = fresh.siteData(site);
    assert.equal(test.n, full.test.n);
    assert.deepEqual(test.labels, full.test.labels);
    for (const m of full.test.modalities) assert.deepEqual(test.inputs[m], full.test.inputs[m]);
    // Evaluation kept nothing; training generates the training rows alone.
    const train = executor.siteTrainData(site);
    assert.equal(train.n, full.train.n);
    for (const m of full.train.modalities) assert.deepEqual(train.inputs[m], full.train.inputs[m]);
    const both = executor.siteData(site);
    assert.equal(both.train, train, "the cached training rows");
    for (const m of full.test.modalities) {
      assert.deepEqual(both.test.inputs[m], full.test.inputs[m]);
    }
  } finally {
    executor.dispose();
    fresh.dispose();
  }
});

Deno.test("the pooled training data is shared memory, and sites train from it with the same rows", async () => {
  const scenario = tinyScenario();
  const baseline = await LocalExecutor.create({ scenario, seed: scenario.seed });
  const worker = await LocalExecutor.create({ scenario, seed: scenario.seed });
  const fresh = await LocalExecutor.create({ scenario, seed: scenario.seed });
  try {
    let shared = null as unknown;
    baseline.data.onPooledTrain = (pooled) => shared = pooled;
    const pooled = baseline.pooledTrain();
    assert.equal(shared, pooled, "the hook sees the pooled data once built");
    assert.ok(pooled.labels.buffer instanceof SharedArrayBuffer);
    for (const m of pooled.modalities) {
      assert.ok(pooled.inputs[m]!.buffer instanceof SharedArrayBuffer);
    }
    worker.usePooledTrain(pooled);
    for (const plan of worker.plans) {
      const expected = fresh.siteTrainData(plan.siteId);
      for (const ex of [baseline, worker]) {
        const got = ex.siteTrainData(plan.siteId);
        assert.equal(got.n, expected.n);
        assert.deepEqual(got.labels, expected.labels);
        assert.deepEqual(got.mask, expected.mask);
        for (const m of expected.modalities) assert.deepEqual(got.inputs[m], expected.inputs[m]);
        // Views, not copies: the rows are the pooled buffer's.
        assert.equal(got.labels.buffer, pooled.labels.buffer);
      }
    }
    // Both parts (the final robustness passes) still come whole from a pooled executor.
    const site = worker.plans.findIndex((p) => p.testSize > 0);
    const both = worker.siteData(site);
    const whole = fresh.siteData(site);
    for (const m of whole.test.modalities) {
      assert.deepEqual(both.test.inputs[m], whole.test.inputs[m]);
      assert.deepEqual(both.train.inputs[m], whole.train.inputs[m]);
    }
    assert.throws(
      () => worker.usePooledTrain({ ...pooled, n: pooled.n - 1 }),
      /Expected pooled data of \d+ samples/,
    );
  } finally {
    baseline.dispose();
    worker.dispose();
    fresh.dispose();
  }
});

Deno.test("a pool worker takes the first queued task whose site it holds, else the oldest", () => {
  assert.equal(preferHeldSite([3, 8, 5, 8], new Set([5, 8])), 1);
  assert.equal(preferHeldSite([undefined, 5], new Set([5])), 1);
  assert.equal(preferHeldSite([3, 4], new Set([5])), 0);
  assert.equal(preferHeldSite([], new Set([5])), 0);
});

Deno.test("holdSite() keeps the most recently used sites, as the executor's cache does", () => {
  const held = new Set<number>();
  for (const site of [1, 2, 3]) holdSite(held, site, 3);
  holdSite(held, 1, 3); // used again: now the most recent
  holdSite(held, 4, 3); // evicts 2, the least recently used
  assert.deepEqual([...held], [3, 1, 4]);
});
