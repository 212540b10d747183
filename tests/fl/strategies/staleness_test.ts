import { assertEquals, assertNear, assertThrows } from "../../_assert.ts";
import {
  hingeStaleness,
  parseStalenessRule,
  polynomialStaleness,
  stalenessWeight,
} from "../../../sim/fl/strategies/mod.ts";

Deno.test("polynomialStaleness() is FedBuff's 1/(1+s)^a", () => {
  assertEquals(polynomialStaleness(0), 1);
  assertEquals(polynomialStaleness(3, 0.5), 0.5);
  assertEquals(polynomialStaleness(1, 1), 0.5);
});

Deno.test("hingeStaleness() is flat up to b and then decays as 1/(a(s-b)+1)", () => {
  assertEquals(hingeStaleness(4, 10, 4), 1);
  assertNear(hingeStaleness(5, 10, 4), 1 / 11, 1e-15);
});

Deno.test("stalenessWeight() treats a missing staleness as fresh and rejects negative ones", () => {
  assertEquals(stalenessWeight(undefined, { kind: "polynomial", exponent: 2 }), 1);
  assertEquals(stalenessWeight(9, { kind: "constant" }), 1);
  assertThrows(() => stalenessWeight(-1, { kind: "constant" }), RangeError, "staleness");
});

Deno.test("parseStalenessRule() accepts names and objects and fills defaults", () => {
  assertEquals(parseStalenessRule("hinge"), { kind: "hinge", a: 10, b: 4 });
  assertEquals(parseStalenessRule({ kind: "polynomial", exponent: 1 }), {
    kind: "polynomial",
    exponent: 1,
  });
  assertThrows(() => parseStalenessRule("linear"), TypeError, "constant, polynomial, hinge");
  assertThrows(() => parseStalenessRule({ kind: "hinge", a: -1 }), TypeError, "staleness.a");
});
