import { createRequire } from "node:module";

/**
 * Bottleneck 2.19.5 (the last release, used by Probot's shared rate limiting with REDIS_URL) keeps
 * its state in Redis keys that expire, and its Lua scripts raise `SETTINGS_KEY_NOT_FOUND` or
 * `UNKNOWN_CLIENT` when they are gone; it then re-creates them and retries. It recognises the two
 * by exact message. Redis 7 prefixes `ERR ` to such script errors, so the comparison never matches
 * and the GitHub request fails with `ReplyError: ERR SETTINGS_KEY_NOT_FOUND` instead (upstream
 * SGrondin/bottleneck#205, #212, #219; fixes #215, #222 unmerged). On Debian's Redis 7.0 that
 * happened here to every request of an installation for up to a minute after its keys expired
 * (two idle minutes) or after Redis restarted.
 *
 * This restores the bare message in the callback Bottleneck's ioredis connection hands to each
 * script call, before Bottleneck looks at it. Idempotent; call it once before Probot makes its
 * first request.
 */
const SENTINELS = /^ERR (SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT)$/;
const PATCHED = Symbol.for("release-readiness.bottleneck-redis7");

type ScriptCallback = (error: Error | null, replies?: unknown) => void;
interface ConnectionPrototype {
  __scriptArgs__(name: string, id: string, args: unknown[], callback: ScriptCallback): unknown[];
  [PATCHED]?: true;
}

export function patchBottleneckForRedis7(): boolean {
  const require = createRequire(import.meta.url);
  const connection = require("bottleneck/lib/IORedisConnection.js") as { prototype: ConnectionPrototype };
  const prototype = connection.prototype;
  if (prototype[PATCHED]) return false;
  const original = prototype.__scriptArgs__;
  prototype.__scriptArgs__ = function (this: unknown, name, id, args, callback) {
    return original.call(this, name, id, args, (error, replies) => {
      const sentinel = error ? SENTINELS.exec(error.message) : null;
      if (error && sentinel) error.message = sentinel[1]!;
      callback(error, replies);
    });
  };
  prototype[PATCHED] = true;
  return true;
}
