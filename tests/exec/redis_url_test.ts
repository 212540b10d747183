import assert from "node:assert/strict";
import { parseRedisUrl, redactRedisUrl } from "../../sim/exec/mod.ts";

Deno.test("parseRedisUrl() reads host, port, password and database", () => {
  assert.deepEqual(parseRedisUrl("redis://:s3cret@10.0.0.5:6380/2"), {
    host: "10.0.0.5",
    port: 6380,
    password: "s3cret",
    db: 2,
    maxRetriesPerRequest: null,
  });
});

Deno.test("parseRedisUrl() defaults to port 6379 and turns on TLS for rediss://", () => {
  const c = parseRedisUrl("rediss://user:pw@redis.internal");
  assert.equal(c.port, 6379);
  assert.equal(c.username, "user");
  assert.deepEqual(c.tls, {});
});

Deno.test("parseRedisUrl() reads a Unix socket path with its password", () => {
  const c = parseRedisUrl("unix:///tmp/r/redis.sock?password=abc&db=1");
  assert.equal(c.path, "/tmp/r/redis.sock");
  assert.equal(c.password, "abc");
  assert.equal(c.db, 1);
  assert.equal(c.host, undefined);
});

Deno.test("parseRedisUrl() rejects other schemes and bad databases with a message for people", () => {
  assert.throws(() => parseRedisUrl("http://x"), /Expected a redis:\/\/, rediss:\/\/ or unix/);
  assert.throws(() => parseRedisUrl("not a url"), TypeError);
  assert.throws(() => parseRedisUrl("redis://h/abc"), RangeError);
});

Deno.test("redactRedisUrl() hides passwords in either place", () => {
  assert.equal(redactRedisUrl("redis://:pw@h:1"), "redis://:***@h:1");
  assert.equal(redactRedisUrl("unix:///s.sock?password=pw"), "unix:///s.sock?password=***");
});
