import { assert, assertEquals, assertThrows } from "../../_assert.ts";
import { meanInterval, tQuantile975, wilsonInterval } from "../../../reports/stats/intervals.ts";
import { quantileSorted, retentionInterval } from "../../../reports/stats/bootstrap.ts";

const close = (a: number, b: number, tol = 1e-9) =>
  assert(Math.abs(a - b) <= tol, `expected ${b} but found ${a}`);

Deno.test("tQuantile975() matches the t table and continues smoothly past df 30", () => {
  close(tQuantile975(1), 12.706205);
  close(tQuantile975(4), 2.776445);
  // scipy.stats.t.ppf(0.975, df) for df = 31, 40, 100.
  close(tQuantile975(31), 2.0395134464, 1e-7);
  close(tQuantile975(40), 2.0210753903, 1e-7);
  close(tQuantile975(100), 1.9839715185, 1e-9);
  assertThrows(() => tQuantile975(0), RangeError);
});

Deno.test("meanInterval() of five seeds is mean ∓ t(4)·sd/√5, computed by hand", () => {
  // mean 0.93, sd √(0.001/4) = 0.0158114, half-width 2.776445 · 0.0158114 / √5 = 0.0196324.
  const r = meanInterval([0.91, 0.93, 0.92, 0.95, 0.94]);
  assertEquals(r.n, 5);
  close(r.mean, 0.93, 1e-12);
  close(r.sd, 0.015811388300841858, 1e-12);
  close(r.low, 0.9103675691290852, 1e-12);
  close(r.high, 0.9496324308709149, 1e-12);
});

Deno.test("meanInterval() leaves out non-finite values and has no interval for one value", () => {
  const one = meanInterval([0.5, NaN]);
  assertEquals([one.n, one.mean], [1, 0.5]);
  assert(Number.isNaN(one.sd) && Number.isNaN(one.low) && Number.isNaN(one.high));
  assert(Number.isNaN(meanInterval([]).mean));
});

Deno.test("wilsonInterval() matches hand-computed bounds and never leaves [0, 1]", () => {
  // 8/10: centre (0.8 + z²/20)/(1 + z²/10), half z·√(0.016 + z²/400)/(1 + z²/10).
  const r = wilsonInterval(0.8, 10);
  close(r.low, 0.49016247153664183, 1e-12);
  close(r.high, 0.9433178485456247, 1e-12);
  const half = wilsonInterval(0.5, 200);
  close(half.low, 0.43136085960389187, 1e-12);
  close(half.high, 0.5686391403961082, 1e-12);
  // 10 of 10 correct is not "exactly 1.0": the interval reaches down to 10/(10 + z²).
  const perfect = wilsonInterval(1, 10);
  assertEquals(perfect.high, 1);
  close(perfect.low, 10 / (10 + 1.959963984540054 ** 2), 1e-12);
  assertEquals(wilsonInterval(0, 200).low, 0);
  assert(Number.isNaN(wilsonInterval(0.5, 0).low));
  assertThrows(() => wilsonInterval(1.2, 10), RangeError);
});

Deno.test("quantileSorted() interpolates between order statistics", () => {
  close(quantileSorted([1, 2, 3, 4, 5], 0.5), 3);
  close(quantileSorted([1, 2, 3, 4, 5], 0.025), 1.1);
  close(quantileSorted([0, 10], 0.975), 9.75);
});

Deno.test("retentionInterval() of a two-site group spans its two sites' ratios", () => {
  // Full sites all 0.8: every resample's denominator is 0.8. The group's mean of two draws
  // from {0.6, 0.8} is 0.6, 0.7 or 0.8 with chances ¼, ½, ¼: the 2.5 % and 97.5 %
  // quantiles of the ratio are 0.6/0.8 and 0.8/0.8.
  const r = retentionInterval([0.8, 0.8, 0.8], [0.6, 0.8], 7);
  close(r.estimate, 0.7 / 0.8, 1e-12);
  close(r.low, 0.75, 1e-12);
  close(r.high, 1, 1e-12);
});

Deno.test("retentionInterval() is reproducible from its seed and narrows with more sites", () => {
  const full = Array.from({ length: 40 }, (_, i) => 0.8 + 0.1 * Math.sin(i));
  const few = [0.7, 0.9, 0.75, 0.85];
  const many = Array.from({ length: 40 }, (_, i) => few[i % 4]);
  const a = retentionInterval(full, few, "s"), b = retentionInterval(full, few, "s");
  assertEquals([a.low, a.high], [b.low, b.high]);
  const wide = a.high - a.low;
  const narrow = retentionInterval(full, many, "s");
  assert(narrow.high - narrow.low < wide / 2, `${narrow.high - narrow.low} vs ${wide}`);
  close(narrow.estimate, a.estimate, 1e-12);
  assert(Number.isNaN(retentionInterval(full, [0.8], 1).low));
});
