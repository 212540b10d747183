import * as tf from "@tensorflow/tfjs-core";
import { assert, assertEquals, assertRejects } from "../_assert.ts";
import { skipUnlessTestable } from "./_kernel_cases.ts";
import { initBackend } from "../../models/mod.ts";

Deno.test("initBackend defaults to wasm and is idempotent", async () => {
  Deno.env.delete("RENKEI_BACKEND");
  assertEquals(await initBackend(), "wasm");
  assertEquals(await initBackend(), "wasm");
  assertEquals(tf.getBackend(), "wasm");
});

Deno.test("initBackend honours RENKEI_BACKEND and an explicit name overrides it", async () => {
  Deno.env.set("RENKEI_BACKEND", "cpu");
  try {
    assertEquals(await initBackend(), "cpu");
    assertEquals(await initBackend("wasm"), "wasm");
  } finally {
    Deno.env.delete("RENKEI_BACKEND");
  }
});

Deno.test("initBackend rejects an unknown backend name with a readable error", async () => {
  Deno.env.set("RENKEI_BACKEND", "webgpu");
  try {
    await assertRejects(
      () => initBackend(),
      TypeError,
      "Expected RENKEI_BACKEND to be one of wasm, cpu, native",
    );
  } finally {
    Deno.env.delete("RENKEI_BACKEND");
  }
  await assertRejects(() => initBackend("tpu" as unknown as "cpu"), TypeError, 'but found "tpu"');
});

Deno.test("the cpu fallback trains a tiny model too", async () => {
  const { buildModel, getWeightsFlat, trainLocal } = await import("../../models/mod.ts");
  const { syntheticDataset } = await import("./_fixtures.ts");
  await initBackend("cpu");
  try {
    const shapes = { tabular: [8], tokens: [6] };
    const model = buildModel({ preset: "tiny", shapes, classes: 3, seed: 1, fusion: "gated" });
    const before = getWeightsFlat(model);
    const result = trainLocal(model, syntheticDataset(24, 3, shapes, 1, 16), {
      epochs: 1,
      batchSize: 8,
      learningRate: 0.1,
      seed: 1,
    });
    assertEquals(result.steps, 3);
    const after = getWeightsFlat(model);
    assertEquals(after.every(Number.isFinite), true);
    assertEquals(after.some((v, i) => v !== before[i]), true);
    model.dispose();
  } finally {
    await initBackend("wasm");
  }
});

Deno.test({
  name:
    "initBackend('native') puts the BLAS kernels over wasm and initBackend('wasm') takes them off",
  ignore: await skipUnlessTestable("native"),
}, async () => {
  const stock = tf.getKernel("Conv2D", "wasm");
  assertEquals(await initBackend("native"), "native");
  assertEquals(tf.getBackend(), "wasm");
  const native = tf.getKernel("Conv2D", "wasm");
  assert(native !== undefined && native.kernelFunc !== stock?.kernelFunc, "Conv2D not replaced");
  assertEquals(await initBackend("native"), "native");
  assertEquals(tf.getKernel("Conv2D", "wasm")?.kernelFunc, native.kernelFunc, "registered twice");
  assertEquals(await initBackend("wasm"), "wasm");
  assertEquals(tf.getKernel("Conv2D", "wasm")?.kernelFunc, stock?.kernelFunc, "wasm not restored");
});

Deno.test("the native backend without a BLAS fails with what to install, naming every library tried", async () => {
  const code = 'import { initBackend } from "' +
    new URL("../../models/mod.ts", import.meta.url).href +
    '"; try { await initBackend("native"); } catch (e) { console.log(e.message); Deno.exit(3); }';
  const { code: exit, stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", code],
    env: { RENKEI_BLAS_LIB: "/nonexistent/libnothing.so" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(stdout);
  assertEquals(exit, 3, text);
  assert(text.includes("apt-get install libopenblas0-pthread"), text);
  assert(text.includes("/nonexistent/libnothing.so"), text);
});
