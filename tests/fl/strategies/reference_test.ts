/**
 * The reference-equation suite: every strategy on a toy federation (5
 * weights, known trained weights, sample counts and local step counts, two
 * rounds so server state matters), on the three paths a protocol drives it
 * through — sync rounds, async FedBuff buffers (staleness > 0, updates
 * trained from older globals) and hierarchical edges under a FedAvg cloud.
 * The expected globals come from the paper's equations in float64
 * (_reference.ts); the strategy must match to 1e-6.
 */
import { assert } from "../../_assert.ts";
import {
  createStrategy,
  type SiteState,
  type SiteUpdate,
  type Strategy,
} from "../../../sim/fl/strategies/mod.ts";
import { fedAvg, fedBuffPoint, type ToyUpdate } from "./_reference.ts";
import { REFERENCE_CASES, type ReferenceCase, TOY_LAYOUT, TOY_LR } from "./_reference_cases.ts";

const X0 = [0.5, -1, 2, 0, 1];
const OLD = [0, 0, 0.5, 0.5, 0];

/** Sync: three sites, all aggregated each round. */
const SYNC_ROUNDS: ToyUpdate[][] = [
  [
    { siteId: 0, y: [1, 0, 2, 1, 1], n: 10, steps: 4 },
    { siteId: 1, y: [0, -2, 3, 0.5, 0], n: 30, steps: 2 },
    { siteId: 2, y: [2, 1, 1, -1, 2], n: 20, steps: 6 },
  ],
  [
    { siteId: 0, y: [0.25, -0.5, 2.5, 0.75, 0.5], n: 10, steps: 4 },
    { siteId: 1, y: [1.5, 0.5, 1, -0.25, 1.25], n: 30, steps: 2 },
    { siteId: 2, y: [-0.5, -1.5, 2, 0.5, 0], n: 20, steps: 6 },
  ],
];

/** Async: the same replies, some trained from older globals (`from`) τ versions ago. */
const ASYNC_ROUNDS: ToyUpdate[][] = [
  [SYNC_ROUNDS[0][0], SYNC_ROUNDS[0][1], { ...SYNC_ROUNDS[0][2], staleness: 2, from: OLD }],
  [{ ...SYNC_ROUNDS[1][0], staleness: 1, from: X0 }, SYNC_ROUNDS[1][1], SYNC_ROUNDS[1][2]],
];

/** Hierarchical: six sites, edge 0 = sites 0–2, edge 1 = sites 3–5. */
const EDGES = [[0, 1, 2], [3, 4, 5]];
const HIER_ROUNDS: ToyUpdate[][] = SYNC_ROUNDS.map((us, r) => [
  ...us,
  ...us.map((u, i) => ({
    ...u,
    siteId: u.siteId + 3,
    y: u.y.map((v, j) => v * 0.5 - 0.25 * ((i + j + r) % 3)),
    n: u.n + 5 * i,
    steps: u.steps + 1,
  })),
]);

function makeStrategy(c: ReferenceCase, params: Record<string, unknown>, totalSites: number) {
  const s = createStrategy(c.strategy, params);
  s.init(new Float32Array(X0), TOY_LAYOUT, { totalSites, ...c.context });
  return s;
}

/** Each site's replies through the strategy's own hooks, trained weights fixed to `y`. */
function replies(
  s: Strategy,
  x: Float32Array,
  us: ToyUpdate[],
  states: Map<number, SiteState>,
  round: number,
): SiteUpdate[] {
  return us.map((u) => {
    const site = states.get(u.siteId) ?? {};
    states.set(u.siteId, site);
    const from = u.from === undefined ? x : new Float32Array(u.from);
    const start = s.siteStart(from, site);
    s.siteConfig(from, site, round);
    const weights = new Float32Array(u.y);
    const extras = s.siteFinish(start, weights, site, { steps: u.steps, learningRate: TOY_LR });
    return {
      siteId: u.siteId,
      weights,
      numSamples: u.n,
      steps: u.steps,
      meanLoss: 0,
      learningRate: TOY_LR,
      staleness: u.staleness,
      dispatchedFrom: u.from === undefined ? undefined : from,
      extras,
    };
  });
}

function assertClose(actual: ArrayLike<number>, expected: number[], what: string): void {
  assert(actual.length === expected.length, `${what}: length ${actual.length}`);
  for (let j = 0; j < expected.length; j++) {
    assert(
      Math.abs(actual[j] - expected[j]) <= 1e-6 * Math.max(1, Math.abs(expected[j])),
      `${what}, coordinate ${j}: ${actual[j]} but the paper gives ${expected[j]}`,
    );
  }
}

function assertServerState(s: Strategy, expected: Record<string, number[]>, what: string): void {
  const saved = s.state();
  for (const [key, v] of Object.entries(expected)) {
    assertClose(saved[key] as Float32Array, v, `${what}, server state ${key}`);
  }
}

for (const [name, c] of Object.entries(REFERENCE_CASES)) {
  Deno.test(`${name}: the sync server step matches the paper's equations for two rounds`, () => {
    const s = makeStrategy(c, c.params, 3);
    const ref = c.reference();
    const states = new Map<number, SiteState>();
    let x: Float32Array = new Float32Array(X0);
    let expected = [...X0];
    SYNC_ROUNDS.forEach((us, r) => {
      x = s.aggregate(x, replies(s, x, us, states, r + 1), [], r + 1);
      expected = ref.step(expected, us, 3);
      assertClose(x, expected, `${name}, sync round ${r + 1}`);
    });
    if (ref.state) assertServerState(s, ref.state(), name);
  });

  Deno.test(`${name}: an async FedBuff buffer matches the paper's step on s(τ)-scaled deltas`, () => {
    // As a run configures it under the async protocol: FedBuff's 1/√(1 + τ) and uniform 1/K.
    const params = { staleness: { kind: "polynomial", exponent: 0.5 }, weighting: "uniform" };
    const s = makeStrategy(c, { ...params, ...c.params }, 3);
    const ref = c.reference();
    const states = new Map<number, SiteState>();
    let x: Float32Array = new Float32Array(X0);
    let expected = [...X0];
    ASYNC_ROUNDS.forEach((us, r) => {
      x = s.aggregate(x, replies(s, x, us, states, r + 1), [], r + 1);
      const points = us.map((u) => fedBuffPoint(expected, u));
      expected = ref.step(expected, points, 3);
      assertClose(x, expected, `${name}, async aggregation ${r + 1}`);
    });
    if (ref.state) assertServerState(s, ref.state(), `${name}, async`);
  });

  Deno.test(`${name}: hierarchical edges follow the paper and the cloud averages their models`, () => {
    const edges = EDGES.map((ids) => ({
      ids,
      strategy: makeStrategy(c, c.params, ids.length),
      ref: c.reference(),
      states: new Map<number, SiteState>(),
    }));
    let x: Float32Array = new Float32Array(X0);
    let expected = [...X0];
    HIER_ROUNDS.forEach((us, r) => {
      const cloud: SiteUpdate[] = [];
      const cloudRef: ToyUpdate[] = [];
      edges.forEach((e, k) => {
        const mine = us.filter((u) => e.ids.includes(u.siteId));
        const model = e.strategy.aggregate(
          x,
          replies(e.strategy, x, mine, e.states, r + 1),
          [],
          r + 1,
        );
        const n = mine.reduce((a, u) => a + u.n, 0);
        const y = e.ref.step(expected, mine, e.ids.length);
        assertClose(model, y, `${name}, round ${r + 1}, edge ${k}`);
        cloud.push({
          siteId: k,
          weights: model,
          numSamples: n,
          steps: mine.length,
          meanLoss: 0,
          learningRate: TOY_LR,
        });
        cloudRef.push({ siteId: k, y, n, steps: mine.length });
      });
      const fedavg = createStrategy("fedavg", {});
      fedavg.init(x, TOY_LAYOUT, { totalSites: 6 });
      x = fedavg.aggregate(x, cloud, [], r + 1);
      expected = fedAvg(expected, cloudRef);
      assertClose(x, expected, `${name}, cloud round ${r + 1}`);
    });
    for (const [k, e] of edges.entries()) {
      if (e.ref.state) assertServerState(e.strategy, e.ref.state(), `${name}, edge ${k}`);
    }
  });
}

Deno.test("fedprox: every site is told μ and the global at dispatch as its proximal anchor", () => {
  const s = createStrategy("fedprox", { mu: 0.1 });
  const x = new Float32Array(X0);
  s.init(x, [], { totalSites: 3 });
  const config = s.siteConfig(x, {}, 1);
  assert(config.proxMu === 0.1, `proxMu ${config.proxMu}`);
  assertClose(config.anchor!, X0, "anchor");
});

Deno.test("fedbn: a site starts round 2 from the global with its own normalisation weights", () => {
  const c = REFERENCE_CASES["fedbn"];
  const s = makeStrategy(c, {}, 3);
  const states = new Map<number, SiteState>();
  let x: Float32Array = new Float32Array(X0);
  x = s.aggregate(x, replies(s, x, SYNC_ROUNDS[0], states, 1), [], 1);
  const start = s.siteStart(x, states.get(1)!);
  // Weights 0–2 come from the global, 3–4 (the norm layer) from site 1's own round-1 result.
  assertClose(start, [x[0], x[1], x[2], ...SYNC_ROUNDS[0][1].y.slice(3)], "site 1's start");
});
