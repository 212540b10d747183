/**
 * One round of local training for 8 sites: in this thread (LocalExecutor)
 * against the worker pool with 1 and 2 workers. Worker start-up (backend,
 * model, site data) is excluded from the timing; it happens once per run.
 * With 2 cores, 2 workers can at best halve the round's time.
 *
 *   deno bench -A tests/bench/pool_bench.ts
 */
import { roundBench, timedPoolRound } from "./_round.ts";

const SITES = 8;
const bench = await roundBench({
  name: "pool-bench",
  seed: 3,
  sites: SITES,
  samples: 80,
  classes: 10,
  preset: "reference",
  localTestFraction: 0.2,
  learningRate: 0.01,
  round: 0,
});
const { local, round } = bench;

Deno.bench({
  name: `${SITES} sites × 64 training samples, reference model: in this thread`,
  group: "round",
  baseline: true,
  n: 3,
  warmup: 1,
  fn: () => round(local),
});

for (const size of [1, 2]) {
  Deno.bench({
    name: `${SITES} sites × 64 training samples, reference model: worker pool of ${size}`,
    group: "round",
    n: 3,
    warmup: 1,
    async fn(b) {
      await timedPoolRound(b, bench, size);
    },
  });
}
