import { deltaFromRdp, epsilonFromRdp } from "./conversion.ts";
import { computeRdp } from "./rdp.ts";

/** dp_accounting's default orders: dense where ε is usually optimal, sparse beyond. */
export const DEFAULT_RDP_ORDERS: readonly number[] = [
  1.25,
  1.5,
  1.75,
  2,
  2.25,
  2.5,
  3,
  3.5,
  4,
  4.5,
  ...Array.from({ length: 59 }, (_, i) => i + 5), // 5..63
  128,
  256,
  512,
];

/** An (ε, δ) guarantee and the Rényi order that gave it. */
export interface PrivacySpent {
  epsilon: number;
  delta: number;
  order: number;
}

/**
 * Tracks the privacy spent by a sequence of sampled Gaussian steps (e.g.
 * DP-FedAvg rounds: q = sites per round / total sites, z = noise multiplier)
 * by adding their RDP curves, and converts the total to (ε, δ) on demand.
 *
 * @example
 * ```ts
 * import { RdpAccountant } from "./accountant.ts";
 * const acc = new RdpAccountant();
 * acc.compose(20 / 300, 1.0, 100); // 100 rounds, 20 of 300 sites each, z = 1
 * const { epsilon } = acc.spent(1e-5);
 * if (!(epsilon > 0 && epsilon < 10)) throw new Error("implausible epsilon");
 * ```
 */
export class RdpAccountant {
  readonly orders: readonly number[];
  #rdp: number[];

  constructor(orders: readonly number[] = DEFAULT_RDP_ORDERS) {
    if (orders.length === 0 || orders.some((a) => !(a > 1))) {
      throw new RangeError(`Expected RDP orders all > 1 but found ${JSON.stringify(orders)}`);
    }
    this.orders = [...orders];
    this.#rdp = orders.map(() => 0);
  }

  /** Adds `steps` sampled Gaussian steps (rate q, noise multiplier z). */
  compose(q: number, noiseMultiplier: number, steps = 1): this {
    const add = computeRdp(q, noiseMultiplier, steps, this.orders);
    this.#rdp = this.#rdp.map((r, i) => r + add[i]);
    return this;
  }

  /** The accumulated RDP at each order (a copy). */
  get rdp(): number[] {
    return [...this.#rdp];
  }

  /** ε at the given δ, with the order that achieved it. */
  spent(delta: number): PrivacySpent {
    const { value, order } = epsilonFromRdp(this.orders, this.#rdp, delta);
    return { epsilon: value, delta, order };
  }

  /** δ at the given ε. */
  deltaAt(epsilon: number): PrivacySpent {
    const { value, order } = deltaFromRdp(this.orders, this.#rdp, epsilon);
    return { epsilon, delta: value, order };
  }

  /** Plain data for checkpoints. */
  state(): { orders: number[]; rdp: number[] } {
    return { orders: [...this.orders], rdp: [...this.#rdp] };
  }

  /** An accountant continuing from a saved state. */
  static restore(saved: { orders: number[]; rdp: number[] }): RdpAccountant {
    const acc = new RdpAccountant(saved.orders);
    if (saved.rdp.length !== saved.orders.length) {
      throw new TypeError(
        `Expected ${saved.orders.length} saved RDP values but found ${saved.rdp.length}`,
      );
    }
    acc.#rdp = [...saved.rdp];
    return acc;
  }
}

/** Settings of DP-SGD (example-level) or DP-FedAvg (site-level) training. */
export interface SampledGaussianRun {
  /** Records (examples, or sites) in the population. */
  population: number;
  /** Records sampled per step (batch size, or sites per round). */
  perStep: number;
  noiseMultiplier: number;
  /** Steps taken, e.g. rounds. For DP-SGD: ceil(epochs · population / perStep). */
  steps: number;
  delta: number;
  orders?: readonly number[];
}

/** (ε, δ) of a whole run with Poisson sampling at rate perStep / population. */
export function privacyOfRun(run: SampledGaussianRun): PrivacySpent {
  if (!(run.population > 0) || !(run.perStep > 0) || run.perStep > run.population) {
    throw new RangeError(
      `Expected 0 < perStep <= population but found perStep ${run.perStep}, population ${run.population}`,
    );
  }
  return new RdpAccountant(run.orders)
    .compose(run.perStep / run.population, run.noiseMultiplier, run.steps)
    .spent(run.delta);
}
