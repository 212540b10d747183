import assert from "node:assert/strict";
import { ablationMarkdown, ablationRows, deployedSites } from "../../tools/ablation.ts";
import type { RunResults, SiteRecord } from "../../sim/results/results.ts";
import { siteRecord } from "./_site_record.ts";

function site(group: string, accuracy: number, personal = NaN, volumeScale = 1): SiteRecord {
  return siteRecord(group, accuracy, { personalizedAccuracy: personal, volumeScale });
}

function run(sites: SiteRecord[]): RunResults {
  return { sites, summary: { finalAccuracy: 0.8, wallSeconds: 1 } } as unknown as RunResults;
}

const none = run([site("full", 0.8), site("full", 0.8), site("tenth", 0.6, NaN, 0.1)]);
const personal = run([
  site("full", 0.8, 0.9),
  site("full", 0.8, 0.9),
  site("tenth", 0.6, 0.9, 0.1),
]);

Deno.test("ablationRows() measures a personalising run by the accuracy its sites deploy", () => {
  const [a, b] = ablationRows([{ label: "none", results: none }, {
    label: "personal",
    results: personal,
  }]);
  assert.ok(Math.abs(a.retention[0].retention - 0.75) < 1e-12);
  assert.ok(Math.abs(b.retention[0].retention - 1) < 1e-12);
  assert.ok(Math.abs(b.fullDelta - 0.1) < 1e-12);
  assert.equal(deployedSites(none), none.sites);
});

Deno.test("ablationMarkdown() marks a group below the retention goal", () => {
  const text = ablationMarkdown(ablationRows([{ label: "none", results: none }]));
  assert.match(text, /\| none \| 0\.800 \| 0\.800 \| 0\.000 \| 0\.750 .*✗ \|/);
});
