import { assert, assertEquals, assertRejects } from "../_assert.ts";
import {
  checkRunDirectory,
  readRunDirectory,
  resultsHash,
  writeRunDirectory,
} from "../../reports/mod.ts";
import { fixtureResults } from "./fixture.ts";

async function withRun(fn: (dir: string, hash: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "renkei-run-" });
  try {
    const results = fixtureResults({ sites: 40, rounds: 12 });
    const { resultsHash: hash } = await writeRunDirectory(dir, {
      scenario: results.scenario,
      scenarioText: "name: fixture\n",
      results,
      wallSeconds: 3.5,
    });
    await fn(dir, hash);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("writeRunDirectory() writes the scenario, manifest, results, CSV tables and report", async () => {
  await withRun(async (dir) => {
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assertEquals(names, [
      "manifest.json",
      "partition.csv",
      "report.html",
      "results.json",
      "rounds.csv",
      "scenario.resolved.yaml",
      "scenario.yaml",
      "sites.csv",
    ]);
    const rounds = (await Deno.readTextFile(`${dir}/rounds.csv`)).trim().split("\n");
    assertEquals(rounds.length, 13);
    assert(rounds[0].startsWith("round,time,accuracy"));
    const sites = await Deno.readTextFile(`${dir}/sites.csv`);
    assert(sites.includes(",image,"), "missing modalities are written as a ;-joined list");
  });
});

Deno.test("writeRunDirectory() records seed, versions, backend and hashes that match the files", async () => {
  await withRun(async (dir, hash) => {
    const { manifest, results } = await readRunDirectory(dir);
    assertEquals(manifest.rootSeed, 7);
    assertEquals(manifest.renkeiVersion, "0.1.0");
    assertEquals(manifest.backend, "wasm");
    assertEquals(manifest.deno, Deno.version.deno);
    assertEquals(manifest.wallSeconds, 3.5);
    assertEquals(manifest.resultsHash, hash);
    assertEquals(await resultsHash(results), hash);
    const digest = async (name: string) => {
      const bytes = await crypto.subtle.digest("SHA-256", await Deno.readFile(`${dir}/${name}`));
      return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
    };
    assertEquals(manifest.resultsSha256, await digest("results.json"));
    assertEquals(manifest.scenarioSha256, await digest("scenario.resolved.yaml"));
    assert(manifest.gitCommit === null || /^[0-9a-f]{40}$/.test(manifest.gitCommit));
  });
});

Deno.test("readRunDirectory() gives back the results, with NaN where rounds were not evaluated", async () => {
  await withRun(async (dir) => {
    const { results, scenario } = await readRunDirectory(dir);
    assertEquals(results, fixtureResults({ sites: 40, rounds: 12 }));
    assert(Number.isNaN(results.rounds[0].accuracy));
    assertEquals((scenario as { name: string }).name, "fixture");
  });
});

Deno.test("checkRunDirectory() checks the stored results against the scenario's targets", async () => {
  await withRun(async (dir) => {
    const outcomes = await checkRunDirectory(dir);
    assertEquals(outcomes.map((o) => o.name).slice(0, 2), ["minAccuracy", "maxGap"]);
    assertEquals(outcomes.length, 5);
  });
});

Deno.test("readRunDirectory() names the missing file when a directory is not a run", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assertRejects(() => readRunDirectory(dir), TypeError, "results.json");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
