import assert from "node:assert/strict";
import { scenarioJsonSchema } from "../../scenarios/gen_schema.ts";

Deno.test("scenarios/schema.json is up to date with the zod schema", async () => {
  const onDisk = await Deno.readTextFile("scenarios/schema.json");
  assert.equal(onDisk, scenarioJsonSchema(), "run: deno run -A scenarios/gen_schema.ts");
});

Deno.test("the JSON Schema rejects unknown keys and shares one Distribution definition", () => {
  const schema = JSON.parse(scenarioJsonSchema());
  assert.equal(schema.additionalProperties, false);
  assert.equal(schema.properties.training.additionalProperties, false);
  assert.ok(schema.$defs.Distribution, "distributions are defined once");
  assert.deepEqual(schema.required, ["name", "sites"]);
});
