import { assert, assertEquals, assertThrows, sameBits } from "../_assert.ts";
import { RngStreams } from "../../sim/engine/mod.ts";
import {
  classCounts,
  createSceneSource,
  globalTestSet,
  materializeSite,
  type PartitionInput,
  partitionStats,
  planSites,
  pooledTrainSet,
} from "../../sim/data/mod.ts";

const source = createSceneSource({ modalities: ["image", "series", "tabular", "tokens"] });
const input: PartitionInput = {
  groups: [
    { group: "full", count: 4, samples: { lognormal: { median: 40, sigma: 0.3 } } },
    { group: "coarse", count: 2, samples: 40, granularity: 0.1, shift: { gain: 0.2, noise: 0.05 } },
    { group: "no-camera", count: 2, samples: 40, missing: { image: 1 } },
  ],
  label: { dirichlet: { alpha: 0.5, minPerSite: 8 } },
  localTestFraction: 0.25,
};

Deno.test("a site's data is bit-identical whatever order sites are materialised in", () => {
  const streams = new RngStreams(42);
  const plans = planSites(source, input, streams);
  const forward = plans.map((p) => materializeSite(source, p, streams));
  const backward = [...plans].reverse().map((p) => materializeSite(source, p, new RngStreams(42)))
    .reverse();
  forward.forEach((a, i) => {
    const b = backward[i];
    for (const m of source.modalities) {
      assert(sameBits(a.train.inputs[m]!, b.train.inputs[m]!), `site ${i} ${m}`);
      assert(sameBits(a.test.inputs[m]!, b.test.inputs[m]!), `site ${i} ${m} test`);
    }
    assertEquals(a.train.labels, b.train.labels);
  });
  const again = planSites(source, input, new RngStreams(42));
  assertEquals(again, plans);
});

Deno.test("materialised sites match their plans: sizes, class counts, split", () => {
  const streams = new RngStreams(1);
  for (const p of planSites(source, input, streams)) {
    const { train, test } = materializeSite(source, p, streams);
    assertEquals([train.n, test.n], [p.trainSize, p.testSize]);
    const counts = classCounts(train).map((n, c) => n + classCounts(test)[c]);
    assertEquals(counts, p.classCounts);
  }
});

Deno.test("materialised sites carry their granularity and missing camera", () => {
  const streams = new RngStreams(2);
  const plans = planSites(source, input, streams);
  const coarse = materializeSite(source, plans.find((p) => p.group === "coarse")!, streams).train;
  const noCamera =
    materializeSite(source, plans.find((p) => p.group === "no-camera")!, streams).train;
  assert(noCamera.inputs.image!.every((v) => v === 0));
  for (let i = 0; i < noCamera.n; i++) {
    assertEquals(Array.from(noCamera.mask.subarray(i * 4, i * 4 + 4)), [0, 1, 1, 1]);
  }
  // Shift noise rides on top of the coarse series, but its step-to-step changes stay small.
  const s = coarse.inputs.series!;
  let rough = 0;
  for (let t = 1; t < 64; t++) rough += Math.abs(s[t * 6] - s[(t - 1) * 6]);
  assert(rough / 63 < 0.3, `coarse series is smooth (${rough / 63})`);
});

Deno.test("the global test set is balanced, full-granularity and complete", () => {
  const streams = new RngStreams(3);
  const test = globalTestSet(source, 100, streams);
  const counts = classCounts(test);
  assert(Math.max(...counts) - Math.min(...counts) <= 1, `${counts}`);
  assert(test.mask.every((v) => v === 1));
  assert(sameBits(test.inputs.image!, globalTestSet(source, 100, new RngStreams(3)).inputs.image!));
  assertThrows(() => globalTestSet(source, 0, streams), RangeError);
});

Deno.test("pooledTrainSet() is the concatenation of every site's training data", () => {
  const streams = new RngStreams(4);
  const plans = planSites(source, input, streams);
  const pooled = pooledTrainSet(source, plans, streams);
  assertEquals(pooled.n, plans.reduce((s, p) => s + p.trainSize, 0));
  const last = materializeSite(source, plans[plans.length - 1], streams).train;
  const tail = pooled.inputs.tabular!.subarray(
    pooled.inputs.tabular!.length - last.inputs.tabular!.length,
  );
  assert(sameBits(tail, last.inputs.tabular!));
});

Deno.test("partitionStats() lists one row per site and class and one per site", () => {
  const plans = planSites(source, input, new RngStreams(5));
  const stats = partitionStats(plans);
  assertEquals(stats.classes.length, plans.length * 8);
  assertEquals(stats.sites.map((s) => s.missing), ["", "", "", "", "", "", "image", "image"]);
  assertEquals(stats.sites.map((s) => s.granularity), [1, 1, 1, 1, 0.1, 0.1, 1, 1]);
  const site0 = stats.classes.filter((r) => r.siteId === 0).reduce((s, r) => s + r.count, 0);
  assertEquals(site0, plans[0].size);
});
