/**
 * The federation core: protocols, the run loop, the centralised baseline,
 * evaluation, the worker pool and checkpoints. Start with {@link runScenario}.
 *
 * @module
 */

export { type RunOptions, runScenario } from "./run/run.ts";
export type {
  CentralRecord,
  RoundRecord,
  RunResults,
  SiteRecord,
  Summary,
  TimelineSpan,
} from "../results/results.ts";
export {
  BYTES_PER_WEIGHT,
  MESSAGE_KIND_NAMES,
  MESSAGE_KINDS,
  type MessageKind,
  MessageLedger,
  METRICS_BYTES,
  vectorBytes,
} from "./round/messages.ts";
export { firstReaching, lastEvaluated, summarize, TARGET_FRACTIONS } from "../results/summary.ts";
export { playRound, type RoundOutcome, type Trip } from "./round/round_clock.ts";
export {
  sampleSites,
  syncRound,
  type SyncRoundResult,
  type SyncRoundSpec,
} from "./round/sync_round.ts";
export {
  createFederation,
  type Federation,
  type LocalTraining,
  TRAINING_BYTES_PER_WEIGHT,
} from "./round/federation.ts";
export { evaluatesGlobal, EVERY_ROUND_PRESETS, type SiteEvaluation } from "./evaluation.ts";
export { type BaselineSettings, trainCentral } from "./baseline.ts";
export { type ExecutorSetup, LocalExecutor, modelSpec } from "./executor.ts";
export { SITE_CACHE_SIZE, SiteDataCache } from "./site_data.ts";
export { WorkerPool } from "./pool.ts";
export { CHECKPOINT_FORMAT, loadCheckpoint, saveCheckpoint } from "./run/checkpoint.ts";
export { type RunState, scenarioFingerprint } from "./run/run_state.ts";
export { createSource, partitionInput, planScenario, siteBlueprints } from "./data_setup.ts";
export * from "./protocols/mod.ts";
export {
  cpuSecondsByThread,
  peakRssBytes,
  profiledExecutor,
  type WallBreakdown,
  type WallPhase,
  WallProfile,
} from "./profile.ts";
