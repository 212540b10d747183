import assert from "node:assert/strict";
import { loadScenario } from "../../../scenarios/mod.ts";
import { MessageLedger, runScenario } from "../../../sim/fl/mod.ts";
import { SECAGG_KIND_NAMES } from "../../../sim/fl/security/secagg/mod.ts";
import {
  auditMessages,
  privacyCurve,
  type PrivacyPoint,
  recordMessages,
} from "../../../sim/fl/security/mod.ts";

// The shipped scenario, shortened: secure aggregation with dropouts and DP on.
const scenario = await loadScenario("scenarios/secure-dp.yaml", {
  sets: ["training.rounds=2", "training.evalEvery=2", "baseline.enabled=false"],
});

Deno.test("every message of a secure, differentially private run carries a model, update, mask, key or metrics", async () => {
  const { value: r, messages } = await recordMessages(() =>
    runScenario(scenario, { workers: 0, quiet: true })
  );
  assert.ok(messages.length > 100, `${messages.length} messages`);
  assert.deepEqual(auditMessages(messages, r.extras.params as number), []);
  const kinds = new Set(messages.map((m) => m.kind));
  for (const kind of SECAGG_KIND_NAMES) assert.ok(kinds.has(kind), kind);
  assert.ok(!kinds.has("update-up"), "a plain update reached the server");
  // The audit saw exactly what the run's ledger counted.
  const total = messages.reduce((a, m) => a + m.bytes, 0);
  assert.equal(total, Object.values(r.summary.bytesByKind).reduce((a, b) => a + b, 0));

  // Privacy: one (ε, δ) per round, growing, as the accountant composes the rounds.
  const privacy = r.extras.privacy as PrivacyPoint[];
  assert.deepEqual(privacy.map((p) => p.round), [1, 2]);
  assert.ok(privacy[0].epsilon > 0 && privacy[1].epsilon > privacy[0].epsilon);
  assert.deepEqual(privacy, privacyCurve(r.rounds, r.sites.length, scenario.privacy!.dp as never));
  const secagg = r.extras.secureAggregation as {
    rounds: { dropped: number; recovered: boolean }[];
  };
  assert.ok(secagg.rounds.every((x) => x.recovered && x.dropped > 0));
});

Deno.test("auditMessages() flags undeclared kinds, wrong metrics and messages larger than a model", () => {
  const problems = auditMessages([
    { kind: "raw-samples", bytes: 10 },
    { kind: "metrics-up", bytes: 40 },
    { kind: "update-up", bytes: 4 * 101 + 4 },
    { kind: "model-down", bytes: 400 },
  ], 100);
  assert.equal(problems.length, 3);
  assert.match(problems[0], /raw-samples/);
  assert.match(problems[2], /update-up/);
});

Deno.test("a ledger refuses a message kind that was not declared", () => {
  assert.throws(() => new MessageLedger().record("raw-samples" as never, 1), TypeError);
});

Deno.test("privacyCurve() spends less privacy with more noise and grows with rounds", () => {
  const rounds = Array.from({ length: 5 }, (_, i) => ({ round: i + 1, sampled: 20 }));
  const low = privacyCurve(rounds, 100, { clipNorm: 1, noiseMultiplier: 0.8, delta: 1e-5 });
  const high = privacyCurve(rounds, 100, { clipNorm: 1, noiseMultiplier: 2, delta: 1e-5 });
  for (let i = 0; i < 5; i++) {
    assert.ok(high[i].epsilon < low[i].epsilon);
    if (i > 0) assert.ok(low[i].epsilon > low[i - 1].epsilon);
  }
});
