import { assert, assertEquals } from "../_assert.ts";
import { RngStreams } from "../../sim/engine/mod.ts";
import {
  classCounts,
  createSceneSource,
  globalTestSet,
  loadMnist,
  materializeSite,
  modalityGroups,
  planSites,
} from "../../sim/data/mod.ts";

const mnist = await loadMnist({ testPerClass: 150 });

Deno.test("MNIST ships 10,000 real digits, 150 per digit held out for testing", () => {
  const train = mnist.source.poolLabels("train"), test = mnist.source.poolLabels("test");
  assertEquals(train.length + test.length, 10000);
  assertEquals(test.length, 1500);
  const sample = mnist.source.take("train", [0]);
  assertEquals(sample.shapes.image, [28, 28, 1]);
  const px = sample.inputs.image!;
  assert(px.every((v) => v >= 0 && v <= 1) && px.some((v) => v > 0.5), "grey levels in [0, 1]");
});

Deno.test("MNIST sites get disjoint images, capped by what the pool holds", () => {
  const streams = new RngStreams(7);
  const plans = planSites(mnist.source, {
    groups: [{ group: "g", count: 30, samples: 400 }],
    label: { dirichlet: { alpha: 0.3 } },
  }, streams);
  const total = plans.reduce((s, p) => s + p.size, 0);
  assert(total <= 8500, `${total} samples planned from 8,500`);
  const seen = new Set<string>();
  for (const p of plans) {
    const { train, test } = materializeSite(mnist.source, p, streams);
    assertEquals(classCounts(train).map((n, c) => n + classCounts(test)[c]), p.classCounts);
    for (const ds of [train, test]) {
      for (let i = 0; i < ds.n; i++) {
        const key = ds.inputs.image!.subarray(i * 784, (i + 1) * 784).join(",");
        assert(!seen.has(key), `site ${p.siteId} reuses an image`);
        seen.add(key);
      }
    }
  }
  const test = globalTestSet(mnist.source, 1000, streams);
  assertEquals(classCounts(test), new Array(10).fill(100));
});

Deno.test("the scene can show MNIST digits, resized, confusing the same pairs as its stripes", () => {
  const scene = createSceneSource({ imagePool: mnist.imagePool, modalities: ["image", "tabular"] });
  const ds = scene.generate(Int32Array.from([0, 1, 6, 7]), new RngStreams(1).stream("x"), "train");
  assertEquals(ds.shapes.image, [32, 32, 3]);
  const g = modalityGroups("image", 8);
  assertEquals([g.classToGroup[6], g.classToGroup[7]], [3, 3]);
  const img = ds.inputs.image!;
  // A grey digit: the three colour channels agree up to pixel noise.
  let diff = 0;
  for (let p = 0; p < 1024; p++) diff += Math.abs(img[p * 3] - img[p * 3 + 1]) / 1024;
  assert(diff < 0.2, `${diff}`);
});
