import { assert, assertEquals, assertNear, assertThrows } from "../_assert.ts";
import { checkTargets, formatTargets, targetsOf } from "../../reports/mod.ts";
import { fixtureResults } from "./fixture.ts";

Deno.test("checkTargets() passes a minimum accuracy the run reaches and fails one it misses", () => {
  const run = fixtureResults();
  const accuracy = run.summary.finalAccuracy;
  const [met] = checkTargets(run, { minAccuracy: accuracy - 0.01 });
  const [missed] = checkTargets(run, { minAccuracy: accuracy + 0.01 });
  assertEquals([met.pass, missed.pass], [true, false]);
  assertEquals(met.measured, accuracy);
});

Deno.test("checkTargets() over several seeds reports the mean and fails on the worst seed", () => {
  const seeds = [0, 0.05, 0.1].map((shift) => fixtureResults({ seed: 1, accuracyShift: shift }));
  const finals = seeds.map((r) => r.summary.finalAccuracy);
  const threshold = finals[0] + 0.01;
  const [o] = checkTargets(seeds, { minAccuracy: threshold });
  assert(o.measured > threshold);
  assertNear(o.measured, (finals[0] + finals[1] + finals[2]) / 3, 1e-12);
  assertEquals(o.worst, Math.min(...finals));
  assertEquals(o.runs, 3);
  assertEquals(o.pass, false, "mean meets the threshold but the worst seed does not");
});

Deno.test("checkTargets() measures the gap as centralised minus federated accuracy", () => {
  const run = fixtureResults();
  const shortfall = run.summary.centralAccuracy - run.summary.finalAccuracy;
  const [o] = checkTargets(run, { maxGap: shortfall + 0.001 });
  assertNear(o.measured, shortfall, 1e-12);
  assertEquals(o.comparison, "<=");
  assert(o.pass);
  assert(!checkTargets(run, { maxGap: shortfall - 0.001 })[0].pass);
});

Deno.test("checkTargets() fails a gap target when there is no centralised baseline, saying why", () => {
  const [o] = checkTargets(fixtureResults({ noCentral: true }), { maxGap: 1 });
  assertEquals(o.pass, false);
  assert(o.note?.includes("baseline"));
});

Deno.test("checkTargets() gives one retention outcome per degraded group", () => {
  const outcomes = checkTargets(fixtureResults(), { minRetention: 0.5 });
  assertEquals(outcomes.map((o) => o.name), [
    "minRetention[tenth-volume]",
    "minRetention[tenth-granularity]",
    "minRetention[missing-camera]",
  ]);
  assert(outcomes.every((o) => o.pass && o.measured > 0.5 && o.measured < 1.2));
});

Deno.test("checkTargets() fails a retention target when no site is degraded", () => {
  const run = fixtureResults();
  run.sites = run.sites.filter((s) => s.group === "full");
  const [o] = checkTargets(run, { minRetention: 0.5 });
  assertEquals([o.name, o.pass], ["minRetention", false]);
});

Deno.test("checkTargets() checks simulated time as a maximum", () => {
  const run = fixtureResults();
  assert(checkTargets(run, { maxSimulatedSeconds: run.summary.simulatedSeconds + 1 })[0].pass);
  assert(!checkTargets(run, { maxSimulatedSeconds: run.summary.simulatedSeconds - 1 })[0].pass);
});

Deno.test("checkTargets() rejects a non-finite threshold and an empty list of runs", () => {
  assertThrows(
    () => checkTargets(fixtureResults(), { minAccuracy: NaN }),
    TypeError,
    "minAccuracy",
  );
  assertThrows(() => checkTargets([], { minAccuracy: 0.5 }), RangeError, "at least one run");
});

Deno.test("formatTargets() prints each target with its measured value and counts misses", () => {
  const run = fixtureResults();
  const text = formatTargets(checkTargets(run, { minAccuracy: 0.99, maxGap: 0.5 }));
  assert(text.includes("minAccuracy") && text.includes("FAIL"));
  assert(text.includes("maxGap") && text.includes("PASS"));
  assert(text.includes(String(Number(run.summary.finalAccuracy.toPrecision(4)))));
  assert(text.endsWith("1/2 targets met"));
});

Deno.test("targetsOf() reads a scenario's targets block and rejects a non-number", () => {
  assertEquals(targetsOf({ targets: { minAccuracy: 0.6, other: "x" } }), { minAccuracy: 0.6 });
  assertEquals(targetsOf({}), {});
  assertThrows(() => targetsOf({ targets: { maxGap: "0.1" } }), TypeError, "targets.maxGap");
});

Deno.test("targetsOf() keeps the scenario's seed list and rejects a non-numeric target", () => {
  const t = targetsOf({ targets: { minAccuracy: 0.5, seeds: [1, 2, 3] } });
  assertEquals(t.seeds, [1, 2, 3]);
  assertEquals(t.minAccuracy, 0.5);
  assertThrows(
    () => targetsOf({ targets: { minAccuracy: "high" } }),
    TypeError,
    "targets.minAccuracy",
  );
});
