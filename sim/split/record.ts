/**
 * What a split-learning run leaves behind (`split.json`): the parameters, the
 * devices, the planner's choice with its per-candidate table, the placement
 * comparison, and every real step. Plain data, so the report reads it
 * without re-running training.
 */
import type { Placement } from "./compare.ts";
import type { PartitionCost } from "./cost.ts";
import type { SplitPlan } from "./planner.ts";
import type { Device, LocalLink, Partition, StageProfile } from "./types.ts";

/** One candidate partition as the planner costed it. */
export interface CandidateRow {
  /** 1 = the planner's choice; candidates are ranked fastest feasible first. */
  rank: number;
  chosen: boolean;
  bounds: Partition;
  stagesByDevice: string[][];
  stepSeconds: number;
  computeSeconds: number[];
  transferSeconds: number[];
  memoryBytes: number[];
  feasible: boolean;
  /** Why it does not fit, when it does not. */
  overflow: PartitionCost["overflow"];
}

/** One real training step through the planned split. */
export interface StepRecord {
  step: number;
  loss: number;
  /** Host seconds the step took on this machine. */
  wallSeconds: number;
  /** Simulated seconds of the step on the building's devices (the planner's figure). */
  simulatedSeconds: number;
  /** Simulated time at the end of the step. */
  simulatedTime: number;
  /** Bytes over all links in the step, and by kind. */
  bytes: number;
  bytesByKind: Record<string, number>;
}

/** Held-out accuracy after a step. */
export interface EvaluationRecord {
  step: number;
  accuracy: number;
  loss: number;
}

/** Everything `renkei split` measured, as written to `split.json`. */
export interface SplitRunRecord {
  name: string;
  description: string;
  seed: number;
  /** The scenario file the run read. */
  scenarioFile: string;
  model: { preset: string; fusion: string; parameters: number; stages: StageProfile[] };
  settings: {
    batchSize: number;
    optimizer: string;
    learningRate: number;
    steps: number;
    /** Training samples on the data node (one epoch). */
    samplesPerEpoch: number;
    heldOutSamples: number;
    targetAccuracy: number | null;
    evalEvery: number | null;
  };
  /** The chain a batch passes through: the data node first, the edge server last. */
  devices: Device[];
  /** `links[k]` joins `devices[k]` and `devices[k + 1]`. */
  links: LocalLink[];
  plan: {
    chosen: CandidateRow;
    /** Candidates in the planner's order (best first); at most `MAX_RECORDED_CANDIDATES`. */
    candidates: CandidateRow[];
    totalCandidates: number;
    /** The planner's table as text, the way the terminal shows it. */
    table: string[];
  };
  placements: Placement[];
  steps: StepRecord[];
  evaluations: EvaluationRecord[];
  /** First evaluated step whose held-out accuracy reached the target; null if none did. */
  stepsToTarget: number | null;
  /** Simulated seconds per step of the planned split. */
  simulatedStepSeconds: number;
  /** Host measurements: they depend on this machine, not on the scenario. */
  host: {
    backend: string;
    wallSeconds: number;
    wallStepSeconds: number;
    peakRssBytes: number;
    tensorBytes: number;
  };
}

/** Most candidates `split.json` lists (the planner may cost many more). */
export const MAX_RECORDED_CANDIDATES = 500;

/**
 * The plan's candidates as rows, in the planner's order (fastest feasible
 * first, then infeasible by step time), the chosen one ranked 1.
 *
 * @example
 * ```ts
 * import { candidateRows, planPartition } from "./mod.ts";
 * const stage = { name: "s", params: 10, inputValues: 4, outputValues: 4, forwardFlops: 1e3, backwardFlops: 2e3 };
 * const plan = planPartition([stage, stage], {
 *   devices: [{ name: "node", computeFlops: 1e3, memoryBytes: 1e6 }, { name: "server", computeFlops: 1e6, memoryBytes: 1e6 }],
 *   links: [{ latencyS: 0.001, bandwidthBps: 1e9 }],
 * }, { batchSize: 1 });
 * const rows = candidateRows(plan);
 * if (!rows[0].chosen || rows[0].bounds.join() !== plan.best.bounds.join()) throw new Error();
 * ```
 */
export function candidateRows(plan: SplitPlan, limit = MAX_RECORDED_CANDIDATES): CandidateRow[] {
  return plan.candidates.slice(0, limit).map((c, i) => ({
    rank: i + 1,
    chosen: c === plan.best,
    bounds: [...c.bounds],
    stagesByDevice: c.stagesByDevice,
    stepSeconds: c.stepSeconds,
    computeSeconds: c.computeSeconds,
    transferSeconds: c.transferSeconds,
    memoryBytes: c.memoryBytes,
    feasible: c.feasible,
    overflow: c.overflow,
  }));
}
