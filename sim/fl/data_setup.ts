/**
 * How a scenario's data block and site groups become a data source and site
 * plans. Both depend only on (scenario, seed), so the main thread and every
 * worker compute the same plans without sending any data.
 */

import { distributionMean, type DistributionSpec, type RngStreams } from "../engine/mod.ts";
import {
  createSceneSource,
  type DataSource,
  type Modality,
  type PartitionInput,
  planSites,
  type SitePlan,
} from "../data/mod.ts";
import type { Scenario } from "../../scenarios/mod.ts";

/** The data source a scenario names. */
export function createSource(data: Scenario["data"]): DataSource {
  switch (data.source) {
    case "scene":
      return createSceneSource({
        classes: data.classes,
        modalities: data.modalities as Modality[],
      });
    default:
      throw new TypeError(
        `Expected a data source the federation can build ("scene") but found "${data.source}"`,
      );
  }
}

/** One number from a scenario value that may be a distribution (its mean). */
function scalar(x: DistributionSpec | undefined): number | undefined {
  if (x === undefined) return undefined;
  return typeof x === "number" ? x : distributionMean(x);
}

/** A single granularity for a group; a per-modality mapping uses its coarsest entry. */
function granularityOf(g: number | Partial<Record<string, number>>): number {
  if (typeof g === "number") return g;
  const values = Object.values(g).filter((v): v is number => typeof v === "number");
  return values.length > 0 ? Math.min(...values) : 1;
}

/** The partition input for a scenario's site groups. */
export function partitionInput(scenario: Scenario): PartitionInput {
  return {
    label: scenario.data.partition.label,
    localTestFraction: scenario.data.localTestFraction,
    groups: scenario.sites.map((g) => ({
      group: g.group,
      count: g.count,
      samples: g.samples,
      granularity: granularityOf(g.granularity),
      missing: g.missing as Partial<Record<Modality, number>>,
      shift: {
        gain: scalar(g.shift.gain),
        offset: scalar(g.shift.offset),
        noise: scalar(g.shift.noise),
      },
    })),
  };
}

/** Source and site plans of a scenario under `streams`. */
export function planScenario(
  scenario: Scenario,
  streams: RngStreams,
): { source: DataSource; plans: SitePlan[] } {
  const source = createSource(scenario.data);
  return { source, plans: planSites(source, partitionInput(scenario), streams) };
}
