/**
 * The state a protocol works on: the world, the strategy and each site's
 * strategy state, the message ledger, the timeline and participation counts.
 * Protocols read and update it; the run loop checkpoints it.
 */

import type { RngStreams } from "../../engine/mod.ts";
import type { Scenario } from "../../../scenarios/mod.ts";
import type { LocalOptimizerSettings, World } from "../../world/mod.ts";
import type { SiteState, Strategy } from "../strategies/mod.ts";
import { MessageLedger } from "./messages.ts";
import type { TimelineSpan } from "../../results/results.ts";
import type { Stragglers } from "../../../scenarios/schema_fedprox.ts";

/** Training settings every protocol reads (from `scenario.training`). */
export interface LocalTraining {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Every site's local optimiser (`training.optimizer`), fresh each round. */
  optimizer: LocalOptimizerSettings;
  /** FedProx's stragglers (`training.stragglers`, sync rounds); none when absent. */
  stragglers?: Stragglers;
}

/** Everything a protocol needs, shared by sync, async and hierarchical training. */
export interface Federation {
  seed: number;
  streams: RngStreams;
  world: World;
  strategy: Strategy;
  /** Strategy state kept at each site, indexed by site id. */
  siteStates: SiteState[];
  ledger: MessageLedger;
  training: LocalTraining;
  /** FLOPs per training sample (forward and backward) of the model. */
  perSample: { forward: number; backward: number };
  /** Length of the flat weight vector that travels. */
  weightCount: number;
  /** Bytes a site needs to train the model; sites with less memory drop out. */
  memoryNeeded: number;
  timeline: TimelineSpan[];
  /** Rounds each site's update was aggregated / each site failed, indexed by site id. */
  participated: number[];
  failed: number[];
}

/**
 * Memory a site needs per model weight while training: the weight, its
 * gradient and two optimiser moments, each float32.
 */
export const TRAINING_BYTES_PER_WEIGHT = 4 * 4;

/**
 * A fresh federation for `scenario`: every site with empty strategy state, an
 * empty ledger and timeline, and no participation yet.
 */
export function createFederation(
  scenario: Scenario,
  parts: {
    seed: number;
    streams: RngStreams;
    world: World;
    strategy: Strategy;
    perSample: { forward: number; backward: number };
    weightCount: number;
  },
): Federation {
  const t = scenario.training;
  const sites = parts.world.sites;
  return {
    ...parts,
    siteStates: sites.map(() => ({})),
    ledger: new MessageLedger(),
    training: {
      epochs: t.localEpochs,
      batchSize: t.batchSize,
      learningRate: t.learningRate,
      optimizer: { ...t.optimizer },
      ...(t.stragglers === undefined ? {} : { stragglers: { ...t.stragglers } }),
    },
    memoryNeeded: parts.weightCount * TRAINING_BYTES_PER_WEIGHT,
    timeline: [],
    participated: sites.map(() => 0),
    failed: sites.map(() => 0),
  };
}
