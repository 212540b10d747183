import assert from "node:assert/strict";
import {
  combineShares,
  lagrangeWeightsAtZero,
  SHAMIR_PRIME,
  splitSecret,
} from "../../../sim/fl/security/secagg/mod.ts";

const secret = crypto.getRandomValues(new Uint8Array(32));

Deno.test("combineShares() rebuilds the secret from any threshold-sized subset", () => {
  const shares = splitSecret(secret, 7, 4);
  for (const pick of [[0, 1, 2, 3], [6, 4, 2, 0], [1, 3, 5, 6], [0, 1, 2, 3, 4, 5, 6]]) {
    assert.deepEqual(combineShares(pick.map((i) => shares[i]), 4), secret);
  }
});

Deno.test("combineShares() throws a RangeError below the threshold", () => {
  const shares = splitSecret(secret, 5, 3);
  assert.throws(
    () => combineShares(shares.slice(0, 2), 3),
    (e) => e instanceof RangeError && /at least 3 shares .* found 2/.test(e.message),
  );
});

Deno.test("too few shares of a secret are equally consistent with any other secret", () => {
  // Perfect hiding: given t-1 shares of `secret`, there are coefficients
  // that give exactly the same shares for a different secret.
  const t = 2;
  const shares = splitSecret(secret, 3, t);
  const other = new Uint8Array(32).fill(0xab);
  const otherChunks = splitSecret(other, 1, 1)[0].y; // t = 1: the share is the secret itself
  // y(1) = s + a1, so a1' = y(1) - s'.
  const slope = shares[0].y.map((y, j) => (y - otherChunks[j] + SHAMIR_PRIME) % SHAMIR_PRIME);
  const forged = splitSecret(other, 3, t, () => slope);
  assert.deepEqual(forged[0].y, shares[0].y);
  assert.notDeepEqual(forged[1].y, shares[1].y);
  assert.deepEqual(combineShares(forged.slice(0, 2), t), other);
});

Deno.test("shares of different secrets cannot be mixed into either secret", () => {
  const a = splitSecret(secret, 4, 2);
  const b = splitSecret(crypto.getRandomValues(new Uint8Array(32)), 4, 2);
  let rebuilt: Uint8Array | undefined;
  try {
    rebuilt = combineShares([a[0], b[1]], 2);
  } catch (e) {
    assert.ok(e instanceof RangeError); // an out-of-range chunk is detected
  }
  if (rebuilt) assert.notDeepEqual(rebuilt, secret);
});

Deno.test("lagrangeWeightsAtZero() weights sum to one and reject repeated points", () => {
  const w = lagrangeWeightsAtZero([1, 4, 9]);
  assert.equal(w.reduce((s, v) => (s + v) % SHAMIR_PRIME, 0), 1);
  assert.throws(() => lagrangeWeightsAtZero([2, 2]), /distinct share points/);
  assert.throws(() => lagrangeWeightsAtZero([0, 1]), RangeError);
});

Deno.test("splitSecret() shares secrets of any length and checks its threshold", () => {
  for (const length of [1, 2, 3, 4, 31, 33]) {
    const s = crypto.getRandomValues(new Uint8Array(length));
    const shares = splitSecret(s, 3, 3);
    assert.deepEqual(combineShares(shares, 3), s);
  }
  assert.throws(() => splitSecret(secret, 3, 4), /threshold to be an integer in 1..3 but found 4/);
});
