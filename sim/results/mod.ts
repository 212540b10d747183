/**
 * Results of a run as plain typed records (rounds, sites, central model,
 * summary), the summary computed from them, and the site groups the reports
 * compare. Everything here is data or a pure function of it; the run loop
 * writes these records and `reports/` and `cli/` read them, never the other
 * way.
 *
 * @module
 */
export type * from "./results.ts";
export type * from "./extras.ts";
export {
  failuresByCause,
  firstReaching,
  lastEvaluated,
  summarize,
  TARGET_FRACTIONS,
} from "./summary.ts";
export {
  type GroupRetention,
  groupRetention,
  meanFinite,
  type SiteCondition,
  siteCondition,
  SMALL_VOLUME_SCALE,
} from "./groups.ts";
