import { assert, assertNear, assertThrows, assertVectorNear } from "../../_assert.ts";
import { createStrategy } from "../../../sim/fl/strategies/mod.ts";
import { attackUpdate } from "../../../sim/fl/strategies/robust/mod.ts";
import { plainUpdate as update } from "./_harness.ts";

const honest = [
  update(0, [1.0, 2.0]),
  update(1, [1.1, 2.1]),
  update(2, [0.9, 1.9]),
  update(
    3,
    [1.05, 2.05],
  ),
];
const attacker = update(4, [1000, -1000], 10000);

for (const name of ["median", "trimmed-mean", "krum", "multi-krum"]) {
  Deno.test(`${name} keeps the global near the honest sites despite a huge update`, () => {
    const s = createStrategy(name, name === "trimmed-mean" ? { trimFraction: 0.2 } : {});
    s.init(new Float32Array(2), []);
    const g = s.aggregate(new Float32Array(2), [...honest, attacker], [], 1);
    assertVectorNear(g, [1, 2], 0.11);
  });
}

Deno.test("fedavg without a robust rule is dragged away by the same update", () => {
  const s = createStrategy("fedavg", {});
  s.init(new Float32Array(2), []);
  const g = s.aggregate(new Float32Array(2), [...honest, attacker], [], 1);
  assert(g[0] > 900);
});

Deno.test("clipNorm median bounds a scaled attack's pull on fedavg", () => {
  const start = new Float32Array([1, 2]);
  const boosted = attackUpdate("scale", start, new Float32Array([1.1, 2.1]), { scale: 1000 });
  const s = createStrategy("fedavg", { clipNorm: "median" });
  s.init(start, []);
  const g = s.aggregate(
    start,
    [...honest, { ...attacker, weights: boosted, numSamples: 10 }],
    [],
    1,
  );
  assert(Math.hypot(g[0] - 1, g[1] - 2) < 0.2, `global moved to ${g}`);
});

Deno.test("robust strategy names refuse a conflicting aggregator", () => {
  assertThrows(() => createStrategy("krum", { aggregator: "mean" }), TypeError, "krum");
  assertThrows(() => createStrategy("fedavg", { trimFraction: 0.6 }), TypeError, "trimFraction");
});

for (const name of ["krum", "multi-krum"]) {
  Deno.test(`${name} with fewer than 2f + 3 updates skips the aggregation instead of ending the run`, () => {
    const s = createStrategy(name, { byzantine: 2 });
    const start = new Float32Array([0.5, -0.5]);
    s.init(start, []);
    const g = s.aggregate(start, honest, [], 3);
    assertVectorNear(g, [0.5, -0.5], 0);
    assert(g !== start, "a fresh array");
    const skipped = s.takeSkippedAggregations!();
    assert(skipped.length === 1 && skipped[0].round === 3, JSON.stringify(skipped));
    assert(skipped[0].reason.includes("2f + 3 = 7") && skipped[0].reason.includes("4 arrived"));
    assert(s.takeSkippedAggregations!().length === 0, "taken once");
    // With f = 0 the same four updates are enough (2f + 3 = 3).
    const t = createStrategy(name, { byzantine: 0 });
    t.init(start, []);
    assertNear(t.aggregate(start, honest, [], 1)[0], 1, 0.11);
    assert(t.takeSkippedAggregations!().length === 0);
  });
}
