/**
 * Every preset builds, predicts and trains bit-identically to the builders
 * that preceded declared models (fingerprints written by
 * `_preset_fingerprint.ts` from those builders, commit "preset fingerprints").
 */
import { assertEquals } from "../_assert.ts";
import { initBackend } from "../../models/mod.ts";
import {
  FINGERPRINT_SPECS,
  type PresetFingerprint,
  presetFingerprint,
} from "./_preset_fingerprint.ts";

await initBackend();

const expected: PresetFingerprint[] = JSON.parse(
  await Deno.readTextFile(new URL("./preset_fingerprints.json", import.meta.url)),
);

Deno.test("every preset keeps its weights, names, predictions and training bit for bit", async () => {
  assertEquals(expected.length, FINGERPRINT_SPECS.length);
  for (const [i, spec] of FINGERPRINT_SPECS.entries()) {
    const found = await presetFingerprint(spec);
    assertEquals(found, expected[i], `${spec.preset} #${i}`);
  }
});
