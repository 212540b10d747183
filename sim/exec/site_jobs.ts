/**
 * What travels through the queue: job data and results of site tasks, their
 * job ids and Redis keys, and errors as text. A site task is a pure function
 * of (run id, round, site id, inputs), so its job id names exactly those and
 * running it twice writes the same bytes.
 */

import { createHash } from "node:crypto";
import type { BlobRef } from "./blob_store.ts";
import type { LocalOptimizerSettings } from "../world/mod.ts";

/** Queue that carries site tasks unless told otherwise. */
export const DEFAULT_QUEUE = "renkei-sites";

/** Prefix of every Redis key this folder writes (BullMQ's own keys use `bull:`). */
export const KEY_PREFIX = "renkei";

/** A run's setup, stored once so workers can rebuild the scenario's sites and model. */
export interface StoredSetup {
  scenario: unknown;
  seed: number;
}

/** Train one site from stored weights; the update goes to `update.key`. */
export interface TrainJobData {
  kind: "train";
  runId: string;
  siteId: number;
  round: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** The local optimiser; absent means plain SGD. */
  optimizer?: LocalOptimizerSettings;
  proxMu?: number;
  weights: BlobRef;
  anchor?: BlobRef;
  gradCorrection?: BlobRef;
  update: { key: string; ttlSeconds: number; chunkBytes: number };
}

/** Evaluate stored weights on one site's local test data. */
export interface EvaluateJobData {
  kind: "evaluate";
  runId: string;
  siteId: number;
  weights: BlobRef;
}

/** Data of any site job. */
export type SiteJobData = TrainJobData | EvaluateJobData;

/** A number that may be NaN or ±Infinity, which JSON cannot carry. */
export type WireNumber = number | "NaN" | "Infinity" | "-Infinity";

/** What a train job returns: where its update is, and its counts. */
export interface TrainJobResult {
  update: BlobRef;
  steps: number;
  meanLoss: WireNumber;
  samples: number;
}

/** What an evaluate job returns. */
export interface EvaluateJobResult {
  accuracy: WireNumber;
  loss: WireNumber;
  samples: number;
}

/** A number as JSON can carry it. */
export function toWire(n: number): WireNumber {
  return Number.isFinite(n) ? n : (String(n) as WireNumber);
}

/** A number back from {@link toWire}. */
export function fromWire(n: WireNumber): number {
  return typeof n === "number" ? n : Number(n);
}

/** JSON text of `value` with keys sorted, non-finite numbers tagged, so equal values hash equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(x: unknown): unknown {
  if (typeof x === "number" && !Number.isFinite(x)) return { $number: String(x) };
  if (Array.isArray(x)) return x.map(sortKeys);
  if (typeof x === "object" && x !== null) {
    const o = x as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => [k, sortKeys(o[k])]),
    );
  }
  return x;
}

/** Parses {@link canonicalJson} text, restoring tagged numbers. */
export function parseCanonicalJson(text: string): unknown {
  return JSON.parse(text, (_k, v) => {
    if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === "$number") return Number(v.$number);
    }
    return v;
  });
}

/**
 * The run id: SHA-256 (first 16 hex digits) of the scenario and seed, leaving
 * out `training.rounds` (so an extended run reuses its jobs) and
 * `training.workers` (which never changes results).
 */
export function runIdOf(scenario: unknown, seed: number): string {
  const s = structuredClone(scenario) as { training?: Record<string, unknown> };
  if (s.training) {
    delete s.training.rounds;
    delete s.training.workers;
  }
  return createHash("sha256").update(canonicalJson({ scenario: s, seed })).digest("hex").slice(
    0,
    16,
  );
}

/** Digest of a task's inputs (12 hex digits): tells apart several tasks of one site in a round. */
export function taskDigest(parts: unknown): string {
  return createHash("sha256").update(canonicalJson(parts)).digest("hex").slice(0, 12);
}

/**
 * Job id `run:round:site.digest`. BullMQ allows exactly two colons in a
 * custom id; the digest separates, e.g., a site's several edge steps in one
 * hierarchical round.
 */
export function trainJobId(runId: string, round: number, siteId: number, digest: string): string {
  return `${runId}:${round}:${siteId}.${digest}`;
}

/** Job id of an evaluation: `run:eval-<weights>:site`. */
export function evaluateJobId(runId: string, weightsSha: string, siteId: number): string {
  return `${runId}:eval-${weightsSha.slice(0, 16)}:${siteId}`;
}

/** Redis key of a run's stored setup. */
export function setupKey(runId: string): string {
  return `${KEY_PREFIX}:setup:${runId}`;
}

/** Prefix of content-addressed weight vectors. */
export const WEIGHTS_PREFIX = `${KEY_PREFIX}:w`;

/** Redis key of a site's update: `renkei:u:<run>:<round>:<site>.<digest>`. */
export function updateKey(jobId: string): string {
  return `${KEY_PREFIX}:u:${jobId}`;
}

/** Error classes that mean the same inputs will fail again: retrying cannot help. */
const DETERMINISTIC_ERRORS = new Set(["TypeError", "RangeError", "DivergenceError"]);

/** Whether an error will recur on every attempt (a bad input, a diverged site). */
export function isDeterministicFailure(err: Error): boolean {
  return DETERMINISTIC_ERRORS.has(err.name) || /diverge|non-finite/i.test(err.message);
}

/** An error as job failure text, `Name: message`, so the coordinator can rebuild its class. */
export function failureReason(err: Error): string {
  return `${err.name}: ${err.message}`;
}

/** Rebuilds an error from {@link failureReason} text, keeping its class name. */
export function reviveFailure(reason: string): Error {
  const m = /^([A-Za-z]*Error): ([\s\S]*)$/.exec(reason);
  if (m === null) return new Error(reason);
  const [, name, message] = m;
  const Ctor = name === "TypeError" ? TypeError : name === "RangeError" ? RangeError : Error;
  const err = new Ctor(message);
  if (Ctor === Error) err.name = name;
  return err;
}
