/**
 * Machine-protecting limits. A scenario beyond them is rejected before any
 * data is generated, because a typo such as `count: 30000` would otherwise
 * exhaust memory minutes into a run instead of failing in a second.
 */

/** Most sites one scenario may simulate. */
export const MAX_SITES = 2000;
/** Most training samples one site may hold (checked against a distribution's upper bound). */
export const MAX_SAMPLES_PER_SITE = 100_000;
/** Most training samples all sites together may hold (checked against expected totals). */
export const MAX_TOTAL_SAMPLES = 5_000_000;
/** Most samples in the global test set. */
export const MAX_GLOBAL_TEST_SAMPLES = 100_000;
/** Most evaluation samples drawn for one site (data.siteEvalSamples). */
export const MAX_SITE_EVAL_SAMPLES = 100_000;
/** Most federated rounds (or aggregations, for async protocols). */
export const MAX_ROUNDS = 10_000;
/** Most label classes. */
export const MAX_CLASSES = 1000;
/** Most local or centralised epochs. */
export const MAX_EPOCHS = 1000;
/** Largest batch size. */
export const MAX_BATCH_SIZE = 65_536;
/** Most worker threads. */
export const MAX_WORKERS = 64;
/** Most IoT nodes attached to one site for split learning. */
export const MAX_IOT_NODES_PER_SITE = 64;
/** Tolerance when checking that group shares sum to 1. */
export const SHARE_TOLERANCE = 1e-6;

/** Largest scenario file read: real scenarios are a few kilobytes; more is a mistake or an attack. */
export const MAX_SCENARIO_BYTES = 1 << 20;
