/**
 * One suite, run against every registered strategy (the Hono router habit):
 * whatever the algorithm, these contracts hold.
 */
import { assert, assertEquals, assertThrows, sameBits } from "../../_assert.ts";
import {
  createStrategy,
  type SiteState,
  type Strategy,
  STRATEGY_NAMES,
} from "../../../sim/fl/strategies/mod.ts";
import {
  CONFORMANCE_PARAMS,
  distance,
  fivePlans,
  fixedUpdates,
  LAYOUT,
  LENGTH,
  orderSensitiveWeights,
  siteRound,
  TOTAL_SITES,
  vec,
} from "./_harness.ts";

/** Server optimisers and noisy strategies only move towards a common update. */
const MOVES_TOWARD = new Set(["fedadam", "fedyogi", "fedadagrad", "dp-fedavg"]);
/** Rules that treat every update alike, whatever its sample count. */
// SCAFFOLD's server step is the paper's uniform 1/|S| unless `weighting: samples` asks otherwise.
const IGNORES_SAMPLES = new Set([
  "median",
  "trimmed-mean",
  "krum",
  "multi-krum",
  "dp-fedavg",
  "scaffold",
]);

function make(name: string): Strategy {
  const s = createStrategy(name, CONFORMANCE_PARAMS[name] ?? {});
  s.init(vec(99, 0.5), LAYOUT, { totalSites: TOTAL_SITES });
  return s;
}

for (const name of STRATEGY_NAMES) {
  Deno.test(`${name}: identical updates give them back, or move the global towards them`, () => {
    const s = make(name);
    const global = vec(99, 0.5);
    const y = vec(5);
    const updates = fixedUpdates(s, global, [y, y, y, y, y], [3, 7, 1, 4, 9]);
    const next = s.aggregate(global, updates, [], 1);
    assertEquals(next.length, LENGTH);
    if (MOVES_TOWARD.has(name)) {
      assert(distance(next, y) < distance(global, y), "the global should move towards y");
    } else {
      for (let j = 0; j < LENGTH; j++) {
        assert(Math.abs(next[j] - y[j]) <= 1e-6, `coordinate ${j}: ${next[j]} vs ${y[j]}`);
      }
    }
  });

  Deno.test(`${name}: aggregate gives bit-identical results for any arrival order`, () => {
    const a = make(name);
    const b = make(name);
    let ga = vec(99, 0.5);
    let gb = vec(99, 0.5);
    for (let round = 1; round <= 2; round++) {
      const ws = orderSensitiveWeights(round);
      const ua = fixedUpdates(a, ga, ws, [2, 2, 2, 2, 2]);
      const ub = fixedUpdates(b, gb, ws, [2, 2, 2, 2, 2]);
      ga = a.aggregate(ga, ua, [], round);
      gb = b.aggregate(gb, [ub[2], ub[4], ub[0], ub[3], ub[1]], [], round);
      assert(sameBits(ga, gb), `round ${round} differs with another arrival order`);
    }
  });

  Deno.test(`${name}: a round through every hook is reproducible in any site order`, () => {
    const a = make(name);
    const b = make(name);
    let ga = vec(99, 0.5);
    let gb = vec(99, 0.5);
    const sa = new Map<number, SiteState>();
    const sb = new Map<number, SiteState>();
    for (let round = 1; round <= 3; round++) {
      const ua = siteRound(a, ga, fivePlans(round), sa, round);
      const ub = siteRound(b, gb, fivePlans(round).reverse(), sb, round);
      ga = a.aggregate(ga, ua, [], round);
      gb = b.aggregate(gb, ub, [], round);
      assert(sameBits(ga, gb), `round ${round} differs`);
    }
  });

  Deno.test(`${name}: if every site failed the global comes back unchanged`, () => {
    const s = make(name);
    const global = vec(4);
    const next = s.aggregate(global, [], [
      { siteId: 0, reason: "offline" },
      { siteId: 1, reason: "deadline" },
      { siteId: 2, reason: "diverged" },
    ], 1);
    assert(sameBits(next, global));
    assert(next !== global, "aggregate must return a fresh array");
  });

  Deno.test(`${name}: failures next to updates are ignored`, () => {
    const a = make(name);
    const b = make(name);
    const global = vec(99, 0.5);
    const ua = siteRound(a, global, fivePlans(1), new Map(), 1);
    const ub = siteRound(b, global, fivePlans(1), new Map(), 1);
    const with_ = a.aggregate(global, ua, [{ siteId: 40, reason: "dropped" }], 1);
    const without = b.aggregate(global, ub, [], 1);
    assert(sameBits(with_, without));
  });

  Deno.test(`${name}: updates that all have zero samples raise a clear RangeError`, () => {
    const s = make(name);
    const global = vec(99, 0.5);
    const updates = fixedUpdates(s, global, [vec(1), vec(2)], [0, 0]);
    assertThrows(() => s.aggregate(global, updates, [], 1), RangeError, "numSamples > 0");
  });

  Deno.test(`${name}: a zero-sample update next to others changes nothing`, () => {
    const a = make(name);
    const b = make(name);
    const global = vec(99, 0.5);
    const ua = siteRound(a, global, fivePlans(1), new Map(), 1);
    const ub = siteRound(b, global, fivePlans(1), new Map(), 1);
    const empty = { ...ua[0], siteId: 77, numSamples: 0, weights: vec(123, 50) };
    const with_ = a.aggregate(global, [...ua, empty], [], 1);
    const without = b.aggregate(global, ub, [], 1);
    assert(sameBits(with_, without));
    for (const x of with_) assert(Number.isFinite(x));
  });

  Deno.test(`${name}: state() then restore() continues bit-identically`, () => {
    const s = make(name);
    let global = vec(99, 0.5);
    const states = new Map<number, SiteState>();
    for (let round = 1; round <= 2; round++) {
      global = s.aggregate(
        global,
        siteRound(s, global, fivePlans(round), states, round),
        [],
        round,
      );
    }
    // structuredClone is what a checkpoint writer's round trip amounts to.
    const saved = structuredClone(s.state());
    const savedSites = structuredClone(states);
    const savedGlobal = new Float32Array(global);
    const expected = s.aggregate(global, siteRound(s, global, fivePlans(3), states, 3), [], 3);

    const t = createStrategy(name, CONFORMANCE_PARAMS[name] ?? {});
    t.restore(saved);
    const actual = t.aggregate(
      savedGlobal,
      siteRound(t, savedGlobal, fivePlans(3), savedSites, 3),
      [],
      3,
    );
    assert(sameBits(expected, actual));
  });

  Deno.test(`${name}: the global keeps its length and wrong-length updates are rejected`, () => {
    const s = make(name);
    const global = vec(99, 0.5);
    const updates = siteRound(s, global, fivePlans(1), new Map(), 1);
    assertEquals(s.aggregate(global, updates, [], 1).length, LENGTH);
    const bad = [...updates, { ...updates[0], siteId: 50, weights: new Float32Array(3) }];
    assertThrows(() => s.aggregate(global, bad, [], 1), RangeError, "site 50");
  });

  Deno.test(`${name}: non-finite weights are rejected naming the site`, () => {
    const s = make(name);
    const global = vec(99, 0.5);
    const updates = siteRound(s, global, fivePlans(1), new Map(), 1);
    updates[1].weights[3] = NaN;
    assertThrows(
      () => s.aggregate(global, updates, [], 1),
      RangeError,
      `site ${updates[1].siteId}`,
    );
  });

  if (IGNORES_SAMPLES.has(name)) {
    Deno.test(`${name}: sample counts do not change the result`, () => {
      const a = make(name);
      const b = make(name);
      const global = vec(99, 0.5);
      const ws = [vec(1), vec(2), vec(3), vec(4), vec(5)];
      const ga = a.aggregate(global, fixedUpdates(a, global, ws, [1, 2, 3, 4, 5]), [], 1);
      const gb = b.aggregate(global, fixedUpdates(b, global, ws, [5, 4, 3, 2, 1]), [], 1);
      assert(sameBits(ga, gb));
    });
  } else {
    Deno.test(`${name}: the site with more samples pulls the global its way`, () => {
      const global = new Float32Array(LENGTH);
      const low = new Float32Array(LENGTH).fill(-1);
      const high = new Float32Array(LENGTH).fill(1);
      const s1 = make(name);
      const towardHigh = s1.aggregate(global, fixedUpdates(s1, global, [low, high], [1, 3]), [], 1);
      const s2 = make(name);
      const towardLow = s2.aggregate(global, fixedUpdates(s2, global, [low, high], [3, 1]), [], 1);
      for (let j = 0; j < LENGTH; j++) {
        assert(towardHigh[j] > 0 && towardLow[j] < 0, `coordinate ${j}`);
      }
    });
  }

  Deno.test(`${name}: site-side hooks return fresh arrays and leave their inputs alone`, () => {
    const s = make(name);
    const global = vec(99, 0.5);
    const copy = new Float32Array(global);
    const site: SiteState = {};
    const start = s.siteStart(global, site);
    assert(start !== global);
    start[0] += 1;
    s.siteConfig(global, site, 1);
    s.siteFinish(new Float32Array(global), vec(3), site, { steps: 2, learningRate: 0.1 });
    const evaluated = s.evaluationWeights?.(global, site) ?? global;
    assertEquals(evaluated.length, LENGTH);
    assert(sameBits(global, copy));
  });

  Deno.test(`${name}: aggregate before init is a TypeError`, () => {
    const s = createStrategy(name, CONFORMANCE_PARAMS[name] ?? {});
    assertThrows(() => s.aggregate(vec(1), [], [], 1), TypeError, "init");
  });
}

Deno.test("createStrategy() names every known strategy when the name is unknown", () => {
  assertThrows(() => createStrategy("fedavgg", {}), RangeError, "fedavg, fedavgm");
});

Deno.test("createStrategy() rejects misspelt and out-of-range params with a TypeError", () => {
  assertThrows(() => createStrategy("fedprox", { mue: 0.1 }), TypeError, `"mue"`);
  assertThrows(() => createStrategy("fedadam", { eta: -1 }), TypeError, "eta");
  assertThrows(() => createStrategy("fedavg", { aggregator: "mode" }), TypeError, "aggregator");
  assertThrows(() => createStrategy("dp-fedavg", {}), TypeError, "clipNorm");
});
