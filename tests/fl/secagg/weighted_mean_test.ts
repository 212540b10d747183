import assert from "node:assert/strict";
import { secAggFlops, secureWeightedMean, zeroOps } from "../../../sim/fl/security/secagg/mod.ts";
import { makeInputs } from "./_inputs.ts";

Deno.test("secureWeightedMean() gives the sample-weighted mean of the survivors", async () => {
  const inputs = makeInputs(6, 50).map((input, i) => ({ ...input, weight: 10 * (i + 1) }));
  const dropped = [inputs[5].siteId, inputs[2].siteId];
  const { mean, totalWeight, round } = await secureWeightedMean(inputs, {
    clip: 2,
    seed: 1,
    maxWeight: 100,
    dropAfterMasking: dropped,
  });
  const kept = inputs.filter((i) => !dropped.includes(i.siteId));
  const total = kept.reduce((s, i) => s + i.weight, 0);
  assert.ok(Math.abs(totalWeight - total) < 1e-4, `total weight ${totalWeight} vs ${total}`);
  assert.equal(round.sum.length, 51);
  for (let j = 0; j < 50; j++) {
    const plain = kept.reduce((s, i) => s + i.weight * Math.max(-2, Math.min(2, i.vector[j])), 0) /
      total;
    assert.ok(Math.abs(mean[j] - plain) < 1e-6, `index ${j}: ${mean[j]} vs ${plain}`);
  }
});

Deno.test("secureWeightedMean() rejects a weight above the public bound", async () => {
  const inputs = makeInputs(3, 4).map((input) => ({ ...input, weight: 5 }));
  await assert.rejects(
    () => secureWeightedMean(inputs, { clip: 1, seed: 1, maxWeight: 4 }),
    /weight in 0..4 but found 5/,
  );
});

Deno.test("secAggFlops() charges key agreements far above mask words", () => {
  const oneAgreement = secAggFlops({ ...zeroOps(), keyAgreements: 1 });
  const thousandWords = secAggFlops({ ...zeroOps(), prgWords: 1000, ringWords: 1000 });
  assert.ok(oneAgreement > 10 * thousandWords);
  assert.equal(secAggFlops(zeroOps()), 0);
});
