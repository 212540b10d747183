/**
 * The discrete-event engine and seeded randomness: the bottom layer of Renkei.
 * Nothing here knows about sites, models or TensorFlow.js.
 *
 * @module
 */

export { type DequeuedEvent, type EventHandle, EventQueue, EventTicket } from "./event_queue.ts";
export {
  Engine,
  type Handler,
  type RunOptions,
  type ScheduledEvent,
  type ScheduleOptions,
} from "./engine.ts";
export { Rng, type RngState } from "./rng.ts";
export { deriveSeed, RngStreams } from "./rng_streams.ts";
export {
  describeDistribution,
  DISTRIBUTION_KINDS,
  distributionMean,
  type DistributionSpec,
  formatNumber,
  sampleDistribution,
} from "./distribution.ts";
export { createProgress, type Progress, type ProgressOptions } from "./progress.ts";
