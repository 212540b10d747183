/**
 * `materializeTestSet` and `materializeTrainSet` generate only a site's test
 * or training rows (what a site evaluation or a training task needs) and
 * must give exactly `materializeSite(…).test` and `.train`: every world of
 * scene_bits_test.ts, every site, on the JavaScript and the C path, with
 * missing modalities, shifts and granularity.
 */
import { assert, assertEquals } from "../_assert.ts";
import { RngStreams } from "../../sim/engine/mod.ts";
import {
  type Dataset,
  materializeSite,
  materializeTestSet,
  materializeTrainSet,
  planSites,
} from "../../sim/data/mod.ts";
import { withoutDataKernels } from "../../sim/data/data_helpers.ts";
import { bytesOf, type SceneWorld, sceneWorlds } from "./_scene_worlds.ts";
import { helpersStatus, skipNative } from "./_native.ts";

function compareSites(world: SceneWorld): number {
  const streams = new RngStreams(world.seed);
  const plans = planSites(world.source, world.input, streams);
  let compared = 0;
  const same = (a: Dataset, b: Dataset, what: string) => {
    const [x, y] = [bytesOf(a), bytesOf(b)];
    assertEquals(x.length, y.length);
    x.forEach((part, i) => {
      const j = part.findIndex((byte, k) => byte !== y[i][k]);
      assert(j < 0 && part.length === y[i].length, `${what}, part ${i}, byte ${j}`);
    });
  };
  for (const plan of plans) {
    const full = materializeSite(world.source, plan, streams);
    same(materializeTestSet(world.source, plan, streams), full.test, `site ${plan.siteId} test`);
    same(materializeTrainSet(world.source, plan, streams), full.train, `site ${plan.siteId} train`);
    if (plan.testSize > 0 && plan.testSize < plan.size) compared++;
  }
  return compared;
}

for (const world of sceneWorlds()) {
  Deno.test(`a site's test or training set alone equals its full materialisation's (${world.name}, JavaScript)`, () => {
    const compared = withoutDataKernels(() => compareSites(world));
    assert(compared >= 3, `expected sites with both train and test rows, found ${compared}`);
  });
  Deno.test({
    name:
      `a site's test or training set alone equals its full materialisation's (${world.name}, C)`,
    ignore: skipNative,
    fn: () => {
      if (!helpersStatus.ok) {
        throw new Error(`Expected the C kernels to load: ${helpersStatus.why}`);
      }
      assert(compareSites(world) >= 3);
    },
  });
}
