/** A declared CNN trains on the native (BLAS) backend too; skipped where no BLAS loads (outside CI). */
import { assert } from "../_assert.ts";
import { buildModel, getWeightsFlat, initBackend, trainLocal } from "../../models/mod.ts";
import { syntheticDataset } from "./_fixtures.ts";
import { skipUnlessTestable } from "./_kernel_cases.ts";
import { declaredSpec, SIMPLE_CNN } from "./_declared_fixtures.ts";

const MNIST = { image: [28, 28, 1] };

Deno.test({
  name: "a declared CNN trains on the native backend and learns",
  ignore: await skipUnlessTestable("native"),
  fn: async () => {
    await initBackend("native");
    try {
      const spec = declaredSpec(SIMPLE_CNN, MNIST, 4);
      spec.declared = {
        ...SIMPLE_CNN,
        head: [...SIMPLE_CNN.head.slice(0, 2), { kind: "dense", units: 4 }],
      };
      const model = buildModel(spec);
      const before = getWeightsFlat(model, "trainable");
      const losses: number[] = [];
      trainLocal(model, syntheticDataset(64, 4, MNIST, 3), {
        epochs: 25,
        batchSize: 16,
        learningRate: 0.01,
        seed: 1,
        optimizer: "momentum",
        onStep: (_, loss) => losses.push(loss),
      });
      const after = getWeightsFlat(model, "trainable");
      assert(before.subarray(0, 150).some((v, i) => v !== after[i]), "conv1 kernel did not move");
      const first = losses.slice(0, 4).reduce((a, b) => a + b) / 4;
      const last = losses.slice(-4).reduce((a, b) => a + b) / 4;
      assert(last < 0.5 * first, `loss fell only from ${first} to ${last}`);
      model.dispose();
    } finally {
      await initBackend("wasm");
    }
  },
});
