import { assert, assertNear, assertVectorNear, sameBits } from "../../_assert.ts";
import { createStrategy } from "../../../sim/fl/strategies/mod.ts";
import { plainUpdate as update } from "./_harness.ts";

Deno.test("dp-fedavg without noise is the mean of the clipped deltas", () => {
  const s = createStrategy("dp-fedavg", { clipNorm: 1, noiseMultiplier: 0 });
  s.init(new Float32Array(2), []);
  const g = s.aggregate(new Float32Array(2), [update(0, [3, 4]), update(1, [0.1, 0], 1000)], [], 1);
  assertVectorNear(g, [(0.6 + 0.1) / 2, 0.8 / 2], 1e-7);
});

Deno.test("dp-fedavg adds noise of std z·C/m to the mean and is reproducible from its seed", () => {
  const length = 20000;
  const make = () => {
    const s = createStrategy("dp-fedavg", {
      clipNorm: 2,
      noiseMultiplier: 1.5,
      seed: 11,
      expectedSites: 4,
    });
    s.init(new Float32Array(length), []);
    return s;
  };
  const ups = [0, 1].map((i) => update(i, new Array(length).fill(0)));
  const a = make().aggregate(new Float32Array(length), ups, [], 1);
  const b = make().aggregate(new Float32Array(length), ups, [], 1);
  assert(sameBits(a, b));
  let mean = 0;
  let sq = 0;
  for (const x of a) {
    mean += x / length;
    sq += x * x / length;
  }
  const std = Math.sqrt(sq - mean * mean);
  assertNear(std, 1.5 * 2 / 4, 0.02, "noise std");
  assertNear(mean, 0, 0.02, "noise mean");
});
