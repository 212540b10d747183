/**
 * The scene's camera: striped, coloured frames (or real images from a pool
 * such as MNIST) with per-sample nuisance. Stripes and the distractor blob are
 * separable in x and y, so a frame costs a few multiply-adds per pixel.
 */

import type { ModalityGroups } from "./scene_structure.ts";
import type { SensorContext } from "./scene_sensors.ts";
import type { Split } from "./source.ts";
import { resizeBilinear } from "./image_ops.ts";

/** Real images grouped by class, e.g. from {@linkcode loadMnist}, for the scene's camera. */
export interface ImagePool {
  classes: number;
  /** Shape of one pool image `[height, width, channels]`. */
  shape: [number, number, number];
  /** Pixels of the split's images (row-major) and, per class, the indices of its images. */
  split(split: Split): { pixels: Float32Array; byClass: Int32Array[] };
}

const BASE_CYCLES = 3;
const EXTRA_CYCLES = 1.5;
const ORIENTATION_JITTER = 0.12; // radians
const HUE_JITTER = 0.3; // radians
const PIXEL_NOISE_SD = 0.1;

/** Fills `out` (`[n, H, W, C]`) with camera frames. */
export function generateImages(
  ctx: SensorContext,
  g: ModalityGroups,
  out: Float32Array,
  shape: readonly [number, number, number],
  pool: ImagePool | null,
  split: Split,
): void {
  if (pool) return poolImages(ctx, g, out, shape, pool, split);
  const { labels, rng, noise, daylight } = ctx;
  const [H, W, C] = shape;
  const G = g.groups;
  const sx = new Float32Array(W), cx = new Float32Array(W), ex = new Float32Array(W);
  const sy = new Float32Array(H), cy = new Float32Array(H), ey = new Float32Array(H);
  const colour = new Float32Array(C), blobColour = new Float32Array(C);
  for (let i = 0; i < labels.length; i++) {
    const k = g.classToGroup[labels[i]];
    const theta = (Math.PI * k) / G + ORIENTATION_JITTER * rng.normal();
    const cycles = (BASE_CYCLES + EXTRA_CYCLES * (k % 2)) * (1 + 0.08 * rng.normal());
    const phase = 2 * Math.PI * rng.uniform();
    const hue = (2 * Math.PI * k) / G + HUE_JITTER * rng.normal();
    const contrast = 0.15 + 0.2 * rng.uniform();
    const brightness = 0.25 + 0.25 * daylight[i];
    for (let ch = 0; ch < C; ch++) {
      colour[ch] = C === 1 ? 1 : 0.5 + 0.5 * Math.cos(hue - (2 * Math.PI * ch) / C);
      blobColour[ch] = rng.uniform();
    }
    const blobAmp = 0.5 * rng.uniform();
    const by = H * rng.uniform(), bx = W * rng.uniform();
    const br = 2 + 4 * rng.uniform();
    // sin(a·x + b·y + φ) = sin(a·x + φ)cos(b·y) + cos(a·x + φ)sin(b·y)
    const a = (2 * Math.PI * cycles * Math.cos(theta)) / W;
    const b = (2 * Math.PI * cycles * Math.sin(theta)) / H;
    for (let x = 0; x < W; x++) {
      sx[x] = Math.sin(a * x + phase);
      cx[x] = Math.cos(a * x + phase);
      const d = (x - bx) / br;
      ex[x] = Math.exp(-0.5 * d * d);
    }
    for (let y = 0; y < H; y++) {
      sy[y] = Math.sin(b * y);
      cy[y] = Math.cos(b * y);
      const d = (y - by) / br;
      ey[y] = blobAmp * Math.exp(-0.5 * d * d);
    }
    const c0 = colour[0], c1 = colour[1 % C], c2 = colour[2 % C];
    const b0 = blobColour[0], b1 = blobColour[1 % C], b2 = blobColour[2 % C];
    const start = i * H * W * C;
    let p = start;
    for (let y = 0; y < H; y++) {
      const syy = contrast * sy[y], cyy = contrast * cy[y], eyy = ey[y];
      for (let x = 0; x < W; x++) {
        const stripe = sx[x] * cyy + cx[x] * syy;
        const blob = eyy * ex[x];
        if (C === 3) {
          // Unrolled for the usual RGB frame: about twice as fast as the loop.
          out[p] = brightness + stripe * c0 + blob * b0;
          out[p + 1] = brightness + stripe * c1 + blob * b1;
          out[p + 2] = brightness + stripe * c2 + blob * b2;
          p += 3;
        } else {
          for (let ch = 0; ch < C; ch++) {
            out[p++] = brightness + stripe * colour[ch] + blob * blobColour[ch];
          }
        }
      }
    }
    noise.addNormal(out, PIXEL_NOISE_SD, start, p);
  }
}

function poolImages(
  ctx: SensorContext,
  g: ModalityGroups,
  out: Float32Array,
  shape: readonly [number, number, number],
  pool: ImagePool,
  split: Split,
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
    resizeBilinear(
      { data: pixels, offset: src * h * w * c, height: h, width: w, channels: c },
      { data: out, offset: i * size, height: H, width: W, channels: C },
    );
    const contrast = 0.7 + 0.3 * rng.uniform();
    const brightness = 0.2 * daylight[i];
    for (let p = i * size; p < (i + 1) * size; p++) out[p] = brightness + contrast * out[p];
    noise.addNormal(out, PIXEL_NOISE_SD, i * size, (i + 1) * size);
  }
}
