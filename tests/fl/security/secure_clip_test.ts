import assert from "node:assert/strict";
import { type RunResults, runScenario } from "../../../sim/fl/mod.ts";
import {
  boundDelta,
  CLIP_WARN_FRACTION,
  clipWarning,
  securitySettings,
} from "../../../sim/fl/security/mod.ts";
import { secureAggregationWarnings } from "../../../reports/mod.ts";
import { tinyScenario } from "../_tiny.ts";

const everyone = { rounds: 2, sitesPerRound: 6, overcommit: 1 };
const run = (secureAggregation: Record<string, unknown>) =>
  runScenario(
    tinyScenario(everyone, {
      privacy: { secureAggregation: { enabled: true, ...secureAggregation } },
    }),
    { workers: 0, quiet: true },
  );
// Typed by the results contract (sim/results/extras.ts): no cast needed.
const logOf = (r: RunResults) => r.extras.secureAggregation!;

Deno.test("boundDelta() L2-clips to the declared norm and counts coordinates beyond the range", () => {
  const d = new Float32Array([3, -4, 0.5]);
  const norm = Math.hypot(3, 4, 0.5);
  const b = boundDelta(d, 2, 2);
  assert.ok(b.normClipped);
  [3, -4, 0.5].forEach((x, j) => assert.ok(Math.abs(b.vector[j] - x * 2 / norm) < 1e-6));
  assert.equal(b.clippedCoordinates, 0, "an L2-clipped delta fits the range ±C");
  const c = boundDelta(d, 1);
  assert.equal(c.clippedCoordinates, 2);
  assert.equal(c.normClipped, false);
  assert.equal(c.vector, d, "no norm: the delta goes on as it is");
});

Deno.test("clipWarning() warns only above 0.1 % of coordinates", () => {
  assert.equal(CLIP_WARN_FRACTION, 0.001);
  assert.equal(clipWarning("round-1", 1, 1000, 1), null);
  const w = clipWarning("round-1", 2, 1000, 1)!;
  assert.match(w, /round-1 clipped 2 of 1000 delta coordinates \(0\.20 %\) to ±1/);
});

Deno.test("the quantisation range comes from the declared clipNorm; clip and clipNorm exclude each other", () => {
  const settings = (sa: Record<string, unknown>, strategy = "fedavg") =>
    securitySettings(tinyScenario({ strategy: { name: strategy } }, {
      privacy: { secureAggregation: { enabled: true, ...sa } },
    })).secureAggregation;
  assert.equal(settings({})?.clip, 1);
  assert.equal(settings({ clipNorm: 5 })?.clip, 5);
  assert.equal(settings({ clip: 0.5 })?.clip, 0.5);
  assert.throws(() => settings({ clip: 1, clipNorm: 5 }), /clip or clipNorm, not both/);
});

Deno.test("secure FedAvg counts the coordinates its range clips per round and warns above 0.1 %", async () => {
  const tight = logOf(await run({ clip: 1e-4 }));
  for (const r of tight.rounds) {
    assert.ok(r.coordinates! > 0 && r.clippedCoordinates! / r.coordinates! > CLIP_WARN_FRACTION);
  }
  assert.equal(
    tight.clippedCoordinates,
    tight.rounds.reduce((s, r) => s + r.clippedCoordinates!, 0),
  );
  assert.equal(tight.warnings.length, tight.rounds.length);
  assert.deepEqual(
    secureAggregationWarnings({ extras: { secureAggregation: tight } }),
    tight.warnings,
  );

  // A declared norm: every delta is L2-clipped to it, so the range ±C clips nothing more.
  const normed = logOf(await run({ clipNorm: 1e-3 }));
  assert.equal(normed.clip, 1e-3);
  for (const r of normed.rounds) {
    assert.equal(r.clippedCoordinates, 0);
    assert.equal(r.normClippedSites, r.cohort);
  }
  assert.deepEqual(normed.warnings, []);
});
