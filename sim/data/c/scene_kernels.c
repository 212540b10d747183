/*
 * The scene generator's per-value loops in C: the xorshift32 normal noise of
 * sim/data/_fast_noise.ts, camera frames (pixels + noise), the building
 * series' readings, and the block averaging of coarse-granularity images.
 *
 * The JavaScript versions are the reference; these must match them bit for
 * bit. So: arithmetic in double exactly as JavaScript does it, in the same
 * order, rounded to float only where JavaScript stores into a Float32Array;
 * no FMA (built with -ffp-contract=off); the noise stream is the same
 * xorshift32 in uint32 with the same 65,536-entry table (passed in from
 * JavaScript). No libm: sines, cosines and exponentials are computed in
 * JavaScript and arrive here as per-row, per-column and per-step tables.
 *
 * Speed comes from breaking the noise stream's serial dependency: xorshift32
 * is linear over GF(2), so the state k steps ahead is a fixed 32x32 bit matrix
 * times the state. A run of values is cut into LANES segments whose start
 * states are found by that jump; the segments are then stepped side by side.
 */

#include <stdint.h>
#include <string.h>

#define TABLE_SHIFT 16 /* 32 - TABLE_BITS */
#define LANES 8
#define BLOCK 8

typedef uint32_t u32x8 __attribute__((vector_size(32)));

static inline uint32_t xorshift(uint32_t x) {
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return x;
}

/* A 32x32 bit matrix over GF(2), as its columns: col[i] = M * (1 << i). */
typedef struct {
  uint32_t col[32];
} bitmatrix;

static inline uint32_t bm_apply(const bitmatrix *m, uint32_t v) {
  uint32_t r = 0;
  for (int i = 0; i < 32; i++) r ^= m->col[i] & (0u - ((v >> i) & 1u));
  return r;
}

static void bm_mul(const bitmatrix *a, const bitmatrix *b, bitmatrix *out) {
  bitmatrix t;
  for (int i = 0; i < 32; i++) t.col[i] = bm_apply(a, b->col[i]);
  *out = t;
}

/* The matrix that advances the xorshift32 state by `steps` steps. */
static void jump_matrix(int64_t steps, bitmatrix *out) {
  bitmatrix base, r;
  for (int i = 0; i < 32; i++) {
    base.col[i] = xorshift(1u << i);
    r.col[i] = 1u << i;
  }
  while (steps > 0) {
    if (steps & 1) bm_mul(&base, &r, &r);
    bm_mul(&base, &base, &base);
    steps >>= 1;
  }
  *out = r;
}

/* out[i] = float(out[i] + sd * table[next() >> 16]) for i in [0, n), one value after another. */
static uint32_t add_normal_serial(float *out, int64_t n, double sd, const float *table,
                                  uint32_t x) {
  for (int64_t i = 0; i < n; i++) {
    x = xorshift(x);
    out[i] = (float)((double)out[i] + sd * (double)table[x >> TABLE_SHIFT]);
  }
  return x;
}

/*
 * The same as add_normal_serial over LANES segments of `seg` values each
 * (seg a multiple of BLOCK), `jump` advancing a state by `seg` steps; with
 * `overwrite`, out[...] = table[...] instead, the values
 * FastNoise.addNormal(zeros, 1) would leave (0 + 1 * t is t exactly).
 * Returns the state after the last segment.
 */
static inline __attribute__((always_inline)) uint32_t noise_lanes(
    float *out, int64_t seg, double sd, const float *table, uint32_t x, const bitmatrix *jump,
    const int overwrite) {
  u32x8 v;
  v[0] = x;
  for (int j = 1; j < LANES; j++) v[j] = bm_apply(jump, v[j - 1]);
  uint32_t idx[BLOCK][LANES];
  for (int64_t t = 0; t < seg; t += BLOCK) {
    for (int k = 0; k < BLOCK; k++) {
      v ^= v << 13;
      v ^= v >> 17;
      v ^= v << 5;
      u32x8 ix = v >> TABLE_SHIFT;
      memcpy(idx[k], &ix, sizeof ix);
    }
    float vals[LANES][BLOCK];
    for (int j = 0; j < LANES; j++) {
      for (int k = 0; k < BLOCK; k++) vals[j][k] = table[idx[k][j]];
    }
    for (int j = 0; j < LANES; j++) {
      float *o = out + j * seg + t;
      if (overwrite) {
        for (int k = 0; k < BLOCK; k++) o[k] = vals[j][k];
      } else {
        for (int k = 0; k < BLOCK; k++) o[k] = (float)((double)o[k] + sd * (double)vals[j][k]);
      }
    }
  }
  return v[LANES - 1];
}

static uint32_t add_normal_lanes(float *out, int64_t seg, double sd, const float *table,
                                 uint32_t x, const bitmatrix *jump) {
  return noise_lanes(out, seg, sd, table, x, jump, 0);
}

static uint32_t normal_lanes(float *out, int64_t seg, const float *table, uint32_t x,
                             const bitmatrix *jump) {
  return noise_lanes(out, seg, 1.0, table, x, jump, 1);
}

/* Lane geometry for a run of n values: segment length (0 when too short to pay). */
static int64_t lane_segment(int64_t n) {
  int64_t seg = n / LANES / BLOCK * BLOCK;
  return seg >= 64 ? seg : 0;
}

/* normal_lanes over any n, continuing from x; `jump` must advance lane_segment(n) steps. */
static uint32_t normal_values(float *out, int64_t n, const float *table, uint32_t x,
                              const bitmatrix *jump) {
  int64_t seg = lane_segment(n);
  if (seg > 0) {
    x = normal_lanes(out, seg, table, x, jump);
    out += seg * LANES;
    n -= seg * LANES;
  }
  for (int64_t i = 0; i < n; i++) {
    x = xorshift(x);
    out[i] = table[x >> TABLE_SHIFT];
  }
  return x;
}

/* Fills out[0, n) with standard normal values from the stream: FastNoise.addNormal(zeros, 1). */
void renkei_normal_fill(float *out, int64_t n, const float *table, uint32_t *state) {
  bitmatrix jump;
  int64_t seg = lane_segment(n);
  if (seg > 0) jump_matrix(seg, &jump);
  *state = normal_values(out, n, table, *state, &jump);
}

/*
 * FastNoise.addNormal over out[0, n): adds sd * N(0, 1) to every value,
 * continuing the stream whose state is *state (updated).
 */
void renkei_add_normal(float *out, int64_t n, double sd, const float *table, uint32_t *state) {
  uint32_t x = *state;
  int64_t seg = lane_segment(n);
  if (seg > 0) {
    bitmatrix jump;
    jump_matrix(seg, &jump);
    x = add_normal_lanes(out, seg, sd, table, x, &jump);
    out += seg * LANES;
    n -= seg * LANES;
  }
  *state = add_normal_serial(out, n, sd, table, x);
}

/*
 * Striped camera frames, as scene_image.ts `fillFrames` + `addNormal`:
 * per sample i, rows y, columns x, channels ch,
 *   stripe = sx[x] * (contrast * cy[y]) + cx[x] * (contrast * sy[y])   (JS order)
 *   value = float(brightness + stripe * colour[ch] + (ey[y] * ex[x]) * blob[ch])
 *   out = float(value + sd * noise)
 * frame after frame, the noise running through each frame in order.
 *
 * sx, cx, ex: [n, W]; sy, cy, ey: [n, H]; colour, blob: [n, C];
 * light: [n, 2] (brightness, contrast); out: [n, H, W, C];
 * scratch: room for W * C * 5 doubles and H * W * C floats.
 */
void renkei_scene_frames(int32_t n, int32_t H, int32_t W, int32_t C, const float *sx,
                         const float *cx, const float *ex, const float *sy, const float *cy,
                         const float *ey, const float *colour, const float *blob,
                         const double *light, float *out, double sd, const float *table,
                         uint32_t *state, void *scratch) {
  const int32_t row = W * C;
  const int64_t size = (int64_t)H * row;
  /* Per-position copies of the column and channel tables, so the pixel loop
     runs over contiguous arrays (and vectorises) whatever C is. */
  double *sxq = (double *)scratch, *cxq = sxq + row, *exq = cxq + row;
  double *cq = exq + row, *bq = cq + row;
  float *noise = (float *)(bq + row);
  bitmatrix jump;
  const int64_t seg = lane_segment(size);
  if (seg > 0) jump_matrix(seg, &jump);
  uint32_t x = *state;
  for (int32_t i = 0; i < n; i++) {
    for (int32_t q = 0; q < row; q++) {
      const int32_t xx = q / C, ch = q % C;
      sxq[q] = sx[(int64_t)i * W + xx];
      cxq[q] = cx[(int64_t)i * W + xx];
      exq[q] = ex[(int64_t)i * W + xx];
      cq[q] = colour[(int64_t)i * C + ch];
      bq[q] = blob[(int64_t)i * C + ch];
    }
    /* The table reads are bound by L1 refills, the pixels by arithmetic;
       two passes measured faster than interleaving them. */
    x = normal_values(noise, size, table, x, &jump);
    const double brightness = light[2 * i], contrast = light[2 * i + 1];
    const float *syi = sy + (int64_t)i * H, *cyi = cy + (int64_t)i * H, *eyi = ey + (int64_t)i * H;
    float *o = out + (int64_t)i * size;
    for (int32_t y = 0; y < H; y++) {
      const double syy = contrast * (double)syi[y], cyy = contrast * (double)cyi[y];
      const double eyy = (double)eyi[y];
      float *oy = o + (int64_t)y * row;
      const float *ny = noise + (int64_t)y * row;
      for (int32_t q = 0; q < row; q++) {
        const double stripe = sxq[q] * cyy + cxq[q] * syy;
        const double blob_v = eyy * exq[q];
        const float value = (float)(brightness + stripe * cq[q] + blob_v * bq[q]);
        oy[q] = (float)((double)value + sd * (double)ny[q]);
      }
    }
  }
  *state = x;
}

/*
 * The building time series' readings, as scene_series.ts `seriesReadings`
 * (see there for the formulas): levels [n, 8], fast [n], waves [n, 3, 64]
 * (approximate sin, exp, sin from JavaScript), eps [n, 64, 6], out [n, 64, 6].
 * A wave reading is written where the approximation's band decides its
 * float; otherwise its position and AR term are listed for JavaScript to
 * finish with Math.*. Returns how many were listed.
 */
int32_t renkei_scene_series(int32_t n, const double *levels, const int32_t *fast,
                            const double *waves, const float *eps, float *out,
                            int32_t *positions, double *rests, double sin_band,
                            double exp_band) {
  enum { STEPS = 64, CH = 6 };
  const double AR = 0.5, WALK = 0.12, NOISE = 0.35;
  int32_t count = 0;
  for (int32_t i = 0; i < n; i++) {
    const double *l = levels + (int64_t)i * 8;
    const double *w = waves + (int64_t)i * 3 * STEPS;
    const int ok = fast[i] == 1;
    const double vib_amp = l[0], sound_amp = l[1], power_level = l[2], temperature = l[3];
    const double co2_light = l[7];
    double w3 = l[4], w4 = l[5], w5 = l[6];
    double ar0 = 0, ar1 = 0, ar2 = 0;
    for (int32_t s = 0; s < STEPS; s++) {
      const int64_t p = ((int64_t)i * STEPS + s) * CH;
      ar0 = AR * ar0 + (double)eps[p];
      ar1 = AR * ar1 + (double)eps[p + 1];
      ar2 = AR * ar2 + (double)eps[p + 2];
      w3 += WALK * (double)eps[p + 3];
      w4 += WALK * (double)eps[p + 4];
      w5 += WALK * (double)eps[p + 5];
      const double rest0 = NOISE * ar0, s0 = w[s];
      const float low0 = (float)(vib_amp * (s0 - sin_band) + rest0);
      if (ok && low0 == (float)(vib_amp * (s0 + sin_band) + rest0)) {
        out[p] = low0;
      } else {
        positions[count] = (int32_t)p;
        rests[count++] = rest0;
      }
      const double rest1 = NOISE * ar1, e1 = w[STEPS + s];
      const float low1 = (float)(-0.5 + sound_amp * (e1 * (1 - exp_band)) + rest1);
      if (ok && low1 == (float)(-0.5 + sound_amp * (e1 * (1 + exp_band)) + rest1)) {
        out[p + 1] = low1;
      } else {
        positions[count] = (int32_t)(p + 1);
        rests[count++] = rest1;
      }
      const double rest2 = NOISE * ar2, s2 = w[2 * STEPS + s];
      const float low2 = (float)(power_level + 0.3 * (s2 - sin_band) + rest2);
      if (ok && low2 == (float)(power_level + 0.3 * (s2 + sin_band) + rest2)) {
        out[p + 2] = low2;
      } else {
        positions[count] = (int32_t)(p + 2);
        rests[count++] = rest2;
      }
      out[p + 3] = (float)(temperature + w3);
      out[p + 4] = (float)w4;
      out[p + 5] = (float)(w5 + co2_light);
    }
  }
  return count;
}

/*
 * image_ops.ts `blockAverageInPlace` over n images [H, W, C]: each of the
 * rows x cols blocks (block of y: y * rows / H, of x: x * cols / W) becomes
 * its mean, summed in double pixel by pixel in row order.
 * sums: room for rows * cols * C doubles; index: rows * cols + H + W int32.
 */
void renkei_block_average(float *data, int32_t n, int32_t H, int32_t W, int32_t C,
                          int32_t rows, int32_t cols, double *sums, int32_t *index) {
  const int32_t blocks = rows * cols;
  const int64_t size = (int64_t)H * W * C;
  int32_t *counts = index, *row_of = index + blocks, *col_of = row_of + H;
  for (int32_t y = 0; y < H; y++) row_of[y] = (int32_t)(((int64_t)y * rows) / H) * cols;
  for (int32_t x = 0; x < W; x++) col_of[x] = (int32_t)(((int64_t)x * cols) / W);
  for (int32_t i = 0; i < n; i++) {
    float *img = data + (int64_t)i * size;
    memset(sums, 0, sizeof(double) * blocks * C);
    memset(counts, 0, sizeof(int32_t) * blocks);
    float *p = img;
    for (int32_t y = 0; y < H; y++) {
      for (int32_t x = 0; x < W;) {
        /* A run of pixels in one block, summed in registers (same order). */
        const int32_t b = row_of[y] + col_of[x];
        double *sb = sums + (int64_t)b * C;
        int32_t end = x + 1;
        while (end < W && col_of[end] == col_of[x]) end++;
        counts[b] += end - x;
        if (C == 3) {
          double a0 = sb[0], a1 = sb[1], a2 = sb[2];
          for (; x < end; x++, p += 3) {
            a0 += (double)p[0];
            a1 += (double)p[1];
            a2 += (double)p[2];
          }
          sb[0] = a0;
          sb[1] = a1;
          sb[2] = a2;
        } else {
          for (; x < end; x++) {
            for (int32_t ch = 0; ch < C; ch++) sb[ch] += (double)*p++;
          }
        }
      }
    }
    for (int32_t b = 0; b < blocks; b++) {
      for (int32_t ch = 0; ch < C; ch++) sums[(int64_t)b * C + ch] /= (double)counts[b];
    }
    p = img;
    for (int32_t y = 0; y < H; y++) {
      for (int32_t x = 0; x < W; x++) {
        const double *sb = sums + (int64_t)(row_of[y] + col_of[x]) * C;
        for (int32_t ch = 0; ch < C; ch++) *p++ = (float)sb[ch];
      }
    }
  }
}
