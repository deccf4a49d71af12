import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Feed } from "../../src/domain/feed/schema.js";
import { feedTokenEntry } from "../../src/domain/feed/tokens.js";
import { DEFAULT_BRANCH_TTL_MS, RepoCache } from "../../src/github/repo-cache.js";
import type { FeedOutcome } from "../../src/app/feed-service.js";
import { createApp } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../support/fake-github/server.js";

/** The hosted feed route on the real server, reading the stand-in over 127.0.0.1. */
const NOW = new Date("2026-11-23T12:00:00Z");
const TOKEN = "s3cret-feed-token-for-acme-shop";
const example = (name: string) => readFileSync(new URL(`../../readiness/examples/${name}`, import.meta.url), "utf8");
const FILES = {
  "readiness/checkout-v2.yml": example("checkout-v2.yml"),
  "readiness/invoice-export.yml": example("invoice-export.yml"),
  "readiness/promises.yml": example("promises.yml"),
  "readiness/events.yml": example("events.yml"),
  "README.md": "# shop\n",
};

let sandbox: Sandbox | undefined;

async function start(feedTokens: string | undefined): Promise<Sandbox> {
  sandbox = await startSandbox({ appFn: createApp({ now: () => NOW }, { feedTokens }) });
  sandbox.fake.createRepository({ owner: "acme", repo: "shop", files: FILES });
  sandbox.fake.createRepository({ owner: "acme", repo: "secret", files: FILES });
  return sandbox;
}

afterEach(async () => {
  expect(sandbox?.fake.violations.map((v) => `${v.kind} ${v.method} ${v.path} ${v.message}`)).toEqual([]);
  await sandbox?.stop();
  sandbox = undefined;
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${sandbox!.appUrl}${path}`, { headers });
const bearer = (token = TOKEN) => ({ authorization: `Bearer ${token}` });
const FEED = "/readiness/v1/repos/acme/shop/feed";

describe("the feed route without READINESS_FEED_TOKENS", () => {
  it("does not exist: 404 with a JSON error, and no GitHub request", async () => {
    await start(undefined);
    const response = await get(FEED, bearer());
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    expect(sandbox!.fake.requests).toEqual([]);
  });
});

describe("the feed route with READINESS_FEED_TOKENS", () => {
  beforeEach(async () => {
    // Comma and newline both separate entries; the second repository's token is someone else's.
    await start(`${feedTokenEntry("acme/shop", TOKEN)},\n${feedTokenEntry("acme/other", "other-token")},${feedTokenEntry("solo/site", "solo-token")}`);
  });

  it("answers a missing token, a wrong one and an unknown repository with one identical 401", async () => {
    const answers = await Promise.all([
      get(FEED),
      get(FEED, bearer("wrong-token")),
      get(FEED, { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}` }),
      get("/readiness/v1/repos/acme/secret/feed", bearer()),
      get("/readiness/v1/repos/acme/nowhere/feed", bearer()),
      get("/readiness/v1/repos/acme/other/feed", bearer()),
    ]);
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!)).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    expect(answers.every((r) => r.headers.get("www-authenticate") === 'Bearer realm="readiness-feed"')).toBe(true);
    expect(sandbox!.fake.requests).toEqual([]);
  });

  it("serves the default branch's feed to the right token, with an ETag, and 304 for a matching If-None-Match", async () => {
    const response = await get(FEED, bearer());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const etag = response.headers.get("etag");
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const feed = (await response.json()) as Feed;
    expect(feed.source).toEqual({ repository: "acme/shop", changed_from: "github", status_history: { from: "github", depth: 10 } });
    expect(feed.releases.map((r) => [r.slug, r.ready])).toEqual([["checkout-v2", false], ["invoice-export", true]]);
    expect(feed.releases[0]!.changed).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const again = await get(FEED, { ...bearer(), "if-none-match": etag! });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("cache-control")).toBe("private, no-cache");
    expect(await again.text()).toBe("");
  });

  it("filters with ?plan=&region=&channel= through sayableFor", async () => {
    const response = await get(`${FEED}?plan=enterprise&region=EU&channel=email`, bearer());
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { version: number; visitor: unknown; releases: Array<{ slug: string; promises: Array<{ id: string }> }> };
    expect(answer.version).toBe(1);
    expect(answer.visitor).toEqual({ plan: "enterprise", region: "EU", channel: "email" });
    expect(answer.releases.map((r) => [r.slug, r.promises.map((p) => p.id)])).toEqual([["invoice-export", ["invoice-export-24h"]]]);
    expect(response.headers.get("etag")).not.toBe((await get(FEED, bearer())).headers.get("etag"));
  });

  it("costs no GitHub request for repeated views, and shows a change on the default branch after the push", async () => {
    await get(FEED, bearer());
    const afterFirst = sandbox!.fake.requests.length;
    for (let i = 0; i < 20; i += 1) expect((await get(FEED, bearer())).status).toBe(200);
    expect(sandbox!.fake.requests.length).toBe(afterFirst);
    const before = (await (await get(FEED, bearer())).json()) as Feed;
    const oldEtag = (await get(FEED, bearer())).headers.get("etag")!;

    const trained = example("checkout-v2.yml").replace("  rollback_plan:", "  support_training: { date: 2026-11-20, materials: https://wiki.example.com/co }\n  rollback_plan:");
    const { events } = sandbox!.fake.commit({ owner: "acme", repo: "shop", branch: "main", files: { "readiness/checkout-v2.yml": trained }, author: "dev" });
    // Until GitHub tells the app, the cached feed stands (for at most 10 minutes).
    expect((await get(FEED, { ...bearer(), "if-none-match": oldEtag })).status).toBe(304);
    for (const event of events.filter((e) => e.name === "push")) expect((await sandbox!.deliver(event)).status).toBe(200);

    const changed = await get(FEED, { ...bearer(), "if-none-match": oldEtag });
    expect(changed.status).toBe(200);
    const after = (await changed.json()) as Feed;
    expect(before.releases[0]).toMatchObject({ slug: "checkout-v2", ready: false });
    expect(after.releases[0]).toMatchObject({ slug: "checkout-v2", ready: true });
    expect(after.releases[0]!.calendar).toContainEqual({ date: "2026-11-20", kind: "support_training", promise: null, status: null });
  });

  it("builds the feed once for a burst of views that all arrive before it is built", async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => get(FEED, bearer())));
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect(new Set(answers.map((r) => r.headers.get("etag"))).size).toBe(1);
    // One build reads the repository once and the default branch's tree once.
    const operations = sandbox!.fake.requests.map((r) => r.operationId);
    expect(operations.filter((id) => id === "repos/get")).toHaveLength(1);
    expect(operations.filter((id) => id === "git/get-tree")).toHaveLength(1);
  });

  it("answers what it cannot serve in JSON: a broken manifest (422), an uninstalled repository (404), GitHub failing (502), a write (405)", async () => {
    sandbox!.fake.commit({ owner: "acme", repo: "shop", branch: "main", files: { "readiness/checkout-v2.yml": "version: 1\ntitel: x\n" }, author: "dev" });
    const broken = await get(FEED, bearer());
    expect(broken.status).toBe(422);
    expect(await broken.json()).toEqual({ error: { code: "invalid_source", message: expect.stringContaining("readiness/checkout-v2.yml") } });

    sandbox!.fake.createRepository({ owner: "solo", repo: "site", files: FILES, installed: false });
    const uninstalled = await get("/readiness/v1/repos/solo/site/feed", bearer("solo-token"));
    expect(uninstalled.status).toBe(404);
    expect(await uninstalled.json()).toEqual({ error: { code: "not_installed", message: expect.any(String) } });

    sandbox!.fake.createRepository({ owner: "acme", repo: "other", files: FILES });
    sandbox!.fake.failOperation("git/get-tree", { status: 500 });
    const failing = await get("/readiness/v1/repos/acme/other/feed", bearer("other-token"));
    expect(failing.status).toBe(502);
    expect(await failing.json()).toEqual({ error: { code: "github_unavailable", message: expect.any(String) } });

    const posted = await fetch(`${sandbox!.appUrl}${FEED}`, { method: "POST", headers: bearer() });
    expect(posted.status).toBe(405);
    expect(posted.headers.get("allow")).toBe("GET, HEAD");
    expect(await posted.json()).toEqual({ error: { code: "method_not_allowed", message: expect.any(String) } });
  }, 60_000);

  it("leaves every other path to the rest of the server", async () => {
    const other = await get("/readiness/v1/repos/acme/shop/feeds", bearer());
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ message: "Not Found" });
  });
});

describe("the hosted feed reads the pull requests that brought each manifest", () => {
  /**
   * The stand-in's clock, for the dates of commits and comments. It moves less than the hour an
   * installation token lasts (the stand-in expires tokens by it), across a midnight for two days.
   */
  let clock = new Date("2026-11-22T23:30:00Z");

  beforeEach(async () => {
    clock = new Date("2026-11-22T23:30:00Z");
    sandbox = await startSandbox({ appFn: createApp({ now: () => NOW }, { feedTokens: feedTokenEntry("acme/shop", TOKEN) }), fakeOptions: { now: () => clock } });
    sandbox.fake.createRepository({ owner: "acme", repo: "shop", files: { "readiness/promises.yml": FILES["readiness/promises.yml"], "readiness/events.yml": FILES["readiness/events.yml"], "README.md": "# shop\n" } });
    sandbox.fake.setPermission({ owner: "acme", repo: "shop", user: "maria", permission: "maintain" });
  });

  /** A release PR as people make one: opened (the app reports), commented on, merged. */
  async function mergeReleasePr(branch: string, files: Record<string, string>, comments: string[] = []): Promise<void> {
    const { pullRequest, event } = sandbox!.fake.openPullRequest({ owner: "acme", repo: "shop", head: branch, user: "dev", files });
    expect((await sandbox!.deliver(event)).status).toBe(200);
    for (const body of comments) {
      const { event: commented } = sandbox!.fake.addComment({ owner: "acme", repo: "shop", number: pullRequest.number, user: "maria", body });
      expect((await sandbox!.deliver(commented)).status).toBe(200);
    }
    sandbox!.fake.mergePullRequest({ owner: "acme", repo: "shop", number: pullRequest.number, user: "maria" });
  }

  it("counts the waiver accepted on the PR that brought a manifest in ready, as the deployment gate does, and names neither who nor why", async () => {
    await mergeReleasePr("release/checkout", { "readiness/checkout-v2.yml": example("checkout-v2.yml") }, ["/readiness waive support_training 7d training is booked for Monday"]);
    await mergeReleasePr("release/invoice", { "readiness/invoice-export.yml": example("invoice-export.yml") });
    const response = await get(FEED, bearer());
    expect(response.status).toBe(200);
    const text = await response.text();
    const feed = JSON.parse(text) as Feed;
    expect(feed.readiness).toEqual({ waivers_counted: true, note: expect.stringContaining("accepted on the pull request") });
    // checkout-v2 lacks its support training (not ready without the waiver, as the first describe shows).
    expect(feed.releases.map((r) => [r.slug, r.ready])).toEqual([["checkout-v2", true], ["invoice-export", true]]);
    expect(text).not.toMatch(/maria|booked for Monday/);
  });

  it("puts the status changes of each manifest's history on the calendar, and a new one after the push", async () => {
    const ga = example("invoice-export.yml");
    await mergeReleasePr("release/invoice", { "readiness/invoice-export.yml": ga.replace("status: ga", "status: beta") });
    clock = new Date("2026-11-23T00:05:00Z");
    await mergeReleasePr("release/invoice-ga", { "readiness/invoice-export.yml": ga });
    const feed = (await (await get(FEED, bearer())).json()) as Feed;
    expect(feed.source.status_history).toEqual({ from: "github", depth: 10 });
    const statusDates = (f: Feed) => f.releases[0]!.calendar.filter((d) => d.kind === "status_changed").map((d) => [d.date, d.status]);
    expect(statusDates(feed)).toEqual([["2026-11-22", { from: null, to: "beta" }], ["2026-11-23", { from: "beta", to: "ga" }]]);

    clock = new Date("2026-11-23T00:20:00Z");
    const { events } = sandbox!.fake.commit({ owner: "acme", repo: "shop", branch: "main", files: { "readiness/invoice-export.yml": ga.replace("status: ga", "status: rollback") }, author: "dev" });
    for (const event of events.filter((e) => e.name === "push")) expect((await sandbox!.deliver(event)).status).toBe(200);
    const after = (await (await get(FEED, bearer())).json()) as Feed;
    expect(statusDates(after)).toEqual([
      ["2026-11-22", { from: null, to: "beta" }], ["2026-11-23", { from: "beta", to: "ga" }], ["2026-11-23", { from: "ga", to: "rollback" }],
    ]);
  });
});

describe("the hosted feed's cache", () => {
  it("keeps the feed over a push to another branch, and drops it after 10 minutes even without a push", async () => {
    let cacheClock = 0;
    const feedCache = new RepoCache<Promise<FeedOutcome>>(() => cacheClock);
    sandbox = await startSandbox({ appFn: createApp({ now: () => NOW, feedCache }, { feedTokens: feedTokenEntry("acme/shop", TOKEN) }) });
    sandbox.fake.createRepository({ owner: "acme", repo: "shop", files: FILES });
    const first = await get(FEED, bearer());
    const etag = first.headers.get("etag")!;
    expect(((await first.json()) as Feed).releases[0]).toMatchObject({ slug: "checkout-v2", ready: false });

    const trained = example("checkout-v2.yml").replace("  rollback_plan:", "  support_training: { date: 2026-11-20, materials: https://wiki.example.com/co }\n  rollback_plan:");
    const elsewhere = sandbox.fake.commit({ owner: "acme", repo: "shop", branch: "release/checkout", files: { "readiness/checkout-v2.yml": trained }, author: "dev" });
    for (const event of elsewhere.events.filter((e) => e.name === "push")) expect((await sandbox.deliver(event)).status).toBe(200);
    // The change lands on the default branch, but GitHub's push never reaches the app.
    sandbox.fake.commit({ owner: "acme", repo: "shop", branch: "main", files: { "readiness/checkout-v2.yml": trained }, author: "dev" });
    cacheClock = DEFAULT_BRANCH_TTL_MS - 1;
    expect((await get(FEED, { ...bearer(), "if-none-match": etag })).status).toBe(304);

    cacheClock = DEFAULT_BRANCH_TTL_MS;
    const later = await get(FEED, { ...bearer(), "if-none-match": etag });
    expect(later.status).toBe(200);
    expect(((await later.json()) as Feed).releases[0]).toMatchObject({ slug: "checkout-v2", ready: true });
  });
});
