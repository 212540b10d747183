/**
 * World values a distribution must respect wherever it can draw: latencies
 * are never negative, bandwidths, compute, memory and availability periods
 * are always positive. A single number is checked as itself; a distribution
 * by its support, so `{normal: {mean: 0.05, sd: 0.01}}` for a latency is
 * refused (a normal can draw any value) and `{lognormal: …}` accepted.
 */
import type { Distribution } from "./distribution.ts";
import type { ScenarioFields } from "./schema.ts";

type Path = (string | number)[];
type Fail = (path: Path, message: string, input: unknown) => void;

/** What a field allows: every value ≥ 0, or every value > 0. */
type Bound = "nonNegative" | "positive";

/**
 * The lowest value `d` can draw, and whether it can draw exactly that value
 * (a lognormal comes arbitrarily close to 0 but never reaches it).
 *
 * @example
 * ```ts
 * import { distributionLow } from "./_world_checks.ts";
 * if (distributionLow({ uniform: { min: -1, max: 2 } }).low !== -1) throw new Error();
 * if (distributionLow({ normal: { mean: 5, sd: 1 } }).low !== -Infinity) throw new Error();
 * ```
 */
export function distributionLow(d: Distribution): { low: number; reached: boolean } {
  if (typeof d === "number") return { low: d, reached: true };
  if ("constant" in d) return { low: d.constant, reached: true };
  if ("uniform" in d) return { low: d.uniform.min, reached: true };
  if ("normal" in d) {
    return d.normal.sd === 0
      ? { low: d.normal.mean, reached: true }
      : { low: -Infinity, reached: false };
  }
  if ("lognormal" in d) {
    return d.lognormal.sigma === 0
      ? { low: d.lognormal.median, reached: true }
      : { low: 0, reached: false };
  }
  if ("gamma" in d) return { low: 0, reached: false };
  const { values, weights } = d.choice;
  const drawn = values.filter((_, k) => weights === undefined || weights[k] > 0);
  return { low: Math.min(...drawn), reached: true };
}

function checkBound(d: Distribution, bound: Bound, path: Path, fail: Fail): void {
  const { low, reached } = distributionLow(d);
  const ok = bound === "positive" ? low > 0 || (low === 0 && !reached) : low >= 0;
  if (ok) return;
  const sign = bound === "positive" ? "> 0" : "≥ 0";
  const words = bound === "positive" ? "greater than 0" : "at least 0";
  if (typeof d === "number" || "constant" in d) {
    fail(path, `must be ${words} (expected ${sign}, got ${low})`, d);
    return;
  }
  const kind = Object.keys(d)[0];
  const reach = low === -Infinity ? "any value" : `values down to ${low}`;
  fail(
    path,
    `must only draw values ${words}, but this ${kind} distribution can draw ${reach} ` +
      `(expected a number or distribution ${sign}, e.g. {lognormal: {median, sigma}})`,
    d,
  );
}

interface DeviceFields {
  compute?: Distribution;
  memory?: Distribution;
}
interface LinkFields {
  latency?: Distribution;
  uplink?: Distribution;
  downlink?: Distribution;
}
type AvailabilityFields = { probability: number } | {
  onPeriod: Distribution;
  offPeriod: Distribution;
};

function checkDevices(d: DeviceFields | undefined, at: Path, fail: Fail): void {
  if (d?.compute !== undefined) checkBound(d.compute, "positive", [...at, "compute"], fail);
  if (d?.memory !== undefined) checkBound(d.memory, "positive", [...at, "memory"], fail);
}

function checkLinks(l: LinkFields | undefined, at: Path, fail: Fail): void {
  if (l?.latency !== undefined) checkBound(l.latency, "nonNegative", [...at, "latency"], fail);
  if (l?.uplink !== undefined) checkBound(l.uplink, "positive", [...at, "uplink"], fail);
  if (l?.downlink !== undefined) checkBound(l.downlink, "positive", [...at, "downlink"], fail);
}

function checkAvailability(a: AvailabilityFields | undefined, at: Path, fail: Fail): void {
  if (a === undefined || "probability" in a) return;
  checkBound(a.onPeriod, "positive", [...at, "onPeriod"], fail);
  checkBound(a.offPeriod, "positive", [...at, "offPeriod"], fail);
}

/** Adds a problem for every world value that is, or can be drawn, out of its range. */
export function checkWorld(s: ScenarioFields, fail: Fail): void {
  checkDevices(s.devices, ["devices"], fail);
  checkLinks(s.links, ["links"], fail);
  checkAvailability(s.availability, ["availability"], fail);
  s.sites.forEach((g, i) => {
    const at: Path = ["sites", i];
    checkBound(g.samples, "nonNegative", [...at, "samples"], fail);
    checkDevices(g.devices, [...at, "devices"], fail);
    checkLinks(g.links, [...at, "links"], fail);
    checkAvailability(g.availability, [...at, "availability"], fail);
    g.iot.forEach((node, j) => {
      checkDevices(node, [...at, "iot", j], fail);
      checkBound(node.link.latency, "nonNegative", [...at, "iot", j, "link", "latency"], fail);
      checkBound(node.link.bandwidth, "positive", [...at, "iot", j, "link", "bandwidth"], fail);
    });
  });
}
