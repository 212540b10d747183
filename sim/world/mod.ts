/**
 * The simulated world: sites with their devices, links and availability, and
 * the pure arithmetic of what compute and messages cost on the virtual clock.
 *
 * @module
 */

export {
  BITS_PER_BYTE,
  computeSeconds,
  jitterFactor,
  localUpdateFlops,
  MIN_JITTER_FACTOR,
  type RoundTrip,
  roundTrip,
  transferSeconds,
} from "./timing.ts";
export {
  type ComputeBudget,
  type DeviceSpec,
  type DistributionSpec,
  drawProfile,
  type Link,
  type LinkSpec,
  MIN_BANDWIDTH_BPS,
  MIN_COMPUTE_FLOPS,
} from "./profile.ts";
export { Availability, type AvailabilitySpec } from "./availability.ts";
export {
  type LocalEvalResult,
  type LocalOptimizerSettings,
  type LocalTrainResult,
  type LocalTrainTask,
  Site,
  type SiteDataFacts,
  type SiteExecutor,
} from "./site.ts";
export { buildWorld, type SiteBlueprint, World } from "./world.ts";
