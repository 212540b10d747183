/**
 * Counts of the work secure aggregation does, so the simulator can charge
 * it on the virtual clock (work ÷ a device's budget) instead of timing the
 * host. The formulas live here once; sites, the server and
 * {@link secAggCost} all count through them.
 */

import { SECRET_BYTES } from "./keys.ts";
import { chunkCount } from "./shamir.ts";

/** Work done by one party in one secure-aggregation round. */
export interface SecAggOps {
  /** P-256 key pairs generated. */
  keyGenerations: number;
  /** P-256 ECDH agreements (each followed by one SHA-256 of 48 bytes). */
  keyAgreements: number;
  /** 32-bit words of AES-256-CTR keystream expanded into masks. */
  prgWords: number;
  /** Word adds or subtracts mod 2^32 (masking, summing, unmasking, quantising). */
  ringWords: number;
  /** Multiply-adds mod p in Shamir sharing and reconstruction. */
  fieldOps: number;
  /** Bytes sealed or opened with AES-256-GCM. */
  sealedBytes: number;
}

/** Shamir field elements per shared 32-byte secret. */
export const CHUNKS_PER_SECRET = chunkCount(SECRET_BYTES);

/** No work yet. */
export function zeroOps(): SecAggOps {
  return {
    keyGenerations: 0,
    keyAgreements: 0,
    prgWords: 0,
    ringWords: 0,
    fieldOps: 0,
    sealedBytes: 0,
  };
}

/** Adds `more` into `into` (in place) and returns `into`. */
export function addOps(into: SecAggOps, more: Partial<SecAggOps>): SecAggOps {
  for (const key of Object.keys(more) as (keyof SecAggOps)[]) into[key] += more[key] ?? 0;
  return into;
}

/** Field multiply-adds to split one 32-byte secret into `n` shares of threshold `t` (Horner). */
export function splitFieldOps(n: number, t: number): number {
  return CHUNKS_PER_SECRET * n * t;
}

/** Field operations to compute Lagrange weights for `t` share points. */
export function weightFieldOps(t: number): number {
  return 2 * t * (t - 1);
}

/** Field multiply-adds to rebuild one 32-byte secret from `t` shares with known weights. */
export function interpolateFieldOps(t: number): number {
  return CHUNKS_PER_SECRET * t;
}

/**
 * Machine cycles per unit of work, from the usual costs of these primitives
 * in native code on a 64-bit CPU with AES instructions (OpenSSL-class
 * implementations): a P-256 fixed-base key generation ≈ 100k cycles, a
 * variable-base ECDH ≈ 200k, AES-CTR ≈ 1 cycle per byte (4 per word),
 * AES-GCM ≈ 2 per byte, a 64-bit multiply and reduction ≈ 10, a word add 1.
 * Fixed constants rather than host timings, so the virtual clock does not
 * depend on the machine that runs the simulation.
 */
export const CYCLES_PER_OP: Readonly<SecAggOps> = {
  keyGenerations: 100_000,
  keyAgreements: 200_000,
  prgWords: 4,
  ringWords: 1,
  fieldOps: 10,
  sealedBytes: 2,
};

/**
 * The work in `ops` as FLOP-equivalents (one cycle counted as one FLOP of a
 * device's compute budget), so a protocol can charge it like training:
 * seconds = secAggFlops(ops) ÷ device FLOP/s.
 *
 * @example
 * ```ts
 * import { secAggFlops, zeroOps } from "./ops.ts";
 * if (secAggFlops({ ...zeroOps(), prgWords: 1000 }) !== 4000) throw new Error();
 * ```
 */
export function secAggFlops(ops: SecAggOps): number {
  let flops = 0;
  for (const key of Object.keys(CYCLES_PER_OP) as (keyof SecAggOps)[]) {
    flops += ops[key] * CYCLES_PER_OP[key];
  }
  return flops;
}
