/**
 * The per-sample shapes and class count a source will produce, known without
 * generating or loading any data, so the preflight can check a declared
 * model against them before training.
 */
import type { SourceInput } from "./create_source.ts";
import { SCENE_SHAPES } from "./scene.ts";
import { MNIST_SHAPE } from "./mnist.ts";
import { FEDPROX_CLASSES, FEDPROX_FEATURES } from "./fedprox_synthetic.ts";
import { MODALITIES, type Modality } from "./types.ts";

/** What a model built for `input`'s source sees. */
export interface SourceShapes {
  shapes: Partial<Record<Modality, number[]>>;
  classes: number;
}

/**
 * Shapes and classes of the source `input` names, as `createSource` makes it.
 *
 * @example
 * ```ts
 * import { sourceShapes } from "./source_shapes.ts";
 * const { shapes, classes } = sourceShapes({ source: "mnist" });
 * if (shapes.image?.join("x") !== "28x28x1" || classes !== 10) throw new Error();
 * ```
 */
export function sourceShapes(input: SourceInput): SourceShapes {
  switch (input.source) {
    case "mnist":
      return { shapes: { image: [...MNIST_SHAPE] }, classes: 10 };
    case "fedprox-synthetic":
      return { shapes: { tabular: [FEDPROX_FEATURES] }, classes: FEDPROX_CLASSES };
    case "scene": {
      const wanted = input.modalities ?? ["image", "series", "tabular"];
      const used = MODALITIES.filter((m) => wanted.includes(m));
      return {
        shapes: Object.fromEntries(used.map((m) => [m, [...SCENE_SHAPES[m]]])),
        classes: input.classes ?? 8,
      };
    }
  }
}
