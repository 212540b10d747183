/**
 * SCAFFOLD's bookkeeping invariant (Karimireddy et al. 2020, Alg. 1): the
 * server's c is the mean of all N sites' c_i after every round, because a
 * site commits its c_i⁺ exactly when the server adds its Δc_i. Checked with
 * surplus sites (over-commit > 1), late sites (a deadline) and hierarchical
 * edges, where each edge's c_e is the mean of its own sites' c_i.
 */

import { assert, assertEquals } from "../../_assert.ts";
import { tinyScenario } from "../_tiny.ts";
import { driveRounds, type RoundView } from "./_drive.ts";
import { assignEdges } from "../../../sim/fl/protocols/mod.ts";
import { SITE_CONTROL_KEY } from "../../../sim/fl/strategies/mod.ts";

/** ‖c − (1/|ids|)·Σ c_i‖ in float64, and ‖c‖. */
export function controlGap(
  c: Float32Array,
  states: readonly Record<string, unknown>[],
  ids: readonly number[],
): { gap: number; norm: number } {
  const mean = new Float64Array(c.length);
  for (const id of ids) {
    const ci = states[id][SITE_CONTROL_KEY];
    if (ci instanceof Float32Array) { for (let j = 0; j < c.length; j++) mean[j] += ci[j]; }
  }
  let gap = 0, norm = 0;
  for (let j = 0; j < c.length; j++) {
    gap += (c[j] - mean[j] / ids.length) ** 2;
    norm += c[j] ** 2;
  }
  return { gap: Math.sqrt(gap), norm: Math.sqrt(norm) };
}

/** Float32 rounding of c's running sum allows this much, relative to ‖c‖. */
const TOLERANCE = 1e-5;

function assertMeanControl(label: string, c: Float32Array, v: RoundView, ids: readonly number[]) {
  const { gap, norm } = controlGap(c, v.fed.siteStates, ids);
  assert(norm > 0, `${label}: c moved off zero in round ${v.round}`);
  assert(
    gap <= TOLERANCE * norm,
    `${label}, round ${v.round}: ‖c − mean c_i‖ = ${gap} with ‖c‖ = ${norm}`,
  );
}

function serverControl(v: RoundView): Float32Array {
  return (v.fed.strategy.state() as { control: Float32Array }).control;
}

Deno.test("scaffold keeps c the mean of every c_i when over-commit leaves surplus sites", async () => {
  let surplus = 0;
  await driveRounds(
    tinyScenario({ strategy: { name: "scaffold" }, sitesPerRound: 2, overcommit: 2 }),
    (v) => {
      surplus += v.step.sampled - v.step.completed - v.step.failures.length;
      assertMeanControl("over-commit 2", serverControl(v), v, v.fed.world.sites.map((s) => s.id));
    },
  );
  assert(surplus > 0, "the scenario must leave surplus sites out of some round");
});

Deno.test("scaffold keeps c the mean of every c_i when a deadline cuts late sites", async () => {
  let late = 0;
  await driveRounds(
    tinyScenario({
      strategy: { name: "scaffold" },
      sitesPerRound: 6,
      overcommit: 1,
      deadline: 0.5,
    }),
    (v) => {
      late += v.step.failures.filter((f) => f.reason === "deadline").length;
      if (v.step.completed > 0) {
        assertMeanControl("deadline", serverControl(v), v, v.fed.world.sites.map((s) => s.id));
      }
    },
  );
  assert(late > 0, "the scenario must have late sites");
});

Deno.test("scaffold keeps each edge's c_e the mean of its own sites' c_i", async () => {
  const scenario = tinyScenario({
    protocol: "hierarchical",
    strategy: { name: "scaffold" },
    sitesPerRound: 4,
    overcommit: 1.5,
    hierarchical: { groupsBy: 2, edgeRounds: 2 },
  });
  await driveRounds(scenario, (v) => {
    const edges = assignEdges(v.fed, 2);
    const saved = (v.protocol.state() as { edges: { control: Float32Array }[] }).edges;
    assertEquals(saved.length, edges.length);
    edges.forEach((ids, e) => assertMeanControl(`edge ${e}`, saved[e].control, v, ids));
  });
});
