/**
 * FedProx's own setting in a scenario file: the authors' sample-count law
 * (their generate_synthetic.py draws `np.random.lognormal(4, 2).astype(int) + 50`
 * per device) and `training.stragglers`, with line-numbered errors.
 */
import assert from "node:assert/strict";
import { parseScenario } from "../../scenarios/mod.ts";
import { RngStreams } from "../../sim/engine/mod.ts";
import { planScenario } from "../../sim/fl/data_setup.ts";
import { scenarioErrorOf } from "./_helpers.ts";

const FEDPROX = `name: fp
seed: 5
data:
  source: fedprox-synthetic
  classes: 10
  modalities: [tabular]
  synthetic: { alpha: 1, beta: 1, sampleLaw: { mu: 4, sigma: 2, offset: 50 } }
sites:
  - group: device
    count: 30
    samples: 100
`;

Deno.test("sampleLaw gives every site ⌊exp(4 + 2z)⌋ + 50 samples, z from its partition stream", async () => {
  const scenario = parseScenario(FEDPROX, "fp.yaml");
  const { plans } = await planScenario(scenario, new RngStreams(scenario.seed));
  const fresh = new RngStreams(scenario.seed);
  // numpy's lognormal(mean, sigma) is exp(mean + sigma·z); astype(int) truncates.
  const expected = plans.map((p) =>
    Math.trunc(Math.exp(4 + 2 * fresh.stream(`partition/site-${p.siteId}`).normal())) + 50
  );
  assert.deepEqual(plans.map((p) => p.size), expected);
  assert.ok(plans.every((p) => p.size >= 50));
  // The law's spread, not the groups' fixed 100: sizes differ and many sit far from 100.
  assert.ok(new Set(expected).size > 20, `sizes ${expected}`);
});

Deno.test("without sampleLaw the groups' own sizes stand", async () => {
  const scenario = parseScenario(
    FEDPROX.replace(", sampleLaw: { mu: 4, sigma: 2, offset: 50 }", ""),
    "fp.yaml",
  );
  const { plans } = await planScenario(scenario, new RngStreams(scenario.seed));
  assert.ok(plans.every((p) => p.size === 100));
});

Deno.test("sampleLaw on another source is a line-numbered error", async () => {
  const text = FEDPROX.replace("source: fedprox-synthetic", "source: scene")
    .replace("classes: 10", "classes: 4");
  const err = await scenarioErrorOf(() => parseScenario(text, "s.yaml"));
  const issue = err.issues.find((i) => i.path === "data.synthetic.sampleLaw");
  assert.ok(issue, JSON.stringify(err.issues));
  assert.equal(issue.line, 7);
  assert.match(issue.message, /unless data.source is fedprox-synthetic/);
});

Deno.test("stragglers: bad fraction, unknown policy, one local epoch and async are errors at their lines", async () => {
  const bad = async (training: string) =>
    (await scenarioErrorOf(() => parseScenario(FEDPROX + "training:\n" + training, "t.yaml")))
      .issues;
  const [fraction] = await bad("  localEpochs: 3\n  stragglers: { fraction: 1.5, policy: drop }\n");
  assert.equal(fraction.path, "training.stragglers.fraction");
  assert.equal(fraction.line, 14);
  const [policy] = await bad("  localEpochs: 3\n  stragglers: { fraction: 0.5, policy: keep }\n");
  assert.equal(policy.path, "training.stragglers.policy");
  const [epochs] = await bad("  localEpochs: 1\n  stragglers: { fraction: 0.5, policy: drop }\n");
  assert.deepEqual([epochs.path, epochs.line], ["training.localEpochs", 13]);
  assert.match(epochs.message, /1…E−1/);
  const [protocol] = await bad(
    "  protocol: async\n  localEpochs: 3\n  stragglers: { fraction: 0.5, policy: partial }\n",
  );
  assert.equal(protocol.path, "training.stragglers");
});
