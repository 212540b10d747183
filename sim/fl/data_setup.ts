/**
 * How a scenario's data block and site groups become a data source and site
 * plans. Both depend only on (scenario, seed), so the main thread and every
 * worker compute the same plans without sending any data.
 */

import type { RngStreams } from "../engine/mod.ts";
import {
  createSource as createDataSource,
  type DataSource,
  type Modality,
  type PartitionInput,
  planSites,
  type SitePlan,
  siteTestCount,
} from "../data/mod.ts";
import type { Scenario } from "../../scenarios/mod.ts";
import type { SiteBlueprint } from "../world/mod.ts";

/** The data source a scenario names (async: MNIST is read from its package on first use). */
export function createSource(data: Scenario["data"]): Promise<DataSource> {
  return createDataSource({
    source: data.source,
    classes: data.classes,
    modalities: data.modalities as Modality[],
    alpha: data.synthetic.alpha,
    beta: data.synthetic.beta,
    iid: data.synthetic.iid,
  });
}

/** The partition input for a scenario's site groups. */
export function partitionInput(scenario: Scenario): PartitionInput {
  const law = scenario.data.synthetic.sampleLaw;
  return {
    label: scenario.data.partition.label,
    localTestFraction: scenario.data.localTestFraction,
    siteEvalSamples: scenario.data.siteEvalSamples,
    groups: scenario.sites.map((g) => ({
      group: g.group,
      count: g.count,
      // The authors' sample law (FedProx Synthetic) replaces every group's own sizes.
      samples: law === undefined ? g.samples : { truncatedLognormal: law },
      granularity: g.granularity as PartitionInput["groups"][number]["granularity"],
      missing: g.missing as Partial<Record<Modality, number>>,
      // The schema's shift fields are the data module's spreads (0 = no shift).
      shift: g.shift,
    })),
  };
}

/** Source and site plans of a scenario under `streams`. */
export async function planScenario(
  scenario: Scenario,
  streams: RngStreams,
): Promise<{ source: DataSource; plans: SitePlan[] }> {
  const source = await createSource(scenario.data);
  return { source, plans: planSites(source, partitionInput(scenario), streams) };
}

/** What the world needs to know of each planned site: its data facts and its group's budgets. */
export function siteBlueprints(scenario: Scenario, plans: readonly SitePlan[]): SiteBlueprint[] {
  const groups = new Map(scenario.sites.map((g) => [g.group, g]));
  return plans.map((p) => {
    const g = groups.get(p.group);
    if (g === undefined) throw new RangeError(`Expected a site group "${p.group}" but found none`);
    return {
      data: {
        group: p.group,
        trainSamples: p.trainSize,
        testSamples: siteTestCount(p),
        volumeScale: p.volumeScale,
        granularity: p.granularity,
        missing: [...p.missing],
      },
      devices: g.devices,
      links: g.links,
      availability: g.availability,
    };
  });
}
