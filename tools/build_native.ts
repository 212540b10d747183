/**
 * Builds every compiled helper library once, ahead of any run, into the cache
 * outside the source tree (`$XDG_CACHE_HOME/renkei/native`, else
 * `~/.cache/renkei/native`): the data generators' pixel loops and the native
 * backend's kernel helpers. CI and `.ci/run` call it once so the test
 * processes only load what it built. Prints one line per library; exits 1
 * with the compiler's message when one fails to build (runs would then use
 * the JavaScript helpers: same results, slower).
 *
 *   deno task build-native
 */
import { loadCLibrary, nativeCacheDir } from "../sim/native/c_library.ts";

/** The C sources of the project's helper libraries. */
export const NATIVE_SOURCES: readonly URL[] = [
  new URL("../sim/data/c/scene_kernels.c", import.meta.url),
  new URL("../models/kernels/native/c/renkei_kernels.c", import.meta.url),
];

/** Builds (or finds built) every library; one line per library, and whether all built. */
export async function buildNative(): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  let ok = true;
  for (const source of NATIVE_SOURCES) {
    // No symbols: this only builds and opens the library; callers bind their own.
    const library = await loadCLibrary(source, {});
    const name = source.pathname.split("/").pop();
    if (library.ok) {
      lines.push(`built ${name} -> ${library.path}`);
      library.lib.close();
    } else {
      ok = false;
      lines.push(`could not build ${name}: ${library.why}`);
    }
  }
  return { ok, lines };
}

if (import.meta.main) {
  console.log(`native helper cache: ${nativeCacheDir()}`);
  const { ok, lines } = await buildNative();
  for (const line of lines) console.log(line);
  if (!ok) Deno.exit(1);
}
