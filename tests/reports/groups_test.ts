import { assertEquals, assertNear } from "../_assert.ts";
import { groupRetention, siteCondition } from "../../reports/mod.ts";
import { fixtureResults } from "./fixture.ts";

Deno.test("siteCondition() names small, coarse and sensor-less sites, in that order", () => {
  const [site] = fixtureResults({ sites: 1 }).sites;
  assertEquals(siteCondition(site), "full");
  assertEquals(siteCondition({ ...site, volumeScale: 0.2 }), "small volume");
  assertEquals(siteCondition({ ...site, granularity: 0.5 }), "coarse granularity");
  assertEquals(siteCondition({ ...site, missing: ["image"] }), "missing modality");
  assertEquals(siteCondition({ ...site, volumeScale: 0.1, missing: ["image"] }), "small volume");
});

Deno.test("groupRetention() divides a group's mean accuracy by the full sites' mean, skipping NaN", () => {
  const results = fixtureResults({ sites: 20 });
  const full = results.sites.filter((s) => s.group === "full");
  const tenth = results.sites.filter((s) => s.group === "tenth-volume");
  tenth[0].accuracy = NaN;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const expected = mean(tenth.slice(1).map((s) => s.accuracy)) / mean(full.map((s) => s.accuracy));
  const [first] = groupRetention(results);
  assertEquals(first.group, "tenth-volume");
  assertEquals(first.sites, tenth.length - 1);
  assertNear(first.retention, expected, 1e-12);
});
