import { assertEquals, assertNear, assertThrows } from "../_assert.ts";
import { buildingChain, drawBuilding } from "../../sim/split/mod.ts";
import { Rng } from "../../sim/engine/mod.ts";

const SITE = drawBuilding(
  { compute: 1e11, memory: 8e8 },
  [
    { name: "camera", compute: 1e10, memory: 2e8, link: { latency: 0.002, bandwidth: 1e8 } },
    { name: "gateway", compute: 5e10, memory: 6e8, link: { latency: 0.001, bandwidth: 1e9 } },
  ],
  new Rng("building-test"),
);

Deno.test("drawBuilding() takes constant budgets from the scenario as they are", () => {
  assertEquals(SITE.server, { name: "edge-server", computeFlops: 1e11, memoryBytes: 8e8 });
  assertEquals(SITE.nodes[1].link, { latencyS: 0.001, bandwidthBps: 1e9 });
});

Deno.test("buildingChain() joins two nodes through the building network at the slower link", () => {
  const chain = buildingChain(SITE, "camera", ["gateway"]);
  assertEquals(chain.devices.map((d) => d.name), ["camera", "gateway", "edge-server"]);
  assertNear(chain.links[0].latencyS, 0.003);
  assertEquals(chain.links[0].bandwidthBps, 1e8);
  assertEquals(chain.links[1], { latencyS: 0.001, bandwidthBps: 1e9 });
});

Deno.test("buildingChain() names the nodes it knows when asked for an unknown one", () => {
  assertThrows(() => buildingChain(SITE, "doorbell"), RangeError, `"camera", "gateway"`);
});
