import assert from "node:assert/strict";
import { createProgress, type ProgressOptions } from "../../sim/engine/mod.ts";

/** A progress display whose output and clock the test controls. */
function captured(opts: Partial<ProgressOptions> = {}) {
  const out: string[] = [];
  let ms = 0;
  const options: ProgressOptions = {
    write: (t) => void out.push(t),
    terminal: false,
    quiet: false,
    clock: () => ms,
    ...opts,
  };
  return { out, options, advance: (by: number) => void (ms += by) };
}

Deno.test("createProgress in a log prints one line per tenth of the work, then a final line", () => {
  const { out, options, advance } = captured();
  const p = createProgress("rounds", 1000, options);
  for (let i = 0; i < 1000; i++) {
    advance(1); // 1 s of work in all: the 5-second rule never fires
    p.tick(1, `round ${i + 1}`);
  }
  p.done();
  p.done(); // a second done() prints nothing
  assert.equal(out.length, 11, out.join(""));
  assert.match(out[0], /^rounds: 100\/1000 {2}round 100 \(10%, 0\.1 s\)\n$/);
  assert.match(out.at(-1)!, /^rounds: 1000\/1000 {2}round 1000 done in 1\.0 s\n$/);
});

Deno.test("createProgress in a log also prints every 5 seconds while work is slow", () => {
  const { out, options, advance } = captured();
  const p = createProgress("sites", 1000, options);
  for (let i = 0; i < 30; i++) {
    advance(6000);
    p.tick();
  }
  assert.equal(out.length, 30, "each tick came more than 5 s after the last line");
  assert.ok(out.every((line) => line.startsWith("sites: ") && line.endsWith("\n")));
});

Deno.test("createProgress on a terminal redraws one bar in place", () => {
  const { out, options, advance } = captured({ terminal: true });
  const p = createProgress("train", 4, options);
  for (let i = 0; i < 4; i++) {
    advance(200);
    p.tick();
  }
  p.done();
  assert.ok(out.slice(0, -1).every((t) => t.startsWith("\rtrain ")), "redraws start with \\r");
  assert.ok(out.some((t) => t.includes("100%") && t.includes("4/4")));
  assert.equal(out.at(-1), "\n", "done() ends the bar's line");
});

Deno.test("createProgress is silent when quiet, including via RENKEI_QUIET=1", () => {
  const { out, options } = captured({ quiet: true });
  const p = createProgress("x", 3, options);
  p.tick();
  p.done();
  assert.deepEqual(out, []);

  const before = Deno.env.get("RENKEI_QUIET");
  Deno.env.set("RENKEI_QUIET", "1");
  try {
    const env = captured({ quiet: undefined });
    const q = createProgress("y", 3, env.options);
    q.tick(3);
    q.done();
    assert.deepEqual(env.out, []);
  } finally {
    if (before === undefined) Deno.env.delete("RENKEI_QUIET");
    else Deno.env.set("RENKEI_QUIET", before);
  }
});

Deno.test("createProgress rejects a negative or non-finite total", () => {
  assert.throws(() => createProgress("x", -1), RangeError);
  assert.throws(() => createProgress("x", NaN), RangeError);
});
