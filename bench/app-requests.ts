/**
 * GitHub requests and writes per event (docs/reference/guarantees.md "Request budget"), counted on the loopback
 * sandbox with Octokit's throttling off: the throttle is a policy, not a cost, so this bench
 * counts requests, not seconds.
 */
import { readFileSync } from "node:fs";
import { createApp } from "../src/index.js";
import { startSandbox, type Sandbox } from "../test/support/fake-github/server.js";
import type { BenchModule, BenchResult } from "./measure.js";

const OWNER = "acme";
const REPO = "shop";
const manifest = readFileSync(new URL("../readiness/examples/checkout-v2.yml", import.meta.url), "utf8");

/** Requests the app made while `work` ran, leaving out token exchanges and the one-off `GET /app`. */
async function count(sandbox: Sandbox, work: () => Promise<unknown>): Promise<{ requests: number; writes: number }> {
  sandbox.fake.resetRecording();
  await work();
  const calls = sandbox.fake.requests.filter((r) => !r.path.endsWith("/access_tokens") && r.path !== "/app");
  return { requests: calls.length, writes: calls.filter((r) => r.method !== "GET").length };
}

export const bench: BenchModule = {
  title: "GitHub requests per event",
  async run(): Promise<BenchResult[]> {
    const sandbox = await startSandbox({ appFn: createApp() });
    try {
      sandbox.fake.createRepository({ owner: OWNER, repo: REPO });
      const results: BenchResult[] = [];

      // Non-release PR with 250 files, once the policy is cached: 3 pages of files.
      const files = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`src/f${i}.ts`, `export const v = ${i};\n`]));
      const plain = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "feature", user: "dev", files });
      await sandbox.deliver(plain.event);
      const nonRelease = await count(sandbox, () => sandbox.deliver(plain.event));
      results.push({ name: "non-release PR, 250 files: requests", value: nonRelease.requests, unit: "req", target: "≤ 3 (1 per 100 files)", pass: nonRelease.requests <= 3 });
      results.push({ name: "non-release PR, 250 files: writes", value: nonRelease.writes, unit: "writes", target: "0", pass: nonRelease.writes === 0 });

      const release = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "release", user: "dev", files: { "readiness/checkout-v2.yml": manifest } });
      const first = await count(sandbox, () => sandbox.deliver(release.event));
      results.push({ name: "release PR, first evaluation: requests", value: first.requests, unit: "req" });
      results.push({ name: "release PR, first evaluation: writes", value: first.writes, unit: "writes", target: "≤ 3 checks + label creation + label + comment", pass: first.writes <= 6 });

      const repeated = await count(sandbox, () => sandbox.deliver(release.event));
      results.push({ name: "repeated delivery: requests", value: repeated.requests, unit: "req", target: "≤ 4", pass: repeated.requests <= 4 });
      results.push({ name: "repeated delivery: writes", value: repeated.writes, unit: "writes", target: "0", pass: repeated.writes === 0 });

      const pushed = sandbox.fake.pushToPullRequest({ owner: OWNER, repo: REPO, number: release.pullRequest.number, user: "dev", files: { "src/checkout.ts": "export {};\n" } });
      const commit = await count(sandbox, () => sandbox.deliver(pushed.event));
      results.push({ name: "new commit: requests", value: commit.requests, unit: "req" });
      results.push({ name: "new commit: writes", value: commit.writes, unit: "writes", target: "≤ 3 (one per check)", pass: commit.writes <= 3 });

      const label = sandbox.fake.addLabel({ owner: OWNER, repo: REPO, number: release.pullRequest.number, label: "needs-review", user: "dev" });
      const labelEvent = await count(sandbox, () => sandbox.deliver(label));
      results.push({ name: "label event that decides nothing: requests", value: labelEvent.requests, unit: "req", target: "0 (policy cached)", pass: labelEvent.requests === 0 });
      return results;
    } finally {
      if (sandbox.fake.violations.length > 0) console.error("sandbox violations:", sandbox.fake.violations);
      await sandbox.stop();
    }
  },
};
