import { assertEquals } from "../../_assert.ts";
import { UPDATE_ATTACK_KINDS } from "../../../sim/fl/strategies/robust/mod.ts";
import { ATTACK_KINDS } from "../../../scenarios/schema.ts";
import { DISTRIBUTION_KINDS as SCENARIO_KINDS } from "../../../scenarios/mod.ts";
import { DISTRIBUTION_KINDS } from "../../../sim/engine/mod.ts";

Deno.test("the update attacks are the scenario's attacks minus label-flip and nan (one vocabulary)", () => {
  const rest = ATTACK_KINDS.filter((k) => !(UPDATE_ATTACK_KINDS as readonly string[]).includes(k));
  assertEquals(rest, ["label-flip", "nan"]);
});

Deno.test("scenarios and the engine share one list of distribution kinds (the same array)", () => {
  // The same object, not an equal copy: a second list could drift from the first.
  assertEquals(SCENARIO_KINDS === DISTRIBUTION_KINDS, true);
});
