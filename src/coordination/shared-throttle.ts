import Bottleneck from "bottleneck";
import type { Redis } from "ioredis";
import { patchBottleneckForRedis7 } from "./bottleneck-redis7.js";
import type { CoordinationLog } from "./coordinator.js";
import { createCoordinationRedis, type RedisClientTimings } from "./redis-client.js";

/**
 * Probot's shared rate limiting (Bottleneck on Redis), made safe to lose Redis. Left to Probot,
 * REDIS_URL gives Bottleneck a default ioredis client, and then every GitHub request waits without
 * bound while Redis is down at start, or fails after seconds once it goes away mid-run: the app
 * cannot even report the failing checks that say why. Here:
 * - the client fails fast (no offline queue, no per-command retries) and reconnects by itself;
 * - a job goes through Redis only while both of Bottleneck's connections are ready, and through a
 *   local limiter with the same settings otherwise; a job waiting in Redis when the connection
 *   drops, or whose Redis call fails before it started, moves to the local limiter (it never runs
 *   twice: the Redis copy, if it ever starts, does nothing);
 * - Bottleneck's Redis 7 recovery works (`patchBottleneckForRedis7`).
 * While Redis is away each replica spaces its own requests, as one replica does with no Redis.
 *
 * Use: `throttle: { ...options.throttle, ...shared.throttle }` in a `ProbotOctokit.defaults`
 * function, with REDIS_URL kept from Probot's own throttling setup.
 */
export interface SharedThrottle {
  readonly throttle: { Bottleneck: typeof Bottleneck; connection: Bottleneck.IORedisConnection };
  /** True while jobs go through Redis. */
  readonly shared: boolean;
  close(): Promise<void>;
}

type JobOptions = Bottleneck.JobOptions;
type Job = (...args: unknown[]) => PromiseLike<unknown>;

interface Pending {
  started: boolean;
  moved: boolean;
  move(): void;
}

interface Clients {
  client: Redis;
  subscriber: Redis;
}

/** What the groups of one shared throttle share: the Redis connection, its health, the jobs not yet started on it. */
interface Failover {
  connection: Bottleneck.IORedisConnection;
  healthy: () => boolean;
  pending: Set<Pending>;
}

/**
 * The Bottleneck.Group Probot's throttling plugin makes: jobs go through Redis while it answers,
 * and a job not yet started when Redis goes away moves to a group local to this replica.
 */
class FailoverGroup {
  private readonly shared: Bottleneck.Group;
  private readonly local: Bottleneck.Group;
  private readonly facades = new Map<string, Pick<Bottleneck, "schedule">>();

  constructor(
    private readonly failover: Failover,
    groupOptions: Bottleneck.ConstructorOptions = {},
  ) {
    this.shared = new Bottleneck.Group({ ...groupOptions, connection: failover.connection });
    this.local = new Bottleneck.Group({ ...groupOptions, connection: null, datastore: "local" });
  }

  key(key = ""): Pick<Bottleneck, "schedule"> {
    let facade = this.facades.get(key);
    if (!facade) {
      facade = { schedule: ((...args: unknown[]) => this.schedule(key, args)) as Bottleneck["schedule"] };
      this.facades.set(key, facade);
    }
    return facade;
  }

  private schedule(key: string, args: unknown[]): Promise<unknown> {
    const [jobOptions, job, rest] =
      typeof args[0] === "function" ? [{} as JobOptions, args[0] as Job, args.slice(1)] : [(args[0] ?? {}) as JobOptions, args[1] as Job, args.slice(2)];
    // Bottleneck's typings list fixed arities only; the plugin passes (options, fn, ...args).
    type Schedule = (options: JobOptions, fn: Job, ...args: unknown[]) => Promise<unknown>;
    const local = () => (this.local.key(key).schedule as Schedule)(jobOptions, job, ...rest);
    const { pending } = this.failover;
    if (!this.failover.healthy()) return local();
    return new Promise((resolve, reject) => {
      const entry: Pending = {
        started: false,
        moved: false,
        move: () => {
          if (entry.started || entry.moved) return;
          entry.moved = true;
          pending.delete(entry);
          local().then(resolve, reject);
        },
      };
      pending.add(entry);
      const guarded = (...jobArgs: unknown[]) => {
        if (entry.moved) return Promise.resolve(undefined);
        entry.started = true;
        return job(...jobArgs);
      };
      (this.shared.key(key).schedule as Schedule)(jobOptions, guarded, ...rest)
        .then(
          (value) => {
            if (entry.moved) return;
            pending.delete(entry);
            resolve(value);
          },
          (error: unknown) => {
            if (entry.moved) return;
            if (!entry.started) return entry.move();
            pending.delete(entry);
            reject(error);
          },
        );
    });
  }
}


export function createSharedThrottle(options: { redisUrl: string; log: CoordinationLog; clientTimings?: Partial<RedisClientTimings> }): SharedThrottle {
  patchBottleneckForRedis7();
  const client = createCoordinationRedis(options.redisUrl, options.clientTimings);
  const connection = new Bottleneck.IORedisConnection({ client });
  const { subscriber } = connection as unknown as Clients;
  const pending = new Set<Pending>();
  const healthy = () => client.status === "ready" && subscriber.status === "ready";
  let reported: boolean | undefined;

  const onDown = () => {
    for (const job of [...pending]) job.move();
    if (reported !== false) {
      reported = false;
      options.log.warn({}, "Redis is unavailable: GitHub requests are rate limited per replica until it returns");
    }
  };
  const onUp = () => {
    if (!healthy()) return;
    if (reported === false) options.log.info({}, "Redis is back: GitHub rate limiting is shared again");
    reported = true;
  };
  for (const redis of [client, subscriber]) {
    redis.on("close", onDown);
    redis.on("ready", onUp);
  }
  // Bottleneck reports each failed command here; the state change above is what gets logged.
  connection.on("error", () => undefined);

  const failover: Failover = { connection, healthy, pending };
  class Group extends FailoverGroup {
    constructor(groupOptions: Bottleneck.ConstructorOptions = {}) {
      super(failover, groupOptions);
    }
  }
  class FailoverBottleneck extends Bottleneck {}
  (FailoverBottleneck as unknown as { Group: unknown }).Group = Group;

  return {
    throttle: { Bottleneck: FailoverBottleneck, connection },
    get shared() {
      return healthy();
    },
    close: async () => {
      for (const redis of [client, subscriber]) {
        redis.off("close", onDown);
        redis.off("ready", onUp);
      }
      await connection.disconnect(false).catch(() => undefined);
    },
  };
}
