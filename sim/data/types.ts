/**
 * The shapes data takes inside a site. Samples are stored column-wise per
 * modality as flat typed arrays so a batch is a cheap subarray, not a copy of
 * objects, and so a 300-site world can hold idle sites as a seed only.
 */

/** Every modality Renkei knows, in the fixed order models and masks use. */
export const MODALITIES = ["image", "series", "tabular", "tokens"] as const;
export type Modality = typeof MODALITIES[number];

/** Per-sample shape of each modality, e.g. `{image: [32, 32, 3]}`. */
export type ModalityShapes = Partial<Record<Modality, number[]>>;

/**
 * A set of labelled multimodal samples held by one site (or a test set).
 * `inputs[m]` is row-major `[n, ...shapes[m]]`; token ids are stored as
 * floats. `mask` is `[n, modalities.length]`: 1 where the modality was
 * observed, 0 where it is missing (and its input is then all zeros).
 */
export interface Dataset {
  n: number;
  classes: number;
  modalities: Modality[];
  shapes: ModalityShapes;
  labels: Int32Array;
  inputs: Partial<Record<Modality, Float32Array>>;
  mask: Float32Array;
}
