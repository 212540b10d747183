/**
 * The results of one run: everything the report, the target check and a
 * researcher's own analysis read. Reports never re-run training; they read
 * this (saved as `results.json` in the run directory).
 */
import type { RunExtras } from "./extras.ts";
import type { SiteDataFacts } from "../world/mod.ts";

export interface RoundRecord {
  round: number;
  /** Virtual time (seconds) when the round's aggregate was applied. */
  time: number;
  /** Global test accuracy and loss after the round (NaN when not evaluated). */
  accuracy: number;
  loss: number;
  sampled: number;
  completed: number;
  /** Sites that were offline, dropped or missed the deadline. */
  failed: number;
  /** `failed` split by cause (offline, deadline, dropped, diverged, rejected); absent in old results. */
  failedBy?: Record<string, number>;
  bytesDown: number;
  bytesUp: number;
  /**
   * Aggregations the strategy skipped this round, leaving the global as it
   * was (e.g. Krum with fewer than 2f + 3 updates); set on every round a run records.
   */
  aggregationsSkipped?: number;
  /** Why, when any was skipped (reasons joined with "; "). */
  skipReason?: string;
}

/** One site at the end of a run: its data facts (as the world knows them), device, link and accuracy. */
export interface SiteRecord extends SiteDataFacts {
  siteId: number;
  computeFlops: number;
  uplinkBps: number;
  downlinkBps: number;
  latencyS: number;
  /** Accuracy of the final global model on this site's own test data. */
  accuracy: number;
  /**
   * Accuracy of the strategy's own personalised model on this site's test
   * data — FedBN's local normalisation, local-only's local model (else NaN).
   */
  personalizedAccuracy: number;
  /**
   * Accuracy after the `personalization` pass fine-tuned a local head on the
   * final global model (NaN when it is off). Kept apart from
   * personalizedAccuracy so neither overwrites the other; set on every site a run records.
   */
  fineTunedAccuracy?: number;
  roundsParticipated: number;
  roundsFailed: number;
}

/** One interval of a site's timeline on the virtual clock. */
export interface TimelineSpan {
  siteId: number;
  state: "download" | "compute" | "upload" | "idle" | "offline";
  start: number;
  end: number;
}

export interface CentralRecord {
  accuracy: number;
  loss: number;
  epochs: number;
  curve: { epoch: number; accuracy: number; loss: number }[];
}

export interface Summary {
  finalAccuracy: number;
  centralAccuracy: number;
  /** federated − centralised, in accuracy units (negative: federated is worse). */
  gap: number;
  roundsTo95: number | null;
  timeTo95: number | null;
  roundsTo99: number | null;
  timeTo99: number | null;
  simulatedSeconds: number;
  wallSeconds: number;
  bytesByKind: Record<string, number>;
}

export interface RunResults {
  name: string;
  description: string;
  seed: number;
  /** The scenario after defaults were filled in. */
  scenario: unknown;
  rounds: RoundRecord[];
  sites: SiteRecord[];
  central: CentralRecord | null;
  /** Samples per class per site: rows of {siteId, cls, count}. */
  partition: { siteId: number; cls: number; count: number }[];
  timeline: TimelineSpan[];
  summary: Summary;
  /** Typed records of the run's features, and free-form extras (see extras.ts). */
  extras: RunExtras;
}
