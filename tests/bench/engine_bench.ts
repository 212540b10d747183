/**
 * Engine and RNG throughput. Run: `deno bench -A tests/bench/engine_bench.ts`.
 * Events/s = 1,000,000 ÷ the time per iteration shown for the event benches.
 */

import { Engine, Rng, RngStreams } from "../../sim/engine/mod.ts";

const EVENTS = 1_000_000;
const DRAWS = 1_000_000;

// Times are drawn once, outside the timed region, so the bench measures the engine.
const times = new Float64Array(EVENTS);
{
  const rng = new Rng("bench/times");
  for (let i = 0; i < EVENTS; i++) times[i] = rng.uniform() * 1e6;
}

let dispatched = 0;
const handler = () => {
  dispatched++;
};

Deno.bench({
  name: "Engine: schedule then dispatch 1,000,000 events at random times",
  group: "engine",
  baseline: true,
  fn() {
    const engine = new Engine();
    for (let i = 0; i < EVENTS; i++) engine.schedule(times[i], handler);
    dispatched = 0;
    engine.run();
    if (dispatched !== EVENTS) throw new Error(`dispatched ${dispatched}`);
  },
});

Deno.bench({
  name: "Engine: 1,000,000 events, each handler schedules the next (10,000 pending)",
  group: "engine",
  fn() {
    const engine = new Engine();
    const rng = new Rng("bench/hold");
    let left = EVENTS;
    const hold = (e: Engine) => {
      if (--left > 0) e.after(rng.exponential(1), hold);
    };
    for (let i = 0; i < 10_000; i++) engine.schedule(rng.uniform(), hold);
    engine.run();
  },
});

Deno.bench({
  name: "Rng.normal() x 1,000,000",
  group: "rng",
  baseline: true,
  fn() {
    const rng = new Rng("bench/normal");
    let s = 0;
    for (let i = 0; i < DRAWS; i++) s += rng.normal();
    if (!Number.isFinite(s)) throw new Error("non-finite sum");
  },
});

Deno.bench({
  name: "Rng.uniform() x 1,000,000",
  group: "rng",
  fn() {
    const rng = new Rng("bench/uniform");
    let s = 0;
    for (let i = 0; i < DRAWS; i++) s += rng.uniform();
    if (!Number.isFinite(s)) throw new Error("non-finite sum");
  },
});

const buffer = new Float32Array(DRAWS);
Deno.bench({
  name: "Rng.fill(normal) of 1,000,000 floats",
  group: "rng",
  fn() {
    new Rng("bench/fill").fill(buffer, "normal");
  },
});

Deno.bench({
  name: "Rng.gamma(0.5) x 100,000 (Dirichlet's inner draw)",
  group: "rng",
  fn() {
    const rng = new Rng("bench/gamma");
    for (let i = 0; i < 100_000; i++) rng.gamma(0.5);
  },
});

Deno.bench({
  name: "RngStreams.stream(name) x 10,000 (one per site and round)",
  group: "rng",
  fn() {
    const streams = new RngStreams(42);
    for (let i = 0; i < 10_000; i++) streams.stream(`data/site-${i}`).uniform();
  },
});
