import assert from "node:assert/strict";
import { runScenario } from "../../../sim/fl/mod.ts";
import {
  attackWeights,
  chooseAttackers,
  labelPermutation,
  poisonTraining,
  type RejectedUpdate,
} from "../../../sim/fl/security/mod.ts";
import type { Dataset } from "../../../sim/data/mod.ts";
import { tinyScenario } from "../_tiny.ts";

Deno.test("chooseAttackers() picks the same seeded fraction of sites every time", () => {
  const a = chooseAttackers(3, 30, 0.2);
  assert.equal(a.length, 6);
  assert.deepEqual(a, chooseAttackers(3, 30, 0.2));
  assert.notDeepEqual(a, chooseAttackers(4, 30, 0.2));
  assert.ok(a.every((id) => id >= 0 && id < 30));
  assert.deepEqual(chooseAttackers(3, 30, 0), []);
});

Deno.test("labelPermutation() moves every label to another class", () => {
  for (const classes of [2, 3, 8]) {
    const perm = labelPermutation(11, classes);
    assert.deepEqual([...perm].sort(), Array.from({ length: classes }, (_, i) => i));
    perm.forEach((to, from) => assert.notEqual(to, from));
  }
});

Deno.test("poisonTraining() flips labels at attacking sites only", () => {
  const train = { n: 4, classes: 3, labels: Int32Array.from([0, 1, 2, 0]) } as Dataset;
  const attack = { kind: "label-flip" as const, fraction: 0.5 };
  const attackers = chooseAttackers(1, 4, 0.5);
  for (let id = 0; id < 4; id++) {
    const out = poisonTraining(attack, 1, 4, id, train);
    if (attackers.includes(id)) out.labels.forEach((l, i) => assert.notEqual(l, train.labels[i]));
    else assert.equal(out, train);
  }
  assert.equal(poisonTraining({ kind: "sign-flip", fraction: 1 }, 1, 4, 0, train), train);
});

Deno.test("attackWeights() sends NaN for a faulty site and the reversed update for sign-flip", () => {
  const start = new Float32Array([1, 1]), local = new Float32Array([2, 0]);
  assert.ok(attackWeights({ kind: "nan", fraction: 1 }, start, local, 0).every(Number.isNaN));
  assert.deepEqual([...attackWeights({ kind: "sign-flip", fraction: 1 }, start, local, 0)], [0, 2]);
});

Deno.test("a site that sends NaN is rejected with its site and round named, and the run goes on", async () => {
  const r = await runScenario(
    tinyScenario({ rounds: 2, sitesPerRound: 6, overcommit: 1 }, {
      attack: { kind: "nan", fraction: 0.2 },
    }),
    { workers: 0, quiet: true },
  );
  const attackers = (r.extras.attack as { attackers: number[] }).attackers;
  const rejected = r.extras.rejected as RejectedUpdate[];
  assert.equal(attackers.length, 1);
  assert.deepEqual(rejected.map((x) => [x.round, x.siteId]), [[1, attackers[0]], [
    2,
    attackers[0],
  ]]);
  assert.match(rejected[0].message, new RegExp(`site ${attackers[0]} in round 1`));
  for (const round of r.rounds) assert.equal(round.completed, 5);
  assert.ok(Number.isFinite(r.summary.finalAccuracy) && Number.isFinite(r.rounds[1].loss));
});

Deno.test("the coordinate-wise median resists a scaled sign-flip attack that ruins the mean", async () => {
  const attack = { attack: { kind: "sign-flip", fraction: 0.34, scale: 20 } };
  const accuracy = async (aggregator: string) =>
    (await runScenario(
      tinyScenario({
        rounds: 3,
        sitesPerRound: 6,
        overcommit: 1,
        strategy: { name: "fedavg", params: { aggregator } },
      }, attack),
      { workers: 0, quiet: true },
    )).summary.finalAccuracy;
  const mean = await accuracy("mean"), median = await accuracy("median");
  assert.ok(median > mean + 0.1, `median ${median} vs mean ${mean}`);
});
