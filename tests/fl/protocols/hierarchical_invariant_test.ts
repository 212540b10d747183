/**
 * Protocol invariant: a hierarchy of one edge holding every site, running one
 * edge round per cloud round, is synchronous training with a detour over the
 * backbone. Models, losses, participation and site states match sync bit for
 * bit; only the clock runs later by the backbone's transfers.
 */

import { assert, assertEquals, sameBits } from "../../_assert.ts";
import { tinyScenario } from "../_tiny.ts";
import { driveRounds } from "./_drive.ts";
import type { SiteState } from "../../../sim/fl/strategies/mod.ts";

async function trace(training: Record<string, unknown>) {
  const sites: SiteState[][] = [];
  const steps = await driveRounds(tinyScenario({ rounds: 3, ...training }), (v) => {
    sites.push(structuredClone(v.fed.siteStates));
  });
  return { steps, sites };
}

const STRATEGIES = [
  { name: "fedavg" },
  { name: "scaffold" },
  { name: "dp-fedavg", params: { clipNorm: 1, noiseMultiplier: 0.5 } },
];

for (const strategy of STRATEGIES) {
  Deno.test(`hierarchical with one edge and edgeRounds 1 trains ${strategy.name} as sync does, bit for bit`, async () => {
    const common = { strategy, sitesPerRound: 3, overcommit: 1.5 };
    const sync = await trace(common);
    const edge = await trace({
      ...common,
      protocol: "hierarchical",
      hierarchical: { groupsBy: 1, edgeRounds: 1 },
    });
    sync.steps.forEach((s, i) => {
      const h = edge.steps[i];
      assert(sameBits(h.global, s.global), `global after round ${i + 1}`);
      assertEquals(
        { loss: h.meanLoss, sampled: h.sampled, completed: h.completed, failures: h.failures },
        { loss: s.meanLoss, sampled: s.sampled, completed: s.completed, failures: s.failures },
      );
      assert(h.closeTime > s.closeTime, "the backbone's transfers take time");
    });
    edge.sites.forEach((states, r) =>
      states.forEach((state, id) => {
        assertEquals(Object.keys(state).sort(), Object.keys(sync.sites[r][id]).sort());
        for (const [k, v] of Object.entries(state)) {
          const w = sync.sites[r][id][k];
          const same = v instanceof Float32Array && w instanceof Float32Array
            ? sameBits(v, w)
            : v === w;
          assert(same, `site ${id}'s ${k} after round ${r + 1}`);
        }
      })
    );
  });
}
