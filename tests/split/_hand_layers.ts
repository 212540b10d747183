/** Three layers and two devices, small enough to check by hand (batch 1, 4 bytes per value). */
import type { DeviceChain, StageProfile } from "../../sim/split/mod.ts";

/** The hand-checkable layers the planner and placement tests share. */
export const HAND_LAYERS: StageProfile[] = [
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

/** A slow sensor and a fast edge server joined by one slow link. */
export function handChain(nodeMemory: number, serverMemory = 1e6): DeviceChain {
  return {
    devices: [
      { name: "sensor", computeFlops: 1e4, memoryBytes: nodeMemory },
      { name: "edge-server", computeFlops: 1e6, memoryBytes: serverMemory },
    ],
    // 8000 bits/s = 1000 bytes/s
    links: [{ latencyS: 0.1, bandwidthBps: 8000 }],
  };
}
