import { assert, assertEquals, assertNotEquals } from "../_assert.ts";
import { canonicalJson, resultsHash } from "../../reports/mod.ts";
import { fixtureResults } from "./fixture.ts";

Deno.test("resultsHash() gives two equal results the same hash", async () => {
  assertEquals(await resultsHash(fixtureResults()), await resultsHash(fixtureResults()));
});

Deno.test("resultsHash() changes when one round's accuracy changes", async () => {
  const changed = fixtureResults();
  changed.rounds[3].accuracy += 1e-6;
  assertNotEquals(await resultsHash(changed), await resultsHash(fixtureResults()));
});

Deno.test("resultsHash() ignores wall-clock fields at any depth", async () => {
  const slower = fixtureResults();
  slower.summary.wallSeconds = 999;
  slower.extras.wallMs = 123;
  assertEquals(await resultsHash(slower), await resultsHash(fixtureResults()));
});

Deno.test("resultsHash() does not depend on the order keys were written in", async () => {
  const results = fixtureResults({ sites: 5, rounds: 3 });
  const reversed = JSON.parse(
    JSON.stringify(
      results,
      (_k, v) =>
        v && typeof v === "object" && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v).reverse())
          : v,
    ),
  );
  // JSON turns NaN into null both ways, so the hashes compare like for like.
  assertEquals(await resultsHash(reversed), await resultsHash(results));
});

Deno.test("canonicalJson() sorts keys at every depth and writes NaN as null", () => {
  assertEquals(
    canonicalJson({ b: { d: 1, c: NaN }, a: [Infinity] }),
    '{"a":[null],"b":{"c":null,"d":1}}',
  );
  assert(!canonicalJson({ x: undefined, y: 1 }).includes("x"));
});
