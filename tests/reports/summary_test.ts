import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { formatSummary, renderComparison, totalBytes } from "../../reports/mod.ts";
import { fixtureResults } from "./fixture.ts";

Deno.test("formatSummary() prints accuracy, gap, time to 95% of central, bytes and times", () => {
  const results = fixtureResults({ rounds: 100 });
  assert(results.summary.roundsTo95 !== null);
  const lines = formatSummary(results).split("\n");
  assertEquals(lines.length, 9);
  const line = (label: string) => lines.find((l) => l.startsWith(label)) ?? "";
  assert(line("final accuracy").endsWith(`${(results.summary.finalAccuracy * 100).toFixed(1)}%`));
  assert(line("centralised").endsWith("86.0%"));
  assert(line("gap").includes("-"));
  assert(line("95% of central").includes(`round ${results.summary.roundsTo95}`));
  assert(line("99% of central").endsWith("not reached"));
  assert(line("wall time").endsWith("12.5 s"));
});

Deno.test("totalBytes() sums bytes over every message kind", () => {
  const results = fixtureResults();
  results.summary.bytesByKind = { a: 1, b: 2.5 };
  assertEquals(totalBytes(results), 3.5);
});

Deno.test("renderComparison() tabulates every run under an escaped label", () => {
  const html = renderComparison([
    { label: "fedavg", results: fixtureResults({ seed: 1 }) },
    { label: "<b>prox</b>", results: fixtureResults({ seed: 2 }) },
  ]);
  assert(html.includes("<td>fedavg</td>") && html.includes("<td>&lt;b&gt;prox&lt;/b&gt;</td>"));
  assert(html.includes(`data-expected="3"`));
});

Deno.test("renderComparison() rejects no runs and duplicate labels", () => {
  assertThrows(() => renderComparison([]), RangeError, "at least one run");
  const run = { label: "same", results: fixtureResults() };
  assertThrows(() => renderComparison([run, run]), RangeError, `"same" twice`);
});
