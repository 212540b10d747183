import { assertEquals, assertThrows, assertVectorNear } from "../../_assert.ts";
import {
  CONTROL_DELTA_EXTRA,
  createStrategy,
  SITE_CONTROL_KEY,
  type SiteState,
} from "../../../sim/fl/strategies/mod.ts";

const x0 = new Float32Array([0, 0]);

function trainOnce(site: SiteState, s = createStrategy("scaffold", { totalSites: 10 })) {
  s.init(x0, []);
  const start = s.siteStart(x0, site);
  s.siteConfig(x0, site, 1);
  const local = new Float32Array([-0.4, 0.2]);
  const extras = s.siteFinish(start, local, site, { steps: 4, learningRate: 0.1 })!;
  return { s, local, extras };
}

Deno.test("scaffold updates c_i by option II: c_i − c + (x − y)/(K·lr)", () => {
  const site: SiteState = {};
  const { extras } = trainOnce(site);
  assertVectorNear(site[SITE_CONTROL_KEY] as Float32Array, [1, -0.5], 1e-6);
  assertVectorNear(extras[CONTROL_DELTA_EXTRA], [1, -0.5], 1e-6);
});

Deno.test("scaffold moves c by |S|/N times the mean control delta", () => {
  const site: SiteState = {};
  const { s, local, extras } = trainOnce(site);
  const g = s.aggregate(
    x0,
    [{
      siteId: 0,
      weights: local,
      numSamples: 5,
      steps: 4,
      meanLoss: 0,
      learningRate: 0.1,
      extras,
    }],
    [],
    1,
  );
  assertVectorNear(g, [-0.4, 0.2], 1e-7);
  // c = 0 + (1/10)·[1, −0.5]; the site's correction is c − c_i, a new site's is c.
  assertVectorNear(s.siteConfig(g, site, 2).gradCorrection!, [0.1 - 1, -0.05 + 0.5], 1e-6);
  assertVectorNear(s.siteConfig(g, {}, 2).gradCorrection!, [0.1, -0.05], 1e-6);
});

Deno.test("scaffold computes a late site's control delta against the c it was sent", () => {
  const s = createStrategy("scaffold", { totalSites: 2 });
  s.init(x0, []);
  const late: SiteState = {};
  const lateStart = s.siteStart(x0, late);
  s.siteConfig(x0, late, 1); // dispatched while c = 0
  const { local, extras } = trainOnce({}, s);
  s.aggregate(
    x0,
    [{
      siteId: 1,
      weights: local,
      numSamples: 1,
      steps: 4,
      meanLoss: 0,
      learningRate: 0.1,
      extras,
    }],
    [],
    1,
  ); // c is now non-zero
  const lateExtras = s.siteFinish(lateStart, new Float32Array([-0.4, 0.2]), late, {
    steps: 4,
    learningRate: 0.1,
  })!;
  assertVectorNear(lateExtras[CONTROL_DELTA_EXTRA], [1, -0.5], 1e-6);
});

Deno.test("scaffold without a control delta or a site count says what is missing", () => {
  const s = createStrategy("scaffold", { totalSites: 3 });
  s.init(x0, []);
  const bare = {
    siteId: 2,
    weights: new Float32Array(2),
    numSamples: 1,
    steps: 1,
    meanLoss: 0,
    learningRate: 0.1,
  };
  assertThrows(() => s.aggregate(x0, [bare], [], 1), TypeError, "controlDelta");
  const t = createStrategy("scaffold", {});
  t.init(x0, []);
  const withExtras = { ...bare, extras: { [CONTROL_DELTA_EXTRA]: new Float32Array(2) } };
  assertThrows(() => t.aggregate(x0, [withExtras], [], 1), TypeError, "totalSites");
  assertEquals(t.siteConfig(x0, {}, 1).gradCorrection?.length, 2);
});

/** Three sites, five weights: unequal samples and local steps, known control deltas. */
function paperUpdates() {
  const ys = [
    [0.5, -1, 2, 0, 0.25],
    [1.5, 0, -2, 1, 0.75],
    [-0.5, 2, 1, -1, 0.5],
  ];
  const dcs = [
    [0.1, 0.2, -0.3, 0.4, 0],
    [-0.2, 0.1, 0.1, 0, 0.5],
    [0.3, -0.1, 0, 0.2, -0.4],
  ];
  const samples = [10, 40, 250];
  return ys.map((y, i) => ({
    siteId: i,
    weights: new Float32Array(y),
    numSamples: samples[i],
    steps: 3 + i,
    meanLoss: 0,
    learningRate: 0.1,
    extras: { [CONTROL_DELTA_EXTRA]: new Float32Array(dcs[i]) },
  }));
}

Deno.test("scaffold's server step is the paper's: x + η_g·(1/|S|)·ΣΔy_i and c + (1/N)·ΣΔc_i", () => {
  const x = new Float32Array([1, 0.5, -0.5, 0.25, 0]);
  const s = createStrategy("scaffold", { totalSites: 7, serverLearningRate: 0.8 });
  s.init(x, []);
  const updates = paperUpdates();
  const next = s.aggregate(x, updates, [], 1);
  // Karimireddy et al. 2020, Alg. 1 lines 16–17, in float64: every site in S weighs 1/|S|.
  const expectedX = [...x].map((xj, j) =>
    xj + 0.8 * updates.reduce((a, u) => a + (u.weights[j] - xj), 0) / updates.length
  );
  const expectedC = [...x].map((_, j) =>
    updates.reduce((a, u) => a + u.extras[CONTROL_DELTA_EXTRA][j], 0) / 7
  );
  assertVectorNear(next, expectedX, 1e-6);
  assertVectorNear((s.state() as { control: Float32Array }).control, expectedC, 1e-7);
});

Deno.test("scaffold weighting samples moves x by the sample-weighted mean and leaves c alone", () => {
  const x = new Float32Array([1, 0.5, -0.5, 0.25, 0]);
  const uniform = createStrategy("scaffold", { totalSites: 7 });
  const weighted = createStrategy("scaffold", { totalSites: 7, weighting: "samples" });
  uniform.init(x, []);
  weighted.init(x, []);
  const updates = paperUpdates();
  const next = weighted.aggregate(x, updates, [], 1);
  uniform.aggregate(x, updates, [], 1);
  const n = updates.reduce((a, u) => a + u.numSamples, 0);
  const expectedX = [...x].map((_, j) =>
    updates.reduce((a, u) => a + u.numSamples * u.weights[j], 0) / n
  );
  assertVectorNear(next, expectedX, 1e-6);
  assertEquals(
    [...(weighted.state() as { control: Float32Array }).control],
    [...(uniform.state() as { control: Float32Array }).control],
  );
  assertThrows(() => createStrategy("scaffold", { weighting: "median" }), TypeError, "weighting");
});
