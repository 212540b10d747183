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
