/**
 * A deterministic, synthetic `RunResults` for testing the reports only: the
 * numbers follow plausible shapes (a saturating accuracy curve, 1/10-scale
 * groups slightly worse) but come from a seeded generator, not from training.
 */
import type { RunResults, SiteRecord, TimelineSpan } from "../../sim/results/results.ts";

/** Options of {@link fixtureResults}. */
export interface FixtureOptions {
  sites?: number;
  rounds?: number;
  classes?: number;
  seed?: number;
  name?: string;
  description?: string;
  /** Group names in order: full, tenth-volume, tenth-granularity, missing-camera. */
  groupNames?: [string, string, string, string];
  /** Shifts every accuracy (global, per site) by this much. */
  accuracyShift?: number;
  /** Leaves out the centralised baseline. */
  noCentral?: boolean;
}

/** A seeded uniform generator (mulberry32): same seed, same sequence. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Synthetic results of `sites` sites over `rounds` rounds; deterministic in its options. */
export function fixtureResults(options: FixtureOptions = {}): RunResults {
  const {
    sites: siteCount = 60,
    rounds: roundCount = 30,
    classes = 8,
    seed = 7,
    accuracyShift = 0,
  } = options;
  const names = options.groupNames ??
    ["full", "tenth-volume", "tenth-granularity", "missing-camera"];
  const random = generator(seed);
  const central = 0.86;
  const sites: SiteRecord[] = [];
  for (let id = 0; id < siteCount; id++) {
    const kind = id < siteCount * 0.8
      ? 0
      : id < siteCount * 0.9
      ? 1
      : id < siteCount * 0.95
      ? 2
      : 3;
    const penalty = [0, 0.08, 0.05, 0.04][kind];
    const train = Math.round((kind === 1 ? 30 : 300) * Math.exp(0.3 * (random() - 0.5)));
    sites.push({
      siteId: id,
      group: names[kind],
      trainSamples: train,
      testSamples: Math.round(train / 3),
      volumeScale: kind === 1 ? 0.1 : 1,
      granularity: kind === 2 ? 0.1 : 1,
      missing: kind === 3 ? ["image"] : [],
      computeFlops: 2e9 * Math.exp(0.6 * (random() - 0.5)),
      uplinkBps: 5e6,
      downlinkBps: 2e7,
      latencyS: 0.05,
      accuracy: clamp(0.82 - penalty + 0.1 * (random() - 0.5) + accuracyShift),
      personalizedAccuracy: NaN,
      roundsParticipated: 0,
      roundsFailed: 0,
    });
  }

  const perRound = Math.min(30, siteCount);
  const rounds: RunResults["rounds"] = [];
  const timeline: TimelineSpan[] = [];
  const modelBytes = 4 * 20_000;
  let time = 0;
  for (let r = 1; r <= roundCount; r++) {
    const start = time;
    const duration = 40 + 20 * random();
    let failed = 0;
    for (let k = 0; k < perRound; k++) {
      const site = sites[Math.floor(random() * siteCount)];
      if (random() < 0.08) {
        failed++;
        site.roundsFailed++;
        timeline.push({ siteId: site.siteId, state: "offline", start, end: start + duration });
        continue;
      }
      site.roundsParticipated++;
      const down = start + 2 + random();
      const compute = down + 20 + 10 * random();
      const up = Math.min(compute + 4 + random(), start + duration);
      timeline.push(
        { siteId: site.siteId, state: "download", start, end: down },
        { siteId: site.siteId, state: "compute", start: down, end: compute },
        { siteId: site.siteId, state: "upload", start: compute, end: up },
        { siteId: site.siteId, state: "idle", start: up, end: start + duration },
      );
    }
    time += duration;
    const evaluated = r % 2 === 0 || r === roundCount;
    rounds.push({
      round: r,
      time,
      accuracy: evaluated
        ? clamp(0.8 * (1 - Math.exp(-r / 12)) + 0.02 * random() + accuracyShift)
        : NaN,
      loss: evaluated ? 2 * Math.exp(-r / 12) + 0.3 : NaN,
      sampled: perRound,
      completed: perRound - failed,
      failed,
      // Offline sites as drawn; every third round one of them counts as late instead.
      failedBy: failed === 0
        ? {}
        : r % 3 === 0
        ? { offline: failed - 1, deadline: 1 }
        : { offline: failed },
      bytesDown: perRound * modelBytes,
      bytesUp: (perRound - failed) * modelBytes,
    });
  }

  const partition = sites.flatMap((s) =>
    Array.from({ length: classes }, (_, cls) => ({
      siteId: s.siteId,
      cls,
      count: Math.round(s.trainSamples * random() * (random() < 0.5 ? 0.2 : 1) / (classes / 2)),
    }))
  );
  const finalAccuracy = rounds.at(-1)?.accuracy ?? NaN;
  const centralAccuracy = options.noCentral ? NaN : central;
  const reach = (share: number) => {
    const hit = rounds.find((r) => r.accuracy >= share * central);
    return hit ? { round: hit.round, time: hit.time } : null;
  };
  const to95 = reach(0.95);
  const to99 = reach(0.99);
  const bytesDown = rounds.reduce((a, r) => a + r.bytesDown, 0);
  const bytesUp = rounds.reduce((a, r) => a + r.bytesUp, 0);
  return {
    name: options.name ?? "fixture",
    description: options.description ?? "Synthetic results for testing the report.",
    seed,
    scenario: {
      name: options.name ?? "fixture",
      seed,
      data: { classes, modalities: ["image", "series", "tabular"] },
      targets: { minAccuracy: 0.6, maxGap: 0.1, minRetention: 0.85 },
    },
    rounds,
    sites,
    central: options.noCentral ? null : {
      accuracy: central,
      loss: 0.4,
      epochs: 10,
      curve: Array.from({ length: 10 }, (_, e) => ({ epoch: e + 1, accuracy: central, loss: 0.4 })),
    },
    partition,
    timeline,
    summary: {
      finalAccuracy,
      centralAccuracy,
      gap: finalAccuracy - centralAccuracy,
      roundsTo95: to95?.round ?? null,
      timeTo95: to95?.time ?? null,
      roundsTo99: to99?.round ?? null,
      timeTo99: to99?.time ?? null,
      simulatedSeconds: time,
      wallSeconds: 12.5,
      bytesByKind: { "model-down": bytesDown, "update-up": bytesUp, control: 64 * roundCount },
    },
    extras: { backend: "wasm" },
  };
}

function clamp(x: number): number {
  return Math.min(1, Math.max(0, x));
}
