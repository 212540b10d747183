/**
 * Differential-privacy maths for federated learning, pure functions only:
 * client-level clipping and Gaussian noise for DP-FedAvg, a seeded normal
 * generator, and an RDP accountant for the sampled Gaussian mechanism.
 *
 * @module
 */
export {
  clipDelta,
  type ClippedDelta,
  type PrivateMean,
  privateMeanDelta,
  type PrivateMeanOptions,
} from "./dp_mean.ts";
export { createSeededNormal, type SeededNormal } from "./seeded_normal.ts";
export { computeRdp, logA, sampledGaussianRdp } from "./rdp.ts";
export {
  type Conversion,
  deltaFromRdp,
  epsilonFromRdp,
  epsilonFromRdpClassic,
} from "./conversion.ts";
export {
  DEFAULT_RDP_ORDERS,
  privacyOfRun,
  type PrivacySpent,
  RdpAccountant,
  type SampledGaussianRun,
} from "./accountant.ts";
export { erfc, logErfc } from "./_log_math.ts";
