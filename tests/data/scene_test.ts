import { assert, assertEquals, assertThrows, sameBits } from "../_assert.ts";
import { RngStreams } from "../../sim/engine/mod.ts";
import { createSceneSource, type Modality, modalityGroups } from "../../sim/data/mod.ts";
import { fusedFeatures, logisticAccuracy } from "./_fusion.ts";

const ALL: Modality[] = ["image", "series", "tabular", "tokens"];

function pairsOf(m: Modality, classes = 8): string {
  const g = modalityGroups(m, classes);
  const groups: number[][] = Array.from({ length: g.groups }, () => []);
  g.classToGroup.forEach((k, c) => groups[k].push(c));
  return groups.map((xs) => xs.join("")).join(" ");
}

Deno.test("modalityGroups() gives each modality a different pairing of the 8 classes", () => {
  assertEquals(pairsOf("image"), "01 23 45 67");
  assertEquals(pairsOf("series"), "02 13 46 57");
  assertEquals(pairsOf("tabular"), "04 15 26 37");
  assertEquals(pairsOf("tokens"), "06 17 24 35");
});

Deno.test("modalityGroups() lets any two modalities identify every class", () => {
  for (const a of ALL) {
    for (const b of ALL) {
      if (a === b) continue;
      const ga = modalityGroups(a, 8), gb = modalityGroups(b, 8);
      const keys = new Set(
        [...Array(8).keys()].map((c) => `${ga.classToGroup[c]},${gb.classToGroup[c]}`),
      );
      assertEquals(keys.size, 8, `${a}+${b}`);
    }
  }
});

Deno.test("createSceneSource() rejects class counts it cannot draw", () => {
  assertThrows(() => createSceneSource({ classes: 1 }), RangeError, "classes");
  assertThrows(() => createSceneSource({ classes: 33 }), RangeError, "classes");
});

Deno.test("scene samples have the documented shapes, labels and value ranges", () => {
  const scene = createSceneSource({ modalities: ALL });
  const labels = Int32Array.from({ length: 64 }, (_, i) => i % 8);
  const ds = scene.generate(labels, new RngStreams(1).stream("t"), "train");
  assertEquals(ds.shapes, { image: [32, 32, 3], series: [64, 6], tabular: [16], tokens: [12] });
  assertEquals(Array.from(ds.labels), Array.from(labels));
  assertEquals(ds.inputs.image!.length, 64 * 32 * 32 * 3);
  assert(ds.inputs.tokens!.every((t) => Number.isInteger(t) && t >= 0 && t < 32));
  for (const m of ALL) assert(ds.inputs[m]!.every(Number.isFinite), `${m} finite`);
  const img = ds.inputs.image!;
  const mean = img.reduce((a, b) => a + b, 0) / img.length;
  assert(mean > 0.2 && mean < 0.7, `image mean ${mean} in a [0, 1]-like range`);
});

Deno.test("scene generation is a function of the stream alone", () => {
  const scene = createSceneSource({ modalities: ALL });
  const labels = Int32Array.from([3, 1, 4, 1, 5]);
  const a = scene.generate(labels, new RngStreams(7).stream("s"), "train");
  const b = scene.generate(labels, new RngStreams(7).stream("s"), "train");
  const c = scene.generate(labels, new RngStreams(8).stream("s"), "train");
  for (const m of ALL) assert(sameBits(a.inputs[m]!, b.inputs[m]!), m);
  assert(!sameBits(a.inputs.image!, c.inputs.image!));
});

Deno.test("fusion matters: each modality alone stays ≤ 80% but fused features reach ≥ 90%", () => {
  const scene = createSceneSource({ modalities: ["image", "series", "tabular"] });
  const streams = new RngStreams(11);
  const make = (n: number, name: string) =>
    scene.generate(Int32Array.from({ length: n }, (_, i) => i % 8), streams.stream(name), "train");
  const train = make(1200, "fit"), test = make(600, "check");
  const accuracy = (ms: Modality[]) => {
    const a = fusedFeatures(train, ms), b = fusedFeatures(test, ms);
    return logisticAccuracy({ ...a, y: train.labels }, { x: b.x, y: test.labels }, 8, 120);
  };
  for (const m of ["image", "series", "tabular"] as Modality[]) {
    const acc = accuracy([m]);
    assert(acc <= 0.8, `${m} alone: ${acc}`);
    assert(acc >= 0.35, `${m} alone should still tell its pairs apart: ${acc}`);
  }
  const fused = accuracy(["image", "series", "tabular"]);
  assert(fused >= 0.9, `fused: ${fused}`);
});
