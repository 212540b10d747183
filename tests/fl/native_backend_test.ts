import { assert, assertEquals } from "../_assert.ts";
import { skipUnlessTestable } from "../models/_kernel_cases.ts";

/** Runs tests/fl/_native_run.ts in a fresh process on `backend`. */
async function runChild(
  backend: string,
  variant = "",
): Promise<{ backend: string; detail: string; one: string; two: string; accuracy: number }> {
  const script = new URL("./_native_run.ts", import.meta.url).pathname;
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script],
    env: { RENKEI_BACKEND: backend, RENKEI_TINY_VARIANT: variant },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(code, 0, new TextDecoder().decode(stderr));
  const lines = new TextDecoder().decode(stdout).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

Deno.test({
  name: "a run on the native backend records it and is bit-identical with 1 and 2 workers",
  ignore: await skipUnlessTestable("native"),
}, async () => {
  const native = await runChild("native");
  assertEquals(native.backend, "native");
  // The run records which BLAS and helpers produced its numbers.
  assert(native.detail.startsWith("native: wasm + "), native.detail);
  assert(/blas/i.test(native.detail), native.detail);
  assertEquals(native.one, native.two, "worker count changed native results");
  // The native kernels really ran: their float order differs from wasm's XNNPACK.
  const wasm = await runChild("wasm");
  assertEquals(wasm.backend, "wasm");
  assert(wasm.one !== native.one, "native and wasm runs gave identical results");
});

Deno.test({
  name:
    "BatchNorm with FedBN and local momentum trains on native and wasm, the same with 1 and 2 workers",
  ignore: await skipUnlessTestable("native"),
}, async () => {
  for (const backend of ["native", "wasm"]) {
    const r = await runChild(backend, "bn-momentum");
    assertEquals(r.backend, backend);
    assertEquals(r.one, r.two, `worker count changed ${backend} results`);
    assert(r.accuracy > 0 && r.accuracy <= 1, `${backend} accuracy ${r.accuracy}`);
  }
});
