import assert from "node:assert/strict";
import {
  computeSeconds,
  jitterFactor,
  localUpdateFlops,
  roundTrip,
  transferSeconds,
} from "../../sim/world/mod.ts";

function close(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `expected ${expected} but found ${actual}`);
}

Deno.test("localUpdateFlops() multiplies forward plus backward by samples and epochs", () => {
  // (1e6 + 2e6) FLOPs per sample × 300 samples × 2 epochs = 1.8e9
  assert.equal(localUpdateFlops({ forward: 1e6, backward: 2e6 }, 300, 2), 1.8e9);
});

Deno.test("computeSeconds() divides FLOPs by the device's FLOP/s", () => {
  // 1.8e9 FLOPs on a 2e9 FLOP/s device = 0.9 s
  close(computeSeconds(1.8e9, 2e9), 0.9);
});

Deno.test("transferSeconds() adds latency to bytes in bits over bandwidth", () => {
  // 400,000 params × 4 bytes = 1.6e6 bytes = 12.8e6 bits; at 5e6 bit/s = 2.56 s; + 0.05 s
  close(transferSeconds(1.6e6, 5e6, 0.05), 2.61);
});

Deno.test("transferSeconds() scales the whole transfer by the jitter factor", () => {
  // (0.1 + 1e6 × 8 / 8e6) × 1.2 = 1.1 × 1.2 = 1.32
  close(transferSeconds(1e6, 8e6, 0.1, 1.2), 1.32);
});

Deno.test("jitterFactor() is 1 + sd × z and never below 0.1", () => {
  close(jitterFactor(0.1, 2), 1.2);
  assert.equal(jitterFactor(0, 5), 1);
  assert.equal(jitterFactor(1, -3), 0.1);
});

Deno.test("roundTrip() totals download, compute and upload", () => {
  const trip = roundTrip(2.61, 0.9, 0.5);
  close(trip.total, 4.01);
  assert.equal(trip.compute, 0.9);
});

Deno.test("timing functions reject impossible inputs with a message naming the value", () => {
  assert.throws(() => computeSeconds(1, 0), { name: "RangeError", message: /but found 0/ });
  assert.throws(() => transferSeconds(-1, 1e6, 0), { name: "RangeError", message: /bytes/ });
  assert.throws(() => transferSeconds(1, 1e6, 0, 0), {
    name: "RangeError",
    message: /jitter factor/,
  });
  assert.throws(() => localUpdateFlops({ forward: 1, backward: 1 }, NaN, 1), {
    name: "RangeError",
    message: /samples/,
  });
});
