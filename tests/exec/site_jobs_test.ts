import assert from "node:assert/strict";
import {
  canonicalJson,
  failureReason,
  isDeterministicFailure,
  parseCanonicalJson,
  reviveFailure,
  runIdOf,
  trainJobId,
} from "../../sim/exec/site_jobs.ts";

Deno.test("runIdOf() ignores rounds and worker count but not the seed or the model", () => {
  const s = { model: { preset: "tiny" }, training: { rounds: 3, workers: 2, learningRate: 0.1 } };
  const id = runIdOf(s, 1);
  assert.match(id, /^[0-9a-f]{16}$/);
  assert.equal(runIdOf({ ...s, training: { ...s.training, rounds: 9, workers: 0 } }, 1), id);
  assert.notEqual(runIdOf(s, 2), id);
  assert.notEqual(runIdOf({ ...s, model: { preset: "small" } }, 1), id);
});

Deno.test("canonicalJson() sorts keys and keeps non-finite numbers", () => {
  assert.equal(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }), '{"a":[2,{"c":4,"d":3}],"b":1}');
  const back = parseCanonicalJson(canonicalJson({ x: Infinity, y: NaN, z: -Infinity })) as Record<
    string,
    number
  >;
  assert.equal(back.x, Infinity);
  assert.ok(Number.isNaN(back.y));
  assert.equal(back.z, -Infinity);
});

Deno.test("trainJobId() has the run:round:site shape BullMQ accepts for custom ids", () => {
  const id = trainJobId("0123456789abcdef", 4, 17, "a1b2c3d4e5f6");
  assert.equal(id, "0123456789abcdef:4:17.a1b2c3d4e5f6");
  assert.equal(id.split(":").length, 3);
});

Deno.test("reviveFailure() rebuilds the error class from failure text", () => {
  const range = reviveFailure(
    failureReason(new RangeError("Expected a site id in 0..5 but found 9")),
  );
  assert.ok(range instanceof RangeError);
  assert.equal(range.message, "Expected a site id in 0..5 but found 9");
  const diverged = new Error("site 3 round 2 produced NaN loss");
  diverged.name = "DivergenceError";
  const back = reviveFailure(failureReason(diverged));
  assert.equal(back.name, "DivergenceError");
  assert.equal(reviveFailure("no class here").message, "no class here");
});

Deno.test("isDeterministicFailure() tells bad inputs and divergence from transient errors", () => {
  assert.ok(isDeterministicFailure(new TypeError("x")));
  assert.ok(isDeterministicFailure(Object.assign(new Error("x"), { name: "DivergenceError" })));
  assert.ok(!isDeterministicFailure(new Error("Connection is closed.")));
});
