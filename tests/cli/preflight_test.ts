import assert from "node:assert/strict";
import { runFile, type RunScenario, sweepFile, type WriteRun } from "../../cli/mod.ts";
import { preflightScenario } from "../../cli/preflight.ts";
import { saveCheckpoint } from "../../sim/fl/run/checkpoint.ts";
import { fingerprintSettings, scenarioFingerprint } from "../../sim/fl/run/run_state.ts";
import { mainWith } from "../_cli.ts";
import { bareResults } from "../_results.ts";
import { BASE } from "./_bad_scenarios.ts";

const quiet = (lines: string[]) => ({
  out: (l: string) => lines.push(l),
  err: (l: string) => lines.push(l),
  env: () => undefined,
});

/** A runner that records its calls and trains nothing. */
function fakeRunner(calls: string[]): RunScenario {
  return (scenario, options) => {
    calls.push(options.outDir);
    return Promise.resolve(bareResults({ name: scenario.name, seed: scenario.seed, scenario }));
  };
}
const noWriter: WriteRun = (dir) => Promise.resolve({ reportPath: `${dir}/report.html` });

async function withScenario(body: (dir: string, file: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "renkei-preflight-" });
  try {
    await Deno.writeTextFile(`${dir}/s.yaml`, BASE);
    await body(dir, `${dir}/s.yaml`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("validate rejects the issue's examples with exit 2 and a line each", async () => {
  await withScenario(async (dir, _file) => {
    const file = `${dir}/bad.yaml`;
    await Deno.writeTextFile(
      file,
      BASE + "links: {latency: -1, uplink: 0}\ntraining:\n  strategy: {name: fedprox, params: " +
        "{muu: 0.01, mu: -1}}\n",
    );
    const { code, err } = await mainWith(["validate", file]);
    assert.equal(code, 2);
    assert.match(err, /bad\.yaml:7 {2}links\.latency: must be at least 0/);
    assert.match(err, /bad\.yaml:7 {2}links\.uplink: must be greater than 0/);
    await Deno.writeTextFile(
      file,
      BASE + "training:\n  strategy: {name: fedprox, params: {muu: 1}}\n",
    );
    const params = await mainWith(["validate", file]);
    assert.equal(params.code, 2);
    assert.match(params.err, /bad\.yaml:8 {2}training\.strategy\.params\.muu: .*did you mean "mu"/);
  });
});

Deno.test('validate says "1 site, 1 round" and "4 sites, 10 rounds"', async () => {
  await withScenario(async (dir, file) => {
    await Deno.writeTextFile(
      `${dir}/one.yaml`,
      "name: one\nsites: [{group: a, count: 1, samples: 5}]\ntraining: {rounds: 1}\n",
    );
    const { code, out } = await mainWith(["validate", `${dir}/one.yaml`, file]);
    assert.equal(code, 0);
    assert.match(out, /one\.yaml {2}\(1 site, 1 round\)$/m);
    assert.match(out, /s\.yaml {2}\(4 sites, 10 rounds\)$/m);
  });
});

Deno.test("--resume without a checkpoint says the run starts afresh", async () => {
  await withScenario(async (dir, file) => {
    const lines: string[] = [];
    const calls: string[] = [];
    const options = { sets: [], check: false, resume: true, out: `${dir}/run` };
    const code = await runFile(file, options, quiet(lines), fakeRunner(calls), noWriter);
    assert.equal(code, 0);
    assert.equal(calls.length, 1);
    assert.ok(
      lines.some((l) => /--resume: no checkpoint in .*; starting afresh/.test(l)),
      lines.join("\n"),
    );
  });
});

Deno.test("--resume against a checkpoint of another seed exits 2 naming the setting, before any run", async () => {
  await withScenario(async (dir, file) => {
    const other = await preflightScenario(file, ["seed=5", "training.learningRate=0.1"]);
    saveCheckpoint(`${dir}/run/checkpoint`, 1, {
      fingerprint: scenarioFingerprint(other, other.seed),
      settings: fingerprintSettings(other, other.seed),
    });
    const lines: string[] = [];
    const calls: string[] = [];
    const run = runFile(
      file,
      { sets: [], check: false, resume: true, out: `${dir}/run` },
      quiet(lines),
      fakeRunner(calls),
      noWriter,
    );
    await assert.rejects(run, (e: Error) => {
      assert.equal(e.name, "UsageError");
      assert.match(e.message, /seed: 5 → 1/);
      assert.match(e.message, /training\.learningRate: 0\.1 → 0\.05/);
      return true;
    });
    assert.equal(calls.length, 0, "nothing ran");
    const viaMain = await mainWith(["run", file, "--resume", "--out", `${dir}/run`]);
    assert.equal(viaMain.code, 2);
    assert.doesNotMatch(viaMain.err, /TypeError|RangeError/);
  });
});

Deno.test("--out naming a file exits 2 before the scenario's runner is even loaded", async () => {
  await withScenario(async (dir, file) => {
    await Deno.writeTextFile(`${dir}/taken`, "x");
    const calls: string[] = [];
    const run = runFile(
      file,
      { sets: [], check: false, resume: false, out: `${dir}/taken` },
      quiet([]),
      fakeRunner(calls),
      noWriter,
    );
    await assert.rejects(run, /--out .*taken is a file/);
    assert.equal(calls.length, 0);
  });
});

Deno.test("renkei --version prints Renkei, Deno, TensorFlow.js and the backend", async () => {
  const { code, out } = await mainWith(["--version"], { RENKEI_BACKEND: "cpu" });
  assert.equal(code, 0);
  assert.match(out, /^Renkei \d+\.\d+\.\d+$/m);
  assert.match(out, new RegExp(`^Deno ${Deno.version.deno.replaceAll(".", "\\.")} `, "m"));
  assert.match(out, /^TensorFlow\.js \d+\.\d+\.\d+$/m);
  assert.match(out, /^backend cpu \(RENKEI_BACKEND/m);
});

Deno.test("the preflight and validate load no TensorFlow.js", async () => {
  for (const root of ["cli/preflight.ts", "cli/validate.ts"]) {
    const { stdout, success } = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", root],
      stdout: "piped",
      stderr: "null",
    }).output();
    assert.ok(success);
    // Modules only: npmPackages lists the whole lockfile, not what this graph imports.
    const graph = JSON.parse(new TextDecoder().decode(stdout)) as {
      modules: { specifier: string }[];
    };
    const names = graph.modules.map((m) => m.specifier);
    assert.ok(
      names.some((n) => n.endsWith("sim/fl/strategies/fedprox.ts")),
      "strategies are in it",
    );
    assert.deepEqual(names.filter((n) => /tensorflow|tfjs/i.test(n)), [], root);
  }
});

Deno.test("a worker's preflight finds the problems of a scenario that arrives resolved", async () => {
  const { scenarioProblems } = await import("../../cli/preflight.ts");
  const { resolveScenario } = await import("../../scenarios/mod.ts");
  const good = resolveScenario({ name: "t", sites: [{ group: "a", count: 4, samples: 20 }] });
  assert.deepEqual(scenarioProblems(good), []);
  const bad = resolveScenario({
    name: "t",
    sites: [{ group: "a", count: 4, samples: 20 }],
    training: { strategy: { name: "fedprox", params: { mu: -1 } } },
  });
  assert.match(
    scenarioProblems(bad).join("\n"),
    /^training\.strategy\.params\.mu: must be at least 0/,
  );
});

Deno.test("sweep --resume finds a checkpoint of other settings in any combination before the first run", async () => {
  await withScenario(async (dir, file) => {
    const other = await preflightScenario(file, ["training.rounds=2", "seed=9"]);
    saveCheckpoint(`${dir}/sw/training.rounds=2/checkpoint`, 1, {
      fingerprint: scenarioFingerprint(other, other.seed),
      settings: fingerprintSettings(other, other.seed),
    });
    const calls: string[] = [];
    const sweep = sweepFile(
      file,
      { sets: ["training.rounds=1,2"], check: false, resume: true, out: `${dir}/sw` },
      quiet([]),
      fakeRunner(calls),
      noWriter,
    );
    await assert.rejects(
      sweep,
      /training\.rounds=2 is of another scenario or seed \(seed: 9 → 1\)/,
    );
    assert.equal(calls.length, 0, "the first combination did not run either");
  });
});
