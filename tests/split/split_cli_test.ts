import { parse } from "yaml";
import { main as renkei } from "../../cli/program.ts";
import type { SplitRunRecord } from "../../sim/split/mod.ts";
import { runSplitScenario, type SplitScenario } from "../../sim/split/run_paper.ts";
import { assert, assertEquals } from "../_assert.ts";
import { canonicalJson } from "../../reports/canonical.ts";
import { SPLIT_HOST_FIELD } from "../../reports/split_report.ts";

const SMALL = "scenarios/split-small.yaml";

/** Runs the real CLI once (a subprocess, as a person would) and keeps what it wrote. */
const cliDir = Deno.makeTempDirSync({ prefix: "renkei-split-" });
const cliRun = (async () => {
  const dir = cliDir;
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "cli.ts", "split", SMALL, "--out", dir, "--steps", "3"],
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { dir, code, out: dec.decode(stdout), err: dec.decode(stderr) };
})();

async function cliRecord(): Promise<SplitRunRecord> {
  const { dir } = await cliRun;
  return JSON.parse(await Deno.readTextFile(`${dir}/split.json`));
}

function capture() {
  const out: string[] = [], err: string[] = [];
  return {
    out,
    err,
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: () => undefined },
  };
}

Deno.test("renkei split --steps 3 exits 0, writes split.json and report.html and prints the report path last", async () => {
  const { dir, code, out, err } = await cliRun;
  assertEquals(code, 0, err);
  const lines = out.trim().split("\n");
  assertEquals(lines[lines.length - 1], await Deno.realPath(`${dir}/report.html`));
  const record = await cliRecord();
  assertEquals(record.steps.length, 3);
  assert(record.steps.every((s) => Number.isFinite(s.loss) && s.wallSeconds > 0));
  assert(record.host.peakRssBytes > 0 && record.host.backend.length > 0);
});

Deno.test("split.json compares the planned split, the weakest device and raw inputs, flagging only the last as moving data", async () => {
  const record = await cliRecord();
  assertEquals(record.placements.map((p) => p.name), [
    "planned split",
    "weakest device only",
    "raw inputs to server",
  ]);
  assertEquals(record.placements.map((p) => p.movesRawData), [false, false, true]);
  // The camera hub cannot hold the whole tiny model: that is why the plan splits.
  assertEquals(record.placements[1].fits, false);
  const html = await Deno.readTextFile(`${(await cliRun).dir}/report.html`);
  assertEquals(html.split("moves raw data — reference only</strong>").length - 1, 1);
});

Deno.test("the planner-choice table in split.json is sorted and its best row is the chosen partition", async () => {
  const { plan, placements, devices } = await cliRecord();
  const c = plan.candidates;
  assert(c.length === plan.totalCandidates && c.length > 1, `${c.length} candidates`);
  const firstInfeasible = c.findIndex((r) => !r.feasible);
  const feasible = firstInfeasible < 0 ? c : c.slice(0, firstInfeasible);
  const infeasible = firstInfeasible < 0 ? [] : c.slice(firstInfeasible);
  assert(infeasible.every((r) => !r.feasible), "feasible rows come first");
  for (const part of [feasible, infeasible]) {
    for (let i = 1; i < part.length; i++) assert(part[i - 1].stepSeconds <= part[i].stepSeconds);
  }
  assertEquals(c.map((r) => r.rank), c.map((_, i) => i + 1));
  assertEquals(c.filter((r) => r.chosen).length, 1);
  assert(c[0].chosen && c[0].feasible);
  assertEquals(plan.chosen, c[0]);
  assertEquals(placements[0].bounds, c[0].bounds);
  // The chosen partition keeps every device within its memory budget.
  c[0].memoryBytes.forEach((m, d) => assert(m <= devices[d].memoryBytes, devices[d].name));
});

Deno.test("a split run reaching its target turns the measured steps into time to target for each placement", async () => {
  const scenario = parse(await Deno.readTextFile(SMALL)) as SplitScenario;
  // A target the first evaluation reaches, so the conversion is checked without a long run.
  scenario.split = { ...scenario.split, steps: 4, evalEvery: 2, targetAccuracy: 0.01 };
  const record = await runSplitScenario(scenario, SMALL);
  assertEquals(record.evaluations.map((e) => e.step), [2, 4]);
  assertEquals(record.stepsToTarget, 2);
  for (const p of record.placements) assertEquals(p.secondsToTarget, 2 * p.stepSeconds);
  assertEquals(record.placements[0].stepSeconds, record.simulatedStepSeconds);
});

Deno.test("two split runs of one scenario give the same record apart from host measurements", async () => {
  const scenario = parse(await Deno.readTextFile(SMALL)) as SplitScenario;
  const a = await runSplitScenario(scenario, SMALL, { steps: "2" });
  const b = await runSplitScenario(scenario, SMALL, { steps: "2" });
  assertEquals(canonicalJson(a, 0, SPLIT_HOST_FIELD), canonicalJson(b, 0, SPLIT_HOST_FIELD));
});

Deno.test("renkei split exits 2 with the device named when no partition fits its memory", async () => {
  const dir = await Deno.makeTempDir({ prefix: "renkei-split-bad-" });
  try {
    const text = (await Deno.readTextFile(SMALL)).replace("memory: 4.0e5", "memory: 1.0e3");
    await Deno.writeTextFile(`${dir}/tight.yaml`, text);
    const { io, err } = capture();
    const code = await renkei(["split", `${dir}/tight.yaml`, "--out", `${dir}/out`], io);
    assertEquals(code, 2);
    const message = err.join("\n");
    assert(message.includes("fits every device's memory"), message);
    assert(message.includes("on camera-hub, which has 1.00 KB"), message);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("renkei split rejects --steps 0 before running anything", async () => {
  const { io, err } = capture();
  assertEquals(await renkei(["split", SMALL, "--steps", "0"], io), 2);
  assert(err.join("\n").includes("--steps"), err.join("\n"));
});

globalThis.addEventListener("unload", () => Deno.removeSync(cliDir, { recursive: true }));
