import { assert, assertEquals, assertNear } from "../_assert.ts";
import { comparePlacements } from "../../sim/split/mod.ts";
import { HAND_LAYERS, handChain } from "./_hand_layers.ts";

Deno.test("comparePlacements() gives hand-checkable times for the split, the sensor alone and raw inputs", () => {
  const [split, weakest, raw] = comparePlacements(HAND_LAYERS, handChain(1e6), {
    batchSize: 1,
    samplesPerEpoch: 10,
    stepsToTarget: 40,
  });
  assertEquals(split.bounds, [0, 1, 3]);
  assertNear(split.stepSeconds, 0.6155);
  assertNear(split.epochSeconds, 6.155);
  assertNear(split.secondsToTarget!, 24.62);
  assertEquals(split.movesRawData, false);
  // the sensor alone: 34500 FLOPs at 1e4 FLOP/s, nothing sent
  assertNear(weakest.stepSeconds, 3.45);
  assertEquals([weakest.fits, weakest.bytesPerStep, weakest.movesRawData], [true, 0, false]);
  // raw inputs: 80 B + 4 B label up (0.1 + 0.084 s), no gradient back; 34500 FLOPs at 1e6
  assertNear(raw.stepSeconds, 0.184 + 0.0345);
  assertEquals([raw.bytesPerStep, raw.movesRawData], [84, true]);
});

Deno.test("comparePlacements() says when the weakest device cannot hold the model", () => {
  const [split, weakest] = comparePlacements(HAND_LAYERS, handChain(1000), {
    batchSize: 1,
    samplesPerEpoch: 10,
  });
  assert(split.fits);
  assertEquals(split.secondsToTarget, null);
  assertEquals(weakest.fits, false);
  assert(weakest.reason!.includes("needs 9.37 KB on sensor, which has 1.00 KB"), weakest.reason!);
});
