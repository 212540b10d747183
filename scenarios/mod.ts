/**
 * Scenarios: the schema (single source of truth for the `Scenario` type),
 * loading with errors for people, and `--set` overrides.
 *
 * @example
 * ```ts
 * import { formatScenarioError, loadScenario, ScenarioError } from "./mod.ts";
 * try {
 *   await loadScenario("scenarios/demo.yaml");
 * } catch (err) {
 *   if (err instanceof ScenarioError) console.error(formatScenarioError(err));
 * }
 * ```
 */
export {
  BaselineSchema,
  DataSchema,
  FUSIONS,
  type LabelPartition,
  LabelPartitionSchema,
  ModelSchema,
  PRESETS,
  type Scenario,
  type ScenarioFields,
  ScenarioFieldsSchema,
  type ScenarioInput,
  ScenarioSchema,
  type SiteGroup,
  TargetsSchema,
  TrainingSchema,
} from "./schema.ts";
export {
  type Availability,
  AvailabilitySchema,
  type Devices,
  DevicesOverrideSchema,
  DevicesSchema,
  type IotNode,
  IotNodeSchema,
  type Links,
  LinksOverrideSchema,
  LinksSchema,
  ModalitySchema,
  SiteGroupSchema,
} from "./schema_world.ts";
export {
  type Distribution,
  DISTRIBUTION_KINDS,
  distributionBounds,
  DistributionSchema,
} from "./distribution.ts";
export {
  lineOfField,
  type LoadOptions,
  loadScenario,
  parseScenario,
  resolveScenario,
  type ScenarioCheck,
} from "./load.ts";
export { editDistance, type PlainIssue, schemaIssues } from "./_issues.ts";
export { listNames, showValue } from "./_show.ts";
export {
  formatPath,
  formatScenarioError,
  formatScenarioIssue,
  ScenarioError,
  type ScenarioIssue,
} from "./errors.ts";
export {
  type AppliedOverride,
  applyOverrides,
  applyOverridesWithPaths,
  expandGrid,
} from "./overrides.ts";
export { groupCounts } from "./_resolve.ts";
export * from "./limits.ts";
