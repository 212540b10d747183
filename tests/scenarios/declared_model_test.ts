import { assertEquals } from "../_assert.ts";
import { preflightScenario } from "../../cli/preflight.ts";
import { resolveScenario } from "../../scenarios/mod.ts";
import { writtenDeclaration } from "../../models/mod.ts";
import { LOGISTIC_REGRESSION, SIMPLE_CNN } from "../models/_declared_fixtures.ts";

Deno.test("the reproductions declare their papers' models and pass the preflight", async () => {
  const mnist = await preflightScenario("scenarios/reproductions/niid-bench-mnist.yaml");
  assertEquals(mnist.model.preset, "declared");
  assertEquals(writtenDeclaration(mnist.model), SIMPLE_CNN);
  const fedprox = await preflightScenario("scenarios/reproductions/fedprox-synthetic.yaml");
  assertEquals(writtenDeclaration(fedprox.model), LOGISTIC_REGRESSION);
  for (const file of ["niid-bench-mnist", "fedprox-synthetic"]) {
    await preflightScenario(`scenarios/reproductions/ci/${file}.yaml`);
  }
});

Deno.test("model.preset is tiny when left out without encoders, and declared with them", () => {
  const base = { name: "t", sites: [{ group: "a", count: 2, samples: 10 }] };
  assertEquals(resolveScenario(base).model.preset, "tiny");
  const declared = resolveScenario({
    ...base,
    data: { source: "fedprox-synthetic", classes: 10, modalities: ["tabular"] },
    model: { encoders: { tabular: [] }, head: [{ dense: { units: 10 } }] },
  });
  assertEquals(declared.model.preset, "declared");
  assertEquals(writtenDeclaration(declared.model), LOGISTIC_REGRESSION);
});
