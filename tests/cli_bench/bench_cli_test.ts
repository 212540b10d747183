import assert from "node:assert/strict";
import { renkeiCli } from "../_cli.ts";
import { skipUnlessTestable } from "../models/_kernel_cases.ts";

const renkei = renkeiCli();

Deno.test("bench train --json prints one JSON line with the throughput fields", async () => {
  const { code, out, err } = await renkei(
    "bench",
    "train",
    "--preset",
    "reference",
    "--steps",
    "2",
    "--warmup",
    "1",
    "--json",
  );
  assert.equal(code, 0, err);
  const lines = out.trim().split("\n");
  assert.equal(lines.length, 1, out);
  const r = JSON.parse(lines[0]);
  assert.equal(r.backend, "wasm");
  assert.equal(r.batch, 32);
  assert.equal(r.steps, 2);
  // The reference model, counted by hand from its layer list.
  assert.equal(r.params, 18634);
  assert.ok(r.samples_per_s > 0, `samples_per_s ${r.samples_per_s}`);
  assert.ok(r.flops_per_sample > 1e6, `flops_per_sample ${r.flops_per_sample}`);
  const expected = (r.samples_per_s * r.flops_per_sample) / 1e9;
  assert.ok(Math.abs(r.gflops_per_s - expected) <= 1e-3 * expected + 1e-4, JSON.stringify(r));
});

Deno.test("bench train --width 4 builds the wider reference model", async () => {
  const { code, out, err } = await renkei(
    "bench",
    "train",
    "--width",
    "4",
    "--batch",
    "4",
    "--steps",
    "1",
    "--warmup",
    "0",
    "--json",
  );
  assert.equal(code, 0, err);
  const r = JSON.parse(out);
  assert.equal(r.width, 4);
  assert.equal(r.batch, 4);
  // Every width × 4 gives far more than 4× the parameters (conv and dense weights grow ~16×).
  assert.ok(r.params > 10 * 18634, `params ${r.params}`);
});

Deno.test("bench train rejects a width below 1 with exit code 2 and a readable message", async () => {
  const { code, err } = await renkei("bench", "train", "--width", "0", "--json");
  assert.equal(code, 2);
  assert.match(err, /Expected --width to be an integer ≥ 1 but found "0"/);
});

Deno.test("bench train rejects an unknown backend with exit code 2", async () => {
  const { code, err } = await renkei("bench", "train", "--backend", "webgpu");
  assert.equal(code, 2);
  assert.match(err, /webgpu/);
});

Deno.test({
  name: "bench train --backend native reports the BLAS and helpers it ran on",
  ignore: await skipUnlessTestable("native"),
}, async () => {
  const { code, out, err } = await renkei(
    "bench",
    "train",
    "--backend",
    "native",
    "--steps",
    "2",
    "--warmup",
    "1",
    "--json",
  );
  assert.equal(code, 0, err);
  const r = JSON.parse(out);
  assert.equal(r.backend, "native");
  assert.match(r.backend_detail, /^native: wasm \+ .*blas/i);
  assert.ok(r.samples_per_s > 0, `samples_per_s ${r.samples_per_s}`);
});

for (
  const command of [["bench", "train"], ["run", "scenarios/ci/smoke.yaml", "--out", "/nonexistent"]]
) {
  Deno.test(`${command[0]} --backend native without a BLAS exits 2 and says what to install`, async () => {
    const withoutBlas = renkeiCli({ RENKEI_DEBUG: "", RENKEI_BLAS_LIB: "/nonexistent/libblas.so" });
    const { code, err } = await withoutBlas(...command, "--backend", "native");
    assert.equal(code, 2, err);
    assert.match(err, /apt-get install libopenblas0-pthread/);
    assert.match(err, /\/nonexistent\/libblas\.so/);
    assert.doesNotMatch(err, /^\s+at /m, "no stack trace");
  });
}
