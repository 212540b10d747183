/**
 * The reference-equation suite: for each strategy, a toy federation (3 sites,
 * 5 weights, known updates, sample counts and step counts, two rounds so
 * server state matters) where the expected new global is computed in float64
 * from the paper's equations (_reference.ts); the strategy must match to 1e-6.
 */
import { assert } from "../../_assert.ts";
import { createStrategy, type SiteUpdate, type Strategy } from "../../../sim/fl/strategies/mod.ts";
import {
  coordinateMedian,
  fedAdaptive,
  fedAvg,
  fedAvgM,
  multiKrum,
  type ServerMoments,
  type ToyUpdate,
  trimmedMean,
} from "./_reference.ts";

const X0 = [0.5, -1, 2, 0, 1];
/** Round 1 and round 2 replies: trained weights y, samples n, local steps. */
const ROUNDS: ToyUpdate[][] = [
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

/** A strategy's paper update: the next global from the current one and the replies. */
type Reference = (x: number[], us: ToyUpdate[]) => number[];

interface Case {
  params: Record<string, unknown>;
  /** Builds a fresh reference with its own server state. */
  reference: () => Reference;
}

const adaptive = { eta: 0.1, beta1: 0.9, beta2: 0.99, tau: 1e-3 };
const moments = (): ServerMoments => ({ m: X0.map(() => 0), v: X0.map(() => adaptive.tau ** 2) });
const ys = (us: ToyUpdate[]) => us.map((u) => u.y);

const CASES: Record<string, Case> = {
  "fedavg": { params: {}, reference: () => fedAvg },
  "fedprox": { params: { mu: 0.1 }, reference: () => fedAvg },
  "fedavgm": {
    params: { serverLearningRate: 0.5, serverMomentum: 0.9 },
    reference: () => {
      const s = moments();
      return (x, us) => fedAvgM(x, us, s, 0.9, 0.5);
    },
  },
  "fedadagrad": {
    params: adaptive,
    reference: () => {
      const s = moments();
      return (x, us) => fedAdaptive("adagrad", x, us, s, adaptive);
    },
  },
  "fedyogi": {
    params: adaptive,
    reference: () => {
      const s = moments();
      return (x, us) => fedAdaptive("yogi", x, us, s, adaptive);
    },
  },
  "median": { params: {}, reference: () => (_x, us) => coordinateMedian(ys(us)) },
  "trimmed-mean": {
    // ⌊0.34·3⌋ = 1 value cut at each end: the coordinate-wise median of three.
    params: { trimFraction: 0.34 },
    reference: () => (_x, us) => trimmedMean(ys(us), 0.34),
  },
  "krum": { params: { byzantine: 0 }, reference: () => (_x, us) => multiKrum(ys(us), 0, 1) },
  "multi-krum": {
    params: { byzantine: 0, multiKrumSelect: 2 },
    reference: () => (_x, us) => multiKrum(ys(us), 0, 2),
  },
  // The no-collaboration baseline reports the sample-weighted average of the local models.
  "local-only": { params: {}, reference: () => fedAvg },
};

function toSiteUpdate(u: ToyUpdate): SiteUpdate {
  return {
    siteId: u.siteId,
    weights: new Float32Array(u.y),
    numSamples: u.n,
    steps: u.steps,
    meanLoss: 0,
    learningRate: 0.1,
    staleness: u.staleness,
  };
}

function assertClose(actual: Float32Array, expected: number[], what: string): void {
  assert(actual.length === expected.length, `${what}: length ${actual.length}`);
  for (let j = 0; j < expected.length; j++) {
    assert(
      Math.abs(actual[j] - expected[j]) <= 1e-6 * Math.max(1, Math.abs(expected[j])),
      `${what}, coordinate ${j}: ${actual[j]} but the paper gives ${expected[j]}`,
    );
  }
}

/** Runs both rounds through `aggregate` (sync path: one server step per round). */
function runSync(strategy: Strategy, reference: Reference, name: string): void {
  strategy.init(new Float32Array(X0), [], { totalSites: 3 });
  let x: Float32Array = new Float32Array(X0);
  let expected = [...X0];
  ROUNDS.forEach((us, r) => {
    x = strategy.aggregate(x, us.map(toSiteUpdate), [], r + 1);
    expected = reference(expected, us);
    assertClose(x, expected, `${name}, round ${r + 1}`);
  });
}

for (const [name, c] of Object.entries(CASES)) {
  Deno.test(`${name}: the sync server step matches the paper's equations for two rounds`, () => {
    runSync(createStrategy(name, c.params), c.reference(), name);
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
