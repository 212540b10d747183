import { createSeededNormal } from "../../security/privacy/seeded_normal.ts";

/** Model-poisoning attacks a Byzantine site can apply to its update. */
export type AttackKind = "sign-flip" | "scale" | "gaussian";

/**
 * Every {@linkcode AttackKind}: the scenario attacks (`ATTACK_KINDS` in scenarios/schema.ts) that
 * change a site's update with a robust-aggregation attack; label-flip poisons its data instead,
 * and nan sends a NaN update for the input checks to refuse.
 */
export const UPDATE_ATTACK_KINDS: readonly AttackKind[] = ["sign-flip", "scale", "gaussian"];

/** Knobs of an attack; every attack is deterministic given them. */
export interface AttackParams {
  /** sign-flip: the reversed delta is multiplied by this (default 1); scale: λ (default 10). */
  scale?: number;
  /** gaussian: standard deviation of the random update (default 1). */
  std?: number;
  /** gaussian: seed of the noise (default 0). */
  seed?: number;
  /** gaussian: a normal generator to use instead of `seed`. */
  normal?: () => number;
}

/**
 * The weights a malicious site sends instead of `local`, given the `start`
 * weights it trained from:
 * - `"sign-flip"`: start − λ·(local − start), the update pointing the wrong way;
 * - `"scale"`: start + λ·(local − start), a boosted update (λ = 10 by default);
 * - `"gaussian"`: start + N(0, std²) per coordinate, ignoring training.
 *
 * @example
 * ```ts
 * import { attackUpdate } from "./attacks.ts";
 * const w = attackUpdate("sign-flip", new Float32Array([1]), new Float32Array([3]));
 * if (w[0] !== -1) throw new Error("1 - (3 - 1) should be -1");
 * ```
 */
export function attackUpdate(
  kind: AttackKind,
  start: Float32Array,
  local: Float32Array,
  params: AttackParams = {},
): Float32Array {
  if (start.length !== local.length) {
    throw new RangeError(
      `Expected local weights of length ${start.length} but found ${local.length}`,
    );
  }
  const out = new Float32Array(start.length);
  switch (kind) {
    case "sign-flip":
    case "scale": {
      const lambda = params.scale ?? (kind === "scale" ? 10 : 1);
      if (!Number.isFinite(lambda)) {
        throw new RangeError(`Expected a finite attack scale but found ${lambda}`);
      }
      const s = kind === "sign-flip" ? -lambda : lambda;
      for (let j = 0; j < out.length; j++) out[j] = start[j] + s * (local[j] - start[j]);
      return out;
    }
    case "gaussian": {
      const std = params.std ?? 1;
      if (!(std >= 0) || !Number.isFinite(std)) {
        throw new RangeError(`Expected the attack std to be a finite number >= 0 but found ${std}`);
      }
      const normal = params.normal ?? createSeededNormal(params.seed ?? 0);
      for (let j = 0; j < out.length; j++) out[j] = start[j] + std * normal();
      return out;
    }
    default:
      throw new RangeError(
        `Expected an update attack kind (${UPDATE_ATTACK_KINDS.join(", ")}) but found ${
          String(kind)
        }`,
      );
  }
}
