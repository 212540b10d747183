/**
 * The compiled C helpers of the native backend against their JavaScript
 * references, bit for bit: im2col, col2im, the bias + ReLU epilogue, column
 * sums, the tiled max pool and its gradient and the ReLU gradient, on awkward geometries and on values that test the
 * tie, NaN, −∞ and −0 rules.
 */
import * as tf from "@tensorflow/tfjs-core";
import { assert, assertEquals } from "../_assert.ts";
import {
  compiledMovers,
  JS_MOVERS,
  type Movers,
  tilesExactly,
} from "../../models/kernels/native/_movers.ts";
import { helpersUnavailableReason, loadHelpers } from "../../models/kernels/native/helpers.ts";
import { nativeRequired, values } from "./_kernel_cases.ts";

const helpers = await loadHelpers();
/** Without a compiler the C side cannot be tested; CI (RENKEI_REQUIRE_NATIVE=1) must have one. */
const ignore = helpers === undefined && !nativeRequired();

function compiled(): Movers {
  if (helpers === undefined) {
    throw new Error(`Expected the C helpers to build but: ${helpersUnavailableReason()}`);
  }
  return compiledMovers(helpers);
}

/** Bitwise equality (so −0 ≠ 0 and NaN = NaN), with the first difference in the message. */
function assertSameBits(a: Float32Array, b: Float32Array, what: string): void {
  assertEquals(a.length, b.length, `${what}: lengths differ`);
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) {
    if (ua[i] !== ub[i]) throw new Error(`${what}: element ${i} is ${a[i]} in C but ${b[i]} in JS`);
  }
}

/** Values in [-1, 1) with ties (quantised), zeros, NaN, ±∞ and −0 sprinkled in. */
function awkward(n: number, seed: number): Float32Array {
  const v = values(n, seed);
  const specials = [0, -0, NaN, -Infinity, Infinity, 0.5];
  for (let i = 0; i < n; i++) {
    if (i % 7 === 3) v[i] = specials[(i >> 3) % specials.length];
    else v[i] = Math.round(v[i] * 4) / 4; // many equal values: ties
  }
  return v;
}

type Geometry = [
  string,
  [number, number, number, number],
  [number, number],
  number | [number, number],
  "same" | "valid",
  number,
];
const GEOMETRIES: Geometry[] = [
  ["3×3 same", [2, 7, 6, 3], [3, 3], 1, "same", 1],
  ["3×3 same, 16 channels", [1, 5, 5, 16], [3, 3], 1, "same", 1],
  ["5×5 valid stride 2", [2, 11, 9, 2], [5, 5], 2, "valid", 1],
  ["3×2 same strides 1×2", [3, 7, 8, 1], [3, 2], [1, 2], "same", 1],
  ["3×3 same dilation 2", [1, 9, 9, 4], [3, 3], 1, "same", 2],
  ["1×5 valid (Conv1D)", [4, 1, 20, 6], [1, 5], 1, "valid", 1],
];

for (const [label, shape, [fh, fw], strides, pad, dilation] of GEOMETRIES) {
  Deno.test({
    name: `C im2col and col2im equal the JavaScript ones bit for bit (${label})`,
    ignore,
  }, () => {
    const info = tf.backend_util.computeConv2DInfo(
      shape,
      [fh, fw, shape[3], 2],
      strides,
      dilation,
      pad,
      undefined,
      false,
      "channelsLast",
    );
    const x = awkward(shape.reduce((a, b) => a * b), 1);
    const size = info.batchSize * info.outHeight * info.outWidth * fh * fw * shape[3];
    const c = compiled();
    const colsC = new Float32Array(size).fill(7), colsJs = new Float32Array(size).fill(9);
    c.im2col(x, info, colsC);
    JS_MOVERS.im2col(x, info, colsJs);
    assertSameBits(colsC, colsJs, "im2col");
    const patches = values(size, 2);
    const dxC = new Float32Array(x.length), dxJs = new Float32Array(x.length);
    c.col2im(patches, info, dxC);
    JS_MOVERS.col2im(patches, info, dxJs);
    assertSameBits(dxC, dxJs, "col2im");
    assert(dxJs.some((v) => v !== 0), "col2im wrote nothing");
  });
}

const POOLS: [[number, number], number][] = [
  [[2, 2], 1],
  [[2, 2], 8],
  [[2, 2], 19],
  [[1, 2], 12], // MaxPooling1D
  [[3, 3], 9],
];
for (const [[ph, pw], channels] of POOLS) {
  Deno.test({
    name:
      `C tiled max-pool gradient equals the JavaScript one bit for bit (${ph}×${pw}, ${channels} channels)`,
    ignore,
  }, () => {
    const [n, h, w] = [3, 2 * ph, 4 * pw];
    const info = tf.backend_util.computePool2DInfo(
      [n, h, w, channels],
      [ph, pw],
      [ph, pw],
      1,
      "valid",
    );
    assert(tilesExactly(info), "the case should tile");
    const x = awkward(n * h * w * channels, 3);
    const dy = values(n * 2 * 4 * channels, 4);
    const dxC = new Float32Array(x.length).fill(5), dxJs = new Float32Array(x.length).fill(6);
    compiled().maxPoolGradTiled(x, dy, dxC, info);
    JS_MOVERS.maxPoolGradTiled(x, dy, dxJs, info);
    assertSameBits(dxC, dxJs, "max-pool gradient");
    const yC = new Float32Array(n * 2 * 4 * channels).fill(5), yJs = yC.slice().fill(6);
    compiled().maxPoolTiled(x, yC, info);
    JS_MOVERS.maxPoolTiled(x, yJs, info);
    assertSameBits(yC, yJs, "max pool");
  });
}

Deno.test("the JavaScript tiled max pool takes each window's maximum, NaN never winning", () => {
  // One 2×2 window per channel pair: [1, 2, 3, 4] → 4; [NaN, −1, −3, −2] → −1; all −∞ → −∞.
  const x = Float32Array.of(
    1,
    NaN,
    -Infinity,
    2,
    -1,
    -Infinity,
    3,
    -3,
    -Infinity,
    4,
    -2,
    -Infinity,
  );
  const info = tf.backend_util.computePool2DInfo([1, 2, 2, 3], [2, 2], [2, 2], 1, "valid");
  const y = new Float32Array(3);
  JS_MOVERS.maxPoolTiled(x, y, info);
  assertEquals(Array.from(y), [4, -1, -Infinity]);
});

Deno.test({
  name: "C ReLU gradient and its column sums equal the JavaScript ones bit for bit",
  ignore,
}, () => {
  for (const [rows, width] of [[1, 1], [7, 3], [4, 8], [3, 9], [50, 20], [1000, 16]]) {
    const n = rows * width;
    const dy = awkward(n, n), y = awkward(n, n + 1);
    const outC = new Float32Array(n).fill(5), outJs = new Float32Array(n).fill(6);
    const sumC = new Float32Array(width).fill(7), sumJs = new Float32Array(width).fill(8);
    compiled().reluGrad(dy, y, outC, width, sumC);
    JS_MOVERS.reluGrad(dy, y, outJs, width, sumJs);
    assertSameBits(outC, outJs, `ReLU gradient of ${rows}×${width}`);
    assertSameBits(sumC, sumJs, `its column sums, ${rows}×${width}`);
  }
});

Deno.test("the JavaScript ReLU gradient passes dy where the output is positive, else dy·0, and sums columns", () => {
  const out = new Float32Array(4), sums = new Float32Array(2);
  JS_MOVERS.reluGrad(Float32Array.of(2, -3, 5, 0.5), Float32Array.of(1, 0, -0, 2), out, 2, sums);
  assertEquals(Array.from(out), [2, -0, 0, 0.5]);
  assert(Object.is(out[1], -0), "−3·0 is −0, as the stock dy·step(x) gives");
  assertEquals(Array.from(sums), [2, 0.5]);
});

Deno.test({ name: "C column sums equal the JavaScript ones bit for bit", ignore }, () => {
  for (const [rows, width] of [[1, 1], [37, 5], [1000, 64], [3, 300]]) {
    const x = values(rows * width, rows + width);
    const outC = new Float32Array(width), outJs = new Float32Array(width);
    compiled().sumRows(x, rows, width, outC);
    JS_MOVERS.sumRows(x, rows, width, outJs);
    assertSameBits(outC, outJs, `sum of ${rows}×${width}`);
  }
});

for (const [bias, relu] of [[5, true], [5, false], [1, true], [0, true]] as const) {
  Deno.test({
    name:
      `C bias + activation equals the JavaScript one bit for bit (bias of ${bias}, relu ${relu})`,
    ignore,
  }, () => {
    const rows = 9, cols = 5;
    const outC = awkward(rows * cols, 5), outJs = outC.slice();
    const b = bias === 0 ? undefined : values(bias, 6);
    compiled().biasActivation(outC, cols, b, relu);
    JS_MOVERS.biasActivation(outJs, cols, b, relu);
    assertSameBits(outC, outJs, "bias + activation");
  });
}
