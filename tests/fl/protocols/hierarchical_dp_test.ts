/**
 * DP-FedAvg under the hierarchical protocol: each edge adds noise from its
 * own stream (identical noise would cancel in the edges' differences at the
 * cloud), and the accountant charges every site its own edge's mechanisms,
 * `edgeRounds` steps per cloud round at q_e, reporting the worst site.
 */

import { assert, assertEquals, assertNear } from "../../_assert.ts";
import { tinyScenario } from "../_tiny.ts";
import { driveRounds } from "./_drive.ts";
import { edgePrivacyLoads } from "../../../sim/fl/protocols/mod.ts";
import { runScenario } from "../../../sim/fl/mod.ts";
import { privacyCurve, type PrivacyPoint } from "../../../sim/fl/security/mod.ts";
import { createSeededNormal, RdpAccountant } from "../../../sim/fl/security/privacy/mod.ts";

const DP = { clipNorm: 1, noiseMultiplier: 1, delta: 1e-5 };

/** The first draws of a noise generator continued from a saved state. */
function draws(state: number[], n = 4): number[] {
  const normal = createSeededNormal(0);
  normal.restore(state);
  return Array.from({ length: n }, () => normal());
}

Deno.test("hierarchical dp-fedavg edges draw different noise", async () => {
  const scenario = tinyScenario(
    {
      protocol: "hierarchical",
      strategy: { name: "dp-fedavg" },
      rounds: 1,
      sitesPerRound: 4,
      hierarchical: { groupsBy: 2, edgeRounds: 1 },
    },
    { privacy: { dp: DP } },
  );
  const states: number[][][] = [];
  await driveRounds(scenario, (v) => {
    const { edges } = v.protocol.state() as { edges: { noiseState: number[] }[] };
    states.push(edges.map((e) => e.noiseState));
  });
  const [edge0, edge1] = states[0];
  // Each edge drew one N(0, 1) per weight; the next draws show where each stream stands.
  assert(
    draws(edge0).every((x, i) => x !== draws(edge1)[i]),
    `edges 0 and 1 share a noise stream (state ${edge0} vs ${edge1})`,
  );
});

Deno.test("hierarchical privacy composes edgeRounds steps at the worst edge's q_e (300 sites)", () => {
  // A 10-site edge and a 290-site edge, 10 sites per round, two edge rounds, z = 1, 100 rounds.
  const loads = edgePrivacyLoads([10, 290], { sitesPerRound: 10, overcommit: 1, edgeRounds: 2 });
  assertEquals(loads, [{ q: 1 / 10, steps: 2 }, { q: 10 / 290, steps: 2 }]);
  const rounds = Array.from({ length: 100 }, (_, i) => ({ round: i + 1, sampled: 22 }));
  const curve = privacyCurve(rounds, 300, DP, loads);
  // The 10-site edge's sites: 200 sampled Gaussian steps at q = 0.1.
  const worst = new RdpAccountant().compose(0.1, 1, 200).spent(DP.delta).epsilon;
  assertNear(curve[99].epsilon, worst, 1e-9);
  assertNear(curve[99].epsilon, 11.14, 0.01);
  // Charging one step per round at Σ sampled / N = 22/300 reported 5.87: half the true ε.
  assertNear(privacyCurve(rounds, 300, DP)[99].epsilon, 5.87, 0.01);
});

Deno.test("a hierarchical dp-fedavg run reports the worst site's ε", async () => {
  // Edges by group: 4 full sites (q = 1/4) and 2 small ones (q = 1/2), two edge rounds each.
  const scenario = tinyScenario(
    {
      protocol: "hierarchical",
      strategy: { name: "dp-fedavg" },
      rounds: 2,
      sitesPerRound: 2,
      overcommit: 1,
      evalEvery: 2,
      hierarchical: { groupsBy: "group", edgeRounds: 2 },
    },
    { privacy: { dp: DP } },
  );
  const r = await runScenario(scenario, { workers: 0, quiet: true });
  const privacy = r.extras.privacy as PrivacyPoint[];
  const expected = [2, 4].map((steps) =>
    new RdpAccountant().compose(1 / 2, 1, steps).spent(DP.delta).epsilon
  );
  assertEquals(privacy.length, 2);
  privacy.forEach((p, i) => assertNear(p.epsilon, expected[i], 1e-9));
});
