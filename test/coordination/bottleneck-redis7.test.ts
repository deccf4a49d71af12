/**
 * Bottleneck's clustering against a real Redis 7: its keys vanish (they expire after two idle
 * minutes, or Redis restarts empty) and Bottleneck no longer recognises the error that says so.
 */
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import Bottleneck from "bottleneck";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patchBottleneckForRedis7 } from "../../src/coordination/bottleneck-redis7.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";

let server: RedisServer;
let admin: Redis;
const connections: Bottleneck.IORedisConnection[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
});

afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.disconnect()));
  admin.disconnect();
  await server.stop();
});

function limiter(): { limiter: Bottleneck; id: string } {
  const connection = new Bottleneck.IORedisConnection({ client: new Redis(server.url) });
  connections.push(connection);
  const id = `probe-${randomUUID()}`;
  return { limiter: new Bottleneck({ id, maxConcurrent: 1, connection }), id };
}

const job = async () => "done";

describe("Bottleneck clustering on Redis 7", () => {
  it("uses the Bottleneck that Probot loads", () => {
    const ours = createRequire(import.meta.url).resolve("bottleneck");
    const probots = createRequire(createRequire(import.meta.url).resolve("probot")).resolve("bottleneck");
    expect(probots).toBe(ours);
  });

  it("Redis 7 prefixes ERR to the script errors Bottleneck matches exactly", async () => {
    await expect(admin.eval("return redis.error_reply('SETTINGS_KEY_NOT_FOUND')", 0)).rejects.toThrow(/^ERR SETTINGS_KEY_NOT_FOUND$/);
  });

  it("unpatched, a limiter whose keys vanished fails every job; patched, it re-creates them and runs", async () => {
    const { limiter: broken, id } = limiter();
    await expect(broken.schedule(job)).resolves.toBe("done");
    await admin.del(`b_${id}_settings`);
    await expect(broken.schedule(job)).rejects.toThrow("ERR SETTINGS_KEY_NOT_FOUND");

    expect(patchBottleneckForRedis7()).toBe(true);
    expect(patchBottleneckForRedis7()).toBe(false); // once only
    await expect(broken.schedule(job)).resolves.toBe("done");
    expect(await admin.exists(`b_${id}_settings`)).toBe(1);
  });

  it("patched, a limiter whose client registration vanished registers again", async () => {
    patchBottleneckForRedis7();
    const { limiter: forgotten, id } = limiter();
    await expect(forgotten.schedule(job)).resolves.toBe("done");
    await admin.del(`b_${id}_client_last_seen`);
    await expect(forgotten.schedule(job)).resolves.toBe("done");
  });

  it("patched, other script errors still reach the caller", async () => {
    patchBottleneckForRedis7();
    const { limiter: busy, id } = limiter();
    await expect(busy.schedule(job)).resolves.toBe("done");
    await admin.del(`b_${id}_settings`);
    await admin.set(`b_${id}_settings`, "not a hash");
    await expect(busy.schedule(job)).rejects.toThrow(/WRONGTYPE/);
    await admin.del(`b_${id}_settings`);
  });
});
