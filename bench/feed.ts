/**
 * The hosted feed route (docs/reference/feed.md#the-hosted-route): 1,000 requests on an unchanged
 * default branch cost at most one GitHub request beyond the first fill (the cache holds the feed
 * until a push or 10 minutes; the first fill's cost, PR lookups included, is reported beside it), and how many requests a second the route serves next to a plain static file server
 * handing out the same bytes on this machine, as a ratio (absolute numbers depend on the machine).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { feedTokenEntry } from "../src/domain/feed/tokens.js";
import { createApp } from "../src/index.js";
import { startSandbox } from "../test/support/fake-github/server.js";
import type { BenchModule, BenchResult } from "./measure.js";

const TOKEN = "bench-feed-token";
const REQUESTS = 1000;
const CONCURRENCY = 20;
const example = (name: string) => readFileSync(new URL(`../readiness/examples/${name}`, import.meta.url), "utf8");

/** `count` GETs, `CONCURRENCY` at a time; the seconds they took. */
async function hammer(url: string, headers: Record<string, string>, count: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) {
      next += 1;
      const response = await fetch(url, { headers });
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      await response.arrayBuffer();
    }
  }));
  return (performance.now() - started) / 1000;
}

export const bench: BenchModule = {
  title: "Readiness feed route",
  async run(): Promise<BenchResult[]> {
    const sandbox = await startSandbox({ appFn: createApp({}, { feedTokens: feedTokenEntry("acme/shop", TOKEN) }) });
    let staticServer: Server | undefined;
    try {
      sandbox.fake.createRepository({ owner: "acme", repo: "shop", files: Object.fromEntries(["promises.yml", "events.yml"].map((n) => [`readiness/${n}`, example(n)])) });
      // Each release arrives by its own merged PR, so the first fill also reads each PR and looks
      // for its accepted ledger (the PRs were never reported on: the longest search, through the PR's commits).
      for (const name of ["checkout-v2.yml", "invoice-export.yml", "smart-search.yml", "bulk-edit-rollback.yml"]) {
        const { pullRequest } = sandbox.fake.openPullRequest({ owner: "acme", repo: "shop", head: `release/${name}`, user: "dev", files: { [`readiness/${name}`]: example(name) } });
        sandbox.fake.mergePullRequest({ owner: "acme", repo: "shop", number: pullRequest.number, user: "dev" });
      }
      const url = `${sandbox.appUrl}/readiness/v1/repos/acme/shop/feed`;
      const auth = { authorization: `Bearer ${TOKEN}` };
      const first = await fetch(url, { headers: auth });
      const body = await first.text();
      const toBuild = sandbox.fake.requests.filter((r) => !r.path.endsWith("/access_tokens")).length;
      sandbox.fake.resetRecording();
      const feedSeconds = await hammer(url, auth, REQUESTS);
      const during = sandbox.fake.requests.length;

      staticServer = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
      await new Promise<void>((resolve) => staticServer!.listen(0, "127.0.0.1", resolve));
      const staticUrl = `http://127.0.0.1:${(staticServer.address() as AddressInfo).port}/feed.json`;
      const staticSeconds = await hammer(staticUrl, {}, REQUESTS);
      const feedRate = REQUESTS / feedSeconds;
      const staticRate = REQUESTS / staticSeconds;
      return [
        { name: "first request: GitHub requests to build the feed (4 manifests, each PR's ledger)", value: toBuild, unit: "req" },
        { name: `${REQUESTS} requests on an unchanged branch: GitHub requests`, value: during, unit: "req", target: "≤ 1", pass: during <= 1 },
        { name: "feed route: requests per second", value: feedRate, unit: "req/s" },
        { name: "static file server, same bytes: requests per second", value: staticRate, unit: "req/s" },
        { name: "feed route / static server", value: feedRate / staticRate, unit: "x", target: "reported" },
      ];
    } finally {
      if (sandbox.fake.violations.length > 0) console.error("sandbox violations:", sandbox.fake.violations);
      staticServer?.close();
      await sandbox.stop();
    }
  },
};
