import assert from "node:assert/strict";
import {
  defaultThreshold,
  requireSecAggThreshold,
  SECAGG_KIND_NAMES,
  secAggCost,
} from "../../../sim/fl/security/secagg/mod.ts";

Deno.test("defaultThreshold() tolerates a third of the sites dropping and stays a majority", () => {
  for (let n = 2; n <= 400; n++) {
    const t = defaultThreshold(n);
    assert.ok(n - Math.floor(n / 3) >= t, `n=${n}: a third dropping leaves fewer than ${t}`);
    assert.doesNotThrow(() => requireSecAggThreshold(n, t));
  }
  assert.equal(defaultThreshold(300), 200);
});

Deno.test("secAggCost() charges the masked update per parameter and the key rounds per peer", () => {
  const base = secAggCost(20, 1000);
  const wider = secAggCost(20, 2000);
  assert.equal(
    wider.site.bytesUp["secagg-masked-update"],
    2 * base.site.bytesUp["secagg-masked-update"],
  );
  assert.equal(wider.site.bytesUp["secagg-shares"], base.site.bytesUp["secagg-shares"]);
  assert.equal(wider.site.ops.prgWords, 2 * base.site.ops.prgWords);
  const more = secAggCost(40, 1000);
  assert.equal(more.site.bytesUp["secagg-shares"] / base.site.bytesUp["secagg-shares"], 39 / 19);
  assert.equal(more.site.ops.keyAgreements, 2 * 39);
  assert.deepEqual(Object.keys(base.bytesByKind), [...SECAGG_KIND_NAMES]);
});

Deno.test("secAggCost() makes the server pay for every dropped site's masks", () => {
  const none = secAggCost(30, 100);
  const some = secAggCost(30, 100, { dropped: 10 });
  assert.equal(none.server.ops.keyAgreements, 0);
  assert.equal(some.server.ops.keyAgreements, 10 * 20);
  assert.equal(some.server.ops.prgWords, (20 + 10 * 20) * 100);
  assert.equal(some.bytesByKind["secagg-masked-update"], 20 * 100 * 4);
});

Deno.test("secAggCost() rejects impossible sizes with messages for people", () => {
  assert.throws(() => secAggCost(1, 10), /at least 2 sites/);
  assert.throws(() => secAggCost(10, 0), /dim to be an integer ≥ 1 but found 0/);
  assert.throws(() => secAggCost(10, 5, { threshold: 5 }), /threshold to be an integer in 6..10/);
  assert.throws(() => secAggCost(10, 5, { dropped: 10 }), /dropped to be an integer in 0..9/);
});
