import assert from "node:assert/strict";
import { RngStreams } from "../../sim/engine/mod.ts";
import { Availability, buildWorld, type SiteBlueprint } from "../../sim/world/mod.ts";

const blueprint = (group: string, compute: number | object = 1e9): SiteBlueprint => ({
  data: { group, trainSamples: 100, testSamples: 25, volumeScale: 1, granularity: 1, missing: [] },
  devices: { compute: compute as number, memory: 1e9 },
  links: {
    latency: { lognormal: { median: 0.05, sigma: 0.5 } },
    uplink: 5e6,
    downlink: 2e7,
    jitter: 0,
  },
  availability: { probability: 1 },
});

Deno.test("buildWorld() draws each site from its own stream, so adding a site changes no other", () => {
  const spread = { lognormal: { median: 1e9, sigma: 0.5 } };
  const small = buildWorld([blueprint("a", spread), blueprint("a", spread)], new RngStreams(3));
  const large = buildWorld(
    [blueprint("a", spread), blueprint("a", spread), blueprint("b", spread)],
    new RngStreams(3),
  );
  assert.deepEqual(small.site(1).device, large.site(1).device);
  assert.deepEqual(small.site(1).link, large.site(1).link);
  assert.notEqual(large.site(0).device.computeFlops, large.site(1).device.computeFlops);
  assert.deepEqual([...large.groups().entries()], [["a", [0, 1]], ["b", [2]]]);
});

Deno.test("Site.roundTrip() charges transfers and compute by hand-checkable arithmetic", () => {
  const world = buildWorld([{
    ...blueprint("a"),
    links: { latency: 0.1, uplink: 1e6, downlink: 8e6, jitter: 0 },
  }], new RngStreams(1));
  const rng = new RngStreams(1).stream("x");
  // down: 0.1 + 1e6 × 8 / 8e6 = 1.1 s; compute: (1e6 + 2e6) × 100 × 2 / 1e9 = 0.6 s; up: 0.1 + 8 = 8.1 s
  const trip = world.site(0).roundTrip({ forward: 1e6, backward: 2e6 }, 2, 1e6, 1e6, rng);
  assert.ok(Math.abs(trip.download - 1.1) < 1e-12);
  assert.ok(Math.abs(trip.compute - 0.6) < 1e-12);
  assert.ok(Math.abs(trip.upload - 8.1) < 1e-12);
});

Deno.test("Availability with a probability is a fresh, reproducible coin per decision point", () => {
  const streams = new RngStreams(9);
  const a = new Availability(4, { probability: 0.5 }, streams);
  const b = new Availability(4, { probability: 0.5 }, streams);
  const keys = Array.from({ length: 200 }, (_, i) => `round-${i}`);
  const seenA = keys.map((k) => a.isOnline(k, 0));
  assert.deepEqual(seenA, keys.map((k) => b.isOnline(k, 0)));
  const online = seenA.filter(Boolean).length;
  assert.ok(online > 70 && online < 130, `online ${online} of 200`);
  assert.equal(new Availability(4, { probability: 0 }, streams).isOnline("round-1", 0), false);
  assert.equal(a.firstOfflineIn(0, 1e9), null);
});

Deno.test("Availability with on/off periods alternates and finds the first offline instant", () => {
  const a = new Availability(0, { onPeriod: 10, offPeriod: 5 }, new RngStreams(2));
  // Constant periods: online for 10 s, offline for 5 s (or the reverse, from the first draw).
  const states = Array.from({ length: 30 }, (_, t) => a.isOnline("x", t + 0.5));
  const switches = states.filter((s, i) => i > 0 && s !== states[i - 1]).length;
  assert.ok(switches >= 3, `only ${switches} switches`);
  const firstOn = states.indexOf(true) + 0.5;
  const off = a.firstOfflineIn(firstOn, firstOn + 100);
  assert.ok(off !== null && off > firstOn && !a.isOnline("x", off + 1e-9));
  assert.throws(() => new Availability(0, { onPeriod: 1 }, new RngStreams(1)), TypeError);
});
