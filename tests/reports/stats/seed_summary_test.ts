import { assert, assertEquals } from "../../_assert.ts";
import {
  firstReaching,
  formatSeedSummary,
  seedSummary,
  seedSummaryCsv,
} from "../../../reports/stats/seed_summary.ts";
import { bareResults } from "../../_results.ts";

const round = (r: number, accuracy: number) => ({
  round: r,
  time: 10 * r,
  accuracy,
  loss: 0,
  sampled: 1,
  completed: 1,
  failed: 0,
  bytesDown: 0,
  bytesUp: 0,
});

const run = (seed: number, accuracies: number[], epsilon?: number) =>
  bareResults({
    seed,
    scenario: { targets: { minAccuracy: 0.8 } },
    rounds: accuracies.map((a, i) => round(i + 1, a)),
    extras: epsilon === undefined ? {} : {
      privacy: [
        { round: 1, epsilon: epsilon / 2, delta: 1e-5, order: 8 },
        { round: 2, epsilon, delta: 1e-5, order: 8 },
      ],
    },
  }, { finalAccuracy: accuracies[accuracies.length - 1], roundsTo95: seed === 3 ? null : seed });

Deno.test("firstReaching() gives the first evaluated round at or above the target", () => {
  assertEquals(firstReaching({ rounds: [round(1, 0.5), round(2, NaN), round(3, 0.8)] }, 0.8), {
    round: 3,
    time: 30,
  });
  assertEquals(firstReaching({ rounds: [round(1, 0.5)] }, 0.8), null);
});

Deno.test("seedSummary() reports rounds and time to the target, ε, and how many seeds reached", () => {
  const s = seedSummary([run(1, [0.7, 0.8], 2), run(2, [0.85, 0.9], 3), run(3, [0.5, 0.6], 4)], [
    "seed-1",
    "seed-2",
    "seed-3",
  ]);
  const m = (name: string) => s.metrics.find((x) => x.metric === name)!;
  assertEquals(m("roundsToTarget").values.map(String), ["2", "1", "NaN"]);
  assertEquals(m("roundsToTarget").n, 2);
  assertEquals(m("timeToTarget").mean, 15);
  assertEquals(m("roundsTo95").n, 2);
  // ε: 2, 3, 4 → mean 3, sd 1, half-width t(2)/√3 = 4.302653/1.7320508.
  assertEquals(m("epsilon").mean, 3);
  assert(Math.abs(m("epsilon").high - (3 + 4.302653 / Math.sqrt(3))) < 1e-12);
  assert(seedSummaryCsv(s).includes("\nepsilon,3,3,1,"));
  assert(/roundsToTarget\s+2\/3\s+1\.5/.test(formatSeedSummary(s)), formatSeedSummary(s));
});
