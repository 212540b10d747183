import { assert, assertEquals } from "../_assert.ts";
import {
  failuresByCauseRows,
  groupAccuracyIntervals,
  siteAccuracyIntervals,
} from "../../reports/site_stats.ts";
import { siteIntervalChart } from "../../reports/site_charts.ts";
import { accuracyChart } from "../../reports/charts.ts";
import { wilsonInterval } from "../../reports/stats/intervals.ts";
import { fixtureResults } from "./fixture.ts";

const site = (siteId: number, group: string, volumeScale: number, accuracy: number, n: number) => ({
  siteId,
  group,
  trainSamples: Math.round(300 * volumeScale),
  testSamples: n,
  volumeScale,
  granularity: 1,
  missing: [],
  computeFlops: 1,
  uplinkBps: 1,
  downlinkBps: 1,
  latencyS: 0,
  accuracy,
  personalizedAccuracy: NaN,
  roundsParticipated: 1,
  roundsFailed: 0,
});

Deno.test("every site's accuracy carries its n and Wilson interval; 10/10 is not a bare 1.0", () => {
  const rows = siteAccuracyIntervals({
    sites: [site(0, "full", 1, 0.9, 200), site(1, "t", 0.1, 1, 10)],
  });
  assertEquals(rows.map((r) => r.n), [200, 10]);
  assertEquals(rows[1].high, 1);
  assert(Math.abs(rows[1].low - 10 / (10 + 1.959963984540054 ** 2)) < 1e-12);
});

Deno.test("a group's accuracy pools its sites' samples: correct answers ÷ all evaluation samples", () => {
  const sites = [
    site(0, "full", 1, 0.9, 200),
    site(1, "full", 1, 0.8, 200),
    site(2, "tenth", 0.1, 0.75, 200),
    site(3, "tenth", 0.1, 0.85, 100),
  ];
  const [full, tenth] = groupAccuracyIntervals({ sites, seed: 1 });
  assertEquals([full.n, tenth.n], [400, 300]);
  // (150 + 85) / 300 correct; Wilson on that.
  assert(Math.abs(tenth.accuracy - 235 / 300) < 1e-12);
  assertEquals([tenth.low, tenth.high], [
    wilsonInterval(235 / 300, 300).low,
    wilsonInterval(235 / 300, 300).high,
  ]);
  // Retention is the ratio of mean site accuracies, as groupRetention defines it.
  assert(Math.abs(tenth.retention - 0.8 / 0.85) < 1e-12);
  assert(tenth.retentionLow < tenth.retention && tenth.retention < tenth.retentionHigh);
  assert(Number.isNaN(full.retention));
});

Deno.test("the site chart's axis reaches past 1.0 with padding, so a perfect site is drawn whole", () => {
  const spec = siteIntervalChart(siteAccuracyIntervals({
    sites: [site(0, "full", 1, 0.9, 200), site(1, "t", 0.1, 1, 10)],
  })) as { layer: { encoding: { x: { scale: { domain: number[]; padding: number } } } }[] };
  const scale = spec.layer[1].encoding.x.scale;
  assertEquals(scale.domain[1], 1);
  assert(scale.padding > 0);
  assert(scale.domain[0] > 0.5, "zoomed to the data, not 0–1");
});

Deno.test("the accuracy chart zooms to the data, offers the 0–1 view and ticks whole rounds", () => {
  const spec = accuracyChart(
    [{ round: 1, time: 1, accuracy: 0.93 }, { round: 2, time: 2, accuracy: 0.95 }],
    "round",
    0.97,
  );
  const json = JSON.stringify(spec);
  assert(
    json.includes('"unitAxis ? 0.0000 : 0.9250"') && json.includes('"unitAxis ? 1.0000 : 0.9750"'),
    json,
  );
  assert(json.includes('"tickMinStep":1'));
  assert(json.includes('"strokeDash":[6,4]') && json.includes("centralised 97.0%"));
});

Deno.test("failures are split by cause per round", () => {
  const rows = failuresByCauseRows(fixtureResults({ sites: 30, rounds: 6 }));
  assert(rows.some((r) => r.cause === "late (deadline)"));
  assert(rows.every((r) => r.sites > 0));
});
