import assert from "node:assert/strict";
import { fullScenarioJsonSchema as scenarioJsonSchema } from "../../tools/gen_schema.ts";

Deno.test("scenarios/schema.json is up to date with the zod schema", async () => {
  const onDisk = await Deno.readTextFile("scenarios/schema.json");
  assert.equal(onDisk, scenarioJsonSchema(), "run: deno task schema");
});

Deno.test("the JSON Schema rejects unknown keys and shares one Distribution definition", () => {
  const schema = JSON.parse(scenarioJsonSchema());
  assert.equal(schema.additionalProperties, false);
  assert.equal(schema.properties.training.additionalProperties, false);
  assert.ok(schema.$defs.Distribution, "distributions are defined once");
  assert.deepEqual(schema.required, ["name", "sites"]);
});

Deno.test("the JSON Schema offers each strategy's own params and the privacy block", () => {
  const schema = JSON.parse(scenarioJsonSchema());
  const forms = schema.properties.training.properties.strategy.anyOf as {
    properties: { name: { const: string }; params: { properties: Record<string, unknown> } };
  }[];
  const fedprox = forms.find((f) => f.properties.name.const === "fedprox");
  assert.ok(fedprox, "a form for fedprox");
  assert.ok("mu" in fedprox.properties.params.properties, "fedprox's mu is offered");
  assert.ok("aggregator" in fedprox.properties.params.properties, "the shared params too");
  assert.ok(schema.properties.privacy.properties.secureAggregation, "privacy is described");
});
