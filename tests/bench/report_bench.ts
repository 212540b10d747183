/** Cost of the report pipeline on a 300-site, 100-round run (synthetic fixture results). */
import { renderReport, resultsHash, writeRunDirectory } from "../../reports/mod.ts";
import type { Manifest } from "../../reports/mod.ts";
import { fixtureResults } from "../reports/fixture.ts";

const results = fixtureResults({ sites: 300, rounds: 100 });
const manifest: Manifest = {
  name: "bench",
  rootSeed: 7,
  renkeiVersion: "0.1.0",
  gitCommit: null,
  deno: Deno.version.deno,
  v8: Deno.version.v8,
  typescript: Deno.version.typescript,
  tfjs: "4.22.0",
  backend: "wasm",
  scenarioSha256: "",
  resultsSha256: "",
  resultsHash: "",
  wallSeconds: 0,
  createdAt: new Date(0).toISOString(),
  command: "",
};
const dir = Deno.makeTempDirSync({ prefix: "renkei-bench-" });
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

Deno.bench("renderReport() of 300 sites × 100 rounds", { group: "report" }, () => {
  renderReport(results, manifest);
});

Deno.bench("resultsHash() of 300 sites × 100 rounds", { group: "report" }, async () => {
  await resultsHash(results);
});

Deno.bench("writeRunDirectory() of 300 sites × 100 rounds", { group: "report" }, async () => {
  await writeRunDirectory(dir, { scenario: results.scenario, results, wallSeconds: 0 });
});
