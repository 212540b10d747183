import { assert, assertEquals } from "../_assert.ts";
import { FAST_BACKENDS, skipUnlessTestable } from "./_kernel_cases.ts";

/** Runs tests/models/_train_reference.ts in a fresh process; its stdout is the weights in hex. */
async function trainInChild(backend: string): Promise<string> {
  const script = new URL("./_train_reference.ts", import.meta.url).pathname;
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, backend],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(code, 0, new TextDecoder().decode(stderr));
  return new TextDecoder().decode(stdout).trim();
}

for (const fast of FAST_BACKENDS) {
  Deno.test({
    name:
      `the reference model trains to bit-identical weights in two processes with the zoo's ${fast} kernels`,
    ignore: await skipUnlessTestable(fast),
  }, async () => {
    const first = await trainInChild(fast);
    const second = await trainInChild(fast);
    assert(first.length > 1000, `Expected the weights in hex but found ${first.length} characters`);
    assert(first === second, "two runs from the same seed gave different weights");
  });
}
