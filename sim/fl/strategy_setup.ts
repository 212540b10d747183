/**
 * The parameters a run gives its strategy: the scenario's params, the async
 * staleness and uniform-weighting defaults, `privacy.dp`'s clip and noise, and, for an edge
 * aggregator of the hierarchical protocol, a noise stream of the edge's own.
 */

import { RngStreams } from "../engine/mod.ts";
import type { Scenario } from "../../scenarios/mod.ts";
import type { EdgeOwner } from "./protocols/mod.ts";
import { withPrivacyParams } from "./security/mod.ts";

/**
 * The strategy params for the federation (no `owner`) or for one edge.
 *
 * DP-FedAvg at an edge gets the seed of the stream `privacy/edge-<e>/noise`
 * (under the scenario's noise seed when it names one): edges seeded alike
 * would add the same noise, which cancels in their differences at the cloud.
 */
export function strategyParams(
  scenario: Scenario,
  streams: RngStreams,
  owner?: EdgeOwner,
): Record<string, unknown> {
  const params = { ...scenario.training.strategy.params };
  if (scenario.training.protocol === "async" && params.staleness === undefined) {
    params.staleness = { kind: "polynomial", exponent: scenario.training.async.stalenessExponent };
  }
  // FedBuff (Nguyen et al. 2022, Alg. 1) averages its K buffered deltas uniformly, 1/K;
  // `weighting: samples` stays available as a named option.
  if (scenario.training.protocol === "async" && params.weighting === undefined) {
    params.weighting = "uniform";
  }
  // privacy.dp states DP-FedAvg's clip and noise once (issue #9).
  const out = withPrivacyParams(scenario, params, streams.stream("privacy/noise").seed32());
  if (owner === undefined || scenario.training.strategy.name !== "dp-fedavg") return out;
  const base = typeof out.seed === "number" ? new RngStreams(out.seed) : streams;
  return { ...out, seed: base.stream(`privacy/edge-${owner.edge}/noise`).seed32() };
}
