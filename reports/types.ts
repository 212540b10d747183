/**
 * Shapes the reports folder adds on top of the `RunResults` contract: the run
 * manifest, the accuracy targets a scenario sets, and the outcome of checking
 * them.
 */

/** What a run directory says about how its results were produced. */
export interface Manifest {
  /** Scenario name, as the results carry it. */
  name: string;
  /** The root seed every random stream of the run was derived from. */
  rootSeed: number;
  /** `version` from the project's deno.json. */
  renkeiVersion: string;
  /** `git rev-parse HEAD` of the working tree, or null outside a git checkout. */
  gitCommit: string | null;
  deno: string;
  v8: string;
  typescript: string;
  /** TensorFlow.js version (from results.extras.tfjsVersion, else the pinned import). */
  tfjs: string;
  /** TensorFlow.js backend the run trained on (results.extras.backend), or null. */
  backend: string | null;
  /**
   * The backend in words (results.extras.backendDetail): for "native", the
   * BLAS library and helpers, on which its results depend; null when absent.
   */
  backendDetail?: string | null;
  /**
   * Per compiled helper library the run asked for (`scene_kernels`: data
   * generation, `renkei_kernels`: native backend), whether its C build ran or
   * the JavaScript fallback (same results, slower); absent in older manifests.
   */
  nativeHelpers?: Record<string, "C" | "JavaScript">;
  /** sha256 hex of `scenario.resolved.yaml` as written. */
  scenarioSha256: string;
  /** sha256 hex of `results.json` as written (includes wall-clock fields). */
  resultsSha256: string;
  /** {@link resultsHash}: sha256 of the canonical results without wall-clock fields. */
  resultsHash: string;
  /** Host wall-clock seconds the run took. */
  wallSeconds: number;
  /** ISO 8601 time the run directory was written. */
  createdAt: string;
  /** Shell command that re-runs the scenario. */
  command: string;
  /** How the run was executed (absent in older manifests); never part of the results hash. */
  execution?: Execution;
}

/** How a run was executed: settings that change no number, kept out of the results hash. */
export interface Execution {
  /** in-process, worker-pool (threads on this machine) or bullmq (workers through Redis). */
  executor: "in-process" | "worker-pool" | "bullmq";
  /** Worker threads on this machine; null with BullMQ. */
  workers: number | null;
  /** The Redis address with its password hidden; null without BullMQ. */
  redis: string | null;
}

/** The `targets` block of a scenario. Every field is optional. */
export interface Targets {
  /** Final global accuracy must be at least this. */
  minAccuracy?: number;
  /** Centralised minus federated accuracy must be at most this. */
  maxGap?: number;
  /** Each degraded group's mean accuracy ÷ full sites' mean accuracy must be at least this. */
  minRetention?: number;
  /** The run must finish within this much virtual time. */
  maxSimulatedSeconds?: number;
  /** The seeds the runner should train (run --check); read by the CLI, not checked here. */
  seeds?: number[];
}

/** The result of checking one target over one or more runs (seeds). */
export interface TargetOutcome {
  /** e.g. `minAccuracy` or `minRetention[tenth-volume]`. */
  name: string;
  threshold: number;
  /** Mean over runs of the measured quantity (NaN when it cannot be measured). */
  measured: number;
  /** The worst run's value: the lowest for a minimum, the highest for a maximum. */
  worst: number;
  /** True when the worst run meets the threshold. */
  pass: boolean;
  /** `>=` for minimum targets, `<=` for maximum targets. */
  comparison: ">=" | "<=";
  /** How many runs were measured. */
  runs: number;
  /** Why a target could not be measured, when it could not. */
  note?: string;
}
