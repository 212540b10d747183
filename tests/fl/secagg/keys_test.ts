import assert from "node:assert/strict";
import {
  agree,
  expandMask,
  exportPrivateScalar,
  exportPublicKey,
  generateKeyPair,
  importPrivateScalar,
  open,
  seal,
} from "../../../sim/fl/security/secagg/mod.ts";

Deno.test("agree() gives both ends of a pair the same secret, distinct per purpose", async () => {
  const [u, v] = await Promise.all([generateKeyPair(), generateKeyPair()]);
  const uv = await agree(u.privateKey, v.publicKey, "mask");
  const vu = await agree(v.privateKey, u.publicKey, "mask");
  assert.deepEqual(uv, vu);
  assert.notDeepEqual(uv, await agree(u.privateKey, v.publicKey, "share-encryption"));
});

Deno.test("a private key rebuilt from its scalar agrees exactly like the original", async () => {
  const [u, v] = await Promise.all([generateKeyPair(), generateKeyPair()]);
  const rebuilt = await importPrivateScalar(
    await exportPrivateScalar(u.privateKey),
    await exportPublicKey(u.publicKey),
  );
  assert.deepEqual(
    await agree(rebuilt, v.publicKey, "mask"),
    await agree(u.privateKey, v.publicKey, "mask"),
  );
});

Deno.test("open() refuses a sealed message that was altered or redirected", async () => {
  const key = crypto.getRandomValues(new Uint8Array(32));
  const context = new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0]);
  const sealed = await seal(key, new Uint8Array([9, 8, 7]), context);
  assert.deepEqual(await open(key, sealed, context), new Uint8Array([9, 8, 7]));
  const redirected = new Uint8Array([1, 0, 0, 0, 3, 0, 0, 0]);
  await assert.rejects(() => open(key, sealed, redirected), /authentic share message/);
  const altered = sealed.slice();
  altered[14] ^= 1;
  await assert.rejects(() => open(key, altered, context), TypeError);
});

Deno.test("expandMask() is deterministic per seed and differs across seeds", async () => {
  const seed = new Uint8Array(32).fill(1);
  const a = await expandMask(seed, 1000);
  assert.deepEqual(a, await expandMask(seed, 1000));
  assert.deepEqual(a.subarray(0, 10), await expandMask(seed, 10)); // a prefix of the same stream
  const b = await expandMask(new Uint8Array(32).fill(2), 1000);
  const equal = a.filter((w, i) => w === b[i]).length;
  assert.ok(equal <= 1, `${equal} equal words between masks of different seeds`);
  await assert.rejects(() => expandMask(new Uint8Array(16), 4), /32-byte seed/);
});
