import { assert, assertEquals, assertNear, assertThrows } from "../_assert.ts";
import { RngStreams } from "../../sim/engine/mod.ts";
import {
  applyMissing,
  applyShift,
  createSceneSource,
  drawMissing,
  drawShift,
  MODALITIES,
  planSites,
} from "../../sim/data/mod.ts";
import { FastNoise } from "../../sim/data/_fast_noise.ts";

const streams = new RngStreams(21);
const make = () =>
  createSceneSource({ modalities: ["image", "series", "tabular"] })
    .generate(Int32Array.from([0, 1, 2, 3]), streams.stream("m"), "train");

Deno.test("a missing modality is exactly zero with mask 0, others untouched", () => {
  const full = make(), ds = make();
  applyMissing(ds, ["image"]);
  assert(ds.inputs.image!.every((v) => v === 0));
  assertEquals(Array.from(ds.mask), [0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1]);
  assertEquals(ds.inputs.series, full.inputs.series);
});

Deno.test("missing probabilities are per site: p = 1 always, p = 0 never, p = 0.5 about half", () => {
  const rng = streams.stream("missing");
  const draws = Array.from(
    { length: 400 },
    () => drawMissing({ image: 1, series: 0.5 }, ["image", "series", "tabular"], rng),
  );
  assert(draws.every((d) => d.includes("image") && !d.includes("tabular")));
  assertNear(draws.filter((d) => d.includes("series")).length / 400, 0.5, 0.08);
  assertEquals(drawMissing(["series"], ["image", "series"], rng), ["series"]);
  assertThrows(() => drawMissing({ image: 2 }, ["image"], rng), RangeError, "probability");
});

Deno.test("every site of a group whose camera is missing with p = 1 is planned without it", () => {
  const plans = planSites(createSceneSource(), {
    groups: [{ group: "no-camera", count: 2, samples: 20, missing: { image: 1 } }],
  }, streams);
  assertEquals(plans.map((p) => p.missing), [["image"], ["image"]]);
});

Deno.test("feature shift applies one gain and offset per channel", () => {
  const full = make(), ds = make();
  const shift = drawShift(
    { gain: 0.3, offset: 0.5 },
    ds.modalities,
    ds.shapes,
    streams.stream("s"),
  )!;
  assertEquals(shift.gain.series!.length, 6);
  assertEquals(shift.offset.tabular!.length, 16);
  applyShift(ds, shift, new FastNoise(streams.stream("n")));
  const x = full.inputs.series!, y = ds.inputs.series!;
  for (let i = 0; i < 40; i++) {
    const c = i % 6;
    assertNear(y[i], shift.gain.series![c] * x[i] + shift.offset.series![c], 1e-5);
  }
  assert(MODALITIES.includes("tokens") && shift.gain.tokens === undefined);
});

Deno.test("feature shift noise has the requested spread", () => {
  const full = make(), ds = make();
  const shift = drawShift({ noise: 0.2 }, ds.modalities, ds.shapes, streams.stream("s2"))!;
  applyShift(ds, shift, new FastNoise(streams.stream("n2")));
  const d = ds.inputs.image!.map((v, i) => v - full.inputs.image![i]);
  const sd = Math.sqrt(d.reduce((a, b) => a + b * b, 0) / d.length);
  assertNear(sd, 0.2, 0.01);
});

Deno.test("a shift spec of zeros means no shift at all", () => {
  const ds = make();
  assertEquals(
    drawShift({ gain: 0, offset: 0, noise: 0 }, ds.modalities, ds.shapes, streams.stream("z")),
    null,
  );
  assertEquals(drawShift({}, ds.modalities, ds.shapes, streams.stream("z")), null);
});
