/**
 * Split learning sized to the compute a building or district has: a model cut
 * into stages that run on the devices inside one edge site (IoT nodes, a
 * gateway, the edge server), trained on real tensors with the bytes at every
 * cut counted; SplitFed averaging; a planner that picks the partition with the
 * shortest simulated step under every device's memory; and comparisons with
 * training on the weakest device or moving raw inputs to the server.
 *
 * @module
 */
export * from "./types.ts";
export { runStages, type Stage, type StagedModel, stageModel } from "./stages.ts";
export { allPartitions, checkPartition } from "./partition.ts";
export {
  type Batch,
  type LinkMessage,
  splitStep,
  type SplitStepResult,
  unsplitStep,
} from "./split_step.ts";
export { type PartitionCost, partitionCost, type StepSettings } from "./cost.ts";
export {
  describeBounds,
  formatBytes,
  InfeasiblePlanError,
  MAX_CANDIDATES,
  planPartition,
  type SplitPlan,
} from "./planner.ts";
export { planTable } from "./explain.ts";
export { comparePlacements, type ComparisonSettings, type Placement } from "./compare.ts";
export {
  type SplitFedNode,
  type SplitFedOptions,
  type SplitFedRound,
  splitFedRound,
} from "./splitfed.ts";
export { readVariables, weightedMean, writeVariables } from "./weights.ts";
export { buildingChain, drawBuilding, type IotNodeSpec } from "./building.ts";
export {
  type CandidateRow,
  candidateRows,
  type EvaluationRecord,
  MAX_RECORDED_CANDIDATES,
  type SplitRunRecord,
  type StepRecord,
} from "./record.ts";
export {
  DEFAULT_EVAL_EVERY,
  OPTIMIZER_SLOTS,
  type OptimizerName,
  type SplitTrainingConfig,
  type SplitTrainingRun,
  trainThroughSplit,
} from "./train_run.ts";
export { printRecord } from "./print.ts";
