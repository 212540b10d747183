import assert from "node:assert/strict";
import { renkeiCli } from "../_cli.ts";

const renkei = renkeiCli();

/** Runs `bench round --json` with tiny sizes and returns its one JSON line, parsed. */
async function benchRound(...args: string[]): Promise<Record<string, unknown>> {
  const { code, out, err } = await renkei("bench", "round", ...args, "--json");
  assert.equal(code, 0, err);
  const lines = out.trim().split("\n");
  assert.equal(lines.length, 1, out);
  return JSON.parse(lines[0]);
}

Deno.test("bench round --json times every round after the first and counts their site-samples", async () => {
  const r = await benchRound(
    ..."--sites 3 --samples 40 --batch 8 --rounds 3 --workers 0".split(" "),
  );
  assert.equal(r.backend, "wasm");
  assert.equal(r.preset, "reference");
  assert.equal(r.measured_rounds, 2);
  // 3 sites × 40 samples × 1 epoch, in each of rounds 2 and 3: real tasks, really counted.
  assert.equal(r.measured_site_samples, 240);
  const rounds = r.round_seconds as number[];
  assert.equal(rounds.length, 2);
  const marginal = r.marginal_seconds as number;
  assert.ok(rounds.every((s) => s > 0), JSON.stringify(rounds));
  assert.ok(Math.abs(rounds[0] + rounds[1] - marginal) <= 0.002, JSON.stringify(r));
  const rate = 240 / marginal;
  assert.ok(Math.abs((r.site_samples_per_s as number) - rate) <= 1e-2 * rate, JSON.stringify(r));
  assert.ok((r.setup_and_first_round_seconds as number) > 0);
  const breakdown = r.breakdown as Record<string, number>;
  assert.ok(breakdown.trainSeconds > 0 && breakdown.totalSeconds >= marginal, JSON.stringify(r));
  assert.ok(Number.isFinite(r.final_accuracy), "the run really trained and evaluated");
});

Deno.test("bench round on a worker pool counts every local epoch and the workers' busy time", async () => {
  const r = await benchRound(
    ..."--sites 2 --samples 24 --batch 8 --epochs 2 --rounds 2 --workers 1".split(" "),
  );
  assert.equal(r.workers, 1);
  assert.equal(r.measured_rounds, 1);
  // 2 sites × 24 samples × 2 epochs in round 2.
  assert.equal(r.measured_site_samples, 96);
  assert.ok((r.executor_busy_seconds as number) > 0, JSON.stringify(r));
});

Deno.test("bench round rejects a single round with exit code 2: nothing would be timed", async () => {
  const { code, err } = await renkei("bench", "round", "--rounds", "1", "--json");
  assert.equal(code, 2);
  assert.match(err, /Expected --rounds to be an integer ≥ 2 but found "1"/);
});

Deno.test("bench round rejects more sites than a scenario may hold with exit code 2, before training", async () => {
  const { code, out, err } = await renkei("bench", "round", "--sites", "5000", "--json");
  assert.equal(code, 2);
  assert.equal(out, "");
  assert.match(err, /renkei bench round {2}sites\[0\]\.count: must be at most 2000/);
  assert.doesNotMatch(err, /^\s+at /m, "no stack trace");
});
