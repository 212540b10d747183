/**
 * What the planned split buys: time per step, per epoch and to a target
 * accuracy for the planned partition, for training everything on the weakest
 * device, and for sending raw inputs to the edge server (a reference only: it
 * moves raw data, which split learning exists to avoid). Split training gives
 * the same weights as unsplit training, so all three need the same number of
 * steps to reach a target; only the time per step differs.
 */
import { type PartitionCost, partitionCost, type StepSettings } from "./cost.ts";
import { formatBytes, InfeasiblePlanError, planPartition } from "./planner.ts";
import type { DeviceChain, Partition, StageProfile } from "./types.ts";

/** One way of placing the model, and what it costs. */
export interface Placement {
  name: "planned split" | "weakest device only" | "raw inputs to server";
  /** Which device runs which stages; null when no partition fits. */
  bounds: Partition | null;
  fits: boolean;
  /** Why it does not fit, for people. */
  reason: string | null;
  stepSeconds: number;
  epochSeconds: number;
  /** Steps to target × step time; null without a measured step count. */
  secondsToTarget: number | null;
  /** Bytes over all links per step. */
  bytesPerStep: number;
  /** True when raw inputs leave the device that owns them. */
  movesRawData: boolean;
}

/** What the comparison needs besides the model and the devices. */
export interface ComparisonSettings extends StepSettings {
  /** Training samples one epoch covers (on the data-owning device). */
  samplesPerEpoch: number;
  /** Steps a (split or unsplit) run needed to reach the target accuracy, when measured. */
  stepsToTarget?: number;
}

function fromCost(
  name: Placement["name"],
  cost: PartitionCost,
  settings: ComparisonSettings,
): Placement {
  const steps = Math.ceil(settings.samplesPerEpoch / settings.batchSize);
  const o = cost.overflow;
  return {
    name,
    bounds: cost.bounds,
    fits: cost.feasible,
    reason: o === null
      ? null
      : `needs ${formatBytes(o.neededBytes)} on ${o.device}, which has ${
        formatBytes(o.availableBytes)
      }`,
    stepSeconds: cost.stepSeconds,
    epochSeconds: steps * cost.stepSeconds,
    secondsToTarget: settings.stepsToTarget === undefined
      ? null
      : settings.stepsToTarget * cost.stepSeconds,
    bytesPerStep: cost.linkBytes.reduce((a, b) => a + b, 0),
    movesRawData: cost.movesRawData,
  };
}

/** Bounds giving every stage to device `d` (devices before it relay the raw inputs). */
function allOn(d: number, devices: number, stages: number): Partition {
  return Array.from({ length: devices + 1 }, (_, i) => (i <= d ? 0 : stages));
}

/**
 * The planned split, the weakest device alone (raw inputs move to it when it
 * is not the data owner) and raw inputs to the last device of the chain (the
 * edge server), under the same budgets.
 *
 * @example
 * ```ts
 * import { comparePlacements } from "./compare.ts";
 * const stage = { name: "s", params: 10, inputValues: 4, outputValues: 4, forwardFlops: 100, backwardFlops: 200 };
 * const chain = {
 *   devices: [{ name: "node", computeFlops: 1e3, memoryBytes: 1e6 }, { name: "server", computeFlops: 1e6, memoryBytes: 1e6 }],
 *   links: [{ latencyS: 0.01, bandwidthBps: 1e6 }],
 * };
 * const [split, weakest, raw] = comparePlacements([stage, stage], chain, { batchSize: 1, samplesPerEpoch: 10 });
 * if (!raw.movesRawData || split.movesRawData || !weakest.fits) throw new Error();
 * ```
 */
export function comparePlacements(
  profile: StageProfile[],
  chain: DeviceChain,
  settings: ComparisonSettings,
): Placement[] {
  if (!(settings.samplesPerEpoch > 0)) {
    throw new RangeError(`Expected samplesPerEpoch > 0 but found ${settings.samplesPerEpoch}`);
  }
  const n = chain.devices.length;
  const raw = { ...settings, allowRawDataTransfer: true };
  let planned: Placement;
  try {
    planned = fromCost("planned split", planPartition(profile, chain, settings).best, settings);
  } catch (err) {
    if (!(err instanceof InfeasiblePlanError)) throw err;
    planned = {
      ...fromCost("planned split", err.candidates[0], settings),
      bounds: null,
      reason: err.message,
    };
  }
  let weakest = 0;
  chain.devices.forEach((d, i) => {
    if (d.computeFlops < chain.devices[weakest].computeFlops) weakest = i;
  });
  const weakestCost = partitionCost(profile, chain, allOn(weakest, n, profile.length), raw);
  const serverCost = partitionCost(profile, chain, allOn(n - 1, n, profile.length), raw);
  return [
    planned,
    fromCost("weakest device only", weakestCost, settings),
    fromCost("raw inputs to server", serverCost, settings),
  ];
}
