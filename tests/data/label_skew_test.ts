import { assert, assertEquals, assertNear, assertThrows } from "../_assert.ts";
import { RngStreams } from "../../sim/engine/mod.ts";
import {
  createSceneSource,
  dirichletProportions,
  evenCounts,
  multinomialCounts,
  planSites,
  shardClasses,
} from "../../sim/data/mod.ts";

const streams = new RngStreams(5);

Deno.test("planned class counts follow each site's Dirichlet draw", () => {
  const plans = planSites(createSceneSource(), {
    groups: [{ group: "big", count: 5, samples: 4000 }],
    label: { dirichlet: { alpha: 0.5 } },
    localTestFraction: 0.25,
  }, streams);
  for (const p of plans) {
    const q = p.classProportions!;
    assertNear(q.reduce((a, b) => a + b, 0), 1, 1e-9);
    p.classCounts.forEach((n, c) => {
      // Multinomial sd at n = 4000 is ≤ 0.008; 0.04 is five of them.
      assertNear(n / p.size, q[c], 0.04, `site ${p.siteId} class ${c}`);
    });
  }
  const dominant = plans.map((p) => p.classProportions!.indexOf(Math.max(...p.classProportions!)));
  assert(new Set(dominant).size > 1, "sites are skewed towards different classes");
});

Deno.test("Dirichlet label skew at α = 0.01 terminates, is finite and keeps the minimum site size", () => {
  const plans = planSites(createSceneSource(), {
    groups: [{ group: "g", count: 50, samples: { lognormal: { median: 20, sigma: 1.5 } } }],
    label: { dirichlet: { alpha: 0.01, minPerSite: 8 } },
  }, streams);
  for (const p of plans) {
    assert(p.size >= 8, `site ${p.siteId} has ${p.size}`);
    assert(p.classProportions!.every(Number.isFinite));
    assertEquals(p.classCounts.reduce((a, b) => a + b, 0), p.size);
  }
  const single = plans.filter((p) => p.classCounts.filter((n) => n > 0).length === 1).length;
  assert(single > 35, `at α = 0.01 most sites hold a single class (${single}/50)`);
});

Deno.test("dirichletProportions() rejects α ≤ 0", () => {
  assertThrows(() => dirichletProportions(4, 0, streams.stream("x")), RangeError, "alpha");
});

Deno.test("multinomialCounts() never gives samples to a class of probability 0", () => {
  const counts = multinomialCounts(1000, [0, 0.5, 0, 0.5, 0], streams.stream("m"));
  assertEquals(counts[0] + counts[2] + counts[4], 0);
  assertEquals(counts[1] + counts[3], 1000);
});

Deno.test("shardClasses() gives every site k distinct classes and every class about as many sites", () => {
  const held = shardClasses(40, 8, 2, streams.stream("shards"));
  const perClass = new Array(8).fill(0);
  for (const h of held) {
    assertEquals(h.length, 2);
    assert(h[0] !== h[1]);
    for (const c of h) perClass[c]++;
  }
  assert(Math.max(...perClass) - Math.min(...perClass) <= 2, `balanced: ${perClass}`);
});

Deno.test("shard partitions put samples only in the site's classes, split evenly", () => {
  const plans = planSites(createSceneSource(), {
    groups: [{ group: "g", count: 10, samples: 101 }],
    label: { shards: { classesPerSite: 3 } },
  }, streams);
  for (const p of plans) {
    const nonzero = p.classCounts.filter((n) => n > 0);
    assertEquals(nonzero.length, 3);
    assert(Math.max(...nonzero) - Math.min(...nonzero) <= 1);
  }
  assertEquals(evenCounts(7, [1, 4], 5, streams.stream("e")).reduce((a, b) => a + b), 7);
});
