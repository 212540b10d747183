/**
 * Writes `scenarios/schema.json`, the JSON Schema editors use to complete
 * and check scenario files, from the zod schema (the single source of truth).
 * Run: `deno run -A scenarios/gen_schema.ts` (or `--check` to fail when stale).
 */
import { z } from "zod";
import { ScenarioFieldsSchema } from "./schema.ts";

/** The scenario JSON Schema (input form: what a person writes), as formatted text. */
export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(ScenarioFieldsSchema, {
    io: "input",
    unrepresentable: "any",
  });
  return JSON.stringify(
    {
      ...schema,
      title: "Renkei scenario",
      description:
        "A Renkei scenario: data, sites, devices, links, model, training and targets. Cross-field rules (shares sum to 1, limits) are checked by `renkei validate`.",
    },
    null,
    2,
  ) + "\n";
}

if (import.meta.main) {
  const target = new URL("./schema.json", import.meta.url);
  const text = scenarioJsonSchema();
  if (Deno.args.includes("--check")) {
    const current = await Deno.readTextFile(target).catch(() => "");
    if (current !== text) {
      console.error("scenarios/schema.json is stale: run deno run -A scenarios/gen_schema.ts");
      Deno.exit(1);
    }
  } else {
    await Deno.writeTextFile(target, text);
    console.log(`wrote ${target.pathname}`);
  }
}
