/**
 * The compiled-helper loader (sim/native): its cache lives outside the source
 * tree, what ran (C or JavaScript) is recorded for the manifest, and a
 * fallback is said in one line, once per library.
 */
import assert from "node:assert/strict";
import {
  fallbackWarning,
  helpersThatRan,
  loadCLibrary,
  nativeCacheDir,
} from "../../sim/native/c_library.ts";
import { buildManifest } from "../../reports/manifest.ts";
import { bareResults } from "../_results.ts";

Deno.test("nativeCacheDir() is $XDG_CACHE_HOME/renkei/native, else ~/.cache/renkei/native", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  assert.equal(nativeCacheDir(env({ XDG_CACHE_HOME: "/x", HOME: "/h" })), "/x/renkei/native");
  assert.equal(nativeCacheDir(env({ HOME: "/h" })), "/h/.cache/renkei/native");
  assert.equal(nativeCacheDir(env({})), "/tmp/renkei/native");
  // Never inside the project, which may be read-only.
  const repo = new URL("../..", import.meta.url).pathname;
  assert.ok(!nativeCacheDir().startsWith(repo));
});

/** Runs `fn` with environment variables set, and stderr lines captured. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>) {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  const errors: string[] = [];
  const error = console.error;
  console.error = (...args: unknown[]) => errors.push(args.join(" "));
  for (const [k, v] of Object.entries(vars)) Deno.env.set(k, v);
  try {
    return { value: await fn(), errors };
  } finally {
    console.error = error;
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) Deno.env.delete(k);
      else Deno.env.set(k, v);
    }
  }
}

Deno.test("a library that builds runs as C, one that cannot falls back to JavaScript with one warning", async () => {
  const dir = await Deno.makeTempDir({ prefix: "renkei-native-" });
  try {
    const good = new URL(`file://${dir}/renkei_test_ok.c`);
    await Deno.writeTextFile(good, `int renkei_test_one(void) { return 1; }\n`);
    const symbols = { renkei_test_one: { parameters: [], result: "i32" } } as const;
    const built = await withEnv(
      { XDG_CACHE_HOME: `${dir}/cache` },
      () => loadCLibrary(good, symbols),
    );
    if (built.value.ok) {
      assert.equal(built.value.lib.symbols.renkei_test_one(), 1);
      assert.ok(built.value.path.startsWith(`${dir}/cache/renkei/native/`));
      built.value.lib.close();
      assert.equal(helpersThatRan().renkei_test_ok, "C");
    } else {
      // No C compiler here: the fallback is recorded instead (CI installs gcc, so it takes the branch above).
      assert.equal(helpersThatRan().renkei_test_ok, "JavaScript");
    }

    const bad = new URL(`file://${dir}/renkei_test_bad.c`);
    await Deno.writeTextFile(bad, `this is not C\n`);
    const env = { XDG_CACHE_HOME: `${dir}/cache`, RENKEI_CC: "false" };
    const first = await withEnv(env, () => loadCLibrary(bad, {}));
    const second = await withEnv(env, () => loadCLibrary(bad, {}));
    assert.equal(first.value.ok, false);
    assert.equal(helpersThatRan().renkei_test_bad, "JavaScript");
    assert.equal(first.errors.length, 1);
    assert.equal(first.errors[0].split("\n").length, 1);
    assert.match(first.errors[0], /renkei_test_bad.*using JavaScript/);
    assert.equal(second.errors.length, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fallbackWarning() is one line even when the compiler said several", () => {
  const line = fallbackWarning("scene_kernels", "cc failed: a\nb\nc");
  assert.equal(line.split("\n").length, 1);
  assert.match(line, /cc failed: a\)/);
});

Deno.test("the manifest records which helpers ran", async () => {
  const input = {
    results: bareResults(),
    scenarioSha256: "s",
    resultsSha256: "r",
    resultsHash: "h",
    wallSeconds: 1,
    command: "renkei run x.yaml",
  };
  const manifest = await buildManifest({
    ...input,
    nativeHelpers: { scene_kernels: "C", renkei_kernels: "JavaScript" },
  });
  assert.deepEqual(manifest.nativeHelpers, { scene_kernels: "C", renkei_kernels: "JavaScript" });
  const byDefault = await buildManifest(input);
  assert.deepEqual(byDefault.nativeHelpers, helpersThatRan());
});
