/**
 * The scene's output is pinned bit for bit: runs are hashed, so faster
 * generators (C kernels, fast sines) must reproduce the values recorded
 * before them, on the JavaScript path and on the C path alike.
 */
import { assertEquals } from "../_assert.ts";
import { withoutDataKernels } from "../../sim/data/data_helpers.ts";
import { sceneWorlds, sha256, worldBytes } from "./_scene_worlds.ts";
import { helpersStatus, skipNative } from "./_native.ts";

const GOLDEN: Record<string, string> = {
  "rgb, 8 classes": "a3711cd9aa850afb6cda80fe4122c936c15aef74f5b40301c595342fc5b19516",
  "grey 20×24, 5 classes, held series":
    "b99d302fe39fa4545fa237d12475d7ab281929550002f1055d3ecf7d0789bd24",
  "4 channels 9×7, 3 classes": "27cb306f72bcaadb6ae101095827e9d5f5108b84626fea0413d5cb569a7bf34f",
  "2 channels 16×16, 32 classes":
    "2061e7b498ab9ee1442f99465e0cfb7fd45bd16ff5b285ddab22826756e1bd89",
};

for (const world of sceneWorlds()) {
  Deno.test(`scene world "${world.name}" matches its recorded bits in JavaScript`, async () => {
    assertEquals(await sha256(withoutDataKernels(() => worldBytes(world))), GOLDEN[world.name]);
  });
  Deno.test({
    name: `scene world "${world.name}" matches its recorded bits with the C kernels`,
    ignore: skipNative,
    fn: async () => {
      if (!helpersStatus.ok) {
        throw new Error(`Expected the C kernels to load: ${helpersStatus.why}`);
      }
      assertEquals(await sha256(worldBytes(world)), GOLDEN[world.name]);
    },
  });
}
