/**
 * The split planner: over every way to give each device of a chain a
 * contiguous run of stages (the data owner first), keep those that fit every
 * device's memory and choose the one with the shortest simulated step. A pure
 * function of the stage figures, the devices, the links and the settings.
 */
import { type PartitionCost, partitionCost, type StepSettings } from "./cost.ts";
import { allPartitions } from "./partition.ts";
import type { DeviceChain, StageProfile } from "./types.ts";

/** The planner's choice and its reasons. */
export interface SplitPlan {
  best: PartitionCost;
  /** Every candidate, fastest feasible first, then infeasible ones by step time. */
  candidates: PartitionCost[];
  settings: StepSettings;
  deviceNames: string[];
}

/** Thrown when no partition fits; carries the device that is furthest over its memory. */
export class InfeasiblePlanError extends RangeError {
  constructor(
    readonly device: string,
    readonly neededBytes: number,
    readonly availableBytes: number,
    readonly candidates: PartitionCost[],
    deviceNames: string[],
  ) {
    super(
      `Expected a partition that fits every device's memory but found none: even the closest (${
        describeBounds(candidates[0], deviceNames)
      }) needs ${formatBytes(neededBytes)} on ${device}, which has ${formatBytes(availableBytes)}`,
    );
    this.name = "InfeasiblePlanError";
  }
}

/** Most candidates the planner enumerates before asking for fewer stages or devices. */
export const MAX_CANDIDATES = 200_000;

function countPartitions(stages: number, devices: number): number {
  // Multisets of devices−1 cut points among stages+1 positions: C(stages + devices − 1, devices − 1).
  let c = 1;
  for (let i = 1; i < devices; i++) c = (c * (stages + i)) / i;
  return Math.round(c);
}

/**
 * Chooses how to split a model over a device chain.
 *
 * @example
 * ```ts
 * import { planPartition } from "./planner.ts";
 * const stage = (name: string, params: number) => ({
 *   name, params, inputValues: 10, outputValues: 10, forwardFlops: 1e6, backwardFlops: 2e6,
 * });
 * const plan = planPartition([stage("a", 100), stage("b", 100)], {
 *   devices: [
 *     { name: "node", computeFlops: 1e6, memoryBytes: 1e6 },
 *     { name: "server", computeFlops: 1e9, memoryBytes: 1e9 },
 *   ],
 *   links: [{ latencyS: 0.001, bandwidthBps: 1e9 }],
 * }, { batchSize: 1 });
 * // The slow node keeps only the first stage.
 * if (plan.best.bounds.join() !== "0,1,2") throw new Error(plan.best.bounds.join());
 * ```
 */
export function planPartition(
  profile: StageProfile[],
  chain: DeviceChain,
  settings: StepSettings,
): SplitPlan {
  if (profile.length === 0) throw new RangeError("Expected at least one stage but found none");
  const count = countPartitions(profile.length, chain.devices.length);
  if (count > MAX_CANDIDATES) {
    throw new RangeError(
      `Expected at most ${MAX_CANDIDATES} candidate partitions but found ${count} (${profile.length} stages over ${chain.devices.length} devices)`,
    );
  }
  const candidates: PartitionCost[] = [];
  for (
    const bounds of allPartitions(
      profile.length,
      chain.devices.length,
      settings.allowRawDataTransfer,
    )
  ) {
    candidates.push(partitionCost(profile, chain, bounds, settings));
  }
  const feasible = candidates.filter((c) => c.feasible).sort((a, b) =>
    a.stepSeconds - b.stepSeconds
  );
  if (feasible.length === 0) {
    const closest = [...candidates].sort((a, b) => overshoot(a) - overshoot(b));
    const o = closest[0].overflow!;
    throw new InfeasiblePlanError(
      o.device,
      o.neededBytes,
      o.availableBytes,
      closest,
      chain.devices.map((d) => d.name),
    );
  }
  const infeasible = candidates.filter((c) => !c.feasible).sort((a, b) =>
    a.stepSeconds - b.stepSeconds
  );
  return {
    best: feasible[0],
    candidates: [...feasible, ...infeasible],
    settings,
    deviceNames: chain.devices.map((d) => d.name),
  };
}

function overshoot(c: PartitionCost): number {
  return c.overflow === null ? 0 : c.overflow.neededBytes / Math.max(1, c.overflow.availableBytes);
}

/** `node: front | server: dense1, out` style description of a partition. */
export function describeBounds(
  cost: Pick<PartitionCost, "stagesByDevice">,
  deviceNames?: string[],
): string {
  return cost.stagesByDevice
    .map((stages, d) => {
      const who = deviceNames?.[d] ?? `device ${d}`;
      if (stages.length === 0) return `${who}: —`;
      return stages.length <= 2
        ? `${who}: ${stages.join(", ")}`
        : `${who}: ${stages[0]} … ${stages[stages.length - 1]} (${stages.length})`;
    })
    .join(" | ");
}

/** Bytes in B, KB, MB or GB (decimal), for messages people read. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(2)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(2)} KB`;
  return `${bytes} B`;
}
