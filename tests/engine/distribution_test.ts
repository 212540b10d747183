import assert from "node:assert/strict";
import {
  describeDistribution,
  distributionMean,
  type DistributionSpec,
  formatNumber,
  Rng,
  sampleDistribution,
} from "../../sim/engine/mod.ts";
import { assertNear } from "../_assert.ts";
import { moments, sample } from "./_helpers.ts";

const SPECS: DistributionSpec[] = [
  7,
  { constant: 3 },
  { uniform: { min: 1e9, max: 4e9 } },
  { normal: { mean: -2, sd: 0.5 } },
  { lognormal: { median: 20, sigma: 0.5 } },
  { gamma: { shape: 2, scale: 1.5 } },
  { choice: { values: [1, 2, 10] } },
  { choice: { values: [1, 2, 10], weights: [0.5, 0.3, 0.2] } },
];

Deno.test("sampleDistribution draws with the mean distributionMean states, for every kind", () => {
  for (const spec of SPECS) {
    const rng = new Rng(`spec-${describeDistribution(spec)}`);
    const xs = sample(50_000, () => sampleDistribution(spec, rng));
    const mean = distributionMean(spec);
    const sd = Math.sqrt(moments(xs).variance);
    // Five standard errors, plus a little slack for constants (sd = 0).
    assertNear(
      moments(xs).mean,
      mean,
      5 * sd / Math.sqrt(xs.length) + 1e-9,
      describeDistribution(spec),
    );
  }
});

Deno.test("sampleDistribution keeps values inside the support of each kind", () => {
  const rng = new Rng("support");
  for (let i = 0; i < 2000; i++) {
    const u = sampleDistribution({ uniform: { min: 1, max: 4 } }, rng);
    assert.ok(u >= 1 && u < 4);
    assert.ok(sampleDistribution({ lognormal: { median: 5, sigma: 2 } }, rng) > 0);
    assert.ok([1, 2, 10].includes(sampleDistribution({ choice: { values: [1, 2, 10] } }, rng)));
  }
  assert.equal(sampleDistribution({ choice: { values: [1, 2], weights: [0, 1] } }, rng), 2);
  assert.equal(sampleDistribution(7, rng), 7);
});

Deno.test("sampleDistribution is reproducible for the same stream state", () => {
  const spec: DistributionSpec = { gamma: { shape: 0.7, scale: 3 } };
  const a = new Rng("same"), b = new Rng("same");
  assert.deepEqual(
    Array.from({ length: 20 }, () => sampleDistribution(spec, a)),
    Array.from({ length: 20 }, () => sampleDistribution(spec, b)),
  );
});

Deno.test("describeDistribution names the kind and its parameters", () => {
  assert.equal(
    describeDistribution({ lognormal: { median: 20, sigma: 0.5 } }),
    "lognormal(median=20, sigma=0.5)",
  );
  assert.equal(
    describeDistribution({ lognormal: { median: 2.0e9, sigma: 0.6 } }),
    "lognormal(median=2e9, sigma=0.6)",
  );
  assert.equal(
    describeDistribution({ uniform: { min: 1e9, max: 4e9 } }),
    "uniform(min=1e9, max=4e9)",
  );
  assert.equal(describeDistribution({ normal: { mean: 0, sd: 1 } }), "normal(mean=0, sd=1)");
  assert.equal(
    describeDistribution({ gamma: { shape: 0.3, scale: 2 } }),
    "gamma(shape=0.3, scale=2)",
  );
  assert.equal(describeDistribution({ constant: 5 }), "constant(5)");
  assert.equal(describeDistribution(0.05), "0.05");
  assert.equal(
    describeDistribution({ choice: { values: [1, 2], weights: [0.25, 0.75] } }),
    "choice(values=[1, 2], weights=[0.25, 0.75])",
  );
});

Deno.test("formatNumber writes short numbers for reports", () => {
  assert.equal(formatNumber(2e9), "2e9");
  assert.equal(formatNumber(5.5e6), "5.5e6");
  assert.equal(formatNumber(1.5e-5), "1.5e-5");
  assert.equal(formatNumber(1 / 3), "0.333333");
  assert.equal(formatNumber(300), "300");
  assert.equal(formatNumber(0), "0");
  assert.equal(formatNumber(-0.25), "-0.25");
});

Deno.test("distributionMean uses the lognormal mean, not its median", () => {
  assertNear(
    distributionMean({ lognormal: { median: 10, sigma: 1 } }),
    10 * Math.exp(0.5),
    1e-12,
    "mean",
  );
  assert.equal(distributionMean({ choice: { values: [0, 10], weights: [3, 1] } }), 2.5);
  assert.equal(distributionMean({ gamma: { shape: 2, scale: 3 } }), 6);
});

Deno.test("Distribution functions reject malformed specs with TypeError or RangeError", () => {
  const rng = new Rng("bad");
  const bad: [unknown, ErrorConstructor][] = [
    [NaN, TypeError],
    ["5", TypeError],
    [{}, TypeError],
    [{ uniform: { min: 1, max: 2 }, normal: { mean: 0, sd: 1 } }, TypeError],
    [{ poisson: { rate: 1 } }, TypeError],
    [{ uniform: { min: 2, max: 1 } }, RangeError],
    [{ normal: { mean: 0 } }, TypeError],
    [{ lognormal: { median: -1, sigma: 1 } }, RangeError],
    [{ gamma: { shape: 0, scale: 1 } }, RangeError],
    [{ choice: { values: [] } }, TypeError],
    [{ choice: { values: [1, 2], weights: [1] } }, TypeError],
    [{ choice: { values: [1, 2], weights: [0, 0] } }, RangeError],
  ];
  for (const [spec, type] of bad) {
    const s = spec as DistributionSpec;
    assert.throws(() => sampleDistribution(s, rng), type, `sample ${JSON.stringify(spec)}`);
    assert.throws(() => describeDistribution(s), type, `describe ${JSON.stringify(spec)}`);
    assert.throws(() => distributionMean(s), type, `mean ${JSON.stringify(spec)}`);
  }
});
