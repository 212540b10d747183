import assert from "node:assert/strict";
import { writeRunDirectory } from "../../reports/mod.ts";
import { fixtureResults } from "../reports/fixture.ts";
import { renkeiCli } from "../_cli.ts";
import { differencesBesideSeed, labelsByDifference } from "../../cli/run_labels.ts";

const renkei = renkeiCli({ RENKEI_QUIET: "1", NO_COLOR: "1" });

/** A run directory (inside `parent`) whose scenario has `fields` on top of the fixture's. */
async function runDir(parent: string, name: string, fields: Record<string, unknown>) {
  const dir = `${parent}/${name}`;
  const results = fixtureResults({ sites: 12, rounds: 5 });
  const scenario = { ...(results.scenario as Record<string, unknown>), ...fields };
  await writeRunDirectory(dir, { scenario, results: { ...results, scenario }, wallSeconds: 1 });
  return dir;
}

Deno.test("labelsByDifference() names each run by the fields in which it differs", () => {
  const a = { seed: 1, training: { strategy: { name: "fedavg" }, rounds: 5 } };
  const b = { seed: 1, training: { strategy: { name: "fedprox" }, rounds: 5 } };
  assert.deepEqual(labelsByDifference([a, b]), [
    "training.strategy.name=fedavg",
    "training.strategy.name=fedprox",
  ]);
  assert.equal(labelsByDifference([a, a]), null);
  assert.deepEqual(differencesBesideSeed([a, { ...a, seed: 2 }]), []);
  assert.deepEqual(differencesBesideSeed([a, b]), ["training.strategy.name"]);
});

Deno.test("renkei compare refuses one run, labels runs by what differs and writes beside the first", async () => {
  const parent = await Deno.makeTempDir({ prefix: "renkei-compare-" });
  try {
    const a = await runDir(parent, "a", { training: { strategy: { name: "fedavg" } } });
    const b = await runDir(parent, "b", { training: { strategy: { name: "fedprox" } } });
    const one = await renkei("compare", a);
    assert.equal(one.code, 2, one.err);
    assert.match(one.err, /at least two run directories/);
    const { code, err } = await renkei("compare", a, b);
    assert.equal(code, 0, err);
    const html = await Deno.readTextFile(`${parent}/comparison.html`);
    assert.ok(html.includes("training.strategy.name=fedprox"));
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("renkei check refuses (exit 2) runs of different scenarios and accepts seeds of one", async () => {
  const parent = await Deno.makeTempDir({ prefix: "renkei-check-mixed-" });
  try {
    const a = await runDir(parent, "a", { targets: { minAccuracy: 0.1 }, seed: 1 });
    const b = await runDir(parent, "b", { targets: { minAccuracy: 0.1 }, seed: 2 });
    const c = await runDir(parent, "c", {
      targets: { minAccuracy: 0.1 },
      model: { preset: "small" },
    });
    const seeds = await renkei("check", a, b);
    assert.equal(seeds.code, 0, seeds.err);
    const mixed = await renkei("check", a, c);
    assert.equal(mixed.code, 2, mixed.out);
    assert.match(mixed.err, /differ in model\.preset/);
    assert.doesNotMatch(mixed.err, /\n\s+at /, "no stack trace");
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});
