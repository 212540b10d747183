/**
 * Child process of native_backend_test.ts: runs the tiny scenario on the
 * backend RENKEI_BACKEND names with 1 and 2 workers and prints one JSON line
 * with the backend the run recorded, both results hashes and the final accuracy. (The backend is
 * process-wide, read by every worker, so it is chosen here, not in the test.)
 */
import { runScenario } from "../../sim/fl/mod.ts";
import { resultsHash, tinyScenario } from "./_tiny.ts";

// RENKEI_TINY_VARIANT=bn-momentum: BatchNorm, FedBN and local momentum (issue #16).
const scenario = Deno.env.get("RENKEI_TINY_VARIANT") === "bn-momentum"
  ? tinyScenario({
    rounds: 2,
    strategy: { name: "fedbn" },
    optimizer: { name: "momentum", momentum: 0.9 },
  }, { model: { preset: "tiny", norm: "batch" } })
  : tinyScenario({ rounds: 2 });
const one = await runScenario(scenario, { workers: 1, quiet: true });
const two = await runScenario(scenario, { workers: 2, quiet: true });
console.log(JSON.stringify({
  backend: one.extras.backend,
  detail: one.extras.backendDetail,
  one: await resultsHash(one),
  two: await resultsHash(two),
  accuracy: one.summary.finalAccuracy,
}));
