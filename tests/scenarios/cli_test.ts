import assert from "node:assert/strict";
import { reportError } from "../../cli/mod.ts";
import { mainWith, renkeiCli } from "../_cli.ts";

const renkei = renkeiCli();

/** A stack trace line looks like "    at foo (file:///…:12:3)". */
const STACK = /^\s+at .*:\d+:\d+\)?$/m;

Deno.test("validate exits 0 and prints ok with site and round counts for good files", async () => {
  const { code, out } = await renkei("validate", "scenarios/demo.yaml", "scenarios/ci/smoke.yaml");
  assert.equal(code, 0);
  assert.match(out, /^ok {2}scenarios\/demo\.yaml {2}\(60 sites, 30 rounds\)$/m);
  assert.match(out, /^ok {2}scenarios\/ci\/smoke\.yaml {2}\(8 sites, 3 rounds\)$/m);
});

Deno.test("validate exits 2 with file:line and no stack trace for a bad file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/bad.yaml`;
    await Deno.writeTextFile(
      file,
      "name: t\nsites:\n  - group: a\n    count: -2\n    samples: 5\n",
    );
    const { code, out, err } = await renkei("validate", "scenarios/ci/smoke.yaml", file);
    assert.equal(code, 2);
    assert.match(out, /ok {2}scenarios\/ci\/smoke\.yaml/, "good files are still reported");
    assert.ok(err.includes(`${file}:4  sites[0].count: must be a non-negative integer`), err);
    assert.doesNotMatch(err, STACK);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("validate exits 2 for a missing file without a stack trace", async () => {
  const { code, err } = await renkei("validate", "scenarios/none.yaml");
  assert.equal(code, 2);
  assert.match(err, /scenarios\/none\.yaml {2}file not found/);
  assert.doesNotMatch(err, STACK);
});

Deno.test("an unknown command or option exits 2 with a short message", async () => {
  const command = await renkei("frobnicate");
  assert.equal(command.code, 2);
  assert.match(command.err, /unknown command 'frobnicate'/);
  const option = await renkei("validate", "--nope", "scenarios/demo.yaml");
  assert.equal(option.code, 2);
  assert.match(option.err, /unknown option '--nope'/);
  assert.doesNotMatch(option.err, STACK);
});

Deno.test("run with a bad option value exits 2", async () => {
  const { code, err } = await mainWith(["run", "scenarios/ci/smoke.yaml", "--seed", "abc"]);
  assert.equal(code, 2);
  assert.match(err, /Expected --seed to be an integer ≥ 0 but found "abc"/);
});

Deno.test("run validates before running and reports --set problems as exit 2", async () => {
  const { code, err } = await mainWith([
    "run",
    "scenarios/ci/smoke.yaml",
    "--set",
    "training.rounds=0",
  ]);
  assert.equal(code, 2);
  assert.match(err, /--set training\.rounds=0 {2}training\.rounds: must be a positive integer/);
});

Deno.test("help exits 0 and lists the commands", async () => {
  const { code, out } = await mainWith(["--help"]);
  assert.equal(code, 0);
  assert.match(out, /validate/);
  assert.match(out, /run/);
});

Deno.test("an unexpected error is one line with exit 1, and its stack only with RENKEI_DEBUG=1", () => {
  const lines: string[] = [];
  const io = (env: Record<string, string>) => ({
    out: () => {},
    err: (l: string) => lines.push(l),
    env: (k: string) => env[k],
  });
  assert.equal(reportError(new RangeError("boom\nsecond line"), io({})), 1);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^renkei: internal error: boom {2}\(RENKEI_DEBUG=1 shows the stack\)$/);
  lines.length = 0;
  assert.equal(reportError(new RangeError("boom"), io({ RENKEI_DEBUG: "1" })), 1);
  assert.match(lines.join("\n"), STACK);
});
