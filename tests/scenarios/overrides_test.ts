import assert from "node:assert/strict";
import { applyOverrides, expandGrid, loadScenario, parseScenario } from "../../scenarios/mod.ts";
import { MINIMAL, scenarioErrorOf } from "./_helpers.ts";

Deno.test("applyOverrides sets nested fields with YAML-typed values", () => {
  const raw = { training: { strategy: { name: "fedavg" }, rounds: 5 } };
  const out = applyOverrides(raw, [
    "training.strategy.name=fedprox",
    "training.strategy.params.mu=0.01",
    "training.rounds=7",
    "model.fusion=attention",
    "data.modalities=[image, tabular]",
  ]);
  assert.deepEqual(out, {
    training: { strategy: { name: "fedprox", params: { mu: 0.01 } }, rounds: 7 },
    model: { fusion: "attention" },
    data: { modalities: ["image", "tabular"] },
  });
  assert.equal(raw.training.rounds, 5, "the input is not mutated");
});

Deno.test("applyOverrides replaces a scalar on the way by a mapping", () => {
  const raw = { data: { partition: { label: "iid" } } };
  const out = applyOverrides(raw, ["data.partition.label.dirichlet.alpha=0.1"]);
  assert.deepEqual(out, { data: { partition: { label: { dirichlet: { alpha: 0.1 } } } } });
});

Deno.test("applyOverrides reaches list items by index or by group name", () => {
  const raw = { sites: [{ group: "full", count: 40 }, { group: "tenth-volume", count: 10 }] };
  const out = applyOverrides(raw, ["sites[0].count=30", "sites.tenth-volume.count=5"]);
  assert.deepEqual(out, {
    sites: [{ group: "full", count: 30 }, { group: "tenth-volume", count: 5 }],
  });
});

Deno.test("a malformed override is a ScenarioError naming it", async () => {
  for (const set of ["rounds", "=3", "sites.nobody.count=1", "a..b=1"]) {
    const err = await scenarioErrorOf(() => applyOverrides({ sites: [] }, [set]));
    assert.equal(err.issues[0].file, `--set ${set}`);
  }
});

Deno.test("overrides apply before validation when loading", async () => {
  const s = await loadScenario("scenarios/demo.yaml", {
    sets: ["training.strategy.name=fedprox", "data.partition.label.dirichlet.alpha=0.1"],
  });
  assert.equal(s.training.strategy.name, "fedprox");
  assert.deepEqual(s.data.partition.label, {
    dirichlet: { alpha: 0.1, over: "classes", minPerSite: 8 },
  });
  const t = parseScenario(MINIMAL, "t.yaml", { sets: ["sites.a.count=9"] });
  assert.equal(t.totalSites, 9);
});

Deno.test("expandGrid gives every combination, first key slowest", () => {
  assert.deepEqual(expandGrid(["a=1,2", "b=x,y"]), [
    ["a=1", "b=x"],
    ["a=1", "b=y"],
    ["a=2", "b=x"],
    ["a=2", "b=y"],
  ]);
  assert.deepEqual(expandGrid([]), [[]]);
  assert.deepEqual(expandGrid(["c=5"]), [["c=5"]]);
});

Deno.test("expandGrid does not split inside brackets, braces or quotes", () => {
  assert.deepEqual(expandGrid(["m=[image, series],[tabular]", "s='a,b',c"]), [
    ["m=[image, series]", "s='a,b'"],
    ["m=[image, series]", "s=c"],
    ["m=[tabular]", "s='a,b'"],
    ["m=[tabular]", "s=c"],
  ]);
  assert.deepEqual(expandGrid(["p={dirichlet: {alpha: 0.1, minPerSite: 2}}"]), [
    ["p={dirichlet: {alpha: 0.1, minPerSite: 2}}"],
  ]);
});
