import assert from "node:assert/strict";
import { Rng } from "../../../sim/engine/mod.ts";
import {
  addInto,
  dequantizeSum,
  maxLevel,
  quantizationScale,
  quantize,
  subtractInto,
} from "../../../sim/fl/security/secagg/mod.ts";

Deno.test("quantizationScale() keeps the sum of maxSites clipped values inside int32", () => {
  for (const [clip, n] of [[1, 50], [0.01, 300], [1e3, 7]]) {
    const scale = quantizationScale(clip, n);
    const top = quantize(new Float32Array([clip * 2]), clip, scale)[0];
    assert.equal(top, maxLevel(n));
    assert.ok(n * top <= 2 ** 31 - 1, `n·top = ${n * top} overflows int32`);
  }
});

Deno.test("quantize() clips values beyond the clip bound to the top level", () => {
  const scale = quantizationScale(2, 10);
  const q = new Int32Array(quantize(new Float32Array([5, -5, 2, -2, 0]), 2, scale).buffer);
  assert.deepEqual([...q], [maxLevel(10), -maxLevel(10), maxLevel(10), -maxLevel(10), 0]);
});

Deno.test("dequantizeSum() reads a wrapped ring sum as the signed integer sum", () => {
  const n = 4, clip = 1, scale = quantizationScale(clip, n);
  const values = [-1, -0.75, -0.5, -0.6];
  const sum = new Uint32Array(1);
  for (const v of values) addInto(sum, quantize(new Float32Array([v]), clip, scale));
  assert.ok(new Int32Array(sum.buffer)[0] < 0, "the ring word holds a negative int32");
  const back = dequantizeSum(sum, scale)[0];
  const exact = values.reduce((s, v) => s + Math.fround(v), 0);
  // Half a step per input from rounding, plus the float32 rounding of the result.
  const tolerance = n / (2 * scale) + Math.abs(exact) * 2 ** -24;
  assert.ok(Math.abs(back - exact) <= tolerance, `found ${back}, expected ${exact}`);
});

Deno.test("addInto() and subtractInto() undo each other mod 2^32", () => {
  const a = new Uint32Array([0, 1, 0xffffffff, 123456789]);
  const b = new Uint32Array([0xffffffff, 0xfffffffe, 5, 0x80000000]);
  const copy = a.slice();
  subtractInto(addInto(a, b), b);
  assert.deepEqual([...a], [...copy]);
  assert.throws(() => addInto(a, new Uint32Array(3)), RangeError);
});

Deno.test("stochastic rounding is unbiased and reproducible from its stream", () => {
  // A coarse scale (2 levels per unit) makes the rounding error visible.
  const x = new Float32Array(20000).fill(0.3);
  const q1 = new Int32Array(quantize(x, 1, 2, "stochastic", new Rng("r")).buffer);
  const q2 = new Int32Array(quantize(x, 1, 2, "stochastic", new Rng("r")).buffer);
  assert.deepEqual(q1, q2);
  const mean = q1.reduce((s, v) => s + v, 0) / q1.length / 2;
  assert.ok(Math.abs(mean - 0.3) < 0.01, `mean ${mean} is biased`);
  const nearest = new Int32Array(quantize(x, 1, 2, "nearest").buffer);
  assert.ok(nearest.every((v) => v === 1), "nearest rounds 0.6 levels to 1");
});

Deno.test("quantize() rejects non-finite values and bad settings with clear errors", () => {
  assert.throws(
    () => quantize(new Float32Array([NaN]), 1, 10),
    /finite update values but found NaN/,
  );
  assert.throws(() => quantize(new Float32Array([1]), 0, 10), RangeError);
  assert.throws(() => quantize(new Float32Array([1]), 1, 10, "stochastic"), TypeError);
  assert.throws(() => quantizationScale(1, 0), /maxSites/);
});
