/**
 * Aggregation cost. Target: averaging 300 updates of 1M parameters < 1 s.
 * The 300 updates reference 30 distinct 4 MB buffers (120 MB, far beyond any
 * cache, so every read still streams from memory) to spare the shared host
 * 1.2 GB of RAM.
 */
import { createStrategy, weightedAverage } from "../../sim/fl/strategies/mod.ts";
import { coordinateMedian, krum, trimmedMean } from "../../sim/fl/strategies/robust/mod.ts";
import { privacyOfRun } from "../../sim/fl/security/privacy/mod.ts";

const PARAMS = 1_000_000;
const SITES = 300;

function vectors(count: number, length: number, distinct = count): Float32Array[] {
  const pool = Array.from({ length: distinct }, (_, s) => {
    const v = new Float32Array(length);
    for (let j = 0; j < length; j++) v[j] = Math.sin(j * 0.001 + s);
    return v;
  });
  return Array.from({ length: count }, (_, i) => pool[i % distinct]);
}

const big = vectors(SITES, PARAMS, 30);
const weights = Array.from({ length: SITES }, (_, i) => 10 + (i % 17));

Deno.bench("weightedAverage(): 300 updates × 1M params", { group: "mean", baseline: true }, () => {
  weightedAverage(big, weights);
});

const fedavg = createStrategy("fedavg", {});
fedavg.init(new Float32Array(PARAMS), []);
const updates = big.map((w, i) => ({
  siteId: i,
  weights: w,
  numSamples: weights[i],
  steps: 10,
  meanLoss: 1,
  learningRate: 0.05,
}));
Deno.bench("fedavg.aggregate(): 300 updates × 1M params (validate, sort, average)", {
  group: "mean",
}, () => {
  fedavg.aggregate(new Float32Array(PARAMS), updates, [], 1);
});

const mid = vectors(50, 100_000);
Deno.bench("coordinateMedian(): 50 updates × 100K params", { group: "robust" }, () => {
  coordinateMedian(mid);
});
Deno.bench("trimmedMean(β = 0.1): 50 updates × 100K params", { group: "robust" }, () => {
  trimmedMean(mid, 0.1);
});
Deno.bench("krum(f = 5): 50 updates × 100K params", { group: "robust" }, () => {
  krum(mid, 5);
});

Deno.bench("privacyOfRun(): 300 sites, 20 per round, 1000 rounds", { group: "privacy" }, () => {
  privacyOfRun({ population: 300, perStep: 20, noiseMultiplier: 1, steps: 1000, delta: 1e-5 });
});
