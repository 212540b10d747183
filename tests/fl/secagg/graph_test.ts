import assert from "node:assert/strict";
import {
  completeGraph,
  maskingGraph,
  secAggCost,
  secureAggregate,
} from "../../../sim/fl/security/secagg/mod.ts";
import { makeInputs, plainQuantizedSum } from "./_inputs.ts";

Deno.test("maskingGraph() is symmetric, k-regular and drawn from the seed", () => {
  const ids = Array.from({ length: 30 }, (_, i) => 100 + i);
  const graph = maskingGraph(ids, 6, 1);
  for (const [id, near] of graph) {
    assert.equal(near.length, 6);
    assert.ok(!near.includes(id));
    for (const other of near) assert.ok(graph.get(other)!.includes(id), `${id}–${other} one way`);
  }
  assert.deepEqual(maskingGraph(ids, 6, 1), graph);
  assert.notDeepEqual(maskingGraph(ids, 6, 2), graph);
  assert.deepEqual(maskingGraph(ids, 29, 1), completeGraph(ids));
  assert.throws(() => maskingGraph(ids, 5, 1), /even integer ≥ 2 .* found 5/);
});

Deno.test("with k neighbours each site masks k times and the sum stays bit-exact", async () => {
  const inputs = makeInputs(20, 200);
  const dropped = [inputs[3].siteId, inputs[11].siteId];
  const result = await secureAggregate(inputs, {
    clip: 2,
    seed: 11,
    neighbours: 6,
    dropAfterMasking: dropped,
  });
  assert.equal(result.threshold, 5); // group of 7, a third may drop
  assert.deepEqual(
    result.quantizedSum,
    plainQuantizedSum(inputs, (id) => !dropped.includes(id), 2),
  );
  assert.equal(result.opsPerSite.keyAgreements, 2 * 6);
  assert.equal(result.opsPerSite.prgWords, 7 * 200);
  const cost = secAggCost(20, 200, { neighbours: 6, dropped: 2 });
  assert.deepEqual(result.opsPerSite, cost.site.ops);
  assert.equal(result.bytesByKind["secagg-shares"], cost.bytesByKind["secagg-shares"]);
  assert.equal(result.bytesByKind["secagg-keys"], cost.bytesByKind["secagg-keys"]);
  assert.ok(
    cost.bytesByKind["secagg-shares"] < secAggCost(20, 200).bytesByKind["secagg-shares"] / 2,
  );
});

Deno.test("a group that loses more than g − t sites stops the round with a clear error", async () => {
  const inputs = makeInputs(20, 10);
  const graph = maskingGraph(inputs.map((i) => i.siteId), 6, 12);
  const victim = inputs[0].siteId;
  const dropped = graph.get(victim)!.slice(0, 3); // 7 − 3 = 4 left, below t = 5
  await assert.rejects(
    () => secureAggregate(inputs, { clip: 2, seed: 12, neighbours: 6, dropAfterMasking: dropped }),
    /Expected at least 5 .* but found 4/,
  );
});
