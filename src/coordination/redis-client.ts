import { Redis, type RedisOptions } from "ioredis";

export interface RedisClientTimings {
  /** Give up connecting (one attempt) after this long. */
  connectTimeoutMs: number;
  /** A command with no answer (a stalled or partitioned server) fails after this long. */
  commandTimeoutMs: number;
  /** Wait between reconnection attempts grows by this much per attempt... */
  reconnectStepMs: number;
  /** ...up to this; attempts never stop, so the client recovers whenever Redis returns. */
  reconnectMaxMs: number;
}

export const DEFAULT_CLIENT_TIMINGS: RedisClientTimings = {
  connectTimeoutMs: 5_000,
  commandTimeoutMs: 5_000,
  reconnectStepMs: 200,
  reconnectMaxMs: 2_000,
};

/**
 * ioredis options for coordination: fail fast, recover by itself. ioredis' defaults queue commands
 * while disconnected and retry each one 20 times, so a call made while Redis is down waits tens of
 * seconds (or forever before the first connection); a webhook handler must instead learn at once
 * that Redis is unavailable and fail closed.
 */
export function coordinationRedisOptions(timings: Partial<RedisClientTimings> = {}): RedisOptions {
  const t = { ...DEFAULT_CLIENT_TIMINGS, ...timings };
  return {
    // Commands issued while not connected fail at once instead of waiting in a queue.
    enableOfflineQueue: false,
    // A command in flight when the connection drops fails instead of being resent: a resent
    // SET NX could report "taken" for a lock this replica just took.
    maxRetriesPerRequest: 0,
    connectTimeout: t.connectTimeoutMs,
    commandTimeout: t.commandTimeoutMs,
    retryStrategy: (attempt: number) => Math.min(attempt * t.reconnectStepMs, t.reconnectMaxMs),
    lazyConnect: false,
  };
}

export function createCoordinationRedis(url: string, timings: Partial<RedisClientTimings> = {}): Redis {
  return new Redis(url, coordinationRedisOptions(timings));
}
