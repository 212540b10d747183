/** Hand-made site records for the report-side robustness tests. */
import type { SiteRecord } from "../../sim/results/results.ts";

/** A site of `group` with final `accuracy`; `facts` override the plain defaults. */
export function siteRecord(
  group: string,
  accuracy: number,
  facts: Partial<SiteRecord> = {},
): SiteRecord {
  return {
    siteId: 0,
    group,
    trainSamples: 100,
    testSamples: 20,
    volumeScale: 1,
    granularity: 1,
    missing: [],
    computeFlops: 1,
    uplinkBps: 1,
    downlinkBps: 1,
    latencyS: 0,
    accuracy,
    personalizedAccuracy: NaN,
    roundsParticipated: 1,
    roundsFailed: 0,
    ...facts,
  };
}
