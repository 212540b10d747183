import { assert, assertEquals, sameBits } from "../_assert.ts";
import { Rng } from "../../sim/engine/mod.ts";
import {
  approxCos,
  approxExp,
  approxSin,
  EXP_BAND,
  EXP_MIN,
  gaussianInRange,
  gaussianRow,
  MAX_ARGUMENT,
  SIN_BAND,
  sinCosRow,
  sinRowInRange,
} from "../../sim/data/_float32_math.ts";

const rng = new Rng("float32-math");

Deno.test("approxSin() and approxCos() stay within a sixteenth of their band of Math.sin and Math.cos", () => {
  let worst = 0;
  for (let i = 0; i < 400_000; i++) {
    // Arguments spread over every scale up to the largest allowed.
    const x = (rng.uniform() * 2 - 1) * MAX_ARGUMENT ** rng.uniform();
    worst = Math.max(worst, Math.abs(approxSin(x) - Math.sin(x)));
    worst = Math.max(worst, Math.abs(approxCos(x) - Math.cos(x)));
  }
  assert(worst <= SIN_BAND / 16, `worst error 2^${Math.log2(worst)}`);
});

Deno.test("approxExp() stays within a sixteenth of its band of Math.exp, relatively", () => {
  let worst = 0;
  for (let i = 0; i < 400_000; i++) {
    const x = EXP_MIN * rng.uniform() ** 3 + (i % 2 === 0 ? 0 : 700 * rng.uniform());
    worst = Math.max(worst, Math.abs(approxExp(x) / Math.exp(x) - 1));
  }
  assert(worst <= EXP_BAND / 16, `worst relative error 2^${Math.log2(worst)}`);
});

/** What a Float32Array store of `f(i)` holds, for i in 0..n−1. */
function stored(n: number, f: (i: number) => number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => f(i));
}

Deno.test("sinCosRow() stores exactly what Math.sin and Math.cos would, −0 included", () => {
  for (let r = 0; r < 3000; r++) {
    const n = 1 + Math.floor(rng.uniform() * 40);
    const a = (rng.uniform() * 2 - 1) * (r % 10 === 0 ? 3000 : 3);
    // −0 keeps a·0 = −0 as it is; large phases leave the approximations' range.
    const phase = r % 3 === 0 ? -0 : (rng.uniform() * 2 - 1) * (r % 7 === 0 ? 40000 : 7);
    const s = new Float32Array(n), c = new Float32Array(n);
    sinCosRow(a, phase, n, s, c, 0);
    assert(sameBits(s, stored(n, (i) => Math.sin(a * i + phase))), `sin a=${a} phase=${phase}`);
    assert(sameBits(c, stored(n, (i) => Math.cos(a * i + phase))), `cos a=${a} phase=${phase}`);
  }
});

Deno.test("gaussianRow() stores exactly what scale · Math.exp(−d²/2) would, far tails included", () => {
  for (let r = 0; r < 3000; r++) {
    const n = 1 + Math.floor(rng.uniform() * 40);
    const centre = rng.uniform() * 50 - 5;
    // Narrow radii push −d²/2 below the approximation's range, into Math.exp.
    const radius = r % 5 === 0 ? 0.5 + rng.uniform() : 2 + 4 * rng.uniform();
    const scale = r % 11 === 0 ? 0 : rng.uniform();
    const out = new Float32Array(n);
    gaussianRow(centre, radius, scale, n, out, 0);
    const expected = stored(n, (i) => {
      const d = (i - centre) / radius;
      return scale * Math.exp(-0.5 * d * d);
    });
    assert(sameBits(out, expected), `centre=${centre} radius=${radius} scale=${scale}`);
  }
});

Deno.test("the range checks accept what the approximations hold for and refuse the rest", () => {
  assert(sinRowInRange(0.5, 1, 32));
  assertEquals(sinRowInRange(1000, 1, 32), false);
  assertEquals(sinRowInRange(NaN, 1, 32), false);
  assert(gaussianInRange(16, 3, 32));
  assertEquals(gaussianInRange(16, 0.3, 32), false); // −0.5 · (16 / 0.3)² < −700 at the ends
  assertEquals(gaussianInRange(16, 0, 32), false);
});
