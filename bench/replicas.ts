/**
 * Replicas (docs/reference/running.md#scaling): deliveries per second for one replica and for two
 * sharing one real Redis, and what the per-PR lock adds to a delivery (Redis against memory), each
 * pair measured in the same run so the ratio is what counts. Throttling is off (a policy, not a
 * cost). Both replicas run in this process against one loopback stand-in, so "two replicas" here
 * shows what the lock and the delivery claims cost, not what a second CPU would add.
 */
import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";
import { createCoordinator, type Coordinator } from "../src/coordination/index.js";
import { createApp } from "../src/index.js";
import { FakeGitHub } from "../test/support/fake-github/fake-github.js";
import { sandboxPrivateKey, startSandbox, type Sandbox } from "../test/support/fake-github/server.js";
import { startRedisServer } from "../test/support/redis-server.js";
import type { BenchModule, BenchResult } from "./measure.js";

const OWNER = "acme";
const manifest = readFileSync(new URL("../readiness/examples/checkout-v2.yml", import.meta.url), "utf8");
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Opens `count` release PRs in a fresh repository and delivers them round-robin to `replicas`, all at once. */
async function deliveriesPerSecond(fake: FakeGitHub, replicas: Sandbox[], repo: string, count: number): Promise<number> {
  fake.createRepository({ owner: OWNER, repo });
  const events = Array.from({ length: count }, (_, i) =>
    fake.openPullRequest({ owner: OWNER, repo, head: `release/${i}`, user: "dev", files: { [`readiness/r${i}.yml`]: manifest.replace(/^release: .*$/m, `release: r${i}`) } }).event);
  const start = performance.now();
  await Promise.all(events.map((event, i) => replicas[i % replicas.length]!.deliver(event)));
  return count / ((performance.now() - start) / 1000);
}

/** Median time of `withLock` with three confirms (a delivery's writes) on distinct keys. */
async function lockMs(coordinator: Coordinator, rounds: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await coordinator.withLock(`bench/lock#${i}`, async (lock) => {
      for (let w = 0; w < 3; w++) await lock.confirm();
    });
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

export const bench: BenchModule = {
  title: "Replicas on one Redis",
  async run(): Promise<BenchResult[]> {
    const redis = await startRedisServer();
    const fake = await FakeGitHub.start({ appKey: sandboxPrivateKey() });
    const coordinators = [0, 1].map(() => createCoordinator({ redisUrl: redis.url, log: silent }));
    const memory = createCoordinator({ log: silent });
    const replicas = await Promise.all(coordinators.map((coordinator) => startSandbox({ appFn: createApp({ coordinator }), fake })));
    const single = await startSandbox({ appFn: createApp({ coordinator: memory }), fake });
    try {
      await deliveriesPerSecond(fake, [single], "warm", 5); // JIT, policy cache and tokens
      const one = await deliveriesPerSecond(fake, [single], "one", 40);
      const two = await deliveriesPerSecond(fake, replicas, "two", 40);
      const memoryMs = await lockMs(memory, 200);
      const redisMs = await lockMs(coordinators[0]!, 200);
      return [
        { name: "deliveries/s, one replica (memory)", value: one, unit: "/s" },
        { name: "deliveries/s, two replicas on Redis", value: two, unit: "/s" },
        { name: "two replicas / one replica", value: two / one, unit: "x", target: "≥ 0.5x (the lock costs less than half)", pass: two / one >= 0.5 },
        { name: "lock + 3 confirms per delivery, memory", value: memoryMs, unit: "ms" },
        { name: "lock + 3 confirms per delivery, Redis", value: redisMs, unit: "ms" },
        { name: "lock latency Redis - memory per delivery", value: redisMs - memoryMs, unit: "ms", target: "≤ 10 ms on loopback", pass: redisMs - memoryMs <= 10 },
        { name: "Redis lock's added latency / one delivery's time", value: (redisMs - memoryMs) / (1000 / one), unit: "x", target: "≤ 0.25x", pass: (redisMs - memoryMs) / (1000 / one) <= 0.25 },
      ];
    } finally {
      for (const sandbox of [...replicas, single]) await sandbox.stop();
      for (const coordinator of [...coordinators, memory]) await coordinator.close();
      await fake.stop();
      await redis.stop();
    }
  },
};
