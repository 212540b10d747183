/**
 * A site: an edge server with its own data, device and link. Sites own their
 * data: a Site can train on it and evaluate a model on it, and nothing it
 * exposes returns samples. The actual numerics run in a {@link SiteExecutor}
 * (in-process or a worker) that regenerates the site's data from the seed.
 */

import type { Rng } from "../engine/mod.ts";
import type { Availability } from "./availability.ts";
import type { ComputeBudget, Link } from "./profile.ts";
import {
  computeSeconds,
  jitterFactor,
  localUpdateFlops,
  type RoundTrip,
  roundTrip,
  transferSeconds,
} from "./timing.ts";

/**
 * The local optimiser of a task (the shape of models/optimizer.ts's
 * `OptimizerSettings`; the world layer does not import the model zoo).
 */
export interface LocalOptimizerSettings {
  name: "sgd" | "momentum" | "adam";
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
}

/** What a local update starts from; `config` comes from the strategy (proximal term, control variates). */
export interface LocalTrainTask {
  round: number;
  weights: Float32Array;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Seed for the site's shuffling and dropout this round. */
  seed: number;
  /** Default plain SGD; its state (momentum, Adam moments) starts fresh every task. */
  optimizer?: LocalOptimizerSettings;
  proxMu?: number;
  anchor?: Float32Array;
  gradCorrection?: Float32Array;
}

/** What a local update returns: weights and counts, never samples. */
export interface LocalTrainResult {
  weights: Float32Array;
  steps: number;
  meanLoss: number;
  samples: number;
}

/** Metrics of a model on a site's local test data. */
export interface LocalEvalResult {
  accuracy: number;
  loss: number;
  samples: number;
}

/** Runs a site's numerics; implementations regenerate data from (seed, site id). */
export interface SiteExecutor {
  train(siteId: number, task: LocalTrainTask): Promise<LocalTrainResult>;
  evaluate(siteId: number, weights: Float32Array): Promise<LocalEvalResult>;
}

/** Facts about a site's data that the simulation may know (sizes, not samples). */
export interface SiteDataFacts {
  group: string;
  trainSamples: number;
  testSamples: number;
  /** 1 = full volume; ~0.1 for 1/10-scale sites (relative to the median full group size). */
  volumeScale: number;
  /** 1 = full granularity; 0.1 = 1/10 resolution / rate / precision. */
  granularity: number;
  missing: string[];
}

/** One edge site in the world. */
export class Site {
  readonly id: number;
  readonly data: SiteDataFacts;
  readonly device: ComputeBudget;
  readonly link: Link;
  readonly availability: Availability;
  #executor: SiteExecutor | null = null;

  constructor(
    id: number,
    data: SiteDataFacts,
    device: ComputeBudget,
    link: Link,
    availability: Availability,
  ) {
    this.id = id;
    this.data = data;
    this.device = device;
    this.link = link;
    this.availability = availability;
  }

  /** The site's group name in the scenario. */
  get group(): string {
    return this.data.group;
  }

  /** Connects the site to whatever runs its numerics. */
  attach(executor: SiteExecutor): void {
    this.#executor = executor;
  }

  /** Trains locally from the given weights; returns the update, never the data. */
  train(task: LocalTrainTask): Promise<LocalTrainResult> {
    return this.#need().train(this.id, task);
  }

  /** Evaluates weights on the site's local test data. */
  evaluate(weights: Float32Array): Promise<LocalEvalResult> {
    return this.#need().evaluate(this.id, weights);
  }

  /**
   * Virtual seconds of one round trip: `downBytes` down, local training of
   * `epochs` over the site's training data, `upBytes` up. Both transfers draw
   * their jitter from `rng` (download first).
   */
  roundTrip(
    perSample: { forward: number; backward: number },
    epochs: number,
    downBytes: number,
    upBytes: number,
    rng: Rng,
  ): RoundTrip {
    const { latencyS, uplinkBps, downlinkBps, jitter } = this.link;
    const down = transferSeconds(
      downBytes,
      downlinkBps,
      latencyS,
      jitterFactor(jitter, rng.normal()),
    );
    const flops = localUpdateFlops(perSample, this.data.trainSamples, epochs);
    const compute = computeSeconds(flops, this.device.computeFlops);
    const up = transferSeconds(upBytes, uplinkBps, latencyS, jitterFactor(jitter, rng.normal()));
    return roundTrip(down, compute, up);
  }

  #need(): SiteExecutor {
    if (this.#executor === null) {
      throw new TypeError(`Expected site ${this.id} to be attached to an executor but found none`);
    }
    return this.#executor;
  }
}
