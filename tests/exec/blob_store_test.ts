import assert from "node:assert/strict";
import { Redis } from "ioredis";
import {
  BlobCorruptError,
  BlobMissingError,
  bytesToFloats,
  deleteBlobs,
  floatBytes,
  getBlob,
  parseRedisUrl,
  putBlob,
  putContent,
  sha256Hex,
} from "../../sim/exec/mod.ts";
import { SKIP_REDIS, startRedisServer } from "./_redis.ts";

function vector(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 1e3);
}

Deno.test({
  name: "stored values come back bit-identical, in pieces, with an expiry",
  ignore: SKIP_REDIS,
  async fn() {
    const server = await startRedisServer();
    const redis = new Redis(parseRedisUrl(server.url));
    try {
      const v = vector(1001);
      const ref = await putBlob(redis, "t:update", floatBytes(v), {
        ttlSeconds: 60,
        chunkBytes: 1000,
      });
      assert.equal(ref.chunks, 5);
      assert.equal(ref.sha256, sha256Hex(floatBytes(v)));
      const ttl = await redis.ttl("t:update:4");
      assert.ok(ttl > 0 && ttl <= 60, `expected an expiry but found ttl ${ttl}`);
      assert.deepEqual(bytesToFloats(await getBlob(redis, ref)), v);

      await redis.setrange("t:update:2", 10, "x");
      await assert.rejects(getBlob(redis, ref), BlobCorruptError);
      await deleteBlobs(redis, [ref]);
      assert.equal(await redis.exists("t:update:0", "t:update:4"), 0);
      await assert.rejects(getBlob(redis, ref), BlobMissingError);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  },
});

Deno.test({
  name: "putContent() stores a vector once under its hash and only refreshes it after",
  ignore: SKIP_REDIS,
  async fn() {
    const server = await startRedisServer();
    const redis = new Redis(parseRedisUrl(server.url));
    try {
      const bytes = floatBytes(vector(300));
      const a = await putContent(redis, "t:w", bytes, { ttlSeconds: 30, chunkBytes: 512 });
      assert.equal(a.key, `t:w:${sha256Hex(bytes)}`);
      // Mark a piece: a second store must leave it alone (no rewrite) and extend the expiry.
      await redis.set(`${a.key}:1`, "marker", "EX", 5);
      const b = await putContent(redis, "t:w", bytes, { ttlSeconds: 30, chunkBytes: 512 });
      assert.deepEqual(b, a);
      assert.equal(await redis.get(`${a.key}:1`), "marker");
      assert.ok(await redis.ttl(`${a.key}:1`) > 5);
      // A missing piece makes it store everything again.
      await redis.del(`${a.key}:0`);
      await putContent(redis, "t:w", bytes, { ttlSeconds: 30, chunkBytes: 512 });
      assert.deepEqual(await getBlob(redis, a), bytes);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  },
});
