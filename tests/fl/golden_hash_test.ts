/**
 * Golden results hashes: the refactors of issue 18 (and any later one) must
 * leave a run's numbers bit-identical. One small demo-shaped run per protocol
 * (checkpointed each round, failures and a baseline-free path) and the CI
 * smoke scenario (baseline, two site groups) are pinned to the results hash
 * the manifest records (`reports/canonical.ts`). The smoke hash is the one
 * `deno task renkei run scenarios/ci/smoke.yaml` wrote before the refactor.
 * A change here means the numbers changed: say why in the commit, or fix it.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { runScenario } from "../../sim/fl/mod.ts";
import { loadScenario } from "../../scenarios/mod.ts";
import { resultsHash } from "../../reports/mod.ts";
import { demoShapedScenario } from "./_demo_shaped.ts";

const GOLDEN: Record<string, string> = {
  sync: "55e5d9725946bc1a6beccce7bae2aa4ae739609cee26074b0aa5121430dcae41",
  async: "6f770f87743aa47d622e5a68ec79be1d838fe99efaab7fd778a790aa09adab96",
  hierarchical: "e31091e9faeee3a9cb84453ebe67b1a0f771ef3e555c3931a0640fd70712317c",
  smoke: "73e2e4aaae436c3b1601869ed006f59b24a68708ccaf3e567ef6157509e89484",
};

for (const protocol of ["sync", "async", "hierarchical"] as const) {
  Deno.test(`a ${protocol} fedavg run keeps its golden results hash`, async () => {
    const outDir = await Deno.makeTempDir({ prefix: `renkei-golden-${protocol}-` });
    try {
      const results = await runScenario(demoShapedScenario(protocol, "fedavg"), {
        workers: 0,
        quiet: true,
        outDir,
      });
      assert.equal(await resultsHash(results), GOLDEN[protocol]);
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  });
}

Deno.test("the CI smoke scenario keeps its golden results hash", async () => {
  const path = fileURLToPath(new URL("../../scenarios/ci/smoke.yaml", import.meta.url));
  const results = await runScenario(await loadScenario(path), { workers: 0, quiet: true });
  assert.equal(await resultsHash(results), GOLDEN.smoke);
});
