import { assert, assertEquals, assertVectorNear, sameBits } from "../../_assert.ts";
import { createStrategy, type SiteState } from "../../../sim/fl/strategies/mod.ts";
import { LAYOUT, LENGTH, vec } from "./_harness.ts";

const update = (siteId: number, weights: Float32Array, numSamples = 1) => ({
  siteId,
  weights,
  numSamples,
  steps: 1,
  meanLoss: 0,
  learningRate: 0.1,
});

Deno.test("fedbn keeps each site's normalisation parameters local across rounds", () => {
  const s = createStrategy("fedbn", {});
  const global = vec(1);
  s.init(global, LAYOUT);
  const site: SiteState = {};
  const local = vec(2);
  s.siteFinish(s.siteStart(global, site), local, site, { steps: 1, learningRate: 0.1 });
  const next = vec(3);
  const start = s.siteStart(next, site);
  assertEquals(Array.from(start.subarray(0, 8)), Array.from(next.subarray(0, 8)));
  assertEquals(Array.from(start.subarray(8)), Array.from(local.subarray(8)));
  assert(sameBits(s.evaluationWeights!(next, site), start));
  // A site that never trained starts from the global as it is.
  assert(sameBits(s.siteStart(next, {}), next));
});

Deno.test("fedbn averages only non-normalisation weights when globalNorm is keep", () => {
  const s = createStrategy("fedbn", { globalNorm: "keep" });
  const global = vec(1);
  s.init(global, LAYOUT);
  const g = s.aggregate(global, [update(0, vec(2), 1), update(1, vec(3), 3)], [], 1);
  for (let j = 0; j < 8; j++) assertVectorNear([g[j]], [(vec(2)[j] + 3 * vec(3)[j]) / 4], 1e-6);
  assertEquals(Array.from(g.subarray(8)), Array.from(global.subarray(8)));
});

Deno.test("local-only sites keep training their own model and evaluate it", () => {
  const s = createStrategy("local-only", {});
  const global = vec(1);
  s.init(global, LAYOUT);
  const site: SiteState = {};
  const local = vec(5);
  s.siteFinish(s.siteStart(global, site), local, site, { steps: 1, learningRate: 0.1 });
  const newGlobal = vec(9);
  assert(sameBits(s.siteStart(newGlobal, site), local));
  assert(sameBits(s.evaluationWeights!(newGlobal, site), local));
  // The reported global is the plain sample-weighted average.
  const g = s.aggregate(global, [update(0, local, 1), update(1, vec(6), 1)], [], 1);
  assertVectorNear(g, Array.from({ length: LENGTH }, (_, j) => (local[j] + vec(6)[j]) / 2), 1e-6);
});

Deno.test("fedprox hands the trainer μ and the global as the proximal anchor", () => {
  const s = createStrategy("fedprox", { mu: 0.5 });
  const global = vec(1);
  s.init(global, LAYOUT);
  const config = s.siteConfig(global, {}, 1);
  assertEquals(config.proxMu, 0.5);
  assert(sameBits(config.anchor!, global));
});
