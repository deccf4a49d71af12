import type { CoordinationLog, Coordinator, CoordinatorTimings } from "./coordinator.js";
import { MemoryCoordinator } from "./memory.js";
import { BrokenCoordinator, RedisCoordinator } from "./redis.js";
import { createCoordinationRedis, type RedisClientTimings } from "./redis-client.js";

export * from "./coordinator.js";
export * from "./errors.js";
export { MemoryCoordinator } from "./memory.js";
export { RedisCoordinator } from "./redis.js";
export { coordinationRedisOptions, createCoordinationRedis } from "./redis-client.js";

export interface CreateCoordinatorOptions {
  /** `REDIS_URL`; empty or missing: one replica, in memory. */
  redisUrl?: string | undefined;
  log: CoordinationLog;
  prefix?: string;
  timings?: Partial<CoordinatorTimings>;
  clientTimings?: Partial<RedisClientTimings>;
  readyWaitMs?: number;
}

/**
 * Without a Redis URL: the in-memory coordinator (one replica). With one: Redis, through a client of
 * its own that fails fast while Redis is away and reconnects by itself. Never throws: a URL ioredis
 * cannot use gives a coordinator whose every call fails closed, saying why, and an error in the log.
 */
export function createCoordinator(options: CreateCoordinatorOptions): Coordinator {
  const url = options.redisUrl?.trim();
  if (!url) return new MemoryCoordinator(options.timings ? { timings: options.timings } : {});
  let client;
  try {
    client = createCoordinationRedis(url, options.clientTimings);
  } catch {
    // ioredis' message may quote the URL, and the URL may hold a password: log neither.
    options.log.error({}, "REDIS_URL cannot be used as a Redis URL; every evaluation fails closed until it is fixed");
    return new BrokenCoordinator("REDIS_URL is not a usable Redis URL");
  }
  return new RedisCoordinator({
    client,
    log: options.log,
    ownsClient: true,
    ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    ...(options.timings ? { timings: options.timings } : {}),
    ...(options.readyWaitMs !== undefined ? { readyWaitMs: options.readyWaitMs } : {}),
  });
}
