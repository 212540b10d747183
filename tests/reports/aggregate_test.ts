import { assert, assertEquals, assertNear } from "../_assert.ts";
import {
  partitionRows,
  sampleSites,
  TIMELINE_SAMPLE_SITES,
  timelineRows,
} from "../../reports/aggregate.ts";
import { fixtureResults } from "./fixture.ts";

Deno.test("sampleSites() keeps at most 20 sites and takes some from every group", () => {
  const { sites } = fixtureResults({ sites: 300 });
  const sample = sampleSites(sites);
  assertEquals(sample.length, TIMELINE_SAMPLE_SITES);
  assertEquals(new Set(sample.map((s) => s.siteId)).size, sample.length);
  assertEquals(new Set(sample.map((s) => s.group)).size, 4);
});

Deno.test("sampleSites() keeps every site when there are fewer than the limit", () => {
  const { sites } = fixtureResults({ sites: 7 });
  assertEquals(sampleSites(sites).map((s) => s.siteId).sort((a, b) => a - b), [
    0,
    1,
    2,
    3,
    4,
    5,
    6,
  ]);
});

Deno.test("timelineRows() merges touching spans of the same state and drops unsampled sites", () => {
  const results = fixtureResults({ sites: 3, rounds: 1 });
  results.timeline = [
    { siteId: 0, state: "compute", start: 0, end: 1 },
    { siteId: 0, state: "compute", start: 1, end: 2 },
    { siteId: 0, state: "upload", start: 2, end: 3 },
    { siteId: 0, state: "idle", start: 3, end: 3 },
  ];
  assertEquals(timelineRows(results), [
    { site: "full #0", state: "compute", start: 0, end: 2 },
    { site: "full #0", state: "upload", start: 2, end: 3 },
  ]);
});

Deno.test("partitionRows() gives each site's class shares summing to one", () => {
  const results = fixtureResults({ sites: 30 });
  const { by, rows } = partitionRows(results);
  assertEquals(by, "site");
  assert(rows.every((r) => r.count > 0));
  for (const siteId of [0, 12, 29]) {
    const total = rows.filter((r) => r.siteId === siteId).reduce((a, r) => a + r.share, 0);
    assertNear(total, 1, 1e-3);
  }
});

Deno.test("partitionRows() falls back to groups when sites × classes is too large to embed", () => {
  const results = fixtureResults({ sites: 300, classes: 100, rounds: 2 });
  const { by, rows } = partitionRows(results);
  assertEquals(by, "group");
  assertEquals(rows.length, 4 * 100);
  const full = rows.filter((r) => r.group === "full").reduce((a, r) => a + r.count, 0);
  const expected = results.partition.filter((p) => p.siteId < 240).reduce((a, p) => a + p.count, 0);
  assertEquals(full, expected);
});
