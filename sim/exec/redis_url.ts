/**
 * Turns a Redis address as people write it (`redis://`, `rediss://`,
 * `unix:///path/redis.sock`) into connection options that both ioredis and
 * BullMQ accept. BullMQ's blocking connections need `maxRetriesPerRequest:
 * null`, so every connection this folder opens sets it.
 */

/** Connection options shared by ioredis and BullMQ. */
export interface RedisConnection {
  host?: string;
  port?: number;
  path?: string;
  username?: string;
  password?: string;
  db?: number;
  tls?: Record<string, never>;
  maxRetriesPerRequest: null;
}

/** The port Redis listens on when an address names none. */
export const DEFAULT_REDIS_PORT = 6379;

/**
 * Parses a Redis address: `redis://[user:password@]host[:port][/db]`,
 * `rediss://…` for TLS, or `unix:///path/to.sock[?password=…&db=…]`.
 *
 * @example
 * ```ts
 * import { parseRedisUrl } from "./redis_url.ts";
 * const c = parseRedisUrl("redis://:secret@10.0.0.5:6380/2");
 * if (c.port !== 6380 || c.db !== 2 || c.password !== "secret") throw new Error("example failed");
 * ```
 */
export function parseRedisUrl(text: string): RedisConnection {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(
      `Expected a Redis address like redis://host:6379 or unix:///path/redis.sock but found ${
        JSON.stringify(text)
      }`,
    );
  }
  const password = decodeURIComponent(url.password || url.searchParams.get("password") || "");
  const username = decodeURIComponent(url.username || "");
  const dbText = url.protocol === "unix:"
    ? url.searchParams.get("db") ?? ""
    : url.pathname.replace(/^\//, "");
  const db = dbText === "" ? undefined : Number(dbText);
  if (db !== undefined && (!Number.isInteger(db) || db < 0)) {
    throw new RangeError(
      `Expected a Redis database number ≥ 0 but found ${JSON.stringify(dbText)}`,
    );
  }
  const common = {
    ...(password ? { password } : {}),
    ...(username ? { username } : {}),
    ...(db !== undefined ? { db } : {}),
    maxRetriesPerRequest: null,
  } as const;
  if (url.protocol === "unix:") {
    if (url.pathname === "") {
      throw new TypeError(`Expected a socket path after unix:// but found ${JSON.stringify(text)}`);
    }
    return { path: decodeURIComponent(url.pathname), ...common };
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw new TypeError(
      `Expected a redis://, rediss:// or unix:// address but found ${JSON.stringify(text)}`,
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1";
  const port = url.port === "" ? DEFAULT_REDIS_PORT : Number(url.port);
  return { host, port, ...common, ...(url.protocol === "rediss:" ? { tls: {} } : {}) };
}

/** The address with its password hidden, for logs. */
export function redactRedisUrl(text: string): string {
  return text.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@").replace(
    /([?&]password=)[^&]*/,
    "$1***",
  );
}
