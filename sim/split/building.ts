/**
 * A building's devices as a chain for the planner, and a building drawn from
 * a scenario's site group (the edge server from `devices`, the nodes from
 * `iot`). Nodes reach each other through the building's local network: a
 * transfer between two nodes crosses both their links to the edge server's
 * switch, so it pays both latencies at the slower bandwidth.
 */
import { type Rng, sampleDistribution } from "../engine/mod.ts";
import type { BuildingSite, Device, DeviceChain, IotNode, LocalLink } from "./types.ts";

/**
 * The chain a batch of `dataNode`'s data passes through: the data node, then
 * the helper nodes in the order given, then the edge server.
 *
 * @example
 * ```ts
 * import { buildingChain } from "./building.ts";
 * const link = { latencyS: 0.002, bandwidthBps: 1e8 };
 * const chain = buildingChain({
 *   server: { name: "server", computeFlops: 1e12, memoryBytes: 8e9 },
 *   nodes: [{ name: "camera", computeFlops: 1e10, memoryBytes: 5e8, link }],
 * }, "camera");
 * if (chain.devices.map((d) => d.name).join() !== "camera,server") throw new Error();
 * ```
 */
export function buildingChain(
  site: BuildingSite,
  dataNode: string,
  helpers: string[] = [],
): DeviceChain {
  const byName = new Map(site.nodes.map((n) => [n.name, n]));
  const find = (name: string): IotNode => {
    const node = byName.get(name);
    if (node === undefined) {
      throw new RangeError(
        `Expected an IoT node named "${name}" but found only ${
          site.nodes.map((n) => `"${n.name}"`).join(", ") || "none"
        }`,
      );
    }
    return node;
  };
  const path = [find(dataNode), ...helpers.map(find)];
  if (new Set(path.map((n) => n.name)).size !== path.length) {
    throw new RangeError(
      `Expected each node once in the chain but found ${path.map((n) => n.name)}`,
    );
  }
  const links: LocalLink[] = [];
  for (let i = 0; i + 1 < path.length; i++) {
    links.push({
      latencyS: path[i].link.latencyS + path[i + 1].link.latencyS,
      bandwidthBps: Math.min(path[i].link.bandwidthBps, path[i + 1].link.bandwidthBps),
    });
  }
  links.push(path[path.length - 1].link);
  const device = (d: Device): Device => ({
    name: d.name,
    computeFlops: d.computeFlops,
    memoryBytes: d.memoryBytes,
  });
  return { devices: [...path.map(device), device(site.server)], links };
}

/** A distribution as a scenario writes it (a number is a constant). */
type Distribution = Parameters<typeof sampleDistribution>[0];

/** An IoT node as a scenario's site group lists it. */
export interface IotNodeSpec {
  name: string;
  compute: Distribution;
  memory: Distribution;
  link: { latency: Distribution; bandwidth: Distribution };
}

/**
 * Draws one building: the edge server from the group's `devices` and each
 * node in `iot`, in order (compute, memory, latency, bandwidth) from `rng`.
 */
export function drawBuilding(
  server: { name?: string; compute: Distribution; memory: Distribution },
  iot: IotNodeSpec[],
  rng: Rng,
): BuildingSite {
  const draw = (d: Distribution, what: string, min: number): number => {
    const v = sampleDistribution(d, rng);
    if (!(v >= min)) throw new RangeError(`Expected ${what} >= ${min} but found ${v}`);
    return v;
  };
  const serverDevice: Device = {
    name: server.name ?? "edge-server",
    computeFlops: draw(server.compute, "edge server compute", Number.MIN_VALUE),
    memoryBytes: draw(server.memory, "edge server memory", 0),
  };
  const nodes: IotNode[] = iot.map((n) => ({
    name: n.name,
    computeFlops: draw(n.compute, `${n.name} compute`, Number.MIN_VALUE),
    memoryBytes: draw(n.memory, `${n.name} memory`, 0),
    link: {
      latencyS: draw(n.link.latency, `${n.name} link latency`, 0),
      bandwidthBps: draw(n.link.bandwidth, `${n.name} link bandwidth`, Number.MIN_VALUE),
    },
  }));
  return { server: serverDevice, nodes };
}
