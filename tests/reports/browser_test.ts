import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { renderComparison, writeRunDirectory } from "../../reports/mod.ts";
import { fixtureResults } from "./fixture.ts";
import { findChromium, renderInChromium, SKIP_BROWSER } from "./browser.ts";
import { chartSlot, renderPage } from "../../reports/html.ts";

// A name that would run script if any scenario text reached the page unescaped.
const HOSTILE = `</script><script>document.title="pwned"</script><b>x</b>`;

Deno.test({
  name: "a 300-site report renders every chart in headless Chromium without console errors",
  ignore: SKIP_BROWSER,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "renkei-report-" });
    try {
      const results = fixtureResults({
        sites: 300,
        rounds: 100,
        name: HOSTILE,
        description: HOSTILE,
        groupNames: ["full", HOSTILE, "tenth-granularity", "missing-camera"],
      });
      const { reportPath } = await writeRunDirectory(dir, {
        scenario: results.scenario,
        results,
        wallSeconds: 1,
      });
      const status = await renderInChromium(reportPath);
      assert(status.done, "the page never finished rendering its charts");
      assertEquals(status.errors, "");
      assertEquals(status.warnings, "");
      assertEquals(status.expected, 14);
      assertEquals(status.charts, status.expected);
      assert(!status.dom.includes("<title>pwned</title>"), "injected script ran");
      assert(status.dom.includes("&lt;/script&gt;&lt;script&gt;document.title="));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "a comparison of three runs renders every chart in headless Chromium",
  ignore: SKIP_BROWSER,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "renkei-compare-" });
    try {
      const html = renderComparison([
        { label: "fedavg", results: fixtureResults({ seed: 1 }) },
        { label: "fedprox", results: fixtureResults({ seed: 2, accuracyShift: 0.02 }) },
        { label: HOSTILE, results: fixtureResults({ seed: 3, noCentral: true }) },
      ]);
      const path = `${dir}/compare.html`;
      await Deno.writeTextFile(path, html);
      const status = await renderInChromium(path);
      assert(status.done, "the page never finished rendering its charts");
      assertEquals(status.errors, "");
      assertEquals(status.expected, 3);
      assertEquals(status.charts, 3);
      assert(!status.dom.includes("<title>pwned</title>"), "injected script ran");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "the render status reports a chart that fails to render and an error thrown on the page",
  ignore: SKIP_BROWSER,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "renkei-broken-" });
    try {
      const path = `${dir}/broken.html`;
      await Deno.writeTextFile(
        path,
        renderPage({
          title: "broken",
          body: chartSlot("good", "fine") + chartSlot("bad", "broken") +
            "<script>throw new Error('boom')</script>",
          charts: {
            good: { data: { values: [{ a: 1 }] }, mark: "point", encoding: { x: { field: "a" } } },
            bad: { data: { values: [] }, mark: { type: "no-such-mark" } },
          },
        }),
      );
      const status = await renderInChromium(path);
      assert(status.done);
      assertEquals(status.expected, 2);
      assertEquals(status.charts, 1);
      assert(status.errors.includes("bad:"), `errors: ${status.errors}`);
      assert(status.errors.includes("boom"), `errors: ${status.errors}`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("without Chromium the browser tests fail with a message that says how to fix it", () => {
  assertThrows(() => findChromium(["/nonexistent/chromium"]), Error, "RENKEI_SKIP_BROWSER=1");
});
