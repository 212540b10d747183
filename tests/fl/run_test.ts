import assert from "node:assert/strict";
import { MESSAGE_KIND_NAMES, runScenario } from "../../sim/fl/mod.ts";
import { tinyScenario } from "./_tiny.ts";

const CHANCE = 1 / 3;

Deno.test("runScenario() trains a tiny federation past chance and reports the gap to the baseline", async () => {
  const scenario = tinyScenario({ rounds: 4 }, { baseline: { enabled: true, epochs: 2 } });
  const r = await runScenario(scenario, { workers: 0, quiet: true });
  assert.equal(r.rounds.length, 4);
  assert.ok(r.summary.finalAccuracy > CHANCE + 0.15, `accuracy ${r.summary.finalAccuracy}`);
  assert.ok(r.central !== null && r.central.curve.length === 2);
  assert.equal(r.summary.gap, r.summary.finalAccuracy - r.central!.accuracy);
  assert.equal(typeof r.extras.backend, "string");
  assert.equal(r.sites.length, 6);
  for (const s of r.sites) assert.ok(s.accuracy >= 0 && s.accuracy <= 1, `site ${s.siteId}`);
  // Virtual time moves forward round by round.
  for (let i = 1; i < r.rounds.length; i++) assert.ok(r.rounds[i].time > r.rounds[i - 1].time);
});

Deno.test("every message kind a run records is declared, and none carries samples", async () => {
  const r = await runScenario(tinyScenario({ rounds: 1 }), { workers: 0, quiet: true });
  const kinds = Object.keys(r.summary.bytesByKind);
  assert.ok(kinds.includes("model-down") && kinds.includes("update-up"));
  for (const k of kinds) assert.ok(MESSAGE_KIND_NAMES.includes(k as never), `undeclared kind ${k}`);
  for (const k of MESSAGE_KIND_NAMES) assert.doesNotMatch(k, /sample|data/);
  // A model message is exactly the weights: 4 bytes per parameter.
  const params = r.extras.params as number;
  const counts = r.extras.messageCounts as Record<string, number>;
  assert.equal(r.summary.bytesByKind["model-down"], counts["model-down"] * params * 4);
});

Deno.test("a site whose compute is too slow misses the deadline and is reported as a failure", async () => {
  const scenario = tinyScenario({ rounds: 2, deadline: 30, sitesPerRound: 5, overcommit: 1 }, {
    sites: [
      { group: "full", count: 4, samples: 48 },
      { group: "slow", count: 1, samples: 48, devices: { compute: 1e4 } },
    ],
  });
  const r = await runScenario(scenario, { workers: 0, quiet: true });
  const slow = r.sites.find((s) => s.group === "slow")!;
  assert.equal(slow.roundsParticipated, 0);
  assert.equal(slow.roundsFailed, 2);
  for (const round of r.rounds) {
    assert.equal(round.failed, 1);
    assert.equal(round.completed, 4);
    // The round waits for the deadline because the slow site never arrives in time.
    assert.ok(Math.abs(round.time - 30 * round.round) < 1e-9, `round ends at ${round.time}`);
  }
});

Deno.test("sites that are never available are reported offline and never aggregated", async () => {
  const scenario = tinyScenario({ rounds: 2, sitesPerRound: 6, overcommit: 1 }, {
    sites: [
      { group: "full", count: 4, samples: 48 },
      { group: "away", count: 2, samples: 48, availability: { probability: 0 } },
    ],
  });
  const r = await runScenario(scenario, { workers: 0, quiet: true });
  for (const s of r.sites.filter((s) => s.group === "away")) {
    assert.equal(s.roundsParticipated, 0);
    assert.equal(s.roundsFailed, 2);
    assert.ok(r.timeline.some((t) => t.siteId === s.siteId && t.state === "offline"));
  }
  assert.ok(r.rounds.every((x) => x.completed === 4 && x.failed === 2));
});

for (const protocol of ["async", "hierarchical"] as const) {
  Deno.test(`the ${protocol} protocol trains past chance and every site takes part`, async () => {
    const scenario = tinyScenario({
      protocol,
      rounds: 4,
      async: { bufferSize: 2, concurrency: 3 },
      hierarchical: { groupsBy: "group", edgeRounds: 2 },
    });
    const r = await runScenario(scenario, { workers: 0, quiet: true });
    assert.equal(r.rounds.length, 4);
    assert.ok(r.summary.finalAccuracy > CHANCE + 0.1, `accuracy ${r.summary.finalAccuracy}`);
    assert.ok(r.rounds.every((x) => x.completed > 0));
    if (protocol === "hierarchical") {
      assert.ok((r.summary.bytesByKind["edge-update-up"] ?? 0) > 0);
    }
  });
}
