import assert from "node:assert/strict";
import {
  PUBLIC_KEY_BYTES,
  quantizationScale,
  quantize,
  secureAggregate,
} from "../../../sim/fl/security/secagg/mod.ts";

const DIM = 10_000;
const CLIP = 1;

/** Pearson correlation of two equally long sequences. */
function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ma = 0, mb = 0;
  for (let i = 0; i < a.length; i++) [ma, mb] = [ma + a[i], mb + b[i]];
  [ma, mb] = [ma / a.length, mb / a.length];
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const [da, db] = [a[i] - ma, b[i] - mb];
    [sab, saa, sbb] = [sab + da * db, saa + da * da, sbb + db * db];
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Chi-square statistic of the top bytes of ring words against a uniform distribution. */
function topByteChiSquare(words: Uint32Array): number {
  const counts = new Float64Array(256);
  for (const w of words) counts[w >>> 24]++;
  const expected = words.length / 256;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

// Wilson–Hilferty: the chi-square(255) quantile at 1 − 1e-6 is ≈ 377.
const CHI_SQUARE_255_AT_1E6 = 377;

// A strongly structured update: a slow wave, as a weight vector often is.
const plain = Float32Array.from({ length: DIM }, (_, i) => 0.8 * Math.sin(i / 50));
const inputs = [plain, plain.map((v) => -v), plain.map((v) => v / 2)].map((vector, i) => ({
  siteId: i,
  vector,
}));
const result = await secureAggregate(inputs, { clip: CLIP, seed: 9, keepServerView: true });
const view = result.serverView!;

Deno.test("a single masked update is uncorrelated with the plain one", () => {
  const masked = view.maskedInputs.find((m) => m.siteId === 0)!.masked;
  const r = correlation(new Int32Array(masked.buffer), plain);
  assert.ok(Math.abs(r) < 0.05, `correlation ${r}`);
  // The same statistic sees the plain quantised update at once.
  const quantised = quantize(plain, CLIP, quantizationScale(CLIP, 3));
  assert.ok(correlation(new Int32Array(quantised.buffer), plain) > 0.99);
});

Deno.test("a single masked update is uniform over the ring", () => {
  for (const { masked } of view.maskedInputs) {
    const chi = topByteChiSquare(masked);
    assert.ok(chi < CHI_SQUARE_255_AT_1E6, `chi-square ${chi} over 255 degrees of freedom`);
  }
  // The plain quantised update fails the same test by far: the test has power.
  const quantised = quantize(plain, CLIP, quantizationScale(CLIP, 3));
  assert.ok(topByteChiSquare(quantised) > 10 * CHI_SQUARE_255_AT_1E6);
});

Deno.test("the server receives only public keys, sealed shares, masked vectors and single shares", () => {
  for (const advert of view.adverts) {
    assert.equal(advert.maskPublicKey.length, PUBLIC_KEY_BYTES);
    assert.equal(advert.sharePublicKey.length, PUBLIC_KEY_BYTES);
  }
  assert.equal(view.envelopes.length, 3 * 2);
  for (const response of view.unmaskResponses) {
    // One share per site, never both the self-mask seed and the mask key of a site.
    const selfOwners = response.selfMaskShares.map((s) => s.owner);
    const keyOwners = response.maskKeyShares.map((s) => s.owner);
    assert.equal(new Set([...selfOwners, ...keyOwners]).size, selfOwners.length + keyOwners.length);
    assert.deepEqual(keyOwners, []); // nobody dropped
  }
  const scale = quantizationScale(CLIP, 3);
  for (const { siteId, masked } of view.maskedInputs) {
    const quantised = quantize(inputs[siteId].vector, CLIP, scale);
    const same = masked.filter((w, i) => w === quantised[i]).length;
    assert.ok(same <= 2, `${same} words of site ${siteId}'s update reached the server unmasked`);
  }
});
