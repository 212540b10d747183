import assert from "node:assert/strict";
import { parseScenario } from "../../scenarios/mod.ts";
import { planScenario } from "../../sim/fl/data_setup.ts";
import { RngStreams } from "../../sim/engine/mod.ts";

const SCENARIO = `
name: shift-check
seed: 3
data: { source: scene, classes: 4, modalities: [image, series, tabular] }
sites:
  - group: plain
    count: 3
    samples: 20
  - group: drifting
    count: 3
    samples: 20
    shift: { gain: 0.3, offset: 0.1 }
`;

Deno.test("sites whose group sets no shift get no calibration shift; a shifted group does", async () => {
  const scenario = parseScenario(SCENARIO, "inline.yaml");
  const { plans } = await planScenario(scenario, new RngStreams(scenario.seed));
  const plain = plans.filter((p) => p.group === "plain");
  const drifting = plans.filter((p) => p.group === "drifting");
  for (const p of plain) assert.equal(p.shift, null, `site ${p.siteId} must not be shifted`);
  for (const p of drifting) {
    assert.notEqual(p.shift, null);
    const gains = p.shift!.gain.tabular!;
    assert.ok(gains.some((g) => g !== 1), "gains are drawn around 1");
    assert.ok(gains.every((g) => g > Math.exp(-6 * 0.3) && g < Math.exp(6 * 0.3)), "within 6 sd");
  }
});

Deno.test("the scene, FedProx synthetic and MNIST sources all plan from a scenario", async () => {
  for (
    const data of [
      "{ source: scene, classes: 4 }",
      "{ source: fedprox-synthetic, classes: 10, modalities: [tabular] }",
      "{ source: mnist, classes: 10, modalities: [image] }",
    ]
  ) {
    const text =
      `name: src\nseed: 1\ndata: ${data}\nsites: [{ group: g, count: 2, samples: 30 }]\n`;
    const scenario = parseScenario(text, "inline.yaml");
    const { source, plans } = await planScenario(scenario, new RngStreams(1));
    assert.equal(plans.length, 2, data);
    assert.ok(source.classes >= 4, data);
  }
});
