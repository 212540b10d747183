/**
 * Protocol invariant: FedBuff with K = 1, one site in flight and so no
 * staleness is synchronous FedAvg with one site per round, bit for bit. The
 * async run picks its sites and names its trips (`dispatch-<n>`) itself; the
 * sync rounds here are asked for the same site under the same trip name, so
 * both train on the same seeds and links and only the protocols differ.
 */
import { assertArraysIdentical, assertEquals } from "../_assert.ts";
import { LocalExecutor } from "../../sim/fl/mod.ts";
import { syncRound } from "../../sim/fl/round/sync_round.ts";
import { federation } from "./_federation.ts";
import { tinyScenario } from "./_tiny.ts";

const ROUNDS = 4;

Deno.test("async FedBuff with K = 1 and concurrency 1 equals sync FedAvg with one site per round, bit for bit", async () => {
  const asyncScenario = tinyScenario({
    protocol: "async",
    rounds: ROUNDS,
    async: { bufferSize: 1, concurrency: 1 },
  });
  const main = await LocalExecutor.create({ scenario: asyncScenario, seed: asyncScenario.seed });
  try {
    const a = federation(main, asyncScenario, { staleness: { kind: "polynomial", exponent: 0.5 } });
    const b = federation(main, tinyScenario({ protocol: "sync", rounds: ROUNDS }), {});
    let ga = a.initial, gb = b.initial, time = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const before = [...a.fed.participated];
      const stepA = await a.protocol.step(round, time, ga);
      const site = a.fed.participated.findIndex((n, i) => n > before[i]);
      assertEquals(stepA.completed, 1);
      assertEquals(stepA.failures.length, 0);
      // With every site online, dispatch n is round n + 1's trip.
      const stepB = await syncRound(b.fed, {
        round,
        key: `dispatch-${round - 1}`,
        start: time,
        candidates: [site],
        sitesPerRound: 1,
        overcommit: 1,
        strategy: b.fed.strategy,
        global: gb,
      });
      assertArraysIdentical(stepA.global, stepB.global, `round ${round} global`);
      assertEquals(stepA.meanLoss, stepB.meanLoss);
      assertEquals(stepA.closeTime, stepB.closeTime);
      ga = stepA.global;
      gb = stepB.global;
      time = stepA.closeTime;
    }
    const bytesA = a.fed.ledger.bytesByKind(), bytesB = b.fed.ledger.bytesByKind();
    assertEquals(bytesA["update-up"], bytesB["update-up"]);
    // The async protocol has already sent the next trip's model.
    assertEquals(bytesA["model-down"], bytesB["model-down"] * (ROUNDS + 1) / ROUNDS);
  } finally {
    main.dispose();
  }
});
