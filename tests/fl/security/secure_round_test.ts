import assert from "node:assert/strict";
import { type RunResults, runScenario } from "../../../sim/fl/mod.ts";
import { SECAGG_KIND_NAMES } from "../../../sim/fl/security/secagg/mod.ts";
import type { SecAggRoundRecord } from "../../../sim/fl/security/mod.ts";
import { tinyScenario } from "../_tiny.ts";

// Every site trains every round, so plain and secure runs aggregate the same sites.
const everyone = { rounds: 2, sitesPerRound: 6, overcommit: 1 };
const run = (training: Record<string, unknown>, privacy?: Record<string, unknown>) =>
  runScenario(tinyScenario(training, privacy ? { privacy } : {}), { workers: 0, quiet: true });
const secAggRounds = (r: RunResults) =>
  (r.extras.secureAggregation as { rounds: SecAggRoundRecord[] }).rounds;

Deno.test("secure FedAvg matches plain FedAvg up to quantisation and costs extra bytes and time", async () => {
  const plain = await run(everyone);
  const secure = await run(everyone, { secureAggregation: { enabled: true } });
  for (const [p, s] of plain.rounds.map((p, i) => [p, secure.rounds[i]])) {
    assert.equal(s.completed, p.completed);
    assert.ok(Math.abs(s.loss - p.loss) < 1e-3, `round ${p.round}: ${s.loss} vs ${p.loss}`);
    // Keys, shares, masking and the unmasking round are charged on the virtual clock.
    assert.ok(s.time > p.time, `round ${p.round}: ${s.time} vs ${p.time}`);
  }
  const bytes = secure.summary.bytesByKind;
  // The server never receives a plain update: only masked ones.
  assert.equal(bytes["update-up"], undefined);
  for (const kind of SECAGG_KIND_NAMES) assert.ok(bytes[kind] > 0, kind);
  const ledger = SECAGG_KIND_NAMES.reduce((a, k) => a + bytes[k], 0);
  assert.equal(secAggRounds(secure).reduce((a, r) => a + r.bytes, 0), ledger);
});

Deno.test("secure aggregation recovers the sum when a third of the cohort drops after masking", async () => {
  const r = await run(everyone, { secureAggregation: { enabled: true, dropout: 1 / 3 } });
  for (const [i, log] of secAggRounds(r).entries()) {
    assert.equal(log.cohort, 6);
    assert.equal(log.dropped, 2);
    assert.equal(log.threshold, 4);
    assert.ok(log.recovered);
    assert.equal(r.rounds[i].completed, 4);
    assert.ok(log.unmaskSeconds > 0 && log.siteSeconds > 0);
  }
  assert.ok(Number.isFinite(r.summary.finalAccuracy));
});

Deno.test("secure aggregation keeps the global when fewer than the threshold survive", async () => {
  const r = await run({ ...everyone, rounds: 1 }, {
    secureAggregation: { enabled: true, dropout: 0.5, threshold: 0.9 },
  });
  const [log] = secAggRounds(r);
  assert.equal(log.recovered, false);
  assert.equal(log.threshold, 6);
  assert.equal(r.rounds[0].completed, 0);
});
