/** training.optimizer and model.norm: defaults, and bad input reported at its line. */
import assert from "node:assert/strict";
import { formatScenarioError, parseScenario } from "../../scenarios/mod.ts";
import { MINIMAL, scenarioErrorOf } from "./_helpers.ts";
import { SCENARIO_CHECKS } from "../../sim/fl/scenario_checks.ts";

Deno.test("training.optimizer defaults to plain SGD and model.norm to the preset's own", () => {
  const s = parseScenario(MINIMAL, "m.yaml");
  assert.deepEqual(s.training.optimizer, {
    name: "sgd",
    momentum: 0.9,
    nesterov: false,
    weightDecay: 0,
  });
  assert.equal(s.model.norm, undefined);
  const text = MINIMAL +
    "model:\n  norm: batch\ntraining:\n  optimizer: {name: momentum, momentum: 0.5, nesterov: true, weightDecay: 0.0005}\n";
  const t = parseScenario(text, "m.yaml");
  assert.equal(t.model.norm, "batch");
  assert.deepEqual(t.training.optimizer, {
    name: "momentum",
    momentum: 0.5,
    nesterov: true,
    weightDecay: 0.0005,
  });
});

Deno.test("a bad optimiser or norm is reported at its line", async () => {
  const text = MINIMAL +
    "model:\n  norm: group\ntraining:\n  optimizer:\n    name: rmsprop\n    momentum: 1\n";
  const err = await scenarioErrorOf(() => parseScenario(text, "o.yaml"));
  const lines = formatScenarioError(err).split("\n");
  assert.equal(lines.length, 3, lines.join("\n"));
  assert.match(lines[0], /^o\.yaml:7 {2}model\.norm: .*batch.*layer.*none/);
  assert.match(lines[1], /^o\.yaml:10 {2}training\.optimizer\.name: .*sgd.*momentum.*adam/);
  assert.match(lines[2], /^o\.yaml:11 {2}training\.optimizer\.momentum: .*0 ≤ x < 1, got 1/);
});

Deno.test("FedNova with Adam is a line-numbered error", async () => {
  const text = MINIMAL +
    "training:\n  strategy:\n    name: fednova\n  optimizer:\n    name: adam\n";
  const err = await scenarioErrorOf(() => parseScenario(text, "n.yaml"));
  const lines = formatScenarioError(err).split("\n");
  assert.equal(lines.length, 1, lines.join("\n"));
  assert.match(
    lines[0],
    /^n\.yaml:10 {2}training\.optimizer\.name: must be sgd or momentum with FedNova/,
  );
});

Deno.test("FedNova's removed localMomentum param is a line-numbered error naming training.optimizer", async () => {
  const text = MINIMAL +
    "training:\n  strategy:\n    name: fednova\n    params:\n      localMomentum: 0.9\n";
  const err = await scenarioErrorOf(() =>
    parseScenario(text, "n.yaml", { checks: SCENARIO_CHECKS })
  );
  const lines = formatScenarioError(err).split("\n");
  assert.equal(lines.length, 1, lines.join("\n"));
  assert.match(lines[0], /^n\.yaml:10 {2}training\.strategy\.params\.localMomentum: was removed/);
  assert.match(lines[0], /training\.optimizer: \{name: momentum, momentum: ρ\}/);
});

Deno.test("BatchNorm with DP-FedAvg is a line-numbered error (noised running variances)", async () => {
  const text = MINIMAL + "model:\n  norm: batch\ntraining:\n  strategy: {name: dp-fedavg}\n";
  const err = await scenarioErrorOf(() => parseScenario(text, "d.yaml"));
  assert.match(
    formatScenarioError(err),
    /^d\.yaml:7 {2}model\.norm: must not be batch with dp-fedavg/,
  );
});
