import assert from "node:assert/strict";
import { accuracyByEpsilon, securitySection } from "../../../reports/security_section.ts";
import type { RunResults } from "../../../sim/fl/mod.ts";
import { bareResults } from "../../_results.ts";

const round = (r: number, accuracy: number) => ({
  round: r,
  time: r,
  accuracy,
  loss: 1,
  sampled: 5,
  completed: 4,
  failed: 1,
  bytesDown: 1,
  bytesUp: 1,
});

function results(extras: Record<string, unknown>): RunResults {
  return bareResults({
    scenario: { training: { strategy: { name: "fedavg", params: { aggregator: "median" } } } },
    rounds: [round(1, 0.5), round(2, NaN), round(3, 0.7)],
    extras,
  }, {
    finalAccuracy: 0.7,
    simulatedSeconds: 3,
    wallSeconds: 1,
    bytesByKind: { "secagg-keys": 100, "model-down": 900 },
  });
}

const slot = (id: string) => `<div id="${id}"></div>`;

Deno.test("the security section is empty for a run without privacy or attacks", () => {
  assert.deepEqual(securitySection(results({}), slot), []);
});

Deno.test("the security section shows ε, accuracy against ε, secure-aggregation overhead and the attack", () => {
  const privacy = [1, 2, 3].map((r) => ({ round: r, epsilon: r * 1.5, delta: 1e-5 }));
  const r = results({
    privacy,
    secureAggregation: {
      rounds: [{
        round: 1,
        cohort: 6,
        survivors: 4,
        dropped: 2,
        threshold: 4,
        recovered: true,
        bytes: 100,
        siteSeconds: 0.5,
        unmaskSeconds: 0.25,
      }],
    },
    attack: { kind: "sign-flip", attackers: [2, 5] },
    rejected: [{ round: 2, siteId: 5, message: "Rejected the update of site 5 in round 2" }],
  });
  assert.deepEqual(accuracyByEpsilon(r).map((x) => x.epsilon), [1.5, 4.5]);
  const html = securitySection(r, slot).join("\n");
  assert.match(html, /chart-accuracy-epsilon/);
  assert.match(html, /4\.50/);
  assert.match(html, /10\.0%/); // secure-aggregation share of all bytes
  assert.match(html, /sign-flip/);
  assert.match(html, /aggregator median/);
  assert.match(html, /site 5 in round 2/);
});
