/**
 * The bad-input corpus: every case runs the real command line in this
 * process (no subprocess per case, so the corpus stays fast) and must exit 2
 * with a message naming the field, flag or file, never a stack trace or an
 * error class name, within 5 s, before any training.
 */
import assert from "node:assert/strict";
import { main } from "../../cli/mod.ts";
import { BLOCKS, COMMANDS, CROSS_FIELD, PARAMS } from "./_bad_commands.ts";
import { type BadInput, BASE, ENUMS, HOSTILE, NUMBERS, WORLD } from "./_bad_scenarios.ts";
import { MODELS } from "./_bad_models.ts";

const CORPUS: BadInput[] = [
  ...HOSTILE,
  ...NUMBERS,
  ...WORLD,
  ...ENUMS,
  ...PARAMS,
  ...BLOCKS,
  ...CROSS_FIELD,
  ...COMMANDS,
  ...MODELS,
];

/** A stack trace line looks like "    at foo (file:///…:12:3)". */
const STACK = /^\s+at .*:\d+:\d+\)?$/m;
const CLASS_NAME = /\b(TypeError|RangeError|SyntaxError|ReferenceError|Error):/;
const LIMIT_MS = 5000;

async function writeCase(dir: string, files: BadInput["files"]): Promise<void> {
  for (const [name, content] of Object.entries(files ?? { "s.yaml": BASE })) {
    const path = `${dir}/${name}`;
    if (content === null) await Deno.mkdir(path);
    else if (typeof content === "string") await Deno.writeTextFile(path, content);
    else await Deno.writeFile(path, content);
  }
  // Commands that need a valid scenario get the base one unless the case wrote its own.
  if (files !== undefined && !("s.yaml" in files) && !("s.json" in files)) {
    await Deno.writeTextFile(`${dir}/s.yaml`, BASE);
  }
}

/** Runs `renkei args` in-process; what it printed and how long it took. */
async function runCli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const start = performance.now();
  const code = await main(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: () => undefined,
  });
  return { code, out: out.join("\n"), err: err.join("\n"), ms: performance.now() - start };
}

Deno.test("the bad-input corpus has at least 60 cases, each with its own name", () => {
  assert.ok(CORPUS.length >= 60, `${CORPUS.length} cases`);
  assert.equal(new Set(CORPUS.map((c) => c.name)).size, CORPUS.length);
});

for (const c of CORPUS) {
  Deno.test(`bad input: ${c.name} → exit 2, named, no stack, under 5 s`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "renkei-bad-" });
    try {
      if (c.name !== "a missing file") await writeCase(dir, c.files);
      const args = (c.args ?? ["validate", "@/s.yaml"]).map((a) => a.replaceAll("@/", `${dir}/`));
      const { code, out, err, ms } = await runCli(args);
      const said = `${out}\n${err}`;
      assert.equal(code, 2, `exit code for ${args.join(" ")}:\n${said}`);
      if (typeof c.names === "string") {
        assert.ok(err.includes(c.names), `names ${c.names}:\n${err}`);
      } else assert.match(err, c.names);
      if (c.line) {
        const named = typeof c.names === "string" ? c.names : c.names.source;
        const at = err.split("\n").find((l) => l.includes(named) || new RegExp(named).test(l));
        assert.match(at ?? "", /^\S+:\d+ {2}/, `file:line before the field:\n${err}`);
      }
      assert.doesNotMatch(said, STACK);
      assert.doesNotMatch(said, CLASS_NAME);
      assert.doesNotMatch(said, /^ok /m, "nothing is reported as ok");
      assert.ok(ms < LIMIT_MS, `took ${Math.round(ms)} ms`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
