import { assertEquals, assertThrows, sameBits } from "../_assert.ts";
import { Rng } from "../../sim/engine/mod.ts";
import { FastNoise, jumpXorshift } from "../../sim/data/_fast_noise.ts";

function stepped(state: number, steps: number): number {
  let x = state | 0;
  for (let i = 0; i < steps; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  return x;
}

Deno.test("jumpXorshift() lands where stepping one by one does", () => {
  for (const state of [1, 0x1e3779b9, -7, 0x7fffffff]) {
    for (const steps of [0, 1, 2, 3, 31, 64, 384, 3072, 12_345, 65_537]) {
      assertEquals(jumpXorshift(state, steps), stepped(state, steps), `${state} + ${steps}`);
    }
  }
  assertThrows(() => jumpXorshift(1, -1), RangeError, "steps");
  assertThrows(() => jumpXorshift(1, 0.5), RangeError, "steps");
});

Deno.test("FastNoise.skip(n) leaves the stream where n draws would", () => {
  const a = new FastNoise(new Rng("skip")), b = new FastNoise(new Rng("skip"));
  a.addNormal(new Float32Array(1000), 1);
  b.skip(1000);
  assertEquals(a.state, b.state);
  const x = new Float32Array(50), y = new Float32Array(50);
  a.addNormal(x, 0.3);
  b.addNormal(y, 0.3);
  assertEquals(sameBits(x, y), true);
});

Deno.test("FastNoise.state can be saved and restored", () => {
  const a = new FastNoise(new Rng("state"));
  const saved = a.state;
  const first = a.normal();
  a.state = saved;
  assertEquals(a.normal(), first);
});
