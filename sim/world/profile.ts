/**
 * A site's device and links, drawn once from the scenario's distributions
 * with the site's own stream (`world/site-<id>`), so adding a site never
 * changes another site's draws.
 */

import { type Rng, sampleDistribution } from "../engine/mod.ts";

/** A distribution as the scenario writes it (a number is a constant). */
export type DistributionSpec = Parameters<typeof sampleDistribution>[0];

/** What a site can compute and hold. */
export interface ComputeBudget {
  /** Sustained FLOP/s available for training. */
  computeFlops: number;
  /** Bytes of memory available for the model and its training state. */
  memoryBytes: number;
}

/** A site's link to its aggregator (the cloud, or an edge server). */
export interface Link {
  /** One-way latency in seconds. */
  latencyS: number;
  /** Site → aggregator bandwidth in bits/s. */
  uplinkBps: number;
  /** Aggregator → site bandwidth in bits/s. */
  downlinkBps: number;
  /** Relative standard deviation of each transfer's time. */
  jitter: number;
}

/** The scenario's distributions for devices (group overrides already merged). */
export interface DeviceSpec {
  compute: DistributionSpec;
  memory: DistributionSpec;
}

/** The scenario's distributions for links (group overrides already merged). */
export interface LinkSpec {
  latency: DistributionSpec;
  uplink: DistributionSpec;
  downlink: DistributionSpec;
  jitter: number;
}

/** Floors that keep a heavy-tailed draw from producing a device or link that cannot work at all. */
export const MIN_COMPUTE_FLOPS = 1e3;
export const MIN_BANDWIDTH_BPS = 1e3;

/**
 * Draws a site's compute budget and link, in a fixed order (compute, memory,
 * latency, uplink, downlink) from `rng`.
 *
 * @example
 * ```ts
 * import { drawProfile } from "./profile.ts";
 * import { Rng } from "../engine/mod.ts";
 * const p = drawProfile(
 *   { compute: 2e9, memory: 1e9 },
 *   { latency: 0.05, uplink: 5e6, downlink: 2e7, jitter: 0 },
 *   new Rng("world/site-0"),
 * );
 * p.device.computeFlops; // 2e9
 * ```
 */
export function drawProfile(
  devices: DeviceSpec,
  links: LinkSpec,
  rng: Rng,
): { device: ComputeBudget; link: Link } {
  const computeFlops = Math.max(MIN_COMPUTE_FLOPS, sampleDistribution(devices.compute, rng));
  const memoryBytes = Math.max(0, sampleDistribution(devices.memory, rng));
  const latencyS = Math.max(0, sampleDistribution(links.latency, rng));
  const uplinkBps = Math.max(MIN_BANDWIDTH_BPS, sampleDistribution(links.uplink, rng));
  const downlinkBps = Math.max(MIN_BANDWIDTH_BPS, sampleDistribution(links.downlink, rng));
  if (!Number.isFinite(links.jitter) || links.jitter < 0) {
    throw new RangeError(`Expected links.jitter to be >= 0 but found ${links.jitter}`);
  }
  return {
    device: { computeFlops, memoryBytes },
    link: { latencyS, uplinkBps, downlinkBps, jitter: links.jitter },
  };
}
