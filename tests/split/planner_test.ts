import { assert, assertEquals, assertNear, assertThrows } from "../_assert.ts";
import {
  allPartitions,
  type DeviceChain,
  InfeasiblePlanError,
  partitionCost,
  planPartition,
  planTable,
} from "../../sim/split/mod.ts";
import { HAND_LAYERS, handChain } from "./_hand_layers.ts";

Deno.test("partitionCost() matches the hand-computed time and memory of a cut after the first layer", () => {
  const cost = partitionCost(HAND_LAYERS, handChain(1e6, 1e6), [0, 1, 3], { batchSize: 1 });
  // sensor: 3000 FLOPs / 1e4 FLOP/s; server: 31500 / 1e6
  assertNear(cost.computeSeconds[0], 0.3);
  assertNear(cost.computeSeconds[1], 0.0315);
  // up: 40 B activation + 4 B label → 0.1 + 0.044 s; down: 40 B gradient → 0.1 + 0.04 s
  assertNear(cost.transferSeconds[0], 0.284);
  assertEquals(cost.linkBytes, [84]);
  assertNear(cost.stepSeconds, 0.6155);
  // sensor: 4 × (100 × 2 + 20 + 10); server: 4 × (1050 × 2 + 10 + 10 + 2)
  assertEquals(cost.memoryBytes, [920, 8488]);
});

Deno.test("planPartition() picks the cut with the shortest step when everything fits", () => {
  const plan = planPartition(HAND_LAYERS, handChain(1e6, 1e6), { batchSize: 1 });
  assertEquals(plan.best.bounds, [0, 1, 3]);
  // the other candidates: cut after L1 (3.3 + 0.0015 + 0.284) and no cut (3.45)
  const times = plan.candidates.map((c) => Number(c.stepSeconds.toFixed(4)));
  assertEquals(times, [0.6155, 3.45, 3.5855]);
});

Deno.test("planPartition() keeps the whole model on the sensor when the server lacks memory", () => {
  // Server holds 5000 B: the cut after L0 needs 8488 B there; the cut after L1 (8960 B on the
  // sensor, 3.5855 s) and no cut (9368 B on the sensor, 3.45 s) both fit a 10000 B sensor.
  const plan = planPartition(HAND_LAYERS, handChain(10_000, 5000), { batchSize: 1 });
  assertEquals(plan.best.bounds, [0, 3, 3]);
  assertEquals(plan.candidates.map((c) => c.feasible), [true, true, false]);
  assertEquals(plan.candidates[1].memoryBytes, [8960, 448]);
});

Deno.test("planPartition() counts optimiser state and the batch's activations in memory", () => {
  const sgd = partitionCost(HAND_LAYERS, handChain(1e6, 1e6), [0, 1, 3], { batchSize: 1 });
  const adam = partitionCost(HAND_LAYERS, handChain(1e6, 1e6), [0, 1, 3], {
    batchSize: 4,
    optimizerSlots: 2,
  });
  // sensor: 4 × (100 × 4 + 4 × 30); server: 4 × (1050 × 4 + 4 × 22)
  assertEquals(adam.memoryBytes, [2080, 17152]);
  assert(adam.memoryBytes[1] > sgd.memoryBytes[1]);
});

Deno.test("planPartition() names the device and the bytes when nothing fits", () => {
  const err = assertThrows(
    () => planPartition(HAND_LAYERS, handChain(1000, 5000), { batchSize: 1 }),
    InfeasiblePlanError,
    "needs 8.49 KB on edge-server, which has 5.00 KB",
  );
  assertEquals([err.device, err.neededBytes, err.availableBytes], ["edge-server", 8488, 5000]);
});

Deno.test("allPartitions() keeps the first stage on the data owner unless raw data may move", () => {
  assertEquals([...allPartitions(3, 2)], [[0, 1, 3], [0, 2, 3], [0, 3, 3]]);
  assertEquals([...allPartitions(3, 3)].length, 6);
  assertEquals([...allPartitions(3, 2, true)].length, 4);
});

Deno.test("planPartition() uses a middle device of a chain and can leave one as a relay", () => {
  const three: DeviceChain = {
    devices: [
      { name: "camera", computeFlops: 1e4, memoryBytes: 1e6 },
      { name: "gateway", computeFlops: 1e5, memoryBytes: 1e6 },
      { name: "edge-server", computeFlops: 1e6, memoryBytes: 1e6 },
    ],
    // the gateway–server link is ten times faster: 0.01 + 0.0044 up, 0.01 + 0.004 down
    links: [{ latencyS: 0.1, bandwidthBps: 8000 }, { latencyS: 0.01, bandwidthBps: 80_000 }],
  };
  const plan = planPartition(HAND_LAYERS, three, { batchSize: 1 });
  assertEquals(plan.candidates.length, 6);
  // camera L0 (0.3 s), gateway relays (0.284 + 0.0284 s on the links), server L1+L2 (0.0315 s)
  assertEquals(plan.best.bounds, [0, 1, 1, 3]);
  assertNear(plan.best.stepSeconds, 0.3 + 0.0315 + 0.284 + 0.0284);
  assertEquals(plan.best.memoryBytes[1], 40);
  // With the server short of memory the gateway takes L1 and L2 (0.3 + 0.315 + 0.284 s),
  // which beats sending L2 on to the server (0.3 + 0.3 + 0.0015 + 0.284 + 0.0284 s).
  three.devices[2].memoryBytes = 1000;
  const tight = planPartition(HAND_LAYERS, three, { batchSize: 1 });
  assertEquals(tight.best.bounds, [0, 1, 3, 3]);
  assertNear(tight.best.stepSeconds, 0.899);
});

Deno.test("planTable() explains every candidate and marks the chosen one", () => {
  const plan = planPartition(HAND_LAYERS, handChain(10_000, 5000), { batchSize: 1 });
  const lines = planTable(plan);
  assertEquals(lines.length, 4);
  assert(lines[1].startsWith("*"), lines[1]);
  assert(lines[3].includes("no: edge-server needs 8.49 KB"), lines[3]);
});
