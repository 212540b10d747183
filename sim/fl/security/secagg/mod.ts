/**
 * Secure aggregation in the style of Bonawitz et al. (CCS 2017): the server
 * learns the sum of the sites' updates and nothing else, even when up to
 * n − t sites drop out after masking.
 *
 * How one round goes (see {@link secureAggregate}):
 * 1. Each site clips its update to [-clip, clip] and quantises it to the
 *    ring Z/2^32 with a scale chosen so the sum of n inputs cannot overflow.
 * 2. Advertise keys: each site makes two P-256 ECDH key pairs (WebCrypto),
 *    one for pairwise masks, one for sealing shares; the server sends each
 *    site the public keys of its group (everyone, or its k neighbours).
 * 3. Share keys: each site draws a self-mask seed b_u and Shamir-shares it
 *    and its mask private key (threshold t, over GF(2^26 − 5)); each site's
 *    pair of shares is sealed with AES-256-GCM under an ECDH-derived key and
 *    relayed by the server, which cannot open it.
 * 4. Masked input: y_u = x_u + PRG(b_u) + Σ_v ±PRG(s_uv) mod 2^32, PRG =
 *    AES-256-CTR keystream, s_uv = SHA-256(label ‖ ECDH(u, v)).
 * 5. Unmasking: the server announces the survivors; each responder reveals
 *    one share per site — of b_u for survivors, of the mask key for sites
 *    that dropped — and the server removes all masks from the sum.
 *
 * Many sites: the original protocol costs each site n − 1 key agreements
 * and masks. With `neighbours: k` each site masks with and shares among k
 * neighbours on a random k-regular graph (SecAgg+, Bell et al. CCS 2020);
 * t is then out of the group size k + 1, and the round fails with a clear
 * error if any group keeps fewer than t responders.
 *
 * What is and is not modelled: real key agreement, real encryption of
 * shares, real Shamir shares and real masks; no signatures or consistency
 * round (the honest-but-curious variant). WebCrypto keys are not seedable,
 * so masked vectors differ between runs, but the sum never does: it equals
 * the plain sum of the quantised inputs bit for bit.
 *
 * For the virtual clock, {@link secAggCost} predicts a round's bytes per
 * message kind and each party's work (key agreements, PRG words, field
 * operations, sealed bytes) from n and dim alone; {@link secureAggregate}
 * reports the same quantities measured.
 *
 * Weighted means (FedAvg): {@link secureWeightedMean} sends (w_u/W)·x_u
 * with one extra coordinate for w_u/W, W a public bound on the weights.
 * Compute time: {@link secAggFlops} turns counted work into FLOP-equivalents
 * (fixed cycles per operation, {@link CYCLES_PER_OP}) to divide by a
 * device's FLOP/s; message kinds and descriptions are in {@link SECAGG_KINDS}.
 *
 * @example
 * ```ts
 * import { secureAggregate } from "./mod.ts";
 * const inputs = [0, 1, 2, 3].map((siteId) => ({
 *   siteId,
 *   vector: new Float32Array([0.25 * siteId, 1]),
 * }));
 * const result = await secureAggregate(inputs, { clip: 2, seed: 7, dropAfterMasking: [3] });
 * // Sites 0..2 survive: 0 + 0.25 + 0.5 and 1 + 1 + 1.
 * if (Math.abs(result.sum[0] - 0.75) > 1e-6 || Math.abs(result.sum[1] - 3) > 1e-6) {
 *   throw new Error("wrong sum");
 * }
 * ```
 *
 * @module
 */

export {
  type SecAggInput,
  type SecAggOptions,
  type SecAggResult,
  secureAggregate,
  type SiteTraffic,
} from "./secure_aggregate.ts";
export {
  type SecAggBytes,
  type SecAggCost,
  secAggCost,
  type SecAggCostOptions,
  serverOps,
  siteOps,
} from "./cost.ts";
export {
  addOps,
  CHUNKS_PER_SECRET,
  CYCLES_PER_OP,
  secAggFlops,
  type SecAggOps,
  zeroOps,
} from "./ops.ts";
export { defaultThreshold, requireSecAggThreshold } from "./threshold.ts";
export {
  addInto,
  dequantizeSum,
  maxLevel,
  quantizationScale,
  quantize,
  RING_BITS,
  type Rounding,
  subtractInto,
} from "./ring.ts";
export {
  BYTES_PER_CHUNK,
  chunkCount,
  combineShares,
  type FieldRandom,
  interpolateSecret,
  lagrangeWeightsAtZero,
  randomFieldElements,
  SHAMIR_PRIME,
  type Share,
  splitSecret,
  splitSecretAt,
} from "./shamir.ts";
export { expandMask } from "./prg.ts";
export {
  agree,
  exportPrivateScalar,
  exportPublicKey,
  generateKeyPair,
  importPrivateScalar,
  importPublicKey,
  type KeyPurpose,
  open,
  PUBLIC_KEY_BYTES,
  randomSecret,
  seal,
  SECRET_BYTES,
} from "./keys.ts";
export {
  type KeyAdvert,
  type KeyDirectory,
  type MaskedInput,
  type RevealedShare,
  SECAGG_KIND_NAMES,
  SECAGG_KINDS,
  type SecAggKind,
  type ShareEnvelope,
  type SurvivorList,
  type UnmaskResponse,
} from "./messages.ts";
export { type GraphChoice, SecAggServer, type ServerView } from "./server.ts";
export { SecAggSite } from "./site.ts";
export {
  type SecureMean,
  type SecureMeanOptions,
  secureWeightedMean,
  type WeightedSecAggInput,
} from "./weighted_mean.ts";
export { completeGraph, groupSize, type MaskingGraph, maskingGraph } from "./graph.ts";
