import { assert, assertEquals } from "../_assert.ts";
import { runScenario } from "../../sim/fl/mod.ts";
import { tinyScenario } from "./_tiny.ts";

Deno.test("a krum run whose rounds bring fewer than 2f + 3 updates finishes and records the skips", async () => {
  // Four sites per round, no over-commit: 4 < 2·1 + 3, so no round can aggregate.
  const r = await runScenario(
    tinyScenario({ strategy: { name: "krum" }, sitesPerRound: 4, overcommit: 1, rounds: 2 }),
    { workers: 0, quiet: true },
  );
  assertEquals(r.rounds.map((x) => x.aggregationsSkipped), [1, 1]);
  for (const x of r.rounds) assert(x.skipReason!.includes("2f + 3 = 5"), x.skipReason);
  // Nothing was aggregated: the global stayed the initial model.
  assert(Number.isFinite(r.rounds[0].accuracy), "the tiny preset evaluates every round");
  assertEquals(r.rounds[1].accuracy, r.rounds[0].accuracy);
  assertEquals(r.rounds[1].loss, r.rounds[0].loss);
  const fedavg = await runScenario(tinyScenario({ rounds: 1 }), { workers: 0, quiet: true });
  assertEquals(fedavg.rounds[0].aggregationsSkipped, 0);
  assertEquals(fedavg.rounds[0].skipReason, undefined);
});
