/**
 * Building, joining and cutting {@linkcode Dataset}s. Every helper copies
 * into fresh typed arrays so a batch or a split never aliases the data a site
 * keeps (TensorFlow.js on `cpu` may share the arrays it is given).
 */

import { type Dataset, MODALITIES, type Modality, type ModalityShapes } from "./types.ts";

/** Number of values one sample of a modality holds, e.g. 3072 for `[32, 32, 3]`. */
export function sampleSize(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Modalities in the fixed {@linkcode MODALITIES} order, whatever order they were listed in. */
export function orderModalities(modalities: readonly Modality[]): Modality[] {
  for (const m of modalities) {
    if (!MODALITIES.includes(m)) {
      throw new TypeError(`Expected a modality among ${MODALITIES.join(", ")} but found ${m}`);
    }
  }
  return MODALITIES.filter((m) => modalities.includes(m));
}

/**
 * A dataset of `n` samples with zeroed inputs, labels and a mask of ones
 * (every modality observed), ready for a generator to fill. With `shared`,
 * its arrays live in `SharedArrayBuffer`s: posted to a worker, they are the
 * same memory, not copies.
 *
 * @example
 * ```ts
 * import { allocDataset } from "./dataset.ts";
 * const ds = allocDataset(4, 2, ["tabular"], { tabular: [3] });
 * if (ds.inputs.tabular!.length !== 12) throw new Error("4 samples × 3 values");
 * ```
 */
export function allocDataset(
  n: number,
  classes: number,
  modalities: readonly Modality[],
  shapes: ModalityShapes,
  { shared = false }: { shared?: boolean } = {},
): Dataset {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`Expected n to be an integer ≥ 0 but found ${n}`);
  }
  const array = <T>(Type: { new (b: ArrayBufferLike): T; BYTES_PER_ELEMENT: number }, k: number) =>
    new Type(
      shared
        ? new SharedArrayBuffer(k * Type.BYTES_PER_ELEMENT)
        : new ArrayBuffer(k * Type.BYTES_PER_ELEMENT),
    );
  const ordered = orderModalities(modalities);
  const inputs: Partial<Record<Modality, Float32Array>> = {};
  const ownShapes: ModalityShapes = {};
  for (const m of ordered) {
    const shape = shapes[m];
    if (!shape) throw new TypeError(`Expected a shape for modality ${m} but found none`);
    ownShapes[m] = [...shape];
    inputs[m] = array(Float32Array, n * sampleSize(shape));
  }
  return {
    n,
    classes,
    modalities: ordered,
    shapes: ownShapes,
    labels: array(Int32Array, n),
    inputs,
    mask: array(Float32Array, n * ordered.length).fill(1),
  };
}

function sameLayout(a: Dataset, b: Dataset): boolean {
  if (a.classes !== b.classes || a.modalities.length !== b.modalities.length) return false;
  return a.modalities.every((m, i) =>
    b.modalities[i] === m && a.shapes[m]!.join("x") === b.shapes[m]!.join("x")
  );
}

/** Samples of all datasets, in order, in one new dataset; all must share classes, modalities and shapes. */
export function concatDatasets(parts: readonly Dataset[]): Dataset {
  if (parts.length === 0) throw new RangeError("Expected at least one dataset but found none");
  const first = parts[0];
  for (const p of parts) {
    if (!sameLayout(first, p)) {
      throw new TypeError(
        `Expected datasets with modalities ${
          first.modalities.join(",")
        } and ${first.classes} classes ` +
          `but found ${p.modalities.join(",")} and ${p.classes} classes (or different shapes)`,
      );
    }
  }
  const n = parts.reduce((s, p) => s + p.n, 0);
  const out = allocDataset(n, first.classes, first.modalities, first.shapes);
  let row = 0;
  for (const p of parts) {
    out.labels.set(p.labels, row);
    out.mask.set(p.mask, row * first.modalities.length);
    for (const m of first.modalities) {
      out.inputs[m]!.set(p.inputs[m]!, row * sampleSize(first.shapes[m]!));
    }
    row += p.n;
  }
  return out;
}

/** Samples `start` (inclusive) to `end` (exclusive) as a new dataset, e.g. one batch. */
export function sliceDataset(ds: Dataset, start: number, end: number): Dataset {
  if (
    !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > ds.n || start > end
  ) {
    throw new RangeError(`Expected 0 ≤ start ≤ end ≤ ${ds.n} but found start ${start}, end ${end}`);
  }
  const out = allocDataset(end - start, ds.classes, ds.modalities, ds.shapes);
  const k = ds.modalities.length;
  out.labels.set(ds.labels.subarray(start, end));
  out.mask.set(ds.mask.subarray(start * k, end * k));
  for (const m of ds.modalities) {
    const size = sampleSize(ds.shapes[m]!);
    out.inputs[m]!.set(ds.inputs[m]!.subarray(start * size, end * size));
  }
  return out;
}

/** The samples at `indices` (any order, repeats allowed) as a new dataset, e.g. a shuffled batch. */
export function gatherDataset(ds: Dataset, indices: ArrayLike<number>): Dataset {
  const out = allocDataset(indices.length, ds.classes, ds.modalities, ds.shapes);
  const k = ds.modalities.length;
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r];
    if (!Number.isInteger(i) || i < 0 || i >= ds.n) {
      throw new RangeError(`Expected indices in 0..${ds.n - 1} but found ${i} at position ${r}`);
    }
    out.labels[r] = ds.labels[i];
    for (let j = 0; j < k; j++) out.mask[r * k + j] = ds.mask[i * k + j];
  }
  for (const m of ds.modalities) {
    const size = sampleSize(ds.shapes[m]!);
    const src = ds.inputs[m]!;
    const dst = out.inputs[m]!;
    for (let r = 0; r < indices.length; r++) {
      const i = indices[r];
      dst.set(src.subarray(i * size, (i + 1) * size), r * size);
    }
  }
  return out;
}

/** Samples per class, e.g. to check a partition or weight a loss. */
export function classCounts(ds: Dataset): number[] {
  const counts = new Array<number>(ds.classes).fill(0);
  for (let i = 0; i < ds.n; i++) counts[ds.labels[i]]++;
  return counts;
}
