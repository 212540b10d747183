import assert from "node:assert/strict";
import { meanSd, retentionWithSpread } from "../../sim/robustness/mod.ts";
import type { SiteRecord } from "../../sim/results/results.ts";
import { siteRecord } from "./_site_record.ts";

function site(group: string, accuracy: number, facts: Partial<SiteRecord> = {}): SiteRecord {
  return siteRecord(group, accuracy, { personalizedAccuracy: accuracy + 0.1, ...facts });
}

const sites = [
  site("full", 0.8),
  site("full", 0.9),
  site("full", 0.7),
  site("full", 0.8),
  site("tenth", 0.6, { volumeScale: 0.1 }),
  site("tenth", 0.8, { volumeScale: 0.1 }),
  site("coarse", 0.8, { granularity: 0.1 }),
  site("coarse", NaN, { granularity: 0.1 }),
];

Deno.test("retentionWithSpread() divides each degraded group's mean by the full sites' mean", () => {
  const [tenth, coarse] = retentionWithSpread(sites);
  assert.equal(tenth.group, "tenth");
  assert.ok(Math.abs(tenth.retention - 0.7 / 0.8) < 1e-12);
  assert.equal(coarse.sites, 1, "a site without a measured accuracy is left out");
  assert.ok(Math.abs(coarse.retention - 1) < 1e-12);
});

Deno.test("retentionWithSpread() reports the sites' spread and an interval around the retention", () => {
  const [tenth] = retentionWithSpread(sites);
  assert.ok(Math.abs(tenth.sd - Math.SQRT2 * 0.1) < 1e-12);
  assert.equal(tenth.fullSites, 4);
  assert.ok(Math.abs(tenth.minSiteRetention - 0.75) < 1e-12);
  assert.ok(Math.abs(tenth.maxSiteRetention - 1) < 1e-12);
  assert.ok(tenth.se > 0);
  assert.ok(tenth.ci95[0] < tenth.retention && tenth.retention < tenth.ci95[1]);
});

Deno.test("retentionWithSpread() can measure the personalised accuracy instead", () => {
  const [tenth] = retentionWithSpread(sites, "personalizedAccuracy");
  assert.ok(Math.abs(tenth.retention - 0.8 / 0.9) < 1e-12);
});

Deno.test("meanSd() gives NaN spread for a single value", () => {
  assert.deepEqual(meanSd([0.5]), { n: 1, mean: 0.5, sd: NaN });
});
