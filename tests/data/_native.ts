/**
 * Whether the data generators' C kernels are here to test. CI sets
 * RENKEI_REQUIRE_NATIVE=1, and then a library that does not load fails the
 * tests instead of skipping them.
 */
import { prepareDataHelpers } from "../../sim/data/mod.ts";

export const helpersStatus = await prepareDataHelpers();

export function nativeRequired(): boolean {
  return Deno.env.get("RENKEI_REQUIRE_NATIVE") === "1";
}

/** `ignore` for the C half of a test: no library and none required. */
export const skipNative = !helpersStatus.ok && !nativeRequired();

if (skipNative && !helpersStatus.ok) {
  console.warn(`Skipping the C data kernels' tests: ${helpersStatus.why}`);
}
