import { assert, assertEquals } from "../_assert.ts";
import { writeRunDirectory, writeSeedDirectory } from "../../reports/mod.ts";
import { fixtureResults } from "./fixture.ts";
import { renderInChromium, SKIP_BROWSER } from "./browser.ts";

const NEW_RUN_CHARTS = [
  "chart-gap-rounds",
  "chart-gap-time",
  "chart-site-accuracy",
  "chart-retention",
  "chart-failures",
  "chart-participation-sites",
  "chart-partition",
];

Deno.test({
  name:
    "the gap, interval, failure-cause, participation and heatmap charts render in Chromium without console errors",
  ignore: SKIP_BROWSER,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "renkei-stats-report-" });
    try {
      const results = fixtureResults({ sites: 40, rounds: 20 });
      // A perfect 1/10 site: its tick sits at 1.0 and its interval reaches down.
      const tenth = results.sites.find((s) => s.volumeScale <= 0.2)!;
      tenth.accuracy = 1;
      const { reportPath } = await writeRunDirectory(dir, {
        scenario: results.scenario,
        results,
        wallSeconds: 1,
      });
      const html = await Deno.readTextFile(reportPath);
      for (const id of NEW_RUN_CHARTS) assert(html.includes(`<div id="${id}" class="chart">`), id);
      assert(html.includes("retention [95% bootstrap]") && html.includes("n (eval samples)"));
      const status = await renderInChromium(reportPath);
      assert(status.done, "the page never finished rendering its charts");
      assertEquals(status.errors, "");
      assertEquals(status.warnings, "");
      assertEquals(status.charts, status.expected);
      assert(status.dom.includes("0–1 axis"), "the 0–1 toggle is on the page");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "the report over seeds renders its bands and interval table in Chromium without console errors",
  ignore: SKIP_BROWSER,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "renkei-seeds-report-" });
    try {
      const runs = [1, 2, 3].map((seed) =>
        fixtureResults({ sites: 24, rounds: 12, seed, accuracyShift: seed / 100 })
      );
      const { reportPath, summary } = await writeSeedDirectory(
        dir,
        runs,
        runs.map((r) => `seed-${r.seed}`),
      );
      assertEquals(summary.seeds, [1, 2, 3]);
      const status = await renderInChromium(reportPath);
      assert(status.done, "the page never finished rendering its charts");
      assertEquals(status.errors, "");
      assertEquals(status.warnings, "");
      assertEquals(status.expected, 3);
      assertEquals(status.charts, 3);
      assert(status.dom.includes("95% CI low") && status.dom.includes("seed-2/report.html"));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
