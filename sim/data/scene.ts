/**
 * The smart-building scene: a synthetic multimodal source where a latent
 * building/district state (the class) drives four sensors.
 *
 * Generative process, per sample of class c (see scene_structure.ts for which
 * classes each sensor confuses; group k = the pattern class c shows in that
 * sensor, G = number of patterns):
 * - a shared nuisance, daylight d ~ U(0, 1), brightens the camera, raises the
 *   temperature channel and the lux reading;
 * - image `[32, 32, 3]`: stripes sin(2π f (x cos θ + y sin θ)/W + φ) with
 *   orientation θ = πk/G, frequency f = 3 + 1.5·(k mod 2) cycles and a colour
 *   of hue 2πk/G (all jittered per sample), random phase, contrast and
 *   brightness, a distractor blob of random colour and place, pixel noise.
 *   With an image pool (MNIST) the camera shows digit k instead, resized;
 * - series `[64, 6]` (vibration, sound level, power, temperature, humidity,
 *   CO₂): vibration oscillates at 3 + 2.5k cycles per window, sound has a
 *   burst centred at (k + ½)/G of the window, power sits at level −1 + 2k/(G−1);
 *   temperature, humidity and CO₂ are slow random walks (nuisance); every
 *   channel gets random amplitude, phase and AR(1) noise;
 * - tabular `[16]` (environment readings): a Gaussian cluster around
 *   2.8 · (row k of a 16×16 Hadamard matrix)/4, plus a random "season" shift
 *   along a fixed direction and unit noise;
 * - tokens `[12]` (event-log ids from a vocabulary of 32, stored as floats):
 *   each event comes with probability ½ from the 4 ids {4k … 4k+3}, else
 *   uniformly from all 32.
 * Each sensor alone tells at best the pair {c, c XOR mask}, so a single
 * modality tops out near 50% accuracy on 8 classes while any two identify c.
 */

import type { Rng } from "../engine/mod.ts";
import { allocDataset } from "./dataset.ts";
import { FastNoise } from "./_fast_noise.ts";
import { type ModalityGroups, modalityGroups } from "./scene_structure.ts";
import type { GeneratedSource, Split } from "./source.ts";
import { type Dataset, MODALITIES, type Modality } from "./types.ts";
import { generateImages, type ImagePool } from "./scene_image.ts";
import { generateTabular, generateTokens } from "./scene_sensors.ts";
import { generateSeries } from "./scene_series.ts";

/** Default per-sample shapes of the scene's modalities. */
export const SCENE_SHAPES = {
  image: [32, 32, 3],
  series: [64, 6],
  tabular: [16],
  tokens: [12],
} as const;

/** Size of the event-log vocabulary. */
export const SCENE_VOCABULARY = 32;

/** Options of {@linkcode createSceneSource}. */
export interface SceneOptions {
  /** Number of building states, 2..32 (default 8). */
  classes?: number;
  /** Modalities to produce (default image, series, tabular). */
  modalities?: Modality[];
  /** Camera frame shape `[height, width, channels]` (default `[32, 32, 3]`). */
  imageShape?: [number, number, number];
  /** Real images (e.g. MNIST) to show on the camera instead of stripes. */
  imagePool?: ImagePool;
}

/** Per-sample nuisance shared by the sensors of one sample. */
export interface SceneSample {
  daylight: number;
}

/**
 * The smart-building scene as a {@linkcode GeneratedSource}.
 *
 * @example
 * ```ts
 * import { createSceneSource } from "./scene.ts";
 * import { Rng } from "../engine/mod.ts";
 * const scene = createSceneSource({ classes: 8 });
 * const ds = scene.generate(new Int32Array([0, 7]), new Rng("x"), "train");
 * if (ds.inputs.image!.length !== 2 * 32 * 32 * 3) throw new Error();
 * ```
 */
export function createSceneSource(options: SceneOptions = {}): GeneratedSource {
  const classes = options.classes ?? 8;
  const modalities = MODALITIES.filter((m) =>
    (options.modalities ?? ["image", "series", "tabular"]).includes(m)
  );
  if (modalities.length === 0) {
    throw new RangeError("Expected at least one scene modality but found none");
  }
  const imageShape = options.imageShape ?? [...SCENE_SHAPES.image] as [number, number, number];
  if (imageShape.length !== 3 || imageShape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new TypeError(`Expected imageShape [height, width, channels] but found ${imageShape}`);
  }
  const groups = {} as Record<Modality, ModalityGroups>;
  for (const m of MODALITIES) groups[m] = modalityGroups(m, classes);
  if (options.imagePool && groups.image.groups > options.imagePool.classes) {
    throw new RangeError(
      `Expected an image pool with at least ${groups.image.groups} classes but found ${options.imagePool.classes}`,
    );
  }
  const shapes = {
    image: [...imageShape],
    series: [...SCENE_SHAPES.series],
    tabular: [...SCENE_SHAPES.tabular],
    tokens: [...SCENE_SHAPES.tokens],
  };
  const used = Object.fromEntries(modalities.map((m) => [m, shapes[m]]));

  function generate(
    labels: Int32Array,
    rng: Rng,
    split: Split,
    omit: readonly Modality[] = [],
    rows: readonly [number, number] = [0, labels.length],
  ): Dataset {
    for (let i = 0; i < labels.length; i++) {
      if (!(labels[i] >= 0 && labels[i] < classes)) {
        throw new RangeError(`Expected labels in 0..${classes - 1} but found ${labels[i]}`);
      }
    }
    // Only the requested rows are allocated and filled (ds.n = to − from).
    const from = Math.max(0, Math.min(rows[0], labels.length));
    const to = Math.max(from, Math.min(rows[1], labels.length));
    const ds = allocDataset(to - from, classes, modalities, used);
    ds.labels.set(labels.subarray(from, to));
    const noise = new FastNoise(rng);
    const daylight = new Float32Array(labels.length);
    for (let i = 0; i < labels.length; i++) daylight[i] = rng.uniform();
    const ctx = { labels, rng, noise, daylight };
    for (const m of modalities) {
      const out = ds.inputs[m]!;
      const g = groups[m];
      // An omitted modality fills no sample; its streams still advance.
      const [a, b] = omit.includes(m) ? [0, 0] : [from, to];
      if (m === "image") {
        generateImages(ctx, g, out, imageShape, options.imagePool ?? null, split, a, b);
      }
      if (m === "series") generateSeries(ctx, g, out, a, b);
      if (m === "tabular") generateTabular(ctx, g, out, a, b);
      if (m === "tokens") generateTokens(ctx, g, out, SCENE_VOCABULARY, a, b);
    }
    return ds;
  }

  return { kind: "generated", name: "scene", classes, modalities, shapes: used, generate };
}
