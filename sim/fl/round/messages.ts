/**
 * The one place message kinds are declared. Every byte that crosses a
 * simulated link is counted under one of these kinds, and none of them
 * carries samples: a report can show that no raw data moved.
 */

import { SECAGG_KINDS } from "../security/secagg/mod.ts";

/** Every kind of message a protocol may send, with what it carries. */
export const MESSAGE_KINDS = {
  /** Global model weights, cloud (or edge) → site. */
  "model-down": "global model weights sent to a site for local training",
  /** Locally trained weights, site → cloud (or edge). */
  "update-up": "a site's locally trained weights",
  /** Server-side strategy state a site needs (e.g. a SCAFFOLD control variate). */
  "control-down": "strategy state sent to a site with the model",
  /** Site-side strategy state (e.g. a SCAFFOLD control-variate delta). */
  "control-up": "strategy state a site returns with its update",
  /** Global model weights sent to a site only to evaluate them on its local test data. */
  "eval-model-down": "global model weights sent for local evaluation",
  /** Accuracy, loss and sample count of a local evaluation. */
  "metrics-up": "a site's evaluation metrics (three numbers)",
  /** An edge aggregator's model, cloud → edge (hierarchical training). */
  "edge-model-down": "global model weights sent from the cloud to an edge aggregator",
  /** An edge aggregator's model, edge → cloud (hierarchical training). */
  "edge-update-up": "an edge aggregator's model sent to the cloud",
  // Secure aggregation (sim/fl/security/secagg): keys, sealed shares, masked updates, unmasking shares.
  ...SECAGG_KINDS,
} as const;

/** A message kind declared in {@link MESSAGE_KINDS}. */
export type MessageKind = keyof typeof MESSAGE_KINDS;

/** All declared kinds, in declaration order. */
export const MESSAGE_KIND_NAMES: readonly MessageKind[] = Object.keys(
  MESSAGE_KINDS,
) as MessageKind[];

/** What a message may carry: models, updates, masks, keys or metrics, never samples. */
export type MessagePayload = "model" | "update" | "mask" | "key" | "metrics";

/**
 * The payload class of every kind, so an audit can show that each message of
 * a run carried one of the allowed payloads (strategy control variates are
 * model-shaped state; Shamir shares are shares of keys and mask seeds).
 */
export const MESSAGE_PAYLOADS: Readonly<Record<MessageKind, MessagePayload>> = {
  "model-down": "model",
  "update-up": "update",
  "control-down": "model",
  "control-up": "update",
  "eval-model-down": "model",
  "metrics-up": "metrics",
  "edge-model-down": "model",
  "edge-update-up": "update",
  "secagg-keys": "key",
  "secagg-shares": "key",
  "secagg-masked-update": "mask",
  "secagg-unmask": "key",
};

/** Called with every message any ledger records (see {@link observeMessages}). */
export type MessageObserver = (kind: MessageKind, bytes: number) => void;

const observers = new Set<MessageObserver>();

/**
 * Calls `observer` with every message recorded by any {@link MessageLedger}
 * in this thread until the returned function is called: the hook a message
 * audit uses to inspect every message of a run.
 */
export function observeMessages(observer: MessageObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/** Bytes of one float32 weight on the wire. */
export const BYTES_PER_WEIGHT = 4;

/** Bytes of a metrics message: accuracy, loss and sample count as float64. */
export const METRICS_BYTES = 3 * 8;

/** Bytes of a flat float32 vector of `length` numbers. */
export function vectorBytes(length: number): number {
  return length * BYTES_PER_WEIGHT;
}

/** Counts bytes moved per message kind; rejects kinds that were not declared. */
export class MessageLedger {
  #bytes = new Map<MessageKind, number>();
  #count = new Map<MessageKind, number>();

  /** Records one message of `kind` carrying `bytes` bytes. */
  record(kind: MessageKind, bytes: number): void {
    if (!(kind in MESSAGE_KINDS)) {
      throw new TypeError(
        `Expected a declared message kind (${MESSAGE_KIND_NAMES.join(", ")}) but found ${kind}`,
      );
    }
    if (!Number.isFinite(bytes) || bytes < 0) {
      throw new RangeError(`Expected message bytes to be >= 0 but found ${bytes}`);
    }
    this.#bytes.set(kind, (this.#bytes.get(kind) ?? 0) + bytes);
    this.#count.set(kind, (this.#count.get(kind) ?? 0) + 1);
    for (const observe of observers) observe(kind, bytes);
  }

  /** Bytes moved so far per kind (only kinds that were used). */
  bytesByKind(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const kind of MESSAGE_KIND_NAMES) {
      const b = this.#bytes.get(kind);
      if (b !== undefined) out[kind] = b;
    }
    return out;
  }

  /** Messages sent so far per kind. */
  countByKind(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const kind of MESSAGE_KIND_NAMES) {
      const c = this.#count.get(kind);
      if (c !== undefined) out[kind] = c;
    }
    return out;
  }

  /** Restores totals saved by {@link MessageLedger.snapshot}. */
  restore(saved: { bytes: Record<string, number>; count: Record<string, number> }): void {
    this.#bytes.clear();
    this.#count.clear();
    for (const [k, v] of Object.entries(saved.bytes)) this.#bytes.set(k as MessageKind, v);
    for (const [k, v] of Object.entries(saved.count)) this.#count.set(k as MessageKind, v);
  }

  /** Plain-JSON totals for a checkpoint. */
  snapshot(): { bytes: Record<string, number>; count: Record<string, number> } {
    return { bytes: this.bytesByKind(), count: this.countByKind() };
  }
}
