import { assert, assertEquals, assertNear, assertThrows } from "../../_assert.ts";
import {
  addScaled,
  delta,
  dot,
  firstNonFinite,
  mean,
  norm,
  squaredDistance,
  weightedAverage,
} from "../../../sim/fl/strategies/mod.ts";

Deno.test("weightedAverage() weights each vector by its weight", () => {
  const avg = weightedAverage([new Float32Array([0, 10]), new Float32Array([4, 2])], [1, 3]);
  assertEquals(Array.from(avg), [3, 4]);
});

Deno.test("weightedAverage() of identical vectors returns them exactly, whatever the weights", () => {
  const v = Float32Array.from({ length: 40000 }, (_, i) => Math.sin(i) * 1e3);
  const avg = weightedAverage([v, v, v], [3, 7, 11]);
  assert(avg.every((x, i) => x === v[i]));
});

Deno.test("weightedAverage() skips zero weights and rejects an all-zero or negative weighting", () => {
  const avg = weightedAverage([new Float32Array([1]), new Float32Array([NaN])], [2, 0]);
  assertEquals(avg[0], 1);
  assertThrows(() => weightedAverage([new Float32Array([1])], [0]), RangeError, "sum");
  assertThrows(() => weightedAverage([new Float32Array([1])], [-1]), RangeError, ">= 0");
});

Deno.test("weightedAverage() rejects vectors of different lengths and a weight count mismatch", () => {
  assertThrows(
    () => weightedAverage([new Float32Array(2), new Float32Array(3)], [1, 1]),
    RangeError,
    "length 2",
  );
  assertThrows(() => weightedAverage([new Float32Array(2)], [1, 1]), RangeError, "1 weights");
  assertThrows(() => weightedAverage([], []), RangeError, "at least one");
});

Deno.test("weightedAverage() agrees with a naive Float64 loop across block boundaries", () => {
  const length = 40000; // spans several accumulator blocks
  const vs = [1, 2, 3].map((s) => Float32Array.from({ length }, (_, i) => Math.cos(i * s)));
  const ws = [0.5, 2, 1.25];
  const avg = weightedAverage(vs, ws);
  for (const j of [0, 16383, 16384, 39999]) {
    const naive = (0.5 * vs[0][j] + 2 * vs[1][j] + 1.25 * vs[2][j]) / 3.75;
    assertNear(avg[j], naive, 1e-6);
  }
});

Deno.test("vector helpers compute differences, norms and distances", () => {
  const a = new Float32Array([3, 4]);
  const b = new Float32Array([1, 1]);
  assertEquals(Array.from(delta(a, b)), [2, 3]);
  assertEquals(Array.from(addScaled(a, b, -2)), [1, 2]);
  assertEquals(norm(a), 5);
  assertEquals(dot(a, b), 7);
  assertEquals(squaredDistance(a, b), 13);
  assertEquals(Array.from(mean([a, b])), [2, 2.5]);
  assertEquals(firstNonFinite(new Float32Array([0, Infinity])), 1);
  assertEquals(firstNonFinite(a), -1);
});
