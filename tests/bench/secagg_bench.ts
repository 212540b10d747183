/**
 * Host timings of secure aggregation (the simulator charges its cost from
 * operation counts, not from these): the reference size of 50 sites
 * × 100k parameters, with and without a third of the sites dropping, and
 * the primitives a round is made of; and 300 sites on a sparse masking graph.
 *
 * Run: deno bench -A tests/bench/secagg_bench.ts
 */

import { Rng } from "../../sim/engine/mod.ts";
import {
  agree,
  defaultThreshold,
  expandMask,
  generateKeyPair,
  secureAggregate,
  splitSecret,
} from "../../sim/fl/security/secagg/mod.ts";

const SITES = 50;
const DIM = 100_000;

const rng = new Rng("secagg-bench");
const inputs = Array.from({ length: SITES }, (_, siteId) => ({
  siteId,
  vector: Float32Array.from({ length: DIM }, () => rng.normal(0, 0.1)),
}));
const third = inputs.slice(0, Math.floor(SITES / 3)).map((i) => i.siteId);

Deno.bench({
  name: "secureAggregate() 50 sites × 100k parameters, no dropouts",
  group: "round",
  baseline: true,
  n: 2,
  warmup: 0,
  async fn() {
    await secureAggregate(inputs, { clip: 1, seed: 1 });
  },
});

Deno.bench({
  name: "secureAggregate() 50 sites × 100k parameters, a third drop after masking",
  group: "round",
  n: 2,
  warmup: 0,
  async fn() {
    await secureAggregate(inputs, { clip: 1, seed: 1, dropAfterMasking: third });
  },
});

Deno.bench({
  name: "secureAggregate() 50 sites × 100k parameters, 10 neighbours each (SecAgg+)",
  group: "round",
  n: 2,
  warmup: 0,
  async fn() {
    await secureAggregate(inputs, { clip: 1, seed: 1, neighbours: 10 });
  },
});

const many = Array.from({ length: 300 }, (_, siteId) => ({
  siteId,
  vector: Float32Array.from({ length: 10_000 }, () => rng.normal(0, 0.1)),
}));
Deno.bench({
  name: "secureAggregate() 300 sites × 10k parameters, 20 neighbours, 30 drop (SecAgg+)",
  group: "many sites",
  n: 1,
  warmup: 0,
  async fn() {
    const dropAfterMasking = many.filter((_, i) => i % 10 === 0).map((i) => i.siteId);
    await secureAggregate(many, { clip: 1, seed: 1, neighbours: 20, dropAfterMasking });
  },
});

const seed = new Uint8Array(32).fill(3);
Deno.bench({
  name: "expandMask() 100k words (AES-256-CTR)",
  group: "primitives",
  async fn() {
    await expandMask(seed, DIM);
  },
});

const secret = new Uint8Array(32).fill(5);
Deno.bench({
  name: "splitSecret() 32 bytes into 50 shares, threshold 34",
  group: "primitives",
  fn() {
    splitSecret(secret, SITES, defaultThreshold(SITES));
  },
});

const [u, v] = await Promise.all([generateKeyPair(), generateKeyPair()]);
Deno.bench({
  name: "agree() one P-256 ECDH agreement + SHA-256",
  group: "primitives",
  async fn() {
    await agree(u.privateKey, v.publicKey, "mask");
  },
});
