/**
 * What one partition of a model over a device chain costs per training step:
 * compute seconds per device, transfer seconds per link and memory per
 * device. Pure arithmetic on the stage figures, so every number can be
 * checked by hand:
 * - compute on device d: batch × Σ (forward + backward FLOPs of its stages) ÷ its FLOP/s;
 * - link k (devices k → k+1), crossed when a stage above it exists: the
 *   forward message (batch × boundary values × 4 bytes, plus 4 bytes of label
 *   per sample) and the backward message (the gradient, same size as the
 *   activation), each latency + bytes × 8 ÷ bandwidth;
 * - memory on a device with stages: 4 bytes × (parameters × (2 + optimiser
 *   slots) for weights, gradients and optimiser state, plus batch × (the
 *   stages' input values + every stage's output values) for activations
 *   kept for the backward pass); a device that only relays holds the message.
 */
import { transferSeconds } from "../world/mod.ts";
import { checkPartition } from "./partition.ts";
import {
  BYTES_PER_LABEL,
  BYTES_PER_VALUE,
  type DeviceChain,
  type Partition,
  type StageProfile,
} from "./types.ts";

/** Training settings that change what a step costs. */
export interface StepSettings {
  batchSize: number;
  /** Extra values kept per parameter by the optimiser: SGD 0, momentum 1, Adam 2 (default 0). */
  optimizerSlots?: number;
  /** Let device 0 send its raw inputs up instead of running the first stage (default false). */
  allowRawDataTransfer?: boolean;
}

/** The cost of one partition. */
export interface PartitionCost {
  bounds: Partition;
  /** Stage names per device. */
  stagesByDevice: string[][];
  computeSeconds: number[];
  /** Per link: seconds of the forward plus the backward message (0 when not crossed). */
  transferSeconds: number[];
  /** Per link: bytes of both messages. */
  linkBytes: number[];
  memoryBytes: number[];
  /** Simulated seconds per step: every compute and transfer, one after another. */
  stepSeconds: number;
  feasible: boolean;
  /** The device furthest over its memory (largest needed ÷ available), when infeasible. */
  overflow: { device: string; neededBytes: number; availableBytes: number } | null;
  /** True when raw inputs leave the data-owning device. */
  movesRawData: boolean;
}

function checkChain(chain: DeviceChain): void {
  if (chain.devices.length < 1) {
    throw new RangeError(`Expected at least one device in the chain but found none`);
  }
  if (chain.links.length !== chain.devices.length - 1) {
    throw new RangeError(
      `Expected ${
        chain.devices.length - 1
      } links for ${chain.devices.length} devices but found ${chain.links.length}`,
    );
  }
  for (const d of chain.devices) {
    if (!(d.computeFlops > 0) || !(d.memoryBytes >= 0)) {
      throw new RangeError(
        `Expected device ${d.name} to have compute > 0 and memory >= 0 but found ${d.computeFlops} FLOP/s and ${d.memoryBytes} bytes`,
      );
    }
  }
}

/** Values per sample crossing out of device `d` upwards: the output of the last stage at or below it. */
function boundaryValues(profile: StageProfile[], bounds: Partition, d: number): number {
  const below = bounds[d + 1];
  return below === 0 ? profile[0].inputValues : profile[below - 1].outputValues;
}

/** The cost of running `profile` split as `bounds` over `chain`. */
export function partitionCost(
  profile: StageProfile[],
  chain: DeviceChain,
  bounds: Partition,
  settings: StepSettings,
): PartitionCost {
  checkChain(chain);
  if (!Number.isInteger(settings.batchSize) || settings.batchSize < 1) {
    throw new RangeError(
      `Expected batchSize to be a positive integer but found ${settings.batchSize}`,
    );
  }
  const allowRaw = settings.allowRawDataTransfer ?? false;
  checkPartition(bounds, profile.length, allowRaw);
  if (bounds.length !== chain.devices.length + 1) {
    throw new RangeError(
      `Expected ${
        chain.devices.length + 1
      } partition bounds for ${chain.devices.length} devices but found ${bounds.length}`,
    );
  }
  const batch = settings.batchSize;
  const slots = settings.optimizerSlots ?? 0;
  const devices = chain.devices;
  let top = 0;
  for (let d = 0; d < devices.length; d++) if (bounds[d + 1] > bounds[d]) top = d;
  const computeSeconds: number[] = [];
  const memoryBytes: number[] = [];
  const stagesByDevice: string[][] = [];
  for (let d = 0; d < devices.length; d++) {
    const mine = profile.slice(bounds[d], bounds[d + 1]);
    stagesByDevice.push(mine.map((s) => s.name));
    const flops = mine.reduce((a, s) => a + s.forwardFlops + s.backwardFlops, 0);
    computeSeconds.push((batch * flops) / devices[d].computeFlops);
    if (mine.length > 0) {
      const params = mine.reduce((a, s) => a + s.params, 0);
      const kept = mine[0].inputValues + mine.reduce((a, s) => a + s.outputValues, 0);
      memoryBytes.push(BYTES_PER_VALUE * (params * (2 + slots) + batch * kept));
    } else if (d === 0 || d < top) {
      // Device 0 always holds its raw batch; a relay holds the message passing through.
      memoryBytes.push(BYTES_PER_VALUE * batch * boundaryValues(profile, bounds, d));
    } else {
      memoryBytes.push(0);
    }
  }
  const transfer: number[] = [];
  const linkBytes: number[] = [];
  for (let k = 0; k < chain.links.length; k++) {
    if (k >= top) {
      transfer.push(0);
      linkBytes.push(0);
      continue;
    }
    const activation = BYTES_PER_VALUE * batch * boundaryValues(profile, bounds, k);
    const up = activation + BYTES_PER_LABEL * batch;
    // Raw inputs need no gradient back: nothing below them learns.
    const down = bounds[k + 1] === 0 ? 0 : activation;
    const { latencyS, bandwidthBps } = chain.links[k];
    transfer.push(
      transferSeconds(up, bandwidthBps, latencyS) +
        (down > 0 ? transferSeconds(down, bandwidthBps, latencyS) : 0),
    );
    linkBytes.push(up + down);
  }
  let overflow: PartitionCost["overflow"] = null;
  let worst = 1;
  devices.forEach((dev, d) => {
    const ratio = dev.memoryBytes > 0 ? memoryBytes[d] / dev.memoryBytes : Infinity;
    if (memoryBytes[d] > dev.memoryBytes && ratio > worst) {
      worst = ratio;
      overflow = { device: dev.name, neededBytes: memoryBytes[d], availableBytes: dev.memoryBytes };
    }
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    bounds: [...bounds],
    stagesByDevice,
    computeSeconds,
    transferSeconds: transfer,
    linkBytes,
    memoryBytes,
    stepSeconds: sum(computeSeconds) + sum(transfer),
    feasible: overflow === null,
    overflow,
    movesRawData: bounds[1] === 0,
  };
}
