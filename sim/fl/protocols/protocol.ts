/**
 * The one interface the run loop drives: a protocol turns the global model
 * of one cloud round into the next. Sync rounds, an async buffer and a
 * hierarchy of edge aggregators all fit it; each keeps what it must carry
 * between rounds in plain data for checkpoints.
 */

import type { SiteFailure } from "../strategies/mod.ts";

/** What one cloud round (or one async aggregation) produced. */
export interface RoundStep {
  global: Float32Array;
  /** Virtual time the new global model was applied. */
  closeTime: number;
  /** Sites asked to train. */
  sampled: number;
  /** Updates aggregated. */
  completed: number;
  failures: SiteFailure[];
  /** Sample-weighted mean local training loss of the aggregated updates (NaN if none). */
  meanLoss: number;
}

/** A federated training protocol. */
export interface Protocol {
  readonly name: string;
  /** Runs cloud round `round` (1-based), starting at virtual time `time` from `global`. */
  step(round: number, time: number, global: Float32Array): Promise<RoundStep>;
  /** State the protocol carries between rounds, as plain data (Float32Arrays allowed). */
  state(): unknown;
  /** Restores a value {@link Protocol.state} returned. */
  restore(saved: unknown): void;
}
