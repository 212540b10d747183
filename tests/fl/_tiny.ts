/**
 * The shared tiny scenario (tests/_tiny_scenario.ts) and a hash of run
 * results, for the federation tests.
 */
import type { RunResults } from "../../sim/fl/mod.ts";

export { tinyScenario } from "../_tiny_scenario.ts";

/** A stable hash of the parts of a run that must not depend on workers or resumption. */
export async function resultsHash(r: RunResults): Promise<string> {
  const text = JSON.stringify({
    rounds: r.rounds,
    sites: r.sites,
    timeline: r.timeline,
    bytes: r.summary.bytesByKind,
    central: r.central,
  }, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
