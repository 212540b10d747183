import { parse } from "yaml";
import { assert, assertEquals } from "../_assert.ts";
import { renderInChromium, SKIP_BROWSER } from "./browser.ts";
import {
  RAW_DATA_FLAG,
  renderSplitReport,
  REPORT_CANDIDATES,
  writeSplitDirectory,
} from "../../reports/split_report.ts";
import type { Manifest } from "../../reports/types.ts";
import { runSplitScenario, type SplitScenario } from "../../sim/split/run_paper.ts";
import type { SplitRunRecord } from "../../sim/split/mod.ts";

const SMALL = "scenarios/split-small.yaml";
// A name that would run script if any scenario text reached the page unescaped.
const HOSTILE = `</script><script>document.title="pwned"</script><b>x</b>`;

/** A real split run of the small scenario, shortened; `target` sets split.targetAccuracy. */
async function smallRecord(target: number | undefined, name = "split-small") {
  const scenario = parse(await Deno.readTextFile(SMALL)) as SplitScenario;
  scenario.name = name;
  scenario.description = name;
  scenario.split = { ...scenario.split, steps: 4, evalEvery: 2, targetAccuracy: target };
  if (target === undefined) delete scenario.split.evalEvery;
  return await runSplitScenario(scenario, SMALL);
}

const MANIFEST: Manifest = {
  name: "split-small",
  rootSeed: 11,
  renkeiVersion: "0.0.0",
  gitCommit: null,
  deno: "d",
  v8: "v",
  typescript: "t",
  tfjs: "4.22.0",
  backend: "wasm",
  scenarioSha256: "s",
  resultsSha256: "r",
  resultsHash: "h",
  wallSeconds: 1,
  createdAt: "2025-01-01T00:00:00.000Z",
  command: "deno task renkei split scenarios/split-small.yaml",
};

function rows(html: string, section: string): string {
  const start = html.indexOf(`<h2>${section}</h2>`);
  assert(start >= 0, `no section ${section}`);
  return html.slice(start, html.indexOf("</table>", start));
}

Deno.test({
  name: "a split report renders every chart in headless Chromium without console errors",
  ignore: SKIP_BROWSER,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "renkei-split-report-" });
    try {
      const record = await smallRecord(0.01, HOSTILE);
      const { reportPath, recordPath } = await writeSplitDirectory(dir, record, {
        scenarioText: await Deno.readTextFile(SMALL),
        command: `deno task renkei split ${SMALL}`,
      });
      const saved = JSON.parse(await Deno.readTextFile(recordPath)) as SplitRunRecord;
      assertEquals(saved.plan.chosen.bounds, record.plan.chosen.bounds);
      const status = await renderInChromium(reportPath);
      assert(status.done, "the page never finished rendering its charts");
      assertEquals(status.errors, "");
      assertEquals(status.warnings, "");
      assertEquals(status.expected, 4);
      assertEquals(status.charts, status.expected);
      assert(!status.dom.includes("<title>pwned</title>"), "injected script ran");
      assert(status.dom.includes("&lt;/script&gt;&lt;script&gt;document.title="));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("the split report shows the planned partition, the chosen candidate first and the raw-data placement flagged", async () => {
  const record = await smallRecord(0.01);
  const html = renderSplitReport(record, MANIFEST);
  const partition = rows(html, "Planned partition");
  for (const d of record.devices) assert(partition.includes(`<td>${d.name}</td>`), d.name);
  const candidates = rows(html, "The planner's choice");
  const shown = candidates.split("<tr>").length - 2; // header row and the text before it
  assertEquals(shown, Math.min(REPORT_CANDIDATES, record.plan.candidates.length));
  const chosen = candidates.indexOf('<td class="num">1 (chosen)</td>');
  const second = candidates.indexOf('<td class="num">2</td>');
  assert(chosen >= 0 && second > chosen, "the chosen candidate is listed first");
  const placements = rows(html, "Placements under the same budgets");
  const raw = placements.slice(placements.indexOf("raw inputs to server"));
  assert(raw.includes(RAW_DATA_FLAG), "the raw-data row carries the flag");
  assertEquals(placements.split(RAW_DATA_FLAG).length - 1, 1);
  assert(html.includes(`after ${record.stepsToTarget} steps`));
});

Deno.test("without a target the split report compares epoch times and says no steps-to-target were measured", async () => {
  const record = await smallRecord(undefined);
  assertEquals(record.stepsToTarget, null);
  assertEquals(record.evaluations, []);
  assert(record.placements.every((p) => p.secondsToTarget === null));
  const html = renderSplitReport(record, MANIFEST);
  assert(html.includes("No steps-to-target were measured"));
  assert(html.includes("simulated seconds per epoch"));
});
