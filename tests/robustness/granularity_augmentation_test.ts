import assert from "node:assert/strict";
import { augmentGranularity } from "../../sim/robustness/mod.ts";
import { sampleSize } from "../../sim/data/mod.ts";
import { sceneData } from "./_fixtures.ts";

function sampleChanged(a: ReturnType<typeof sceneData>, b: typeof a, i: number): boolean {
  return a.modalities.some((m) => {
    const size = sampleSize(a.shapes[m]!);
    const x = a.inputs[m]!.subarray(i * size, (i + 1) * size);
    const y = b.inputs[m]!.subarray(i * size, (i + 1) * size);
    return x.some((v, j) => v !== y[j]);
  });
}

Deno.test("augmentGranularity() coarsens exactly the chosen share and leaves the rest bit-identical", () => {
  const data = sceneData(40);
  const before = data.inputs.image!.slice();
  const { data: out, augmented } = augmentGranularity(data, {
    fraction: 0.25,
    granularities: [0.1],
  }, 11);
  assert.deepEqual(augmented.length, 10);
  const chosen = new Set(augmented);
  for (let i = 0; i < data.n; i++) assert.deepEqual(sampleChanged(data, out, i), chosen.has(i));
  assert.deepEqual(data.inputs.image, before, "the site's own data is not changed");
  assert.deepEqual(out.labels, data.labels);
  assert.deepEqual(out.mask, data.mask);
});

Deno.test("augmentGranularity() gives the same copy for a seed and another subset for another seed", () => {
  const data = sceneData(30);
  const opts = { fraction: 0.5, granularities: [0.1, 0.25] };
  const a = augmentGranularity(data, opts, 1), b = augmentGranularity(data, opts, 1);
  assert.deepEqual(a.augmented, b.augmented);
  assert.deepEqual(a.data.inputs.series, b.data.inputs.series);
  assert.notDeepEqual(augmentGranularity(data, opts, 2).augmented, a.augmented);
});

Deno.test("augmentGranularity() lowers an image's detail to the drawn granularity", () => {
  const data = sceneData(6);
  const { data: out } = augmentGranularity(data, { fraction: 1, granularities: [0.25] }, 5);
  // 16×16 at granularity 0.25 is 4×4 blocks of equal pixels.
  const img = out.inputs.image!.subarray(0, 16 * 16 * 3);
  const px = (r: number, c: number) => img[(r * 16 + c) * 3];
  assert.deepEqual(px(0, 0), px(3, 3));
  assert.ok(new Set(Array.from({ length: 16 }, (_, r) => px(r, 0))).size <= 4);
});

Deno.test("augmentGranularity() rejects a fraction outside [0, 1] and an empty level list", () => {
  const data = sceneData(4);
  assert.throws(
    () => augmentGranularity(data, { fraction: 1.5, granularities: [0.1] }, 1),
    RangeError,
  );
  assert.throws(
    () => augmentGranularity(data, { fraction: 0.5, granularities: [] }, 1),
    RangeError,
  );
  assert.throws(
    () => augmentGranularity(data, { fraction: 0.5, granularities: [0] }, 1),
    RangeError,
  );
});
