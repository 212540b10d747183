/**
 * Small C libraries compiled on first use and loaded through Deno FFI: the
 * native backend's kernel helpers and the data generators' pixel loops.
 *
 * A library is compiled with the system C compiler (`cc`, or RENKEI_CC) into
 * a cache outside the source tree (`$XDG_CACHE_HOME/renkei/native`, else
 * `~/.cache/renkei/native`, so a read-only install still works; `deno task
 * build-native` fills it ahead of time), keyed by its source, the flags, the
 * compiler and the CPU (builds target the host's instruction set, so one must
 * not move to another CPU). Every caller keeps a JavaScript version as the
 * reference and fallback; the C code must match it bit for bit, hence no FP
 * contraction. RENKEI_NATIVE_HELPERS=js turns every such library off. Which
 * ran is recorded per library ({@link helpersThatRan}) for the run manifest,
 * and a fallback is said once, in one line, on stderr.
 *
 * @module
 */

const FLAGS = ["-O3", "-march=native", "-ffp-contract=off", "-fno-math-errno", "-shared", "-fPIC"];

/** Reads an environment variable, undefined when unset, empty or not permitted. */
export function envVar(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where compiled libraries go: `$XDG_CACHE_HOME/renkei/native`, else
 * `$HOME/.cache/renkei/native`, else the system temp folder's `renkei/native`.
 */
export function nativeCacheDir(env: (name: string) => string | undefined = envVar): string {
  const xdg = env("XDG_CACHE_HOME");
  if (xdg !== undefined) return `${xdg}/renkei/native`;
  const home = env("HOME");
  if (home !== undefined) return `${home}/.cache/renkei/native`;
  return `${env("TMPDIR") ?? "/tmp"}/renkei/native`;
}

/** Which implementation of each requested library ran in this process, by library name. */
const ran = new Map<string, "C" | "JavaScript">();

/**
 * The helpers this process asked for and what ran: "C" when the compiled
 * library loaded, "JavaScript" when it fell back (same results, slower).
 */
export function helpersThatRan(): Record<string, "C" | "JavaScript"> {
  return Object.fromEntries([...ran].sort(([a], [b]) => a.localeCompare(b)));
}

/** True in a web worker (the pool's): only the main thread says a fallback out loud. */
function inWorker(): boolean {
  return typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined";
}

/** The one-line warning for a library that fell back to JavaScript. */
export function fallbackWarning(name: string, why: string): string {
  return `renkei: C helpers "${name}" unavailable (${why.split("\n")[0]}); using JavaScript ` +
    "(same results, slower). `deno task build-native` shows the full error.";
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
  const stem = libraryName(source);
  const dir = nativeCacheDir();
  const path = `${dir}/${stem}-${key}.so`;
  try {
    await Deno.stat(path);
    return path;
  } catch {
    // not built yet
  }
  await Deno.mkdir(dir, { recursive: true });
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
  const name = libraryName(source);
  if (envVar("RENKEI_NATIVE_HELPERS") === "js") {
    ran.set(name, "JavaScript");
    return { ok: false, why: "RENKEI_NATIVE_HELPERS=js" };
  }
  try {
    const path = await build(source, envVar("RENKEI_CC") ?? "cc");
    const lib = Deno.dlopen(path, symbols);
    ran.set(name, "C");
    return { ok: true, path, lib };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    // Said once per library and process, and not by every pool worker again.
    if (!ran.has(name) && !inWorker()) {
      console.error(fallbackWarning(name, why));
    }
    ran.set(name, "JavaScript");
    return { ok: false, why };
  }
}

/** A library's name: its source file's stem (`scene_kernels`, `renkei_kernels`). */
export function libraryName(source: URL): string {
  return source.pathname.split("/").pop()!.replace(/\.c$/, "");
}
