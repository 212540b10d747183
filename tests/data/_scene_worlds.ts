/**
 * Small scene worlds that exercise every generator path (all four
 * modalities, grey and four-channel frames, 32 classes, calibration shift,
 * per-modality granularity, held series, missing sensors), and everything
 * they materialise as bytes. The golden hashes in scene_bits_test.ts were
 * recorded with the generators as they were before their C kernels.
 */
import { RngStreams } from "../../sim/engine/mod.ts";
import {
  createSceneSource,
  type Dataset,
  type DataSource,
  globalTestSet,
  materializeSite,
  type Modality,
  type PartitionInput,
  planSites,
} from "../../sim/data/mod.ts";

export interface SceneWorld {
  name: string;
  source: DataSource;
  input: PartitionInput;
  seed: number;
}

const ALL: Modality[] = ["image", "series", "tabular", "tokens"];

function groups(fill: "linear" | "hold"): PartitionInput {
  return {
    label: { dirichlet: { alpha: 0.7, minPerSite: 4 } },
    seriesFill: fill,
    groups: [
      { group: "a", count: 3, samples: { lognormal: { median: 30, sigma: 0.5 } } },
      { group: "shift", count: 2, samples: 20, shift: { gain: 0.2, offset: 0.3, noise: 0.1 } },
      { group: "coarse", count: 2, samples: 20, granularity: 0.1 },
      {
        group: "mixed",
        count: 2,
        samples: 21,
        granularity: { image: 0.5, series: 0.25, tabular: 0.2 },
        shift: { noise: 0.2 },
      },
      {
        group: "missing",
        count: 3,
        samples: 17,
        missing: { image: 0.5, series: 0.5, tabular: 0.3, tokens: 0.5 },
        shift: { gain: 0.1, offset: 0.2, noise: 0.3 },
      },
    ],
  };
}

/** The worlds, each with a fixed seed. */
export function sceneWorlds(): SceneWorld[] {
  return [
    { name: "rgb, 8 classes", source: createSceneSource({ modalities: ALL }), seed: 7 },
    {
      name: "grey 20×24, 5 classes, held series",
      source: createSceneSource({ classes: 5, modalities: ALL, imageShape: [20, 24, 1] }),
      seed: 8,
    },
    {
      name: "4 channels 9×7, 3 classes",
      source: createSceneSource({
        classes: 3,
        modalities: ["image", "tokens"],
        imageShape: [9, 7, 4],
      }),
      seed: 9,
    },
    {
      name: "2 channels 16×16, 32 classes",
      source: createSceneSource({
        classes: 32,
        modalities: ["image", "series"],
        imageShape: [16, 16, 2],
      }),
      seed: 10,
    },
  ].map((w, i) => ({ ...w, input: groups(i === 1 ? "hold" : "linear") }));
}

/** A dataset's size, labels, mask and inputs as byte views (in that order). */
export function bytesOf(ds: Dataset): Uint8Array[] {
  const parts = [new Uint8Array(Int32Array.of(ds.n).buffer), ds.labels.slice(), ds.mask.slice()];
  for (const m of ds.modalities) parts.push(ds.inputs[m]!.slice());
  return parts.map((p) => new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
}

/** Every site's train and test data and a 97-sample global test set, as bytes. */
export function worldBytes(world: SceneWorld): Uint8Array {
  const streams = new RngStreams(world.seed);
  const plans = planSites(world.source, world.input, streams);
  const parts: Uint8Array[] = [];
  for (const p of plans) {
    const d = materializeSite(world.source, p, streams);
    parts.push(...bytesOf(d.train), ...bytesOf(d.test));
  }
  parts.push(...bytesOf(globalTestSet(world.source, 97, streams, plans)));
  const all = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/** SHA-256 of `bytes`, in hex. */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>),
  );
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}
