/**
 * The typed records a run adds beside its rounds and sites: the privacy
 * curve, the secure-aggregation log, the attack and the refused updates
 * (written by sim/fl/security), and the robustness retention (written by the
 * run's final passes). Each is optional: a run records only what it enabled.
 * Reports read these types instead of re-declaring them.
 */
import type { GroupRetention } from "./groups.ts";

/** (ε, δ) spent after `round`, and the Rényi order that gave ε. */
export interface PrivacyPoint {
  round: number;
  epsilon: number;
  delta: number;
  order: number;
}

/** The client-level DP settings a run used (C, z, δ) and the number of sites. */
export interface PrivacySettingsRecord {
  clipNorm: number;
  noiseMultiplier: number;
  delta: number;
  totalSites: number;
}

/** One secure-aggregation round (cloud, or one edge step). */
export interface SecAggRoundRecord {
  round: number;
  /** The decision point, e.g. `round-3` or `round-3/edge-1/step-0`. */
  key: string;
  /** Sites that exchanged keys and masked their update. */
  cohort: number;
  /** Sites whose masked update is in the sum. */
  survivors: number;
  /** Cohort sites whose masked update was not used; their masks were removed through shares. */
  dropped: number;
  threshold: number;
  /** Whether the server recovered the sum (survivors ≥ threshold). */
  recovered: boolean;
  /** Secure-aggregation bytes of the round, all kinds and directions. */
  bytes: number;
  /** Longest secure-aggregation compute of a cohort site, virtual seconds. */
  siteSeconds: number;
  /** Seconds the unmasking round added after the last masked update arrived. */
  unmaskSeconds: number;
  /** Seconds of the server's unmasking work (part of `unmaskSeconds`). */
  serverSeconds: number;
  /** Delta coordinates of the cohort clipped to ±clip by quantisation (recovered rounds). */
  clippedCoordinates?: number;
  /** Delta coordinates the cohort quantised (cohort × model size; 0 when not recovered). */
  coordinates?: number;
  /** Cohort deltas scaled down by the declared clipNorm. */
  normClippedSites?: number;
}

/** Secure aggregation over a run: its settings, clipping, warnings and rounds. */
export interface SecureAggregationRecord {
  clip: number;
  clipNorm: number | null;
  /** Delta coordinates clipped over the run. */
  clippedCoordinates: number;
  /** One per round that clipped more than 0.1 % of its delta coordinates. */
  warnings: string[];
  threshold: number | null;
  dropout: unknown;
  rounds: SecAggRoundRecord[];
}

/** The scenario's attack block and the sites that attacked. */
export interface AttackRecord {
  kind: string;
  fraction: number;
  attackers: number[];
  [setting: string]: unknown;
}

/** An update the server refused, with the site and round named. */
export interface RejectedUpdate {
  round: number;
  siteId: number;
  message: string;
}

/** A group's retention with its spread over sites and a 95% interval. */
export interface RetentionWithSpread extends GroupRetention {
  /** Standard deviation of the group's per-site accuracies. */
  sd: number;
  /** Full sites with a finite accuracy, and the standard deviation of their accuracies. */
  fullSites: number;
  fullSd: number;
  /** Smallest and largest per-site ratio (site accuracy ÷ full mean). */
  minSiteRetention: number;
  maxSiteRetention: number;
  /** Standard error of the retention (delta method on the ratio of two means). */
  se: number;
  /** 95% interval of the retention. */
  ci95: [number, number];
}

/** Retention of each degraded group under each accuracy, and what imputation changed. */
export interface RobustnessRecord {
  retention: RetentionWithSpread[];
  personalizedRetention: RetentionWithSpread[];
  fineTunedRetention: RetentionWithSpread[];
  /** Accuracy before imputation, per imputed site id. */
  accuracyBeforeImputation: Record<number, number>;
  /** Samples behind each imputable modality column (0: nobody observed it). */
  imputationSamples: Record<number, number>;
}

/** What sim/fl/security adds to a run's extras (keys only for what was enabled). */
export interface SecurityRecords {
  privacy?: PrivacyPoint[];
  privacySettings?: PrivacySettingsRecord;
  secureAggregation?: SecureAggregationRecord;
  attack?: AttackRecord;
  rejected?: RejectedUpdate[];
}

/**
 * A run's extras: typed records for what every federated run writes and for
 * the security and robustness features, plus free-form keys other runners add
 * (a split plan, host timings under "wall…" keys that results hashes skip).
 */
export interface RunExtras extends SecurityRecords {
  backend?: string;
  backendDetail?: string;
  protocol?: string;
  strategy?: string;
  params?: number;
  flopsPerSample?: { forward: number; backward: number };
  messageCounts?: Record<string, number>;
  robustness?: RobustnessRecord;
  [key: string]: unknown;
}
