/**
 * Reports: run directories, the self-contained HTML report, accuracy-target
 * checks and comparisons. Everything here reads `RunResults`; nothing re-runs
 * training.
 *
 * @module
 */
export type { Execution, Manifest, TargetOutcome, Targets } from "./types.ts";
export {
  checkRunDirectory,
  readRunDirectory,
  type RunDirectoryInput,
  writeRunDirectory,
} from "./run_directory.ts";
export { renderReport } from "./report.ts";
export { secureAggregationWarnings } from "./security_section.ts";
export { type LabelledRun, renderComparison } from "./compare.ts";
export { checkTargets, formatTargets, targetsOf } from "./targets.ts";
export { canonicalJson, resultsHash, WALL_CLOCK_FIELD } from "./canonical.ts";
export { formatSummary, totalBytes } from "./summary.ts";
export {
  type GroupRetention,
  groupRetention,
  type SiteCondition,
  siteCondition,
  SMALL_VOLUME_SCALE,
} from "../sim/results/groups.ts";
export { escapeHtml, jsonForScript } from "./html.ts";
export {
  RAW_DATA_FLAG,
  renderSplitReport,
  SPLIT_HOST_FIELD,
  writeSplitDirectory,
} from "./split_report.ts";
export {
  formatSeedSummary,
  type SeedMetric,
  type SeedSummary,
  seedSummary,
  seedSummaryCsv,
} from "./stats/seed_summary.ts";
export { writeSeedDirectory } from "./stats/seed_directory.ts";
export { meanInterval, wilsonInterval } from "./stats/intervals.ts";
export { retentionInterval } from "./stats/bootstrap.ts";
