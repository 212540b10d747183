import assert from "node:assert/strict";
import { writeRunDirectory } from "../../reports/mod.ts";
import { fixtureResults } from "../reports/fixture.ts";
import { renkeiCli } from "../_cli.ts";

const renkei = renkeiCli({ RENKEI_QUIET: "1", NO_COLOR: "1" });

/** A run directory whose results are the report fixture with `targets`. */
async function runDir(targets: Record<string, number>, accuracyShift = 0): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "renkei-check-" });
  const results = fixtureResults({ sites: 12, rounds: 5, accuracyShift });
  const scenario = { ...(results.scenario as Record<string, unknown>), targets };
  await writeRunDirectory(dir, { scenario, results: { ...results, scenario }, wallSeconds: 1 });
  return dir;
}

Deno.test("renkei check exits 0 when every target is met and 1 on a miss", async () => {
  const met = await runDir({ minAccuracy: 0.01 });
  const missed = await runDir({ minAccuracy: 0.999 });
  const ok = await renkei("check", met);
  const bad = await renkei("check", missed);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /minAccuracy.*PASS/);
  assert.equal(bad.code, 1, bad.err);
  assert.match(bad.out, /minAccuracy.*FAIL/);
  assert.doesNotMatch(bad.err, /\n\s+at /, "no stack trace");
});

Deno.test("renkei check over several seeds fails when the worst seed misses", async () => {
  const good = await runDir({ minAccuracy: 0.5 });
  const worse = await runDir({ minAccuracy: 0.5 }, -0.6);
  const { code, out } = await renkei("check", good, worse);
  assert.equal(code, 1);
  assert.match(out, /mean and worst of 2 seeds/);
});

Deno.test("renkei check on a folder without results exits 2 with one line naming it", async () => {
  const empty = await Deno.makeTempDir({ prefix: "renkei-empty-" });
  const { code, err } = await renkei("check", empty);
  assert.equal(code, 2, "a folder that is not a run is the person's mistake");
  assert.match(err, /is not a run directory/);
  assert.match(err, /results\.json/);
  assert.doesNotMatch(err, /\n\s+at /);
});

Deno.test("renkei compare writes one self-contained page naming every run", async () => {
  const a = await runDir({});
  const b = await runDir({}, -0.1);
  const out = `${await Deno.makeTempDir()}/cmp.html`;
  const { code, err } = await renkei("compare", a, b, "--out", out);
  assert.equal(code, 0, err);
  const html = await Deno.readTextFile(out);
  assert.match(html, /<html/i);
  assert.doesNotMatch(html, /<script[^>]+src="https?:/, "no network scripts");
  for (const dir of [a, b]) assert.ok(html.includes(dir.split("/").pop()!), `label of ${dir}`);
});

Deno.test("renkei split refuses a scenario without a split block with exit 2", async () => {
  const { code, err } = await renkei("split", "scenarios/ci/smoke.yaml");
  assert.equal(code, 2);
  assert.match(err, /split block/);
});
