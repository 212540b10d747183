/**
 * Writes `scenarios/schema.json` with every block in full: the scenario
 * schema, each strategy's params (from the strategies' own schemas) and the
 * privacy block. Run: `deno task schema` (or `--check` to fail when stale).
 */
import { scenarioJsonSchema } from "../scenarios/gen_schema.ts";
import { PrivacySchema } from "../sim/fl/security/settings.ts";
import { STRATEGY_PARAMS } from "../sim/fl/strategies/registry.ts";

/** The complete scenario JSON Schema, as `scenarios/schema.json` holds it. */
export function fullScenarioJsonSchema(): string {
  return scenarioJsonSchema({ strategyParams: STRATEGY_PARAMS, privacy: PrivacySchema });
}

if (import.meta.main) {
  const target = new URL("../scenarios/schema.json", import.meta.url);
  const text = fullScenarioJsonSchema();
  if (Deno.args.includes("--check")) {
    const current = await Deno.readTextFile(target).catch(() => "");
    if (current !== text) {
      console.error("scenarios/schema.json is stale: run deno task schema");
      Deno.exit(1);
    }
  } else {
    await Deno.writeTextFile(target, text);
    console.log(`wrote ${target.pathname}`);
  }
}
