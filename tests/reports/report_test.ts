import { assert, assertEquals } from "../_assert.ts";
import { escapeHtml, jsonForScript, renderReport } from "../../reports/mod.ts";
import type { Manifest } from "../../reports/mod.ts";
import { fixtureResults } from "./fixture.ts";

const MANIFEST: Manifest = {
  name: "fixture",
  rootSeed: 7,
  renkeiVersion: "0.1.0",
  gitCommit: null,
  deno: "2",
  v8: "15",
  typescript: "6",
  tfjs: "4.22.0",
  backend: "wasm",
  scenarioSha256: "a".repeat(64),
  resultsSha256: "b".repeat(64),
  resultsHash: "c".repeat(64),
  wallSeconds: 1,
  createdAt: "2025-01-01T00:00:00.000Z",
  command: "deno task renkei run x.yaml",
};
const HOSTILE = "</script><script>alert(1)</script>";

Deno.test("renderReport() keeps a 300-site, 100-round report well under 3 MB", () => {
  const html = renderReport(fixtureResults({ sites: 300, rounds: 100 }), MANIFEST);
  const megabytes = new TextEncoder().encode(html).length / 1e6;
  assert(megabytes < 2, `report is ${megabytes.toFixed(2)} MB`);
});

Deno.test("renderReport() inlines vega, vega-lite and vega-embed and loads nothing from the network", () => {
  const html = renderReport(fixtureResults(), MANIFEST);
  assert(!/<script[^>]*\bsrc=/i.test(html), "a script is loaded by src");
  assert(!/<link[^>]*href="https?:/i.test(html), "a stylesheet is loaded from the network");
  for (const global of ["vegaEmbed", "vegaLite", "vega"]) assert(html.includes(global), global);
});

Deno.test("renderReport() shows scenario text as text, not markup, and escapes '<' in embedded JSON", () => {
  const results = fixtureResults({
    name: HOSTILE,
    description: HOSTILE,
    groupNames: ["full", HOSTILE, "b", "c"],
  });
  const html = renderReport(results, MANIFEST);
  assert(!html.includes(HOSTILE), "the hostile string appears verbatim");
  assert(html.includes(escapeHtml(HOSTILE)));
  const json = html.match(/<script type="application\/json" id="renkei-charts">([^]*?)<\/script>/)
    ?.[1];
  assert(json, "the chart JSON element is missing or was closed early");
  assert(json.includes("\\u003c/script\\u003e"));
  assert(JSON.stringify(JSON.parse(json)).includes(HOSTILE), "the name survives in the chart data");
});

Deno.test("renderReport() has a slot for every chart it embeds and reports the count to the page", () => {
  const html = renderReport(fixtureResults(), MANIFEST);
  const json = html.match(/id="renkei-charts">([^]*?)<\/script>/)![1];
  const ids = Object.keys(JSON.parse(json));
  assertEquals(ids.length, 14);
  for (const id of ids) assert(html.includes(`<div id="${id}" class="chart">`), id);
  assert(html.includes(`data-expected="14"`));
});

Deno.test("renderReport() leaves out charts with no data and says so", () => {
  const results = fixtureResults();
  results.timeline = [];
  results.partition = [];
  const html = renderReport(results, MANIFEST);
  assert(html.includes("No timeline recorded.") && html.includes("No partition recorded."));
  assert(html.includes(`data-expected="12"`));
});

Deno.test("renderReport() shows headline numbers, the targets table and the reproducibility block", () => {
  const results = fixtureResults();
  const html = renderReport(results, MANIFEST, [
    {
      name: "minAccuracy",
      threshold: 0.99,
      measured: 0.8,
      worst: 0.8,
      pass: false,
      comparison: ">=",
      runs: 1,
    },
  ]);
  assert(html.includes(`${(results.summary.finalAccuracy * 100).toFixed(1)}%`));
  assert(html.includes(`<td class="fail">FAIL</td>`));
  assert(html.includes(MANIFEST.resultsHash) && html.includes(MANIFEST.command));
});

Deno.test("jsonForScript() escapes every character that could end a script element", () => {
  const text = jsonForScript({ s: "</script><!-- & \u2028" });
  assert(!/[<>&\u2028]/.test(text));
  assertEquals(JSON.parse(text), { s: "</script><!-- & \u2028" });
});
