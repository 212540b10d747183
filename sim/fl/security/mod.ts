/**
 * Secure data collaboration in runs: secure aggregation inside sync rounds,
 * DP-FedAvg privacy accounting, poisoned and faulty sites, refusal of
 * non-finite updates and a message audit. The pure maths lives in
 * sim/fl/security/secagg, sim/fl/security/privacy and sim/fl/strategies/robust; this folder wires it
 * into protocols, the executor and results. See docs/SECURITY.md.
 *
 * @module
 */

export {
  type AttackSettings,
  DEFAULT_DP_DELTA,
  DEFAULT_SECAGG_CLIP,
  DEFAULT_SERVER_FLOPS,
  type DpSettings,
  PrivacySchema,
  type SecureAggregationSettings,
  securityProblems,
  type SecuritySettings,
  securitySettings,
  SUM_ONLY_STRATEGIES,
  withPrivacyParams,
} from "./settings.ts";
export {
  attackWeights,
  chooseAttackers,
  flipLabels,
  labelPermutation,
  poisonTraining,
} from "./attack.ts";
export {
  attachSecurity,
  type RejectedUpdate,
  restoreSecurity,
  type SecAggRoundRecord,
  type SecurityContext,
  type SecurityLog,
  securityOf,
  securityState,
} from "./context.ts";
export {
  cohortThreshold,
  finishSecureRound,
  planSecureRound,
  type SecureRoundArrivals,
  type SecureRoundPlan,
  type SecureRoundResult,
  siteSeconds,
} from "./secure_round.ts";
export { privacyCurve, type PrivacyLoad, type PrivacyPoint } from "./accounting.ts";
export { rejectNonFinite } from "./input_checks.ts";
export { securityExtras } from "./extras.ts";
export { boundDelta, type BoundedDelta, CLIP_WARN_FRACTION, clipWarning } from "./secure_clip.ts";
export { ALLOWED_PAYLOADS, type AuditedMessage, auditMessages, recordMessages } from "./audit.ts";
