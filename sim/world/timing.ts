/**
 * Pure arithmetic of virtual time: what a local update or a message costs a
 * site. Kept free of engine, RNG and model code so each number can be checked
 * by hand.
 */

/** Bits per byte: link bandwidths are quoted in bits/s, messages in bytes. */
export const BITS_PER_BYTE = 8;

/** Smallest factor a jitter draw may shrink a transfer to (a transfer is never instant). */
export const MIN_JITTER_FACTOR = 0.1;

function requireNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`Expected ${name} to be a finite number >= 0 but found ${value}`);
  }
}

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`Expected ${name} to be a finite number > 0 but found ${value}`);
  }
}

/**
 * FLOPs of a local update: (forward + backward FLOPs per sample) × samples × epochs.
 *
 * @example
 * ```ts
 * import { localUpdateFlops } from "./timing.ts";
 * localUpdateFlops({ forward: 100, backward: 200 }, 10, 2); // 6000
 * ```
 */
export function localUpdateFlops(
  perSample: { forward: number; backward: number },
  samples: number,
  epochs: number,
): number {
  requireNonNegative("forward FLOPs per sample", perSample.forward);
  requireNonNegative("backward FLOPs per sample", perSample.backward);
  requireNonNegative("samples", samples);
  requireNonNegative("epochs", epochs);
  return (perSample.forward + perSample.backward) * samples * epochs;
}

/**
 * Seconds a device with `computeFlops` FLOP/s needs for `flops` FLOPs.
 *
 * @example
 * ```ts
 * import { computeSeconds } from "./timing.ts";
 * computeSeconds(6e9, 2e9); // 3
 * ```
 */
export function computeSeconds(flops: number, computeFlops: number): number {
  requireNonNegative("FLOPs", flops);
  requirePositive("compute (FLOP/s)", computeFlops);
  return flops / computeFlops;
}

/**
 * Seconds to move `bytes` over a link: (latency + bytes × 8 ÷ bandwidth) ×
 * jitter factor. The factor (1 when the link is steady) comes from
 * {@link jitterFactor} so that the caller decides which RNG stream pays for it.
 *
 * @example
 * ```ts
 * import { transferSeconds } from "./timing.ts";
 * transferSeconds(1_000_000, 8e6, 0.05); // 1.05
 * ```
 */
export function transferSeconds(
  bytes: number,
  bandwidthBps: number,
  latencyS: number,
  factor = 1,
): number {
  requireNonNegative("bytes", bytes);
  requirePositive("bandwidth (bits/s)", bandwidthBps);
  requireNonNegative("latency (s)", latencyS);
  requirePositive("jitter factor", factor);
  return (latencyS + (bytes * BITS_PER_BYTE) / bandwidthBps) * factor;
}

/**
 * The multiplicative jitter of one transfer: 1 + relativeSd × z for a
 * standard normal draw z, floored at {@link MIN_JITTER_FACTOR}.
 *
 * @example
 * ```ts
 * import { jitterFactor } from "./timing.ts";
 * jitterFactor(0.1, 1.5); // 1.15
 * ```
 */
export function jitterFactor(relativeSd: number, z: number): number {
  requireNonNegative("jitter", relativeSd);
  return Math.max(MIN_JITTER_FACTOR, 1 + relativeSd * z);
}

/** The phases of one site's part in a round, in virtual seconds from its start. */
export interface RoundTrip {
  download: number;
  compute: number;
  upload: number;
  /** download + compute + upload. */
  total: number;
}

/**
 * Adds up a site's round trip: the model comes down, the site trains, the update goes up.
 *
 * @example
 * ```ts
 * import { roundTrip } from "./timing.ts";
 * roundTrip(1, 3, 2).total; // 6
 * ```
 */
export function roundTrip(download: number, compute: number, upload: number): RoundTrip {
  return { download, compute, upload, total: download + compute + upload };
}
