/**
 * The world: every site with its device, link and availability, drawn from
 * the scenario's distributions with each site's own stream `world/site-<id>`.
 */

import type { RngStreams } from "../engine/mod.ts";
import { Availability, type AvailabilitySpec } from "./availability.ts";
import { type DeviceSpec, drawProfile, type LinkSpec } from "./profile.ts";
import { Site, type SiteDataFacts, type SiteExecutor } from "./site.ts";

/** What the world needs to know about one site before drawing it. */
export interface SiteBlueprint {
  data: SiteDataFacts;
  devices: DeviceSpec;
  links: LinkSpec;
  availability: AvailabilitySpec;
}

/** All sites of a run, indexed by site id. */
export class World {
  readonly sites: readonly Site[];

  constructor(sites: Site[]) {
    sites.forEach((s, i) => {
      if (s.id !== i) {
        throw new RangeError(`Expected site ${i} at index ${i} but found site ${s.id}`);
      }
    });
    this.sites = sites;
  }

  /** Number of sites. */
  get size(): number {
    return this.sites.length;
  }

  /** The site with id `id`. */
  site(id: number): Site {
    const s = this.sites[id];
    if (s === undefined) {
      throw new RangeError(`Expected a site id in 0..${this.sites.length - 1} but found ${id}`);
    }
    return s;
  }

  /** Connects every site to the executor that runs their numerics. */
  attach(executor: SiteExecutor): void {
    for (const s of this.sites) s.attach(executor);
  }

  /** Site ids grouped by group name, in first-appearance order. */
  groups(): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const s of this.sites) {
      const ids = out.get(s.group) ?? [];
      ids.push(s.id);
      out.set(s.group, ids);
    }
    return out;
  }
}

/**
 * Draws the world: site `i` gets blueprint `i` and its profile from stream
 * `world/site-<i>`.
 *
 * @example
 * ```ts
 * import { buildWorld } from "./world.ts";
 * import { RngStreams } from "../engine/mod.ts";
 * const world = buildWorld([{
 *   data: { group: "a", trainSamples: 10, testSamples: 5, volumeScale: 1, granularity: 1, missing: [] },
 *   devices: { compute: 1e9, memory: 1e9 },
 *   links: { latency: 0.01, uplink: 1e6, downlink: 1e7, jitter: 0 },
 *   availability: { probability: 1 },
 * }], new RngStreams(1));
 * world.site(0).device.computeFlops; // 1e9
 * ```
 */
export function buildWorld(blueprints: readonly SiteBlueprint[], streams: RngStreams): World {
  const sites = blueprints.map((b, id) => {
    const { device, link } = drawProfile(b.devices, b.links, streams.stream(`world/site-${id}`));
    return new Site(id, b.data, device, link, new Availability(id, b.availability, streams));
  });
  return new World(sites);
}
