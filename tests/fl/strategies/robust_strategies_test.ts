import { assert, assertNear, assertThrows, assertVectorNear } from "../../_assert.ts";
import { createStrategy } from "../../../sim/fl/strategies/mod.ts";
import { attackUpdate } from "../../../sim/fl/robust/mod.ts";
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

Deno.test("krum with too few updates for f says how many it needs", () => {
  const s = createStrategy("krum", { byzantine: 2 });
  s.init(new Float32Array(2), []);
  assertThrows(() => s.aggregate(new Float32Array(2), honest, [], 1), RangeError, "2f + 3 = 7");
  assertNear(honest.length, 4, 0);
});
