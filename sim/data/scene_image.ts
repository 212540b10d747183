/**
 * The scene's camera: striped, coloured frames (or real images from a pool
 * such as MNIST) with per-sample nuisance. Stripes and the distractor blob are
 * separable in x and y, so a frame is built from per-row and per-column
 * tables at a few multiply-adds per pixel; the pixel loop runs in C when the
 * data helpers are loaded (data_helpers.ts), with the same bits.
 */

import type { ModalityGroups } from "./scene_structure.ts";
import type { SensorContext } from "./scene_sensors.ts";
import type { Split } from "./source.ts";
import { resizeBilinear } from "./image_ops.ts";
import { approxCos, gaussianRow, SIN_BAND, sinCosRow, sinRowInRange } from "./_float32_math.ts";
import { dataKernels } from "./data_helpers.ts";

/** Real images grouped by class, e.g. from {@linkcode loadMnist}, for the scene's camera. */
export interface ImagePool {
  classes: number;
  /** Shape of one pool image `[height, width, channels]`. */
  shape: [number, number, number];
  /** Pixels of the split's images (row-major) and, per class, the indices of its images. */
  split(split: Split): { pixels: Float32Array; byClass: Int32Array[] };
}

/** Per-sample tables of striped frames: what the pixel loop (JavaScript or C) reads. */
export interface FrameTables {
  n: number;
  height: number;
  width: number;
  channels: number;
  /** sin, cos and blob profile along x: `[n, width]`. */
  sx: Float32Array;
  cx: Float32Array;
  ex: Float32Array;
  /** sin, cos and blob profile (times its amplitude) along y: `[n, height]`. */
  sy: Float32Array;
  cy: Float32Array;
  ey: Float32Array;
  /** Stripe and blob colours: `[n, channels]`. */
  colour: Float32Array;
  blob: Float32Array;
  /** Brightness and contrast: `[n, 2]`. */
  light: Float64Array;
}

const BASE_CYCLES = 3;
const EXTRA_CYCLES = 1.5;
const ORIENTATION_JITTER = 0.12; // radians
const HUE_JITTER = 0.3; // radians
const PIXEL_NOISE_SD = 0.1;

/**
 * Fills `out` (`[to − from, H, W, C]`) with camera frames `from` … `to`−1
 * of the samples (all of them by default). The others are not drawn, but
 * every random stream advances exactly as if they had been, so the frames
 * are the same bits either way.
 */
export function generateImages(
  ctx: SensorContext,
  g: ModalityGroups,
  out: Float32Array,
  shape: readonly [number, number, number],
  pool: ImagePool | null,
  split: Split,
  from = 0,
  to = ctx.labels.length,
): void {
  if (pool) return poolImages(ctx, g, out, shape, pool, split, from, to);
  const size = shape[0] * shape[1] * shape[2];
  const tables = frameTables(ctx, g, shape, from, to);
  const filled = out.subarray(0, (to - from) * size);
  const kernels = dataKernels();
  ctx.noise.skip(from * size);
  if (to > from && kernels) kernels.frames(tables, filled, PIXEL_NOISE_SD, ctx.noise);
  else if (to > from) {
    fillFrames(tables, filled);
    ctx.noise.addNormal(filled, PIXEL_NOISE_SD);
  }
  ctx.noise.skip((ctx.labels.length - to) * size);
}

/**
 * Draws every sample's stripe, colour and blob parameters (in the engine
 * stream's order) and tabulates samples `from` … `to`−1 per row and column:
 * the tables of those frames (their first is frame `from`).
 */
function frameTables(
  ctx: SensorContext,
  g: ModalityGroups,
  shape: readonly [number, number, number],
  from: number,
  to: number,
): FrameTables {
  const { labels, rng, daylight } = ctx;
  const [H, W, C] = shape;
  const n = labels.length, G = g.groups;
  const rows = to - from;
  const t: FrameTables = {
    n: rows,
    height: H,
    width: W,
    channels: C,
    sx: new Float32Array(rows * W),
    cx: new Float32Array(rows * W),
    ex: new Float32Array(rows * W),
    sy: new Float32Array(rows * H),
    cy: new Float32Array(rows * H),
    ey: new Float32Array(rows * H),
    colour: new Float32Array(n * C),
    blob: new Float32Array(n * C),
    light: new Float64Array(n * 2),
  };
  for (let i = 0; i < n; i++) {
    const k = g.classToGroup[labels[i]];
    const theta = (Math.PI * k) / G + ORIENTATION_JITTER * rng.normal();
    const cycles = (BASE_CYCLES + EXTRA_CYCLES * (k % 2)) * (1 + 0.08 * rng.normal());
    const phase = 2 * Math.PI * rng.uniform();
    const hue = (2 * Math.PI * k) / G + HUE_JITTER * rng.normal();
    const contrast = 0.15 + 0.2 * rng.uniform();
    t.light[2 * i] = 0.25 + 0.25 * daylight[i]; // brightness
    t.light[2 * i + 1] = contrast;
    for (let ch = 0; ch < C; ch++) {
      t.colour[i * C + ch] = C === 1 ? 1 : hueWeight(hue - (2 * Math.PI * ch) / C);
      t.blob[i * C + ch] = rng.uniform();
    }
    const blobAmp = 0.5 * rng.uniform();
    const by = H * rng.uniform(), bx = W * rng.uniform();
    const br = 2 + 4 * rng.uniform();
    if (i < from || i >= to) continue;
    const r = i - from;
    // sin(a·x + b·y + φ) = sin(a·x + φ)cos(b·y) + cos(a·x + φ)sin(b·y)
    const a = (2 * Math.PI * cycles * Math.cos(theta)) / W;
    const b = (2 * Math.PI * cycles * Math.sin(theta)) / H;
    sinCosRow(a, phase, W, t.sx, t.cx, r * W);
    gaussianRow(bx, br, 1, W, t.ex, r * W);
    // Adding −0 leaves b·y as it is (a +0 would turn b·0 = −0 into +0).
    sinCosRow(b, -0, H, t.sy, t.cy, r * H);
    gaussianRow(by, br, blobAmp, H, t.ey, r * H);
  }
  // Per-sample values from frame `from` on, as the tables' first frame.
  return {
    ...t,
    colour: t.colour.subarray(from * C),
    blob: t.blob.subarray(from * C),
    light: t.light.subarray(2 * from),
  };
}

/** 0.5 + 0.5·Math.cos(angle), as a Float32Array store rounds it. */
function hueWeight(angle: number): number {
  const c = approxCos(angle);
  const low = Math.fround(0.5 + 0.5 * (c - SIN_BAND));
  return sinRowInRange(0, angle, 1) && low === Math.fround(0.5 + 0.5 * (c + SIN_BAND))
    ? low
    : 0.5 + 0.5 * Math.cos(angle);
}

/** The JavaScript pixel loop (the reference for renkei_scene_frames): frames without noise. */
export function fillFrames(t: FrameTables, out: Float32Array): void {
  const { n, height: H, width: W, channels: C, sx, cx, ex, sy, cy, ey, colour, blob } = t;
  for (let i = 0; i < n; i++) {
    const brightness = t.light[2 * i], contrast = t.light[2 * i + 1];
    const c0 = colour[i * C], c1 = colour[i * C + (1 % C)], c2 = colour[i * C + (2 % C)];
    const b0 = blob[i * C], b1 = blob[i * C + (1 % C)], b2 = blob[i * C + (2 % C)];
    const rx = i * W, ry = i * H;
    let p = i * H * W * C;
    for (let y = 0; y < H; y++) {
      const syy = contrast * sy[ry + y], cyy = contrast * cy[ry + y], eyy = ey[ry + y];
      for (let x = 0; x < W; x++) {
        const stripe = sx[rx + x] * cyy + cx[rx + x] * syy;
        const blobValue = eyy * ex[rx + x];
        if (C === 3) {
          // Unrolled for the usual RGB frame: about twice as fast as the loop.
          out[p] = brightness + stripe * c0 + blobValue * b0;
          out[p + 1] = brightness + stripe * c1 + blobValue * b1;
          out[p + 2] = brightness + stripe * c2 + blobValue * b2;
          p += 3;
        } else {
          for (let ch = 0; ch < C; ch++) {
            out[p++] = brightness + stripe * colour[i * C + ch] + blobValue * blob[i * C + ch];
          }
        }
      }
    }
  }
}

function poolImages(
  ctx: SensorContext,
  g: ModalityGroups,
  out: Float32Array,
  shape: readonly [number, number, number],
  pool: ImagePool,
  split: Split,
  from: number,
  to: number,
): void {
  const { labels, rng, noise, daylight } = ctx;
  const [H, W, C] = shape;
  const [h, w, c] = pool.shape;
  const { pixels, byClass } = pool.split(split);
  const size = H * W * C;
  for (let i = 0; i < labels.length; i++) {
    // The camera shows the digit of the sample's pattern group, so it
    // confuses the same class pairs as the striped camera does.
    const candidates = byClass[g.classToGroup[labels[i]]];
    const src = candidates[rng.int(candidates.length)];
    const contrast = 0.7 + 0.3 * rng.uniform();
    if (i < from || i >= to) continue;
    const at = (i - from) * size;
    resizeBilinear(
      { data: pixels, offset: src * h * w * c, height: h, width: w, channels: c },
      { data: out, offset: at, height: H, width: W, channels: C },
    );
    const brightness = 0.2 * daylight[i];
    for (let p = at; p < at + size; p++) out[p] = brightness + contrast * out[p];
  }
  const filled = out.subarray(0, (to - from) * size);
  const kernels = dataKernels();
  noise.skip(from * size);
  if (kernels) kernels.addNormal(filled, PIXEL_NOISE_SD, noise);
  else noise.addNormal(filled, PIXEL_NOISE_SD);
  noise.skip((labels.length - to) * size);
}
