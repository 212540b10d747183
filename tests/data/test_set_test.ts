/**
 * `materializeTestSet` generates only a site's test rows (the cheap path a
 * site evaluation takes) and must give exactly `materializeSite(…).test`:
 * every world of scene_bits_test.ts, every site, on the JavaScript and the C
 * path, with missing modalities, shifts, granularity and pooled images.
 */
import { assert, assertEquals } from "../_assert.ts";
import { RngStreams } from "../../sim/engine/mod.ts";
import { materializeSite, materializeTestSet, planSites } from "../../sim/data/mod.ts";
import { withoutDataKernels } from "../../sim/data/data_helpers.ts";
import { bytesOf, type SceneWorld, sceneWorlds } from "./_scene_worlds.ts";
import { helpersStatus, skipNative } from "./_native.ts";

function compareSites(world: SceneWorld): number {
  const streams = new RngStreams(world.seed);
  const plans = planSites(world.source, world.input, streams);
  let compared = 0;
  for (const plan of plans) {
    const full = bytesOf(materializeSite(world.source, plan, streams).test);
    const alone = bytesOf(materializeTestSet(world.source, plan, streams));
    assertEquals(alone.length, full.length);
    full.forEach((part, i) => {
      const j = part.findIndex((b, k) => b !== alone[i][k]);
      assert(j < 0 && part.length === alone[i].length, `site ${plan.siteId}, part ${i}, byte ${j}`);
    });
    if (plan.testSize > 0 && plan.testSize < plan.size) compared++;
  }
  return compared;
}

for (const world of sceneWorlds()) {
  Deno.test(`a site's test set alone equals its full materialisation's (${world.name}, JavaScript)`, () => {
    const compared = withoutDataKernels(() => compareSites(world));
    assert(compared >= 3, `expected sites with both train and test rows, found ${compared}`);
  });
  Deno.test({
    name: `a site's test set alone equals its full materialisation's (${world.name}, C)`,
    ignore: skipNative,
    fn: () => {
      if (!helpersStatus.ok) {
        throw new Error(`Expected the C kernels to load: ${helpersStatus.why}`);
      }
      assert(compareSites(world) >= 3);
    },
  });
}
