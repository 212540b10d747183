import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { Rng, RngStreams } from "../../sim/engine/mod.ts";
import {
  createSceneSource,
  dirichletOverSites,
  MAX_DIRICHLET_REDRAWS,
  PartitionError,
  planSites,
} from "../../sim/data/mod.ts";
import { resolveScenario } from "../../scenarios/mod.ts";
import { asScenarioError } from "../../cli/run.ts";

const SITES = 12;
const SAMPLES = 300;
const CLASSES = 8; // the scene source's default

/**
 * NIID-Bench's `noniid-labeldir` loop, written out again from its source in
 * plain float64: per class, shares ~ Dir(α) over sites, zeroed for sites at
 * N/n or more, cut at floor(cumsum · N_k); re-drawn until the smallest site
 * holds `minimum`.
 */
function niidBenchCounts(totals: number[], n: number, alpha: number, minimum: number, rng: Rng) {
  const N = totals.reduce((a, b) => a + b, 0);
  for (;;) {
    const sizes = new Array(n).fill(0);
    const counts: number[][] = Array.from({ length: n }, () => new Array(totals.length).fill(0));
    totals.forEach((Nk, k) => {
      const q = rng.dirichlet(new Array(n).fill(alpha)).map((p, j) => sizes[j] < N / n ? p : 0);
      const s = q.reduce((a, b) => a + b, 0);
      const cuts: number[] = [];
      let c = 0;
      for (let j = 0; j < n - 1; j++) cuts.push(Math.floor((c += q[j] / s) * Nk));
      cuts.push(Nk);
      let prev = 0;
      for (let j = 0; j < n; j++) {
        counts[j][k] = cuts[j] - prev;
        prev = cuts[j];
        sizes[j] += counts[j][k];
      }
    });
    if (Math.min(...sizes) >= minimum) return counts;
  }
}

function plansOver(over: "classes" | "sites" | undefined, alpha: number, minPerSite = 10) {
  return planSites(createSceneSource(), {
    groups: [{ group: "g", count: SITES, samples: SAMPLES }],
    label: { dirichlet: { alpha, minPerSite, ...(over ? { over } : {}) } },
    localTestFraction: 0.25,
  }, new RngStreams(11));
}

Deno.test("dirichlet over sites gives the assignment NIID-Bench's steps give with the same stream", () => {
  const totals = new Array(CLASSES).fill(SITES * SAMPLES / CLASSES);
  const expected = niidBenchCounts(
    totals,
    SITES,
    0.5,
    10,
    new RngStreams(11).stream("partition/dirichlet-over-sites/g"),
  );
  assertEquals(plansOver("sites", 0.5).map((p) => p.classCounts), expected);
});

Deno.test("dirichlet over sites: each class's shares over sites sum to 1 and no site is below the minimum", () => {
  for (const alpha of [0.1, 0.5, 5]) {
    const plans = plansOver("sites", alpha, 20);
    for (let k = 0; k < CLASSES; k++) {
      const column = plans.map((p) => p.classCounts[k]);
      const total = column.reduce((a, b) => a + b, 0);
      assertEquals(total, SITES * SAMPLES / CLASSES, `class ${k} keeps all its samples`);
      const shares = column.map((n) => n / total);
      assert(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    }
    for (const p of plans) assert(p.size >= 20, `site ${p.siteId} holds ${p.size}`);
  }
});

Deno.test("dirichlet over sites: small alpha puts each class on few sites, large alpha on all", () => {
  // Share of a class held by its largest site: E ≈ 1 at α→0, ≈ 1/n at α→∞.
  const topShare = (alpha: number) => {
    const plans = plansOver("sites", alpha, 1);
    let s = 0;
    for (let k = 0; k < CLASSES; k++) {
      const column = plans.map((p) => p.classCounts[k]);
      s += Math.max(...column) / column.reduce((a, b) => a + b, 0);
    }
    return s / CLASSES;
  };
  assert(topShare(0.05) > 0.5, `α 0.05: ${topShare(0.05)}`);
  assert(topShare(1000) < 2 / SITES, `α 1000: ${topShare(1000)}`);
});

Deno.test("over: classes is the default and draws exactly what it drew before", () => {
  const implicit = plansOver(undefined, 0.5);
  assertEquals(plansOver("classes", 0.5), implicit);
  // Each site's own proportions (Hsu et al.), not per-class shares over sites.
  for (const p of implicit) {
    assert(Math.abs(p.classProportions!.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  }
  assert(
    JSON.stringify(plansOver("sites", 0.5).map((p) => p.classCounts)) !==
      JSON.stringify(implicit.map((p) => p.classCounts)),
  );
  const parsed = resolveScenario({
    name: "t",
    sites: [{ group: "a", count: 2, samples: 10 }],
    data: { partition: { label: { dirichlet: { alpha: 1 } } } },
  });
  assertEquals(parsed.data.partition.label, {
    dirichlet: { alpha: 1, over: "classes", minPerSite: 0 },
  });
});

Deno.test("dirichlet over sites at alpha 0.01 with 1,000 sites stops with an error naming the setting", () => {
  const start = performance.now();
  const err = assertThrows(
    () =>
      planSites(createSceneSource(), {
        groups: [{ group: "g", count: 1000, samples: 50 }],
        label: { dirichlet: { alpha: 0.01, over: "sites", minPerSite: 10 } },
      }, new RngStreams(3)),
    PartitionError,
  ) as PartitionError;
  assert(performance.now() - start < 20_000, "bounded re-draws");
  assertEquals(err.field, "data.partition.label.dirichlet");
  assert(err.message.includes(`${MAX_DIRICHLET_REDRAWS} draws`), err.message);
  const text =
    "name: t\ndata:\n  partition:\n    label:\n      dirichlet: {alpha: 0.01, over: sites}\n";
  const shown = asScenarioError(err, "t.yaml", text) as Error;
  assertEquals(shown.name, "ScenarioError");
  assert(
    shown.message.startsWith("t.yaml:5  data.partition.label.dirichlet: cannot give"),
    shown.message,
  );
  const set = "data.partition.label.dirichlet.alpha=0.01";
  const fromSet = asScenarioError(err, "t.yaml", text, [set]) as Error;
  assert(
    fromSet.message.startsWith(`--set ${set}  data.partition.label.dirichlet:`),
    fromSet.message,
  );
});

Deno.test("dirichletOverSites() with one re-draw allowed fails where several succeed", () => {
  const spec = { classTotals: [40, 40], sites: 8, alpha: 0.3, minimum: 6, field: "f" };
  const ok = dirichletOverSites({ ...spec, maxRedraws: 1000 }, new Rng("r"));
  assert(ok.attempts > 1, `took ${ok.attempts}`);
  assertThrows(() => dirichletOverSites({ ...spec, maxRedraws: 1 }, new Rng("r")), PartitionError);
});
