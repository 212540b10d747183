import * as tf from "@tensorflow/tfjs-core";
import { assertEquals, assertRejects } from "./_assert.ts";
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
      'Expected RENKEI_BACKEND to be "wasm" or "cpu"',
    );
  } finally {
    Deno.env.delete("RENKEI_BACKEND");
  }
  await assertRejects(() => initBackend("tpu" as unknown as "cpu"), TypeError, 'but found "tpu"');
});
