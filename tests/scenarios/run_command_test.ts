import assert from "node:assert/strict";
import { runFile, type RunScenario, sweepFile, type WriteRun } from "../../cli/mod.ts";
import type { RunResults } from "../../sim/results/results.ts";
import type { Scenario } from "../../scenarios/mod.ts";
import { bareResults } from "../_results.ts";

/** Records the run directories the CLI would write, writing nothing. */
function recordingWriter(dirs: string[] = []): WriteRun {
  return (dir) => {
    dirs.push(dir);
    return Promise.resolve({ reportPath: `${dir}/report.html` });
  };
}

const quietIo = (lines: string[]) => ({
  out: (l: string) => lines.push(l),
  err: (l: string) => lines.push(l),
  env: () => undefined,
});

/** Results with just what the target check reads. */
function resultsWith(finalAccuracy: number, scenario: Scenario): RunResults {
  return bareResults({ name: scenario.name, seed: scenario.seed, scenario }, {
    finalAccuracy,
    simulatedSeconds: 1,
  });
}

Deno.test("run passes the resolved scenario, --seed, --workers and --out to the runner", async () => {
  const calls: { scenario: Scenario; out: string }[] = [];
  const runner: RunScenario = (scenario, options) => {
    calls.push({ scenario, out: options.outDir });
    return Promise.resolve(resultsWith(0.5, scenario));
  };
  const code = await runFile(
    "scenarios/ci/smoke.yaml",
    {
      seed: 11,
      workers: 2,
      out: "runs/x",
      sets: ["training.rounds=2"],
      check: false,
      resume: false,
    },
    quietIo([]),
    runner,
    recordingWriter(),
  );
  assert.equal(code, 0);
  assert.equal(calls.length, 1);
  assert.equal(calls[0].scenario.seed, 11);
  assert.equal(calls[0].scenario.training.workers, 2);
  assert.equal(calls[0].scenario.training.rounds, 2);
  assert.equal(calls[0].out, "runs/x");
});

Deno.test("run passes --backend to the runner explicitly, not only through RENKEI_BACKEND", async () => {
  const backends: (string | undefined)[] = [];
  const runner: RunScenario = (scenario, options) => {
    backends.push(options.backend);
    return Promise.resolve(resultsWith(0.5, scenario));
  };
  const out = await Deno.makeTempDir({ prefix: "renkei-backend-" });
  try {
    const base = { sets: ["training.rounds=2"], check: false, resume: false };
    await runFile(
      "scenarios/ci/smoke.yaml",
      { ...base, out: `${out}/a`, backend: "cpu" },
      quietIo([]),
      runner,
      recordingWriter(),
    );
    await runFile(
      "scenarios/ci/smoke.yaml",
      { ...base, out: `${out}/b` },
      quietIo([]),
      runner,
      recordingWriter(),
    );
  } finally {
    await Deno.remove(out, { recursive: true });
  }
  assert.deepEqual(backends, ["cpu", undefined]);
});

Deno.test("run --check exits 1 when a target is missed and 0 when all are met", async () => {
  const withAccuracy = (acc: number): RunScenario => (s) => Promise.resolve(resultsWith(acc, s));
  const options = { sets: ["targets.minAccuracy=0.6"], check: true, resume: false, out: "runs/x" };
  const lines: string[] = [];
  assert.equal(
    await runFile(
      "scenarios/ci/smoke.yaml",
      options,
      quietIo(lines),
      withAccuracy(0.5),
      recordingWriter(),
    ),
    1,
  );
  assert.ok(lines.join("\n").includes("minAccuracy"), lines.join("\n"));
  assert.equal(
    await runFile(
      "scenarios/ci/smoke.yaml",
      options,
      quietIo([]),
      withAccuracy(0.7),
      recordingWriter(),
    ),
    0,
  );
});

Deno.test("run --check runs every seed in targets.seeds into its own folder", async () => {
  const seen: [number, string][] = [];
  const runner: RunScenario = (s, o) => {
    seen.push([s.seed, o.outDir]);
    return Promise.resolve(resultsWith(0.9, s));
  };
  const options = { sets: ["targets.seeds=[1, 2]"], check: true, resume: false, out: "runs/m" };
  const written: string[] = [];
  assert.equal(
    await runFile(
      "scenarios/ci/smoke.yaml",
      options,
      quietIo([]),
      runner,
      recordingWriter(written),
    ),
    0,
  );
  assert.deepEqual(seen, [[1, "runs/m/seed-1"], [2, "runs/m/seed-2"]]);
  assert.deepEqual(written, ["runs/m/seed-1", "runs/m/seed-2"]);
});

Deno.test("sweep runs every combination into its own folder", async () => {
  const seen: [number, string, string][] = [];
  const runner: RunScenario = (s, o) => {
    seen.push([s.training.rounds, s.model.fusion, o.outDir]);
    return Promise.resolve(resultsWith(0.9, s));
  };
  const options = {
    sets: ["training.rounds=1,2", "model.fusion=gated,attention"],
    check: false,
    resume: false,
    out: "runs/sw",
  };
  assert.equal(
    await sweepFile("scenarios/ci/smoke.yaml", options, quietIo([]), runner, recordingWriter()),
    0,
  );
  assert.deepEqual(seen, [
    [1, "gated", "runs/sw/training.rounds=1,model.fusion=gated"],
    [1, "attention", "runs/sw/training.rounds=1,model.fusion=attention"],
    [2, "gated", "runs/sw/training.rounds=2,model.fusion=gated"],
    [2, "attention", "runs/sw/training.rounds=2,model.fusion=attention"],
  ]);
});

Deno.test("sweep validates every combination first and runs nothing when one is invalid", async () => {
  let runs = 0;
  const runner: RunScenario = (s) => {
    runs++;
    return Promise.resolve(resultsWith(0.9, s));
  };
  const lines: string[] = [];
  const options = { sets: ["training.rounds=2,0"], check: false, resume: false };
  assert.equal(
    await sweepFile("scenarios/ci/smoke.yaml", options, quietIo(lines), runner, recordingWriter()),
    2,
  );
  assert.equal(runs, 0);
  assert.deepEqual(lines, [
    "--set training.rounds=0  training.rounds: must be a positive integer (expected integer ≥ 1, got 0)",
  ]);
});
