/**
 * One entry point from a scenario's `data` block to a data source, so the
 * federation code maps the scenario onto plain fields and never needs to know
 * how each source is built.
 */

import { createSceneSource } from "./scene.ts";
import { createFedProxSource } from "./fedprox_synthetic.ts";
import { loadMnist } from "./mnist.ts";
import { prepareDataHelpers } from "./data_helpers.ts";
import type { DataSource } from "./source.ts";
import type { Modality } from "./types.ts";

/** The source part of a scenario's `data` block. */
export interface SourceInput {
  source: "scene" | "fedprox-synthetic" | "mnist";
  /** Scene only: number of building states (default 8). */
  classes?: number;
  /** Scene only: modalities to generate (default image, series, tabular). */
  modalities?: Modality[];
  /** Scene only: show MNIST digits on the camera instead of stripes. */
  sceneImages?: "stripes" | "mnist";
  /** FedProx only: model and input heterogeneity (default 1, 1). */
  alpha?: number;
  beta?: number;
  /** FedProx only: the synthetic_iid variant. */
  iid?: boolean;
  /** MNIST only: images per digit held out for the global test (default 150). */
  testPerClass?: number;
}

/**
 * Builds the named source (async because MNIST is loaded on first use).
 *
 * @example
 * ```ts
 * import { createSource } from "./create_source.ts";
 * const scene = await createSource({ source: "scene", classes: 8 });
 * if (scene.kind !== "generated" || scene.classes !== 8) throw new Error();
 * ```
 */
export async function createSource(input: SourceInput): Promise<DataSource> {
  switch (input.source) {
    case "scene": {
      // Generation is synchronous; its C kernels must be loaded before it starts.
      await prepareDataHelpers();
      const imagePool = input.sceneImages === "mnist"
        ? (await loadMnist({ testPerClass: input.testPerClass })).imagePool
        : undefined;
      return createSceneSource({ classes: input.classes, modalities: input.modalities, imagePool });
    }
    case "fedprox-synthetic":
      return createFedProxSource({ alpha: input.alpha, beta: input.beta, iid: input.iid });
    case "mnist":
      return (await loadMnist({ testPerClass: input.testPerClass })).source;
    default:
      throw new TypeError(
        `Expected source to be scene, fedprox-synthetic or mnist but found ${
          JSON.stringify((input as { source: unknown }).source)
        }`,
      );
  }
}
