/** Small scene data and a tiny model for the robustness tests. */
import { Rng } from "../../sim/engine/mod.ts";
import { createSceneSource, type Dataset } from "../../sim/data/mod.ts";
import { buildModel, initBackend } from "../../models/mod.ts";
import type * as tfl from "@tensorflow/tfjs-layers";

/** Classes of the fixture data. */
export const CLASSES = 3;

/** `n` scene samples (16×16 camera, series, table) with labels cycling over the classes. */
export function sceneData(n: number, seed = "fixture", labels?: number[]): Dataset {
  const source = createSceneSource({ classes: CLASSES, imageShape: [16, 16, 3] });
  const ls = Int32Array.from({ length: n }, (_, i) => labels?.[i] ?? i % CLASSES);
  return source.generate(ls, new Rng(seed), "train");
}

/** The tiny preset for the fixture data, built on the wasm backend. */
export async function tinyModel(
  opts: { fusion?: "concat" | "gated"; modalityDropout?: number; seed?: number } = {},
): Promise<tfl.LayersModel> {
  await initBackend();
  const data = sceneData(1);
  return buildModel({
    preset: "tiny",
    shapes: data.shapes,
    classes: CLASSES,
    fusion: opts.fusion ?? "gated",
    modalityDropout: opts.modalityDropout,
    seed: opts.seed ?? 3,
  });
}
