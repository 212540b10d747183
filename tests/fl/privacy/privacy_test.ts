import { assert, assertEquals, assertNear, assertThrows, assertVectorNear } from "../../_assert.ts";
import {
  clipDelta,
  createSeededNormal,
  erfc,
  logErfc,
  privateMeanDelta,
} from "../../../sim/fl/security/privacy/mod.ts";

Deno.test("clipDelta() scales a delta down to the clipping norm", () => {
  const { clipped, norm, factor } = clipDelta(new Float32Array([6, 8]), 5);
  assertEquals([norm, factor], [10, 0.5]);
  assertEquals(Array.from(clipped), [3, 4]);
  assertEquals(clipDelta(new Float32Array([0.6, 0.8]), 5).factor, 1);
  assertThrows(() => clipDelta(new Float32Array(1), 0), RangeError, "clipNorm");
});

Deno.test("privateMeanDelta() sums clipped deltas, adds z·C noise and divides", () => {
  const draws = [0.5, -1];
  let k = 0;
  const normal = () => draws[k++];
  const out = privateMeanDelta([new Float32Array([3, 4]), new Float32Array([0, 0.5])], {
    clipNorm: 1,
    noiseMultiplier: 2,
    normal,
    denominator: 4,
  });
  // clipped sum [0.6, 1.3]; noise 2·1·[0.5, −1] = [1, −2]
  assertVectorNear(out.delta, [1.6 / 4, -0.7 / 4], 1e-7);
  assertEquals(out.clippedCount, 1);
  assertEquals(out.noiseStd, 2);
});

Deno.test("createSeededNormal() is reproducible, resumable and standard normal", () => {
  const a = createSeededNormal(42);
  const b = createSeededNormal(42);
  for (let i = 0; i < 10; i++) assertEquals(a(), b());
  const saved = a.state();
  const next = [a(), a(), a()];
  const c = createSeededNormal(1);
  c.restore(saved);
  assertEquals([c(), c(), c()], next);
  let s = 0;
  let s2 = 0;
  let s4 = 0;
  const n = 100000;
  for (let i = 0; i < n; i++) {
    const x = a();
    s += x;
    s2 += x * x;
    s4 += x ** 4;
  }
  assertNear(s / n, 0, 0.02, "mean");
  assertNear(s2 / n, 1, 0.02, "variance");
  assertNear(s4 / n, 3, 0.1, "fourth moment");
  assert(createSeededNormal(43)() !== createSeededNormal(42)());
});

Deno.test("erfc() and logErfc() match reference values far into the tail", () => {
  assertNear(erfc(1), 0.15729920705028513, 1e-15);
  assertNear(erfc(3) / 2.209049699858544e-5, 1, 1e-12);
  assertNear(erfc(-1), 1.8427007929497148, 1e-15);
  assertNear(logErfc(10), Math.log(2.088487583762545e-45), 1e-12);
  // Far tail: the asymptotic series −x² − log(x√π) − 1/(2x²) + 5/(8x⁴) − 37/(24x⁶).
  for (const x of [12, 30, 100]) {
    const series = -x * x - Math.log(x * Math.sqrt(Math.PI)) - 0.5 / x ** 2 + 0.625 / x ** 4 -
      37 / 24 / x ** 6;
    assertNear(logErfc(x), series, 1e-9 * x * x);
  }
});
