import { assert, assertEquals } from "../_assert.ts";
import { preflightScenario } from "../../cli/preflight.ts";
import { formatScenarioError, resolveScenario } from "../../scenarios/mod.ts";
import { scenarioErrorOf } from "./_helpers.ts";
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

Deno.test("the preflight refuses model.init weights of other shapes, with the line and tensor", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // A logistic regression saved for 30 features; the scenario's data has 60.
    const manifest = [{
      paths: ["./w.bin"],
      weights: [
        { name: "head_out/kernel", shape: [30, 10], dtype: "float32" },
        { name: "head_out/bias", shape: [10], dtype: "float32" },
      ],
    }];
    await Deno.writeTextFile(`${dir}/model.json`, JSON.stringify({ weightsManifest: manifest }));
    await Deno.writeFile(`${dir}/w.bin`, new Uint8Array(310 * 4));
    const file = `${dir}/s.yaml`;
    await Deno.writeTextFile(
      file,
      "name: t\nsites: [{group: a, count: 2, samples: 10}]\n" +
        "data: {source: fedprox-synthetic, classes: 10, modalities: [tabular]}\n" +
        `model:\n  encoders: {tabular: []}\n  head: [{dense: {units: 10}}]\n  init: ${dir}/model.json\n`,
    );
    const err = await scenarioErrorOf(() => preflightScenario(file));
    const text = formatScenarioError(err);
    assert(
      text.includes(
        `${file}:7  model.init: must hold weights of this model's shapes ` +
          "(tensor head_out/kernel has shape [30, 10] but the model's is [60, 10])",
      ),
      text,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
