/**
 * A message audit: records every message a run sends (through
 * {@link observeMessages}) and checks that each is of a declared kind,
 * carries a model, an update, a mask, a key or metrics, and is no larger
 * than a model — so no message could carry a site's samples.
 */

import {
  MESSAGE_KINDS,
  MESSAGE_PAYLOADS,
  type MessageKind,
  type MessagePayload,
  METRICS_BYTES,
  observeMessages,
  vectorBytes,
} from "../round/messages.ts";

/** One message as the ledger saw it. */
export interface AuditedMessage {
  kind: string;
  bytes: number;
}

/** Payloads a message may carry. */
export const ALLOWED_PAYLOADS: readonly MessagePayload[] = [
  "model",
  "update",
  "mask",
  "key",
  "metrics",
];

/** Runs `work` and returns its value with every message recorded meanwhile in this thread. */
export async function recordMessages<T>(
  work: () => Promise<T>,
): Promise<{ value: T; messages: AuditedMessage[] }> {
  const messages: AuditedMessage[] = [];
  const stop = observeMessages((kind, bytes) => messages.push({ kind, bytes }));
  try {
    return { value: await work(), messages };
  } finally {
    stop();
  }
}

/**
 * Problems with `messages` of a run whose model has `weightCount` weights
 * (an empty list when every message passes): undeclared kinds, payloads
 * outside {@link ALLOWED_PAYLOADS}, metrics of the wrong size and messages
 * larger than the model plus one value (a masked FedAvg update's weight).
 *
 * @example
 * ```ts
 * import { auditMessages } from "./audit.ts";
 * const problems = auditMessages([{ kind: "raw-samples", bytes: 10 }], 100);
 * if (problems.length !== 1) throw new Error();
 * ```
 */
export function auditMessages(messages: readonly AuditedMessage[], weightCount: number): string[] {
  const problems: string[] = [];
  const largest = vectorBytes(weightCount + 1);
  for (const [i, { kind, bytes }] of messages.entries()) {
    if (!(kind in MESSAGE_KINDS)) {
      problems.push(`message ${i}: expected a declared kind but found ${kind}`);
      continue;
    }
    const payload = MESSAGE_PAYLOADS[kind as MessageKind];
    if (!ALLOWED_PAYLOADS.includes(payload)) {
      problems.push(`message ${i} (${kind}): expected an allowed payload but found ${payload}`);
    }
    if (payload === "metrics" && bytes !== METRICS_BYTES) {
      problems.push(`message ${i} (${kind}): expected ${METRICS_BYTES} bytes but found ${bytes}`);
    }
    if (bytes > largest) {
      problems.push(
        `message ${i} (${kind}): expected at most ${largest} bytes (a model) but found ${bytes}`,
      );
    }
  }
  return problems;
}
