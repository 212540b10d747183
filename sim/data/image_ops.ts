/**
 * Image resampling on row-major `[height, width, channels]` float images,
 * written on plain typed arrays with offsets so whole datasets are processed
 * without per-image allocations.
 */

/** Where one image lives in a flat array. */
export interface ImageRef {
  data: Float32Array;
  offset: number;
  height: number;
  width: number;
  channels: number;
}

/**
 * Bilinear resize of `src` into `dst` (pixel centres aligned). A single-channel
 * source is copied into every destination channel; otherwise the channel
 * counts must match.
 */
export function resizeBilinear(src: ImageRef, dst: ImageRef): void {
  const { height: h, width: w, channels: c } = src;
  const { height: H, width: W, channels: C } = dst;
  if (c !== 1 && c !== C) {
    throw new RangeError(`Expected a 1-channel source or ${C} channels but found ${c}`);
  }
  const sy = h / H;
  const sx = w / W;
  for (let y = 0; y < H; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, h - 1);
    const wy = fy - y0;
    for (let x = 0; x < W; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), w - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, w - 1);
      const wx = fx - x0;
      for (let ch = 0; ch < C; ch++) {
        const sc = c === 1 ? 0 : ch;
        const at = (yy: number, xx: number) => src.data[src.offset + (yy * w + xx) * c + sc];
        const top = at(y0, x0) * (1 - wx) + at(y0, x1) * wx;
        const bottom = at(y1, x0) * (1 - wx) + at(y1, x1) * wx;
        dst.data[dst.offset + (y * W + x) * C + ch] = top * (1 - wy) + bottom * wy;
      }
    }
  }
}

/** Which of `blocks` near-equal blocks each of `size` positions falls in: ⌊i·blocks/size⌋. */
function blockIndex(size: number, blocks: number): Int32Array {
  const key = `${size}/${blocks}`;
  let index = blockIndexCache.get(key);
  if (!index) {
    index = new Int32Array(size);
    for (let i = 0; i < size; i++) index[i] = Math.floor((i * blocks) / size);
    blockIndexCache.set(key, index);
  }
  return index;
}
const blockIndexCache = new Map<string, Int32Array>();
let blockSums = new Float64Array(0);
let blockCounts = new Int32Array(0);

/**
 * Lowers an image's resolution in place: the image is cut into a
 * `rows × cols` grid of (near-)equal blocks, each block is replaced by its
 * mean, so the result has the original shape but only rows·cols distinct
 * pixels per channel (block-average down, nearest-neighbour back up).
 * Each block's sum runs over its pixels in row order, in float64 (the C
 * version in c/scene_kernels.c keeps that order, so both give the same bits).
 */
export function blockAverageInPlace(img: ImageRef, rows: number, cols: number): void {
  const { data, offset, height: H, width: W, channels: C } = img;
  if (rows >= H && cols >= W) return;
  const rowOf = blockIndex(H, rows), colOf = blockIndex(W, cols);
  const blocks = rows * cols;
  if (blockSums.length < blocks * C) blockSums = new Float64Array(blocks * C);
  if (blockCounts.length < blocks) blockCounts = new Int32Array(blocks);
  const sums = blockSums, counts = blockCounts;
  sums.fill(0, 0, blocks * C);
  counts.fill(0, 0, blocks);
  let p = offset;
  for (let y = 0; y < H; y++) {
    const first = rowOf[y] * cols;
    for (let x = 0; x < W; x++) {
      const b = first + colOf[x];
      counts[b]++;
      for (let ch = 0, s = b * C; ch < C; ch++) sums[s + ch] += data[p++];
    }
  }
  // The mean of a block, in float64, is what every one of its pixels gets.
  for (let b = 0; b < blocks; b++) {
    for (let ch = 0; ch < C; ch++) sums[b * C + ch] /= counts[b];
  }
  p = offset;
  for (let y = 0; y < H; y++) {
    const first = rowOf[y] * cols;
    for (let x = 0; x < W; x++) {
      for (let ch = 0, s = (first + colOf[x]) * C; ch < C; ch++) data[p++] = sums[s + ch];
    }
  }
}
