/**
 * The data generators' C kernels against their JavaScript references, bit
 * for bit and stream state for stream state, on random inputs and on whole
 * scene sites. Without a compiler the C half is skipped (with a warning),
 * unless RENKEI_REQUIRE_NATIVE=1 makes that a failure.
 */
import { assert, assertEquals, sameBits } from "../_assert.ts";
import { Rng, RngStreams } from "../../sim/engine/mod.ts";
import {
  blockAverageInPlace,
  createSceneSource,
  type Dataset,
  materializeSite,
  planSites,
} from "../../sim/data/mod.ts";
import { FastNoise } from "../../sim/data/_fast_noise.ts";
import { type DataKernels, dataKernels, withoutDataKernels } from "../../sim/data/data_helpers.ts";
import { fillFrames, type FrameTables } from "../../sim/data/scene_image.ts";
import {
  SERIES_LEVELS,
  SERIES_WAVES,
  type SeriesLeftovers,
  seriesReadings,
  type SeriesTables,
} from "../../sim/data/scene_series.ts";
import { helpersStatus, nativeRequired, skipNative } from "./_native.ts";

function kernels(): DataKernels {
  const k = dataKernels();
  if (!k) throw new Error(`Expected the C kernels to load but: ${JSON.stringify(helpersStatus)}`);
  return k;
}

function cTest(name: string, fn: () => void): void {
  Deno.test({ name, ignore: skipNative, fn });
}

function uniforms(rng: Rng, n: number, lo = -1, hi = 1): Float32Array {
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * rng.uniform());
}

function noisePair(seed: string): [FastNoise, FastNoise] {
  return [new FastNoise(new Rng(seed)), new FastNoise(new Rng(seed))];
}

Deno.test({
  name: "the C data kernels load where RENKEI_REQUIRE_NATIVE=1 asks for them",
  ignore: !nativeRequired(),
  fn: () => assert(helpersStatus.ok, JSON.stringify(helpersStatus)),
});

const LENGTHS = [0, 1, 7, 63, 64, 511, 512, 513, 3072, 5 * 3072 + 7];

cTest("addNormal in C adds the same noise as FastNoise.addNormal and leaves the same state", () => {
  const rng = new Rng("add-normal");
  for (const n of LENGTHS) {
    for (const sd of [0.1, 1, 0.35]) {
      const base = uniforms(rng, n);
      const [a, b] = noisePair(`add-${n}-${sd}`);
      const c = base.slice(), js = base.slice();
      kernels().addNormal(c, sd, a);
      b.addNormal(js, sd);
      assert(sameBits(c, js), `n=${n} sd=${sd}`);
      assertEquals(a.state, b.state, `state after n=${n}`);
    }
  }
});

cTest("normalFill in C writes what FastNoise.addNormal(zeros, 1) does", () => {
  for (const n of LENGTHS) {
    const [a, b] = noisePair(`fill-${n}`);
    const c = new Float32Array(n), js = new Float32Array(n);
    kernels().normalFill(c, a);
    b.addNormal(js, 1);
    assert(sameBits(c, js), `n=${n}`);
    assertEquals(a.state, b.state);
  }
});

function randomFrames(rng: Rng, n: number, [H, W, C]: number[]): FrameTables {
  const light = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    light[2 * i] = 0.25 + 0.25 * rng.uniform();
    light[2 * i + 1] = 0.15 + 0.2 * rng.uniform();
  }
  return {
    n,
    height: H,
    width: W,
    channels: C,
    sx: uniforms(rng, n * W),
    cx: uniforms(rng, n * W),
    ex: uniforms(rng, n * W, 0, 1),
    sy: uniforms(rng, n * H),
    cy: uniforms(rng, n * H),
    ey: uniforms(rng, n * H, 0, 0.5),
    colour: uniforms(rng, n * C, 0, 1),
    blob: uniforms(rng, n * C, 0, 1),
    light,
  };
}

const SHAPES = [[32, 32, 3], [20, 24, 1], [9, 7, 4], [16, 16, 2], [8, 8, 3], [1, 1, 1], [33, 5, 3]];

cTest("frames in C match the JavaScript pixel loop plus its noise, for any frame shape", () => {
  const rng = new Rng("frames");
  for (const shape of SHAPES) {
    for (const n of [0, 1, 5]) {
      const t = randomFrames(rng, n, shape);
      const [a, b] = noisePair(`frames-${shape}-${n}`);
      const c = new Float32Array(n * shape[0] * shape[1] * shape[2]), js = c.slice();
      kernels().frames(t, c, 0.1, a);
      fillFrames(t, js);
      b.addNormal(js, 0.1);
      assert(sameBits(c, js), `shape ${shape}, n=${n}`);
      assertEquals(a.state, b.state);
    }
  }
});

function randomSeries(rng: Rng, n: number): SeriesTables {
  const fast = Int32Array.from({ length: n }, (_, i) => (i % 4 === 3 ? 0 : 1));
  const levels = Float64Array.from({ length: n * SERIES_LEVELS }, () => 2 * rng.uniform() - 1);
  const waves = Float64Array.from({ length: n * SERIES_WAVES }, () => 2 * rng.uniform() - 1);
  // A few readings exactly on a float32 rounding boundary, which the band cannot decide.
  for (let i = 0; i < waves.length; i += 97) waves[i] = 0;
  return { n, levels, fast, waves, shape: new Float64Array(n * 5) };
}

function leftovers(capacity: number): SeriesLeftovers {
  return { count: 0, positions: new Int32Array(capacity), rests: new Float64Array(capacity) };
}

cTest("the series kernel in C writes and lists the same readings as seriesReadings()", () => {
  const rng = new Rng("series");
  for (const n of [0, 1, 9]) {
    const t = randomSeries(rng, n);
    const eps = uniforms(rng, n * 384, -3, 3);
    const c = new Float32Array(n * 384), js = new Float32Array(n * 384);
    const lc = leftovers(n * SERIES_WAVES), lj = leftovers(n * SERIES_WAVES);
    lc.count = kernels().series(t, eps, c, lc);
    lj.count = seriesReadings(t, eps, js, lj);
    assertEquals(lc.count, lj.count);
    assertEquals(lc.positions.subarray(0, lc.count), lj.positions.subarray(0, lj.count));
    assertEquals(lc.rests.subarray(0, lc.count), lj.rests.subarray(0, lj.count));
    assert(sameBits(c, js), `n=${n}`);
  }
});

cTest("blockAverage in C matches blockAverageInPlace() on any grid", () => {
  const rng = new Rng("blocks");
  for (const [H, W, C] of SHAPES) {
    for (const [rows, cols] of [[1, 1], [3, 3], [2, 5], [H, 1], [Math.ceil(H / 2), W]]) {
      const n = 3, size = H * W * C;
      const c = uniforms(rng, n * size), js = c.slice();
      kernels().blockAverage(c, n, [H, W, C], rows, cols);
      for (let i = 0; i < n; i++) {
        blockAverageInPlace(
          { data: js, offset: i * size, height: H, width: W, channels: C },
          rows,
          cols,
        );
      }
      assert(sameBits(c, js), `[${H}, ${W}, ${C}] into ${rows}×${cols}`);
    }
  }
});

function sameDataset(a: Dataset, b: Dataset, what: string): void {
  assertEquals(a.labels, b.labels, `${what} labels`);
  assert(sameBits(a.mask, b.mask), `${what} mask`);
  for (const m of a.modalities) assert(sameBits(a.inputs[m]!, b.inputs[m]!), `${what} ${m}`);
}

cTest("whole scene sites are the same with and without the C kernels", () => {
  const source = createSceneSource({ modalities: ["image", "series", "tabular", "tokens"] });
  const input = {
    groups: [
      { group: "full", count: 4, samples: { lognormal: { median: 60, sigma: 0.4 } } },
      { group: "coarse", count: 2, samples: 50, granularity: 0.1 },
      { group: "shifted", count: 2, samples: 40, shift: { gain: 0.2, offset: 0.1, noise: 0.1 } },
      { group: "no-camera", count: 2, samples: 40, missing: { image: 1 } },
    ],
    label: { dirichlet: { alpha: 0.5, minPerSite: 8 } },
  };
  const streams = new RngStreams(300);
  const plans = planSites(source, input, streams);
  for (const p of plans) {
    const c = materializeSite(source, p, streams);
    const js = withoutDataKernels(() => materializeSite(source, p, streams));
    sameDataset(c.train, js.train, `site ${p.siteId} train`);
    sameDataset(c.test, js.test, `site ${p.siteId} test`);
  }
});
