import { assert, assertEquals, assertThrows, sameBits } from "../_assert.ts";
import { RngStreams } from "../../sim/engine/mod.ts";
import {
  classCounts,
  createFedProxSource,
  createSceneSource,
  materializeEvalSet,
  materializeSite,
  materializeTestSet,
  materializeTrainSet,
  type PartitionInput,
  planSites,
  siteLabelMix,
  siteTestCount,
} from "../../sim/data/mod.ts";

const source = createSceneSource({ modalities: ["image", "series", "tabular"] });
const input = (siteEvalSamples: number): PartitionInput => ({
  groups: [
    { group: "full", count: 3, samples: 300 },
    { group: "tenth-volume", count: 3, samples: 30 },
    { group: "no-camera", count: 1, samples: 300, missing: { image: 1 } },
    { group: "coarse", count: 1, samples: 300, granularity: 0.1, shift: { gain: 0.2, noise: 0.1 } },
  ],
  label: { dirichlet: { alpha: 0.5, minPerSite: 8 } },
  localTestFraction: 0.25,
  siteEvalSamples,
});

Deno.test("a site's evaluation set has siteEvalSamples samples whatever its training volume", () => {
  const streams = new RngStreams(3);
  const plans = planSites(source, input(200), streams);
  for (const plan of plans) {
    // Nothing is held out when evaluation samples are drawn: all planned samples train.
    assertEquals([plan.testSize, plan.trainSize, siteTestCount(plan)], [0, plan.size, 200]);
    assertEquals(materializeTestSet(source, plan, streams).n, 200);
    assertEquals(materializeTrainSet(source, plan, streams).n, plan.size);
  }
  assertEquals(plans[3].size, 30);
});

Deno.test("with siteEvalSamples 0 a site is evaluated on its held-out share, as before", () => {
  const plans = planSites(source, input(0), new RngStreams(3));
  assertEquals(plans[0].testSize, 75);
  assertEquals(siteTestCount(plans[3]), Math.round(30 * 0.25));
  assertEquals(plans[3].evalSamples, 0);
});

Deno.test("evaluation samples are independent of the training samples and change none of them", () => {
  const a = planSites(source, input(50), new RngStreams(9));
  const b = planSites(source, input(400), new RngStreams(9));
  for (let i = 0; i < a.length; i++) {
    const trainA = materializeTrainSet(source, a[i], new RngStreams(9));
    const trainB = materializeTrainSet(source, b[i], new RngStreams(9));
    assert(sameBits(trainA.inputs.series!, trainB.inputs.series!), `site ${i} training changed`);
    const whole = materializeSite(source, a[i], new RngStreams(9));
    assert(
      sameBits(
        whole.test.inputs.series!,
        materializeEvalSet(source, a[i], new RngStreams(9)).inputs.series!,
      ),
    );
    // Different samples from the training ones (same labels could coincide; the inputs cannot).
    assert(
      !sameBits(whole.test.inputs.tabular!.subarray(0, 8), trainA.inputs.tabular!.subarray(0, 8)),
    );
  }
});

Deno.test("evaluation labels follow the site's label mix, not a balanced one", () => {
  const plans = planSites(
    source,
    { ...input(6000), groups: [input(0).groups[1]] },
    new RngStreams(5),
  );
  for (const plan of plans) {
    const mix = siteLabelMix(plan);
    const counts = classCounts(materializeEvalSet(source, plan, new RngStreams(5)));
    // Multinomial shares of 6000 draws: sd ≤ 0.0065, so 0.03 is > 4.5 sd.
    counts.forEach((n, c) =>
      assert(Math.abs(n / 6000 - mix[c]) < 0.03, `class ${c}: ${n} vs ${mix[c]}`)
    );
  }
});

Deno.test("evaluation samples lose the site's missing sensors and carry its granularity and shift", () => {
  const streams = new RngStreams(7);
  const plans = planSites(source, input(100), streams);
  const noCamera = materializeEvalSet(source, plans[6], streams);
  const k = noCamera.modalities.length;
  for (let i = 0; i < noCamera.n; i++) assertEquals(noCamera.mask[i * k], 0);
  assert(noCamera.inputs.image!.every((v) => v === 0));
  // The coarse site's image is piecewise constant at 1/10 resolution: neighbours repeat.
  const coarse = materializeEvalSet(source, plans[7], streams);
  const full = materializeEvalSet(source, plans[0], streams);
  const repeats = (x: Float32Array) =>
    x.filter((v, i) => i >= 3 && v === x[i - 3]).length / x.length;
  assert(repeats(coarse.inputs.image!) > 2 * repeats(full.inputs.image!));
});

Deno.test("per-site sources draw evaluation samples from the site's own model", () => {
  const fedprox = createFedProxSource({ alpha: 1, beta: 1 });
  const plans = planSites(fedprox, {
    groups: [{ group: "g", count: 2, samples: 20 }],
    siteEvalSamples: 64,
  }, new RngStreams(2));
  const ds = materializeEvalSet(fedprox, plans[0], new RngStreams(2));
  assertEquals(ds.n, 64);
  assertThrows(
    () =>
      planSites(
        fedprox,
        { groups: [{ group: "g", count: 1, samples: 20 }], siteEvalSamples: -1 },
        new RngStreams(2),
      ),
    RangeError,
  );
});
