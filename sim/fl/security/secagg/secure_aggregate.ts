/**
 * One secure-aggregation round end to end, with the network in memory:
 * sites and a server exchange the messages of messages.ts, and every byte
 * is counted by kind. This function plays the network only; it hands each
 * party nothing but the messages addressed to it.
 */

import { deriveSeed, Rng } from "../../../engine/mod.ts";
import type { SecAggBytes } from "./cost.ts";
import {
  DIRECTORY_ENTRY_BYTES,
  ENVELOPE_BYTES,
  KEY_ADVERT_BYTES,
  maskedInputBytes,
  SECAGG_KIND_NAMES,
  type SecAggKind,
  survivorListBytes,
  unmaskResponseBytes,
} from "./messages.ts";
import type { SecAggOps } from "./ops.ts";
import { dequantizeSum, quantizationScale, quantize, type Rounding } from "./ring.ts";
import { SecAggServer, type ServerView } from "./server.ts";
import { SHAMIR_PRIME } from "./shamir.ts";
import { SecAggSite } from "./site.ts";
import { defaultThreshold, requireSecAggThreshold } from "./threshold.ts";

/** One site's update to aggregate. */
export interface SecAggInput {
  siteId: number;
  vector: Float32Array;
}

/** Settings of one secure-aggregation round. */
export interface SecAggOptions {
  /**
   * Shamir threshold t, out of the group size g (n, or neighbours + 1):
   * g/2 < t ≤ g; defaults to {@link defaultThreshold}(g).
   */
  threshold?: number;
  /**
   * Neighbours each site masks with and shares its secrets among (even;
   * SecAgg+, Bell et al. 2020). Omitted or ≥ n − 1: every other site, as
   * in Bonawitz et al. Fewer neighbours cut each site's key agreements and
   * masks from n − 1 to k; the sum is then recovered as long as every
   * group keeps t responders.
   */
  neighbours?: number;
  /** Each value is clipped to [-clip, clip] before quantisation. */
  clip: number;
  /** Sites that drop out after the shares went round: their masked update never arrives. */
  dropAfterMasking?: readonly number[];
  /** Sites whose masked update arrives but which do not answer the unmasking round. */
  silentInUnmasking?: readonly number[];
  /** "nearest" (default) or unbiased "stochastic" rounding. */
  rounding?: Rounding;
  /** Root seed of the stochastic-rounding streams (one per site) and of the masking graph. */
  seed: number;
  /** Return everything the server received (costs memory: n masked vectors). */
  keepServerView?: boolean;
}

/** Bytes one site sent and received. */
export interface SiteTraffic {
  siteId: number;
  bytesUp: number;
  bytesDown: number;
}

/** The outcome of one secure-aggregation round. */
export interface SecAggResult {
  /** Sum of the survivors' quantised inputs, back in float units. */
  sum: Float32Array;
  /** The same sum in the ring, as the server computed it (bit-exact). */
  quantizedSum: Uint32Array;
  /** Levels per unit of the quantisation (1/scale is the step). */
  scale: number;
  threshold: number;
  /** Sites whose inputs are in the sum, ascending. */
  survivors: number[];
  /** Sites that dropped after masking, ascending. */
  dropped: number[];
  /** Bytes moved per kind, all sites and both directions together. */
  bytesByKind: SecAggBytes;
  /** Bytes each site sent and received, in input order. */
  traffic: SiteTraffic[];
  /** Work of a site that took part in every round (the most any site did). */
  opsPerSite: SecAggOps;
  /** Work of the server. */
  serverOps: SecAggOps;
  /** What the server received; only with `keepServerView`. */
  serverView?: ServerView;
}

/**
 * Sums the sites' vectors so that the server sees only masked vectors and
 * the final sum (Bonawitz et al., CCS 2017, honest-but-curious version:
 * no signatures and no consistency-check round). The sum equals the sum of
 * the quantised inputs of the sites not in `dropAfterMasking`, bit for bit
 * and whatever keys WebCrypto draws: the masks cancel exactly in Z/2^32.
 *
 * @example
 * ```ts
 * import { secureAggregate } from "./secure_aggregate.ts";
 * const inputs = [1, 2, 3].map((siteId) => ({ siteId, vector: new Float32Array([siteId, -0.5]) }));
 * const { sum } = await secureAggregate(inputs, { clip: 4, seed: 1 });
 * if (Math.abs(sum[0] - 6) > 1e-6 || Math.abs(sum[1] + 1.5) > 1e-6) throw new Error();
 * ```
 */
export async function secureAggregate(
  inputs: readonly SecAggInput[],
  options: SecAggOptions,
): Promise<SecAggResult> {
  const n = inputs.length;
  if (n < 2) {
    throw new RangeError(`Expected at least 2 sites for secure aggregation but found ${n}`);
  }
  const group = Math.min(options.neighbours ?? n - 1, n - 1) + 1;
  const t = options.threshold ?? defaultThreshold(Math.max(group, 2));
  requireSecAggThreshold(group, t);
  const dim = requireInputs(inputs);
  const ids = new Set(inputs.map((i) => i.siteId));
  const dropped = new Set(requireSubset("dropAfterMasking", options.dropAfterMasking, ids));
  const silent = new Set(requireSubset("silentInUnmasking", options.silentInUnmasking, ids));
  const rounding = options.rounding ?? "nearest";
  const scale = quantizationScale(options.clip, n);

  const traffic = new Map(inputs.map((i) => [i.siteId, { up: zeroBytes(), down: zeroBytes() }]));
  const send = (siteId: number, kind: SecAggKind, bytes: number) =>
    traffic.get(siteId)!.up[kind] += bytes;
  const deliver = (siteId: number, kind: SecAggKind, bytes: number) =>
    traffic.get(siteId)!.down[kind] += bytes;

  const sites = inputs.map(({ siteId, vector }) => {
    const rng = rounding === "stochastic"
      ? new Rng(deriveSeed(options.seed, `secagg/rounding/site-${siteId}`))
      : undefined;
    return new SecAggSite(siteId, quantize(vector, options.clip, scale, rounding, rng), t);
  });
  const server = new SecAggServer(t, dim, { neighbours: options.neighbours, seed: options.seed });

  // Round 0: advertise keys.
  for (const advert of await Promise.all(sites.map((s) => s.advertiseKeys()))) {
    send(advert.siteId, "secagg-keys", KEY_ADVERT_BYTES);
    server.receiveKeys(advert);
  }
  const directories = sites.map((site) => server.directoryFor(site.siteId));
  for (const [i, site] of sites.entries()) {
    deliver(site.siteId, "secagg-keys", directories[i].sites.length * DIRECTORY_ENTRY_BYTES);
  }

  // Round 1: share keys, relayed sealed through the server.
  const outgoing = await Promise.all(sites.map((s, i) => s.shareKeys(directories[i])));
  for (const [i, envelopes] of outgoing.entries()) {
    send(sites[i].siteId, "secagg-shares", envelopes.length * ENVELOPE_BYTES);
    server.receiveShares(envelopes);
  }
  for (const site of sites) {
    const mail = server.sharesFor(site.siteId);
    deliver(site.siteId, "secagg-shares", mail.length * ENVELOPE_BYTES);
    site.receiveShares(mail);
  }

  // Round 2: masked inputs; a dropped site masks but its upload never arrives.
  const alive = sites.filter((s) => !dropped.has(s.siteId));
  for (const site of alive) {
    const input = await site.maskedInput();
    send(site.siteId, "secagg-masked-update", maskedInputBytes(dim));
    server.receiveMaskedInput(input);
  }

  // Round 3: unmasking.
  const list = server.survivorList();
  const lists = new Map(alive.map((site) => [site.siteId, server.survivorListFor(site.siteId)]));
  for (const site of alive) {
    deliver(
      site.siteId,
      "secagg-unmask",
      survivorListBytes(lists.get(site.siteId)!.survivors.length),
    );
  }
  const responders = alive.filter((s) => !silent.has(s.siteId));
  const responses = await Promise.all(responders.map((s) => s.unmask(lists.get(s.siteId)!)));
  for (const response of responses) {
    const revealed = response.selfMaskShares.length + response.maskKeyShares.length;
    send(response.from, "secagg-unmask", unmaskResponseBytes(revealed));
    server.receiveUnmaskResponse(response);
  }
  const quantizedSum = await server.unmask();

  const bytesByKind = zeroBytes();
  for (const { up, down } of traffic.values()) {
    for (const kind of SECAGG_KIND_NAMES) bytesByKind[kind] += up[kind] + down[kind];
  }
  const busiest = responders.reduce((a, b) => (b.ops.sealedBytes > a.ops.sealedBytes ? b : a));
  return {
    sum: dequantizeSum(quantizedSum, scale),
    quantizedSum,
    scale,
    threshold: t,
    survivors: list.survivors.slice(),
    dropped: [...dropped].sort((a, b) => a - b),
    bytesByKind,
    traffic: inputs.map(({ siteId }) => {
      const { up, down } = traffic.get(siteId)!;
      return { siteId, bytesUp: total(up), bytesDown: total(down) };
    }),
    opsPerSite: { ...busiest.ops },
    serverOps: { ...server.ops },
    serverView: options.keepServerView ? server.view() : undefined,
  };
}

function requireInputs(inputs: readonly SecAggInput[]): number {
  const seen = new Set<number>();
  for (const { siteId, vector } of inputs) {
    // A site's Shamir share point is its id + 1, which must stay inside the field.
    if (!Number.isInteger(siteId) || siteId < 0 || siteId >= SHAMIR_PRIME - 1) {
      throw new RangeError(
        `Expected site ids to be integers in 0..${SHAMIR_PRIME - 2} but found ${siteId}`,
      );
    }
    if (seen.has(siteId)) {
      throw new RangeError(`Expected distinct site ids but found ${siteId} twice`);
    }
    seen.add(siteId);
    if (!(vector instanceof Float32Array)) {
      throw new TypeError(
        `Expected site ${siteId}'s vector to be a Float32Array but found ${typeof vector}`,
      );
    }
  }
  const dim = inputs[0].vector.length;
  if (dim === 0) throw new RangeError("Expected vectors with at least one value but found 0");
  for (const { siteId, vector } of inputs) {
    if (vector.length !== dim) {
      throw new RangeError(
        `Expected every vector to have length ${dim} but found ${vector.length} at site ${siteId}`,
      );
    }
  }
  return dim;
}

function requireSubset(
  name: string,
  list: readonly number[] | undefined,
  ids: Set<number>,
): number[] {
  for (const id of list ?? []) {
    if (!ids.has(id)) {
      throw new RangeError(`Expected ${name} to list sampled sites but found ${id}`);
    }
  }
  return [...(list ?? [])];
}

function zeroBytes(): SecAggBytes {
  return Object.fromEntries(SECAGG_KIND_NAMES.map((k) => [k, 0])) as SecAggBytes;
}

function total(bytes: SecAggBytes): number {
  return SECAGG_KIND_NAMES.reduce((sum, kind) => sum + bytes[kind], 0);
}
