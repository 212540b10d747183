import assert from "node:assert/strict";
import { runFile } from "../../cli/mod.ts";

const quiet = { out: () => {}, err: () => {}, env: () => undefined };

Deno.test("the results hash is the same for 0, 1 and 2 workers; the manifest says how it ran", async () => {
  const dir = await Deno.makeTempDir({ prefix: "renkei-hash-workers-" });
  try {
    const manifests: { resultsHash: string; execution?: { workers: number | null } }[] = [];
    for (const workers of [0, 1, 2]) {
      const out = `${dir}/w${workers}`;
      const sets = ["training.rounds=1", "baseline.enabled=false"];
      const options = { sets, workers, out, check: false, resume: false };
      assert.equal(await runFile("scenarios/ci/smoke.yaml", options, quiet), 0);
      manifests.push(JSON.parse(await Deno.readTextFile(`${out}/manifest.json`)));
      const results = JSON.parse(await Deno.readTextFile(`${out}/results.json`));
      assert.equal(results.scenario.training.workers, undefined, "no worker count in results");
      assert.equal(results.extras.workers, undefined);
    }
    assert.equal(new Set(manifests.map((m) => m.resultsHash)).size, 1, "one hash for all three");
    assert.deepEqual(manifests.map((m) => m.execution?.workers), [0, 1, 2]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
