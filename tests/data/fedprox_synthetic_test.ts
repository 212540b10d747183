import { assert, assertEquals, assertNear, assertThrows } from "../_assert.ts";
import { RngStreams } from "../../sim/engine/mod.ts";
import {
  classCounts,
  createFedProxSource,
  FEDPROX_FEATURES,
  fedproxUserModel,
  fedproxVariances,
  globalTestSet,
  materializeSite,
  planSites,
} from "../../sim/data/mod.ts";

const streams = new RngStreams(2020);
const source = createFedProxSource({ alpha: 1, beta: 1 });

Deno.test("FedProx inputs have covariance diag(j^-1.2) around the user's mean v_k", () => {
  const ds = source.generateSite(3, 4000, streams.stream("data/site-3"), streams);
  const { v } = fedproxUserModel(3, streams, { alpha: 1, beta: 1 });
  const x = ds.inputs.tabular!;
  for (const j of [0, 9, 59]) {
    let m = 0, s = 0;
    for (let i = 0; i < ds.n; i++) m += x[i * FEATURES + j] / ds.n;
    for (let i = 0; i < ds.n; i++) s += (x[i * FEATURES + j] - m) ** 2 / ds.n;
    assertNear(s / fedproxVariances()[j], 1, 0.1, `variance of feature ${j + 1}`);
    assertNear(
      m,
      v[j],
      4 * Math.sqrt(fedproxVariances()[j] / ds.n),
      `mean of feature ${j + 1}`,
    );
  }
  assertNear(fedproxVariances()[59], 60 ** -1.2, 1e-12);
});
const FEATURES = FEDPROX_FEATURES;

Deno.test("FedProx labels are the argmax of x·W_k + b_k", () => {
  const ds = source.generateSite(5, 200, streams.stream("data/site-5"), streams);
  const { w, b } = fedproxUserModel(5, streams, { alpha: 1, beta: 1 });
  for (let i = 0; i < ds.n; i++) {
    const logits = Array.from(b);
    for (let j = 0; j < FEATURES; j++) {
      for (let c = 0; c < 10; c++) {
        logits[c] += ds.inputs.tabular![i * FEATURES + j] * w[j * 10 + c];
      }
    }
    assertEquals(ds.labels[i], logits.indexOf(Math.max(...logits)));
  }
});

Deno.test("FedProx users differ by u_k ~ N(0, α²) and B_k ~ N(0, β²); the IID variant shares W, b and v = 0", () => {
  const meanOf = (xs: Float64Array) => xs.reduce((a, c) => a + c, 0) / xs.length;
  const us = Array.from(
    { length: 60 },
    (_, k) => meanOf(fedproxUserModel(k, streams, { alpha: 1, beta: 0 }).w),
  );
  const sdU = Math.sqrt(us.reduce((a, u) => a + u * u, 0) / us.length);
  assertNear(sdU, 1, 0.25);
  const calm = Array.from(
    { length: 30 },
    (_, k) => meanOf(fedproxUserModel(k, streams, { alpha: 0, beta: 0 }).w),
  );
  assert(calm.every((u) => Math.abs(u) < 0.2), "α = 0: every user's W is centred on 0");
  const a = fedproxUserModel(0, streams, { iid: true }),
    b = fedproxUserModel(7, streams, { iid: true });
  assertEquals(a.w, b.w);
  assertEquals(a.b, b.b);
  assert(a.v.every((x) => x === 0));
});

Deno.test("FedProx sites plan iid only, and planned label counts match the generated data", () => {
  const groups = [{ group: "users", count: 6, samples: { lognormal: { median: 60, sigma: 1 } } }];
  assertThrows(
    () => planSites(source, { groups, label: { dirichlet: { alpha: 0.5 } } }, streams),
    TypeError,
    "iid",
  );
  const plans = planSites(source, { groups }, streams);
  for (const p of plans) {
    const { train, test } = materializeSite(source, p, streams);
    assertEquals(classCounts(train).map((n, c) => n + classCounts(test)[c]), p.classCounts);
  }
  const population = globalTestSet(source, 300, streams, plans);
  assertEquals(population.n, 300);
  assertThrows(() => globalTestSet(source, 10, streams), TypeError, "plans");
  assertEquals(globalTestSet(createFedProxSource({ iid: true }), 10, streams).n, 10);
});
