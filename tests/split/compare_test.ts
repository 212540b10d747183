import { assert, assertClose, assertEquals } from "./_assert.ts";
import { comparePlacements, type DeviceChain, type StageProfile } from "../../sim/split/mod.ts";

// The planner test's three layers (batch 1, 4 bytes per value).
const LAYERS: StageProfile[] = [
  {
    name: "L0",
    params: 100,
    inputValues: 20,
    outputValues: 10,
    forwardFlops: 1000,
    backwardFlops: 2000,
  },
  {
    name: "L1",
    params: 1000,
    inputValues: 10,
    outputValues: 10,
    forwardFlops: 10000,
    backwardFlops: 20000,
  },
  {
    name: "L2",
    params: 50,
    inputValues: 10,
    outputValues: 2,
    forwardFlops: 500,
    backwardFlops: 1000,
  },
];

function chain(nodeMemory: number): DeviceChain {
  return {
    devices: [
      { name: "sensor", computeFlops: 1e4, memoryBytes: nodeMemory },
      { name: "edge-server", computeFlops: 1e6, memoryBytes: 1e6 },
    ],
    links: [{ latencyS: 0.1, bandwidthBps: 8000 }],
  };
}

Deno.test("comparePlacements() gives hand-checkable times for the split, the sensor alone and raw inputs", () => {
  const [split, weakest, raw] = comparePlacements(LAYERS, chain(1e6), {
    batchSize: 1,
    samplesPerEpoch: 10,
    stepsToTarget: 40,
  });
  assertEquals(split.bounds, [0, 1, 3]);
  assertClose(split.stepSeconds, 0.6155);
  assertClose(split.epochSeconds, 6.155);
  assertClose(split.secondsToTarget!, 24.62);
  assertEquals(split.movesRawData, false);
  // the sensor alone: 34500 FLOPs at 1e4 FLOP/s, nothing sent
  assertClose(weakest.stepSeconds, 3.45);
  assertEquals([weakest.fits, weakest.bytesPerStep, weakest.movesRawData], [true, 0, false]);
  // raw inputs: 80 B + 4 B label up (0.1 + 0.084 s), no gradient back; 34500 FLOPs at 1e6
  assertClose(raw.stepSeconds, 0.184 + 0.0345);
  assertEquals([raw.bytesPerStep, raw.movesRawData], [84, true]);
});

Deno.test("comparePlacements() says when the weakest device cannot hold the model", () => {
  const [split, weakest] = comparePlacements(LAYERS, chain(1000), {
    batchSize: 1,
    samplesPerEpoch: 10,
  });
  assert(split.fits);
  assertEquals(split.secondsToTarget, null);
  assertEquals(weakest.fits, false);
  assert(weakest.reason!.includes("needs 9.37 KB on sensor, which has 1.00 KB"), weakest.reason!);
});
