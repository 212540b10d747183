import assert from "node:assert/strict";
import { aggregationShares, aggregationWeight } from "../../sim/robustness/mod.ts";

Deno.test("aggregationWeight() is n^γ: γ = 1 is FedAvg's n and γ = 0 counts every site alike", () => {
  assert.equal(aggregationWeight(300, 1), 300);
  assert.equal(aggregationWeight(300, 0), 1);
  assert.equal(aggregationWeight(100, 0.5), 10);
  assert.equal(aggregationWeight(0, 0.5), 0);
});

Deno.test("aggregationShares() gives ten 1/10-volume sites more say with γ < 1", () => {
  const samples = [...Array(10).fill(300), ...Array(10).fill(30)];
  const smallShare = (g: number) => aggregationShares(samples, g).slice(10).reduce((a, b) => a + b);
  assert.ok(Math.abs(smallShare(1) - 1 / 11) < 1e-12);
  assert.ok(smallShare(0.5) > 0.2 && smallShare(0.5) < 0.5);
  assert.ok(Math.abs(smallShare(0) - 0.5) < 1e-12);
  assert.ok(Math.abs(aggregationShares(samples, 0.5).reduce((a, b) => a + b) - 1) < 1e-12);
});

Deno.test("aggregationWeight() rejects an exponent outside [0, 1] and a negative count", () => {
  assert.throws(() => aggregationWeight(10, 1.5), RangeError);
  assert.throws(() => aggregationWeight(-1, 0.5), RangeError);
});
