/**
 * Small C libraries compiled on first use and loaded through Deno FFI: the
 * native backend's kernel helpers and the data generators' pixel loops.
 *
 * A library is compiled with the system C compiler (`cc`, or RENKEI_CC) into
 * `.cache/native/` at the project root, keyed by its source, the flags, the
 * compiler and the CPU (builds target the host's instruction set, so one must
 * not move to another CPU). Every caller keeps a JavaScript version as the
 * reference and fallback; the C code must match it bit for bit, hence no FP
 * contraction. RENKEI_NATIVE_HELPERS=js turns every such library off.
 *
 * @module
 */

const CACHE_DIR = new URL("../../.cache/native/", import.meta.url);
const FLAGS = ["-O3", "-march=native", "-ffp-contract=off", "-fno-math-errno", "-shared", "-fPIC"];

/** Reads an environment variable, undefined when unset, empty or not permitted. */
export function envVar(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}

async function digest(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(bytes)].slice(0, 8).map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** The CPU model line: a library built with -march=native must not move to another CPU. */
function cpuModel(): string {
  try {
    const info = Deno.readTextFileSync("/proc/cpuinfo");
    return /model name\s*:\s*(.*)/.exec(info)?.[1] ?? "";
  } catch {
    return "";
  }
}

/** Compiles `source` unless an up-to-date build exists; returns the library's path. */
async function build(source: URL, compiler: string): Promise<string> {
  const text = await Deno.readTextFile(source);
  const key = await digest(
    [text, compiler, FLAGS.join(" "), cpuModel(), Deno.build.target].join("\n"),
  );
  const stem = source.pathname.split("/").pop()!.replace(/\.c$/, "");
  const path = new URL(`${stem}-${key}.so`, CACHE_DIR).pathname;
  try {
    await Deno.stat(path);
    return path;
  } catch {
    // not built yet
  }
  await Deno.mkdir(CACHE_DIR, { recursive: true });
  // Build under a unique name and rename: parallel test processes may race here.
  const partial = `${path}.${Deno.pid}.${crypto.randomUUID()}.tmp`;
  const { code, stderr } = await new Deno.Command(compiler, {
    args: [...FLAGS, "-o", partial, source.pathname],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(`${compiler} failed: ${new TextDecoder().decode(stderr).trim()}`);
  }
  await Deno.rename(partial, path);
  return path;
}

/** A loaded library, or why there is none. */
export type CLibrary<S extends Deno.ForeignLibraryInterface> =
  | { ok: true; path: string; lib: Deno.DynamicLibrary<S> }
  | { ok: false; why: string };

/**
 * Builds (once per machine) and opens the C library at `source` with
 * `symbols`; `{ ok: false, why }` when disabled (RENKEI_NATIVE_HELPERS=js) or
 * when no compiler could build it. Callers cache the result per process.
 */
export async function loadCLibrary<S extends Deno.ForeignLibraryInterface>(
  source: URL,
  symbols: S,
): Promise<CLibrary<S>> {
  if (envVar("RENKEI_NATIVE_HELPERS") === "js") {
    return { ok: false, why: "RENKEI_NATIVE_HELPERS=js" };
  }
  try {
    const path = await build(source, envVar("RENKEI_CC") ?? "cc");
    return { ok: true, path, lib: Deno.dlopen(path, symbols) };
  } catch (error) {
    return { ok: false, why: error instanceof Error ? error.message : String(error) };
  }
}
