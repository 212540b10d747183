/**
 * What one secure-aggregation round costs, predicted from its sizes alone:
 * bytes per message kind (per site and in total) and work per site and at
 * the server. A protocol charges these on the virtual clock. With every
 * site masking with every other they equal what {@link secureAggregate}
 * measures, exactly; with k neighbours, the parts that depend on which
 * sites dropped are expectations under uniformly random dropouts.
 */

import {
  DIRECTORY_ENTRY_BYTES,
  ENVELOPE_BYTES,
  KEY_ADVERT_BYTES,
  maskedInputBytes,
  type SecAggKind,
  SHARE_PLAINTEXT_BYTES,
  survivorListBytes,
  unmaskResponseBytes,
} from "./messages.ts";
import {
  interpolateFieldOps,
  type SecAggOps,
  splitFieldOps,
  weightFieldOps,
  zeroOps,
} from "./ops.ts";
import { defaultThreshold, requireSecAggThreshold } from "./threshold.ts";

/** Bytes per message kind. */
export type SecAggBytes = Record<SecAggKind, number>;

/** Sizes of a round beyond `n` and `dim`. */
export interface SecAggCostOptions {
  /** Neighbours per site (SecAgg+); omitted or ≥ n − 1: every other site. */
  neighbours?: number;
  /** Shamir threshold; defaults to {@link defaultThreshold} of the group size. */
  threshold?: number;
  /** Sites whose masked update never arrives (dropped after masking). Default 0. */
  dropped?: number;
  /** Survivors that send their masked update but not their unmasking shares. Default 0. */
  silent?: number;
}

/** Predicted cost of one secure-aggregation round. */
export interface SecAggCost {
  threshold: number;
  /** Sites whose inputs are in the sum. */
  survivors: number;
  /** Sites that answered the unmasking round. */
  responders: number;
  /** A site that takes part in every round: bytes it sends and receives, and its work. */
  site: { bytesUp: SecAggBytes; bytesDown: SecAggBytes; ops: SecAggOps };
  /** The server's work to unmask the sum. */
  server: { ops: SecAggOps };
  /** Bytes moved by all sites together, both directions, per kind. */
  bytesByKind: SecAggBytes;
}

/**
 * Bytes and work of one round with `n` sampled sites and `dim` parameters.
 *
 * @example
 * ```ts
 * import { secAggCost } from "./cost.ts";
 * const cost = secAggCost(50, 100_000);
 * if (cost.site.bytesUp["secagg-masked-update"] !== 400_000) throw new Error();
 * ```
 */
export function secAggCost(n: number, dim: number, options: SecAggCostOptions = {}): SecAggCost {
  if (!Number.isInteger(dim) || dim < 1) {
    throw new RangeError(`Expected dim to be an integer ≥ 1 but found ${dim}`);
  }
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(`Expected at least 2 sites for secure aggregation but found ${n}`);
  }
  const k = Math.min(options.neighbours ?? n - 1, n - 1);
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`Expected neighbours to be an integer ≥ 1 but found ${k}`);
  }
  const g = k + 1;
  const t = options.threshold ?? defaultThreshold(Math.max(g, 2));
  requireSecAggThreshold(g, t);
  const dropped = options.dropped ?? 0;
  const silent = options.silent ?? 0;
  if (!Number.isInteger(dropped) || dropped < 0 || dropped >= n) {
    throw new RangeError(`Expected dropped to be an integer in 0..${n - 1} but found ${dropped}`);
  }
  const survivors = n - dropped;
  if (!Number.isInteger(silent) || silent < 0 || silent > survivors) {
    throw new RangeError(`Expected silent to be an integer in 0..${survivors} but found ${silent}`);
  }
  const responders = survivors - silent;
  // Survivors a surviving site finds in its group (itself included), and
  // surviving neighbours of a dropped site: exact for the complete graph.
  const survivorsInGroup = 1 + (k * (survivors - 1)) / (n - 1);
  const aliveNeighbours = (k * survivors) / (n - 1);

  const bytesUp: SecAggBytes = {
    "secagg-keys": KEY_ADVERT_BYTES,
    "secagg-shares": k * ENVELOPE_BYTES,
    "secagg-masked-update": maskedInputBytes(dim),
    "secagg-unmask": unmaskResponseBytes(g),
  };
  const bytesDown: SecAggBytes = {
    "secagg-keys": g * DIRECTORY_ENTRY_BYTES,
    "secagg-shares": k * ENVELOPE_BYTES,
    "secagg-masked-update": 0,
    "secagg-unmask": survivorListBytes(survivorsInGroup),
  };
  const bytesByKind: SecAggBytes = {
    "secagg-keys": n * (bytesUp["secagg-keys"] + bytesDown["secagg-keys"]),
    "secagg-shares": n * (bytesUp["secagg-shares"] + bytesDown["secagg-shares"]),
    "secagg-masked-update": survivors * bytesUp["secagg-masked-update"],
    "secagg-unmask": survivors * bytesDown["secagg-unmask"] +
      responders * bytesUp["secagg-unmask"],
  };
  return {
    threshold: t,
    survivors,
    responders,
    site: { bytesUp, bytesDown, ops: siteOps(g, t, dim, true) },
    server: { ops: serverOps(n, t, dim, survivors, { aliveNeighbours, complete: k === n - 1 }) },
    bytesByKind,
  };
}

/**
 * Work of one site in a group of `g` (itself and its neighbours; n for the
 * original protocol); `responds` says whether it answers the unmasking round.
 */
export function siteOps(g: number, t: number, dim: number, responds: boolean): SecAggOps {
  const ops = zeroOps();
  ops.keyGenerations = 2;
  ops.keyAgreements = 2 * (g - 1);
  ops.fieldOps = 2 * splitFieldOps(g, t);
  ops.sealedBytes = (responds ? 2 : 1) * (g - 1) * SHARE_PLAINTEXT_BYTES;
  ops.prgWords = g * dim;
  ops.ringWords = (g + 1) * dim;
  return ops;
}

/**
 * Work of the server to unmask a sum of `survivors` inputs out of `n`.
 * `graph.aliveNeighbours` is the number of surviving neighbours of a dropped
 * site (default: all survivors, the complete graph); with a sparse graph
 * every owner's holders differ, so Lagrange weights are made per owner.
 */
export function serverOps(
  n: number,
  t: number,
  dim: number,
  survivors: number,
  graph: { aliveNeighbours: number; complete: boolean } = {
    aliveNeighbours: survivors,
    complete: true,
  },
): SecAggOps {
  const dropped = n - survivors;
  const ops = zeroOps();
  ops.keyAgreements = dropped * graph.aliveNeighbours;
  ops.fieldOps = (graph.complete ? 1 : n) * weightFieldOps(t) + n * interpolateFieldOps(t);
  ops.prgWords = (survivors + dropped * graph.aliveNeighbours) * dim;
  ops.ringWords = survivors * dim + ops.prgWords;
  return ops;
}
