import { assert, assertEquals, assertNear, assertThrows } from "../_assert.ts";
import { RngStreams } from "../../sim/engine/mod.ts";
import { createSceneSource, drawSiteSize, median, planSites } from "../../sim/data/mod.ts";

const streams = new RngStreams(9);

Deno.test("1/10-scale sites have a tenth of the samples and a volumeScale near 0.1", () => {
  const plans = planSites(createSceneSource(), {
    groups: [
      { group: "full", count: 40, samples: { lognormal: { median: 300, sigma: 0.3 } } },
      { group: "tenth", count: 40, samples: { lognormal: { median: 30, sigma: 0.3 } } },
    ],
  }, streams);
  const full = plans.filter((p) => p.group === "full"),
    tenth = plans.filter((p) => p.group === "tenth");
  const ratio = median(tenth.map((p) => p.size)) / median(full.map((p) => p.size));
  assertNear(ratio, 0.1, 0.02);
  assertNear(median(tenth.map((p) => p.volumeScale)), 0.1, 0.02);
  assertNear(median(full.map((p) => p.volumeScale)), 1, 1e-9);
});

Deno.test("explicit sizes are used as given, cycling through the list", () => {
  const plans = planSites(createSceneSource(), {
    groups: [
      { group: "full", count: 3, samples: { sizes: [300, 320] } },
      { group: "tenth", count: 2, samples: { sizes: [30] } },
    ],
  }, streams);
  assertEquals(plans.map((p) => p.size), [300, 320, 300, 30, 30]);
  assertEquals(plans.map((p) => p.volumeScale), [1, 320 / 300, 1, 0.1, 0.1]);
});

Deno.test("power-law sizes respect their minimum and have a heavy tail", () => {
  const rng = streams.stream("pl");
  const sizes = Array.from(
    { length: 2000 },
    (_, i) => drawSiteSize({ powerLaw: { min: 20, exponent: 2 } }, i, rng, 1),
  );
  assert(Math.min(...sizes) >= 20);
  // P(size > 200) = (20/200)^(2−1) = 0.1
  assertNear(sizes.filter((s) => s > 200).length / sizes.length, 0.1, 0.03);
  assertThrows(() => drawSiteSize({ powerLaw: { min: 20, exponent: 1 } }, 0, rng, 1), RangeError);
});

Deno.test("every site keeps at least one local test sample and one training sample", () => {
  const plans = planSites(createSceneSource(), {
    groups: [{ group: "tiny", count: 5, samples: 1 }],
    localTestFraction: 0.25,
  }, streams);
  for (const p of plans) {
    assertEquals(p.size, 2);
    assertEquals([p.trainSize, p.testSize], [1, 1]);
  }
});
