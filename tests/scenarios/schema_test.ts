import assert from "node:assert/strict";
import {
  type Distribution,
  distributionBounds,
  groupCounts,
  loadScenario,
  parseScenario,
  resolveScenario,
} from "../../scenarios/mod.ts";
import type { DistributionSpec } from "../../sim/engine/mod.ts";
import { MINIMAL } from "./_helpers.ts";

Deno.test("the demo scenario validates and keeps its meaning", async () => {
  const s = await loadScenario("scenarios/demo.yaml");
  assert.deepEqual(s.totalSites, 60);
  assert.deepEqual(s.sites.map((g) => [g.group, g.count]), [
    ["full", 40],
    ["tenth-volume", 10],
    ["tenth-granularity", 5],
    ["missing-camera", 5],
  ]);
  assert.deepEqual(s.data.partition.label, {
    dirichlet: { alpha: 0.5, over: "classes", minPerSite: 8 },
  });
  assert.deepEqual(s.sites[3].missing, { image: 1 });
  assert.deepEqual(s.training.sitesPerRound, 20);
  assert.deepEqual(s.model.fusion, "gated");
});

Deno.test("the CI smoke scenario validates and stays small", async () => {
  const s = await loadScenario("scenarios/ci/smoke.yaml");
  assert.deepEqual(s.totalSites, 8);
  assert.deepEqual(s.model.preset, "tiny");
  assert.deepEqual(s.training.rounds, 3);
});

Deno.test("defaults are filled in for everything a scenario leaves out", () => {
  const s = parseScenario(MINIMAL, "t.yaml");
  assert.deepEqual(s.seed, 0);
  assert.deepEqual(s.description, "");
  assert.deepEqual(s.data.source, "scene");
  assert.deepEqual(s.data.partition.label, "iid");
  assert.deepEqual(s.data.synthetic, { alpha: 1, beta: 1, iid: false });
  assert.deepEqual(s.model, { preset: "tiny", fusion: "concat", modalityDropout: 0, width: 1 });
  assert.deepEqual(s.training.strategy, { name: "fedavg", params: {} });
  assert.deepEqual(s.training.sitesPerRound, 4, "every site takes part by default");
  assert.deepEqual(s.training.async.bufferSize, 10);
  assert.deepEqual(s.training.hierarchical.groupsBy, "group");
  assert.deepEqual(s.baseline, { enabled: true, epochs: 10 });
  assert.deepEqual(s.targets, {});
  const g = s.sites[0];
  assert.deepEqual(g.granularity, 1);
  assert.deepEqual(g.missing, {});
  assert.deepEqual(g.shift, { gain: 0, offset: 0, noise: 0 });
  assert.deepEqual(g.iot, []);
  assert.deepEqual(g.devices, s.devices, "a group without overrides gets the top-level devices");
  assert.deepEqual(g.availability, { probability: 1 });
});

Deno.test("group overrides are merged over the top-level world settings", () => {
  const s = resolveScenario({
    name: "t",
    links: { uplink: 1e6 },
    sites: [
      { group: "a", count: 2, samples: 10 },
      {
        group: "b",
        count: 1,
        samples: 10,
        links: { latency: 0.5 },
        availability: { probability: 0.5 },
      },
    ],
  });
  assert.deepEqual(s.sites[1].links.uplink, 1e6);
  assert.deepEqual(s.sites[1].links.latency, 0.5);
  assert.deepEqual(s.sites[0].links.latency, 0.05);
  assert.deepEqual(s.sites[1].availability, { probability: 0.5 });
  assert.deepEqual(s.sites[0].availability, { probability: 1 });
});

Deno.test("missing modalities given as a list mean always missing", () => {
  const s = resolveScenario({
    name: "t",
    sites: [{ group: "a", count: 1, samples: 10, missing: ["image", "series"] }],
  });
  assert.deepEqual(s.sites[0].missing, { image: 1, series: 1 });
});

Deno.test("shares become counts that sum to totalSites", () => {
  const s = resolveScenario({
    name: "t",
    totalSites: 10,
    sites: [
      { group: "a", share: 1 / 3, samples: 10 },
      { group: "b", share: 1 / 3, samples: 10 },
      { group: "c", share: 1 / 3, samples: 10 },
    ],
  });
  assert.deepEqual(s.sites.map((g) => g.count), [4, 3, 3]);
  assert.deepEqual(s.totalSites, 10);
  assert.deepEqual(groupCounts([{ share: 0.25 }, { share: 0.75 }], 7), [2, 5]);
});

Deno.test("a resolved scenario validates again to itself", () => {
  const once = resolveScenario({
    name: "t",
    totalSites: 6,
    sites: [{ group: "a", share: 0.5, samples: 10 }, { group: "b", share: 0.5, samples: 5 }],
  });
  const twice = resolveScenario(JSON.parse(JSON.stringify(once)));
  assert.deepEqual(twice, once);
});

Deno.test("distributionBounds gives the mean and a plausible maximum", () => {
  assert.deepEqual(distributionBounds(5), { mean: 5, high: 5 });
  assert.deepEqual(distributionBounds({ uniform: { min: 10, max: 30 } }), { mean: 20, high: 30 });
  assert.deepEqual(distributionBounds({ choice: { values: [1, 9], weights: [3, 1] } }), {
    mean: 3,
    high: 9,
  });
  const ln = distributionBounds({ lognormal: { median: 100, sigma: 0.5 } });
  assert.ok(Math.abs(ln.high - 100 * Math.exp(1.5)) < 1e-9);
  assert.ok(ln.mean > 100, "a lognormal's mean lies above its median");
});

Deno.test("a scenario distribution is accepted where the engine expects a DistributionSpec", () => {
  const d: Distribution = { gamma: { shape: 2, scale: 3 } };
  const spec: DistributionSpec = d; // compile-time check that the shapes agree
  assert.deepEqual(spec, d);
});
