/*
 * Data-movement loops of the native backend's convolution and pooling
 * kernels (models/kernels/native/): the parts the system BLAS does not do.
 * Compiled on first use by models/kernels/native/helpers.ts with the system C
 * compiler; the JavaScript versions in models/kernels/ are the reference and
 * the fallback, and tests/models check both against the stock cpu kernels.
 *
 * Everything is NHWC float32. No arithmetic is reassociated: col2im adds in
 * the JavaScript version's order, and the build disables FP contraction.
 */
#include <string.h>

typedef struct {
  int batch, inH, inW, inC, outH, outW;
  int filterH, filterW, strideH, strideW, dilationH, dilationW, padTop, padLeft;
} conv_geometry;

static inline int imin(int a, int b) { return a < b ? a : b; }
static inline int imax(int a, int b) { return a > b ? a : b; }

/*
 * Copies and zero fills of a few dozen floats: runs are one filter row of a
 * patch (filterW × channels: 9 floats for a 3×3 RGB convolution), too short
 * for a libc call per run to pay; callers pass a constant length where
 * they can (see renkei_im2col), so these unroll.
 */
static inline void copy_run(float *restrict dst, const float *restrict src, int n) {
  int i = 0;
  for (; i + 8 <= n; i += 8) memcpy(dst + i, src + i, 8 * sizeof(float));
  for (; i < n; i++) dst[i] = src[i];
}
static inline void zero_run(float *restrict dst, int n) {
  for (int i = 0; i < n; i++) dst[i] = 0.0f;
}

/* im2col's loops for one run length (inlined with a constant by renkei_im2col). */
static inline __attribute__((always_inline)) void im2col_runs(const float *restrict x,
                                                              const conv_geometry g,
                                                              float *restrict cols,
                                                              const int rowRun) {
  const int cin = g.inC, filterW = g.filterW;
  long at = 0;
  for (int b = 0; b < g.batch; b++)
    for (int oh = 0; oh < g.outH; oh++)
      for (int ow = 0; ow < g.outW; ow++) {
        const int iwStart = ow * g.strideW - g.padLeft;
        for (int fh = 0; fh < g.filterH; fh++, at += rowRun) {
          const int ih = oh * g.strideH - g.padTop + fh * g.dilationH;
          float *restrict dst = cols + at;
          if (ih < 0 || ih >= g.inH) {
            zero_run(dst, rowRun);
            continue;
          }
          const float *restrict row = x + ((long)b * g.inH + ih) * g.inW * cin;
          if (g.dilationW == 1) {
            if (iwStart >= 0 && iwStart + filterW <= g.inW) {
              copy_run(dst, row + (long)iwStart * cin, rowRun);
              continue;
            }
            const int fw0 = imin(filterW, imax(0, -iwStart));
            const int fw1 = imax(fw0, imin(filterW, g.inW - iwStart));
            zero_run(dst, fw0 * cin);
            copy_run(dst + fw0 * cin, row + (long)(iwStart + fw0) * cin, (fw1 - fw0) * cin);
            zero_run(dst + fw1 * cin, (filterW - fw1) * cin);
            continue;
          }
          for (int fw = 0; fw < filterW; fw++) {
            const int iw = iwStart + fw * g.dilationW;
            if (iw < 0 || iw >= g.inW) zero_run(dst + fw * cin, cin);
            else copy_run(dst + fw * cin, row + (long)iw * cin, cin);
          }
        }
      }
}

/* Patch matrix [M, K]: row m = receptive field of output m, taps (fh, fw), channels contiguous. */
void renkei_im2col(const float *restrict x, const int *restrict g32, float *restrict cols) {
  const conv_geometry g = *(const conv_geometry *)g32;
  /* Constant run lengths for the zoo's common rows (3 taps × 3, 16 or 32 channels; 5 × 1). */
  switch (g.filterW * g.inC) {
    case 9: im2col_runs(x, g, cols, 9); break;
    case 48: im2col_runs(x, g, cols, 48); break;
    case 96: im2col_runs(x, g, cols, 96); break;
    default: im2col_runs(x, g, cols, g.filterW * g.inC);
  }
}

/* Scatter-adds patch rows [M, K] into dx (zeros on entry), in im2col's order. */
void renkei_col2im(const float *restrict cols, const int *restrict g32, float *restrict dx) {
  const conv_geometry *g = (const conv_geometry *)g32;
  const int cin = g->inC, rowRun = g->filterW * cin;
  long row = 0;
  for (int b = 0; b < g->batch; b++)
    for (int oh = 0; oh < g->outH; oh++)
      for (int ow = 0; ow < g->outW; ow++) {
        const int iwStart = ow * g->strideW - g->padLeft;
        for (int fh = 0; fh < g->filterH; fh++, row += rowRun) {
          const int ih = oh * g->strideH - g->padTop + fh * g->dilationH;
          if (ih < 0 || ih >= g->inH) continue;
          float *restrict image = dx + ((long)b * g->inH + ih) * g->inW * cin;
          const float *restrict src = cols + row;
          for (int fw = 0; fw < g->filterW; fw++) {
            const int iw = iwStart + fw * g->dilationW;
            if (iw < 0 || iw >= g->inW) continue;
            float *restrict d = image + (long)iw * cin;
            const float *restrict s = src + fw * cin;
            for (int c = 0; c < cin; c++) d[c] += s[c];
          }
        }
      }
}

/*
 * Max-pool gradient for pools whose windows tile the input exactly (window =
 * stride, no padding, sizes divisible; at most 16 taps): each window's
 * gradient goes to its first maximum (strict > from -inf in row-major tap
 * order, like the cpu backend: NaN never wins, an all -inf window passes
 * nothing) and every other element of the window gets zero. Eight channels
 * at a time with GCC vector types (compare masks, no branches: the argmax of
 * real activations is unpredictable, and GCC does not vectorise the scalar
 * form).
 */
typedef float v8f __attribute__((vector_size(32)));
typedef int v8i __attribute__((vector_size(32)));
static inline v8f load8(const float *p) { v8f v; memcpy(&v, p, sizeof v); return v; }
static inline void store8(float *p, v8f v) { memcpy(p, &v, sizeof v); }
static inline v8f select8(v8i m, v8f a, v8f b) { return (v8f)((m & (v8i)a) | (~m & (v8i)b)); }

/* Offsets of a tiling pool's taps from its window's first element; 0 when over 16 taps. */
static int tap_offsets(long tapOffset[16], int outW, int c, int fh, int fw) {
  const long inW = (long)outW * fw;
  if (fh * fw > 16) return 0;
  for (int r = 0; r < fh; r++)
    for (int q = 0; q < fw; q++) tapOffset[r * fw + q] = (r * inW + q) * c;
  return fh * fw;
}

void renkei_maxpool_grad_tiled(const float *restrict x, const float *restrict dy, float *restrict dx,
                               int batch, int outH, int outW, int c, int fh, int fw) {
  const long inW = (long)outW * fw;
  const float ninf = -__builtin_inff();
  const v8f ninf8 = {ninf, ninf, ninf, ninf, ninf, ninf, ninf, ninf};
  const v8f zero8 = {0};
  long tapOffset[16];
  const int taps = tap_offsets(tapOffset, outW, c, fh, fw);
  if (taps == 0) return;
  long out = 0;
  for (int b = 0; b < batch; b++)
    for (int oh = 0; oh < outH; oh++)
      for (int ow = 0; ow < outW; ow++, out += c) {
        const long base = (((long)b * outH + oh) * fh * inW + (long)ow * fw) * c;
        const float *gy = dy + out;
        int ch = 0;
        for (; ch + 8 <= c; ch += 8) {
          v8f best = ninf8;
          v8i winner = {-1, -1, -1, -1, -1, -1, -1, -1};
          for (int t = 0; t < taps; t++) {
            const v8f v = load8(x + base + tapOffset[t] + ch);
            const v8i wins = v > best;
            best = select8(wins, v, best);
            const v8i tv = {t, t, t, t, t, t, t, t};
            winner = (wins & tv) | (~wins & winner);
          }
          const v8f g = load8(gy + ch);
          for (int t = 0; t < taps; t++) {
            const v8i tv = {t, t, t, t, t, t, t, t};
            store8(dx + base + tapOffset[t] + ch, select8(winner == tv, g, zero8));
          }
        }
        for (; ch < c; ch++) {
          float best = ninf;
          int winner = -1;
          for (int t = 0; t < taps; t++) {
            const float v = x[base + tapOffset[t] + ch];
            if (v > best) best = v, winner = t;
          }
          for (int t = 0; t < taps; t++) dx[base + tapOffset[t] + ch] = t == winner ? gy[ch] : 0.0f;
        }
      }
}

/* out[j] = sum over rows of x[r, j], accumulated in double in row order, then rounded. */
void renkei_sum_rows(const float *restrict x, long rows, int width, float *restrict out,
                     double *restrict acc) {
  for (int j = 0; j < width; j++) acc[j] = 0.0;
  for (long r = 0; r < rows; r++) {
    const float *restrict row = x + r * width;
    for (int j = 0; j < width; j++) acc[j] += row[j];
  }
  for (int j = 0; j < width; j++) out[j] = (float)acc[j];
}

/* out[r, j] += bias[j] (when has_bias; a single bias value when bias_size is 1), then ReLU (when relu). */
void renkei_bias_activation(float *restrict out, long rows, int cols, const float *restrict bias,
                            int bias_size, int relu) {
  for (long r = 0; r < rows; r++) {
    float *restrict o = out + r * cols;
    if (bias_size == 1) for (int j = 0; j < cols; j++) o[j] += bias[0];
    else if (bias_size > 1) for (int j = 0; j < cols; j++) o[j] += bias[j];
    if (relu) for (int j = 0; j < cols; j++) o[j] = o[j] < 0.0f ? 0.0f : o[j];
  }
}

/*
 * out[r, j] = dy[r, j] * (y[r, j] > 0 ? 1 : 0): the ReLU gradient from the ReLU's output, over
 * [rows, width]; and sums[j] = the column sums of out (double accumulators in row order, as
 * renkei_sum_rows), the bias gradient, in the same pass.
 */
void renkei_relu_grad(const float *restrict dy, const float *restrict y, float *restrict out,
                      long rows, int width, float *restrict sums, double *restrict acc) {
  /* Spelled out in vectors: gcc turns the scalar form into a branch (dy·1 = dy), which
     mispredicts on every other element. */
  const v8f one8 = {1, 1, 1, 1, 1, 1, 1, 1};
  const v8f zero8 = {0};
  for (int j = 0; j < width; j++) acc[j] = 0.0;
  for (long r = 0; r < rows; r++) {
    const long at = r * width;
    int j = 0;
    for (; j + 8 <= width; j += 8) {
      const v8f step = select8(load8(y + at + j) > zero8, one8, zero8);
      const v8f v = load8(dy + at + j) * step;
      store8(out + at + j, v);
      for (int k = 0; k < 8; k++) acc[j + k] += v[k];
    }
    for (; j < width; j++) {
      const float v = dy[at + j] * (y[at + j] > 0.0f ? 1.0f : 0.0f);
      out[at + j] = v;
      acc[j] += v;
    }
  }
  for (int j = 0; j < width; j++) sums[j] = (float)acc[j];
}

/*
 * Max pool forward over windows that tile the input (window = stride, no
 * padding): each output is the first strictly greater tap from -inf, the rule
 * the tiled gradient uses to pick its winner.
 */
void renkei_maxpool_tiled(const float *restrict x, float *restrict y, int batch, int outH,
                          int outW, int c, int fh, int fw) {
  const long inW = (long)outW * fw;
  const float ninf = -__builtin_inff();
  const v8f ninf8 = {ninf, ninf, ninf, ninf, ninf, ninf, ninf, ninf};
  long tapOffset[16];
  const int taps = tap_offsets(tapOffset, outW, c, fh, fw);
  if (taps == 0) return;
  long out = 0;
  for (int b = 0; b < batch; b++)
    for (int oh = 0; oh < outH; oh++)
      for (int ow = 0; ow < outW; ow++, out += c) {
        const long base = (((long)b * outH + oh) * fh * inW + (long)ow * fw) * c;
        int ch = 0;
        for (; ch + 8 <= c; ch += 8) {
          v8f best = ninf8;
          for (int t = 0; t < taps; t++) {
            const v8f v = load8(x + base + tapOffset[t] + ch);
            best = select8(v > best, v, best);
          }
          store8(y + out + ch, best);
        }
        for (; ch < c; ch++) {
          float best = ninf;
          for (int t = 0; t < taps; t++) {
            const float v = x[base + tapOffset[t] + ch];
            if (v > best) best = v;
          }
          y[out + ch] = best;
        }
      }
}
