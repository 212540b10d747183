import assert from "node:assert/strict";
import {
  defaultThreshold,
  secAggCost,
  secureAggregate,
} from "../../../sim/fl/security/secagg/mod.ts";
import { makeInputs, plainQuantizedSum } from "./_inputs.ts";

const CLIP = 2;

Deno.test("secureAggregate() returns the plain quantised sum bit for bit", async () => {
  const inputs = makeInputs(6, 500);
  const result = await secureAggregate(inputs, { clip: CLIP, seed: 1 });
  assert.deepEqual(result.quantizedSum, plainQuantizedSum(inputs, () => true, CLIP));
  assert.deepEqual(result.survivors, inputs.map((i) => i.siteId));
  // Up to quantisation: half a step per site, plus float32 rounding of the sum.
  for (let j = 0; j < 500; j++) {
    const plain = inputs.reduce((s, i) => s + Math.max(-CLIP, Math.min(CLIP, i.vector[j])), 0);
    const tolerance = 6 / (2 * result.scale) + Math.abs(plain) * 2 ** -23;
    assert.ok(
      Math.abs(result.sum[j] - plain) <= tolerance,
      `index ${j}: ${result.sum[j]} vs ${plain}`,
    );
  }
});

Deno.test("the sum is the same on every run although the keys and masks differ", async () => {
  const inputs = makeInputs(4, 200);
  const options = { clip: CLIP, seed: 2, keepServerView: true };
  const [a, b] = [await secureAggregate(inputs, options), await secureAggregate(inputs, options)];
  assert.deepEqual(a.quantizedSum, b.quantizedSum);
  assert.notDeepEqual(a.serverView!.maskedInputs[0].masked, b.serverView!.maskedInputs[0].masked);
});

Deno.test("secureAggregate() recovers the survivors' sum when a third of the sites drop after masking", async () => {
  const inputs = makeInputs(12, 300);
  const dropped = [13, 22, 31, 37]; // 4 of 12
  assert.equal(defaultThreshold(12), 8);
  const result = await secureAggregate(inputs, { clip: CLIP, seed: 3, dropAfterMasking: dropped });
  assert.deepEqual(result.dropped, dropped);
  assert.equal(result.survivors.length, 8);
  assert.deepEqual(
    result.quantizedSum,
    plainQuantizedSum(inputs, (id) => !dropped.includes(id), CLIP),
  );
});

Deno.test("secureAggregate() throws a RangeError when fewer than threshold sites survive", async () => {
  const inputs = makeInputs(12, 50);
  await assert.rejects(
    () => secureAggregate(inputs, { clip: CLIP, seed: 4, dropAfterMasking: [10, 13, 16, 19, 22] }),
    (e) =>
      e instanceof RangeError &&
      e.message === "Expected at least 8 masked updates (the Shamir threshold) but found 7",
  );
});

Deno.test("sites silent in the unmasking round still count in the sum", async () => {
  const inputs = makeInputs(9, 100);
  const options = {
    clip: CLIP,
    seed: 5,
    threshold: 6,
    dropAfterMasking: [10],
    silentInUnmasking: [13, 16],
  };
  const result = await secureAggregate(inputs, options);
  assert.deepEqual(result.survivors, inputs.map((i) => i.siteId).filter((id) => id !== 10));
  assert.deepEqual(result.quantizedSum, plainQuantizedSum(inputs, (id) => id !== 10, CLIP));
  await assert.rejects(
    () => secureAggregate(inputs, { ...options, silentInUnmasking: [13, 16, 19] }),
    /at least 6 sites answering the unmasking round .* found 5/,
  );
});

Deno.test("measured bytes and work equal what secAggCost() predicts", async () => {
  const inputs = makeInputs(7, 64);
  const result = await secureAggregate(inputs, {
    clip: CLIP,
    seed: 6,
    threshold: 4,
    dropAfterMasking: [16, 22],
    silentInUnmasking: [25],
  });
  const cost = secAggCost(7, 64, { threshold: 4, dropped: 2, silent: 1 });
  assert.equal(result.threshold, cost.threshold);
  assert.deepEqual(result.bytesByKind, cost.bytesByKind);
  assert.deepEqual(result.opsPerSite, cost.site.ops);
  assert.deepEqual(result.serverOps, cost.server.ops);
  const full = result.traffic.find((t) => t.siteId === 10)!;
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  assert.equal(full.bytesUp, sum(cost.site.bytesUp));
  assert.equal(full.bytesDown, sum(cost.site.bytesDown));
  const droppedSite = result.traffic.find((t) => t.siteId === 16)!;
  assert.equal(
    droppedSite.bytesUp,
    cost.site.bytesUp["secagg-keys"] + cost.site.bytesUp["secagg-shares"],
  );
});

Deno.test("stochastic rounding gives the same sum for the same seed", async () => {
  const inputs = makeInputs(3, 100);
  const options = { clip: CLIP, seed: 7, rounding: "stochastic" as const };
  const [a, b] = [await secureAggregate(inputs, options), await secureAggregate(inputs, options)];
  assert.deepEqual(a.quantizedSum, b.quantizedSum);
  const c = await secureAggregate(inputs, { ...options, seed: 8 });
  assert.notDeepEqual(a.quantizedSum, c.quantizedSum);
  for (let j = 0; j < 100; j++) {
    const plain = inputs.reduce((s, i) => s + i.vector[j], 0);
    assert.ok(Math.abs(a.sum[j] - plain) <= 3 / a.scale + Math.abs(plain) * 2 ** -23);
  }
});

Deno.test("secureAggregate() rejects bad inputs with messages for people", async () => {
  const inputs = makeInputs(4, 8);
  await assert.rejects(
    () => secureAggregate(inputs.slice(0, 1), { clip: 1, seed: 0 }),
    /at least 2 sites/,
  );
  await assert.rejects(
    () => secureAggregate(inputs, { clip: 1, seed: 0, threshold: 2 }),
    /threshold to be an integer in 3..4 but found 2/,
  );
  await assert.rejects(
    () =>
      secureAggregate([inputs[0], { ...inputs[1], siteId: inputs[0].siteId }], {
        clip: 1,
        seed: 0,
      }),
    /distinct site ids/,
  );
  await assert.rejects(
    () =>
      secureAggregate([inputs[0], { siteId: 99, vector: new Float32Array(3) }], {
        clip: 1,
        seed: 0,
      }),
    /length 8 but found 3 at site 99/,
  );
  await assert.rejects(
    () => secureAggregate(inputs, { clip: 1, seed: 0, dropAfterMasking: [5] }),
    /dropAfterMasking to list sampled sites but found 5/,
  );
});
