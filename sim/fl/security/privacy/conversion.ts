/**
 * From Rényi DP at several orders to (ε, δ)-DP, with the improved conversion
 * of Canonne, Kamath & Steinke 2020 (Prop. 12) / Asoodeh et al. 2020 that
 * dp_accounting uses, plus the KL bound for small divergences. Both take the
 * best order.
 *
 * @module
 */

/** The ε (or δ) of a conversion and the order that achieved it. */
export interface Conversion {
  value: number;
  order: number;
}

function checkPairs(orders: readonly number[], rdp: readonly number[]): void {
  if (orders.length !== rdp.length || orders.length === 0) {
    throw new RangeError(
      `Expected as many RDP values as orders (at least one) but found ${rdp.length} for ${orders.length}`,
    );
  }
  orders.forEach((a, i) => {
    if (!(a >= 1)) throw new RangeError(`Expected RDP orders >= 1 but found ${a}`);
    if (!(rdp[i] >= 0)) throw new RangeError(`Expected RDP values >= 0 but found ${rdp[i]}`);
  });
}

/**
 * The smallest ε such that the mechanism is (ε, δ)-DP.
 *
 * @example
 * ```ts
 * import { epsilonFromRdp } from "./conversion.ts";
 * const orders = Array.from({ length: 31 }, (_, i) => i + 2);
 * const { value } = epsilonFromRdp(orders, orders.map(() => 1.1), 1e-5);
 * if (Math.abs(value - 1.32783806176) > 1e-9) throw new Error("unexpected epsilon");
 * ```
 */
export function epsilonFromRdp(
  orders: readonly number[],
  rdp: readonly number[],
  delta: number,
): Conversion {
  if (!(delta >= 0 && delta <= 1)) {
    throw new RangeError(`Expected delta to be in [0, 1] but found ${delta}`);
  }
  checkPairs(orders, rdp);
  if (delta === 0) {
    return { value: rdp.every((r) => r === 0) ? 0 : Infinity, order: orders[0] };
  }
  let best = Infinity;
  let bestOrder = orders[0];
  orders.forEach((a, i) => {
    const r = rdp[i];
    let eps: number;
    if (delta * delta + Math.expm1(-r) > 0) {
      eps = 0; // the KL bound δ ≤ √(1 − e^(−r)) already gives ε = 0
    } else if (a > 1.01) {
      eps = r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1);
    } else {
      eps = Infinity; // the bound is unstable as α → 1
    }
    if (eps < best) {
      best = eps;
      bestOrder = a;
    }
  });
  return { value: Math.max(0, best), order: bestOrder };
}

/** The smallest δ such that the mechanism is (ε, δ)-DP. */
export function deltaFromRdp(
  orders: readonly number[],
  rdp: readonly number[],
  epsilon: number,
): Conversion {
  if (!(epsilon >= 0)) throw new RangeError(`Expected epsilon >= 0 but found ${epsilon}`);
  checkPairs(orders, rdp);
  let best = Infinity;
  let bestOrder = orders[0];
  orders.forEach((a, i) => {
    const r = rdp[i];
    let logDelta = r === 0 ? -Infinity : 0.5 * Math.log1p(-Math.exp(-r));
    if (a > 1.01) {
      const bound = (a - 1) * (r - epsilon + Math.log1p(-1 / a)) - Math.log(a);
      logDelta = Math.min(logDelta, bound);
    }
    if (logDelta < best) {
      best = logDelta;
      bestOrder = a;
    }
  });
  return { value: Math.min(Math.exp(best), 1), order: bestOrder };
}

/**
 * The classic conversion ε = min over α of RDP(α) − log(δ)/(α − 1)
 * (Mironov 2017, Prop. 3). Looser than {@linkcode epsilonFromRdp}; kept to
 * reproduce figures published with it (e.g. the TF Privacy MNIST tutorial).
 */
export function epsilonFromRdpClassic(
  orders: readonly number[],
  rdp: readonly number[],
  delta: number,
): Conversion {
  if (!(delta > 0 && delta <= 1)) {
    throw new RangeError(`Expected delta to be in (0, 1] but found ${delta}`);
  }
  checkPairs(orders, rdp);
  let best = Infinity;
  let bestOrder = orders[0];
  orders.forEach((a, i) => {
    const eps = a > 1 ? rdp[i] - Math.log(delta) / (a - 1) : Infinity;
    if (eps < best) {
      best = eps;
      bestOrder = a;
    }
  });
  return { value: Math.max(0, best), order: bestOrder };
}
