/**
 * Checkpoints: the run's state after a round as JSON plus one binary file of
 * float32 vectors. Any `Float32Array` inside the state (global weights,
 * strategy state, site states) goes to the binary file and is replaced in
 * the JSON by a reference, so a checkpoint of a large model stays compact and
 * restores bit-identically. RNG state is not saved: every stream is derived
 * by name, so a resumed run draws the same numbers.
 */

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Name of the JSON file that points at the current binary file; written last. */
export const CHECKPOINT_STATE_FILE = "state.json";

/** Bumped when the layout of a checkpoint changes. */
export const CHECKPOINT_FORMAT = 1;

interface VectorRef {
  $f32: number;
  length: number;
}

function isVectorRef(x: unknown): x is VectorRef {
  return typeof x === "object" && x !== null && "$f32" in x && "length" in x;
}

/** Replaces every Float32Array in `value` by a reference into `chunks`. */
function encode(value: unknown, chunks: Float32Array[], offset: { floats: number }): unknown {
  if (value instanceof Float32Array) {
    const ref: VectorRef = { $f32: offset.floats, length: value.length };
    chunks.push(value);
    offset.floats += value.length;
    return ref;
  }
  if (Array.isArray(value)) return value.map((v) => encode(v, chunks, offset));
  if (typeof value === "number" && !Number.isFinite(value)) {
    // JSON has no NaN or Infinity; keep them as tagged strings.
    return { $num: String(value) };
  }
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = encode(v, chunks, offset);
    }
    return out;
  }
  return value;
}

function decode(value: unknown, floats: Float32Array): unknown {
  if (Array.isArray(value)) return value.map((v) => decode(v, floats));
  if (typeof value === "object" && value !== null) {
    if (isVectorRef(value)) return floats.slice(value.$f32, value.$f32 + value.length);
    if ("$num" in value && Object.keys(value).length === 1) return Number(value.$num);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = decode(v, floats);
    return out;
  }
  return value;
}

/**
 * Writes `state` to `dir` (created if needed). The binary file is written
 * first and the JSON that names it last, each by rename, so a run killed
 * while checkpointing leaves the previous checkpoint intact.
 */
export function saveCheckpoint(dir: string, round: number, state: unknown): void {
  mkdirSync(dir, { recursive: true });
  const chunks: Float32Array[] = [];
  const offset = { floats: 0 };
  const json = encode(state, chunks, offset);
  const floats = new Float32Array(offset.floats);
  let at = 0;
  for (const c of chunks) {
    floats.set(c, at);
    at += c.length;
  }
  const binName = `weights-${round}.bin`;
  const previous = readPointer(dir);
  writeFileSync(join(dir, `${binName}.tmp`), new Uint8Array(floats.buffer));
  renameSync(join(dir, `${binName}.tmp`), join(dir, binName));
  const pointer = { format: CHECKPOINT_FORMAT, round, binary: binName, state: json };
  writeFileSync(join(dir, `${CHECKPOINT_STATE_FILE}.tmp`), JSON.stringify(pointer));
  renameSync(join(dir, `${CHECKPOINT_STATE_FILE}.tmp`), join(dir, CHECKPOINT_STATE_FILE));
  if (previous !== null && previous.binary !== binName) {
    rmSync(join(dir, previous.binary), { force: true });
  }
}

function readPointer(
  dir: string,
): { format: number; round: number; binary: string; state: unknown } | null {
  const path = join(dir, CHECKPOINT_STATE_FILE);
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, "utf8"));
}

/** Reads the checkpoint in `dir`, or null when there is none. */
export function loadCheckpoint<T>(dir: string): { round: number; state: T } | null {
  const pointer = readPointer(dir);
  if (pointer === null) return null;
  if (pointer.format !== CHECKPOINT_FORMAT) {
    throw new TypeError(
      `Expected checkpoint format ${CHECKPOINT_FORMAT} but found ${pointer.format} in ${dir}`,
    );
  }
  const bytes = readFileSync(join(dir, pointer.binary));
  // Copy into a fresh, aligned buffer: a Buffer's byteOffset need not be a multiple of 4.
  const floats = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(floats.buffer).set(bytes);
  return { round: pointer.round, state: decode(pointer.state, floats) as T };
}
