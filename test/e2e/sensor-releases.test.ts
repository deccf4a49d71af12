import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { SensorCatalogueData } from "../../src/domain/sensor/catalogue.js";
import { decodeSensorFinding, isSensorComment } from "../../src/domain/sensor/finding-record.js";
import { DEFAULT_BRANCH_TTL_MS, RepoCache } from "../../src/github/repo-cache.js";
import { createApp } from "../../src/index.js";
import { CHECKOUT_GA_PROMISED, exampleFile, MISMATCH_ISSUE, SENSOR_PROMISES, sensorPolicy } from "../support/examples.js";
import { startSandbox, type Sandbox } from "../support/fake-github/server.js";
import type { FakeIssue } from "../support/fake-github/state.js";
import type { SandboxWebhookEvent } from "../support/fake-github/webhooks.js";
import { deliverUntilQuiet } from "../support/fake-github/deliver-until-quiet.js";

/**
 * docs/reference/sensor.md#on-github on the stand-in: where the window's releases come from. They
 * are read from `sensor.releases_from` once and kept per releases repository, like the feed,
 * until a push to its default branch or 10 minutes; a repository the installation cannot read
 * names no release, says so in the log and the comment, and is never served from what another
 * installation read.
 */
const SHOP = { owner: "acme", repo: "shop" };
const SUPPORT = { owner: "acme", repo: "support" };
const DAY = 24 * 60 * 60 * 1000;
const GIFT_CARDS = CHECKOUT_GA_PROMISED.replace("release: checkout-v2", "release: gift-cards");
const PRODUCT_FILES = {
  "readiness/checkout-v2.yml": CHECKOUT_GA_PROMISED,
  "readiness/invoice-export.yml": exampleFile("invoice-export.yml"),
  "readiness/promises.yml": SENSOR_PROMISES,
};

let sandbox: Sandbox;
let clock: Date;
let cacheClock: number;
let warnings: Array<{ msg: string; [key: string]: unknown }>;

async function start(): Promise<void> {
  clock = new Date("2026-11-20T10:00:00Z");
  cacheClock = 0;
  warnings = [];
  const sink = new Writable({ write(chunk: Buffer, _encoding, done) { warnings.push(...chunk.toString("utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { msg: string })); done(); } });
  const sensorCatalogues = new RepoCache<Promise<SensorCatalogueData>>(() => cacheClock);
  sandbox = await startSandbox({ appFn: createApp({ now: () => clock, sensorCatalogues }), fakeOptions: { now: () => clock }, log: pino({ level: "warn" }, sink) });
  sandbox.fake.createRepository({ ...SHOP, files: PRODUCT_FILES });
  sandbox.fake.createRepository({ ...SUPPORT, files: { ".github/release-readiness.yml": sensorPolicy("acme/shop") } });
  sandbox.fake.setPermission({ ...SUPPORT, user: "tess", permission: "triage" });
  clock = new Date(clock.getTime() + 3 * DAY);
}

afterEach(async () => {
  expect(sandbox.fake.violations).toEqual([]);
  await sandbox.stop();
});

const deliver = (...events: SandboxWebhookEvent[]) => deliverUntilQuiet(sandbox, ...events);

async function fileIssue(where: { owner: string; repo: string } = SUPPORT): Promise<FakeIssue> {
  const { issue, event } = sandbox.fake.fileIssue({ ...where, user: "dana", ...MISMATCH_ISSUE });
  await deliver(event);
  return issue;
}

/** Reads of the releases repository's tree: one per read of its releases. */
const treeReads = (repo: { owner: string; repo: string } = SHOP) =>
  sandbox.fake.requests.filter((r) => r.operationId === "git/get-tree" && r.path.startsWith(`/repos/${repo.owner}/${repo.repo}/`)).length;
const sensorComment = (issue: FakeIssue, where = SUPPORT) =>
  sandbox.fake.commentsOn({ ...where, number: issue.number }).find((c) => c.user === sandbox.fake.botLogin && isSensorComment(c.body));
const correct = (issue: FakeIssue, target: string) => deliver(sandbox.fake.addComment({ ...SUPPORT, number: issue.number, user: "tess", body: `/readiness mismatch ${target}` }).event);

describe("the sensor's releases, kept per releases repository", () => {
  it("a burst of mismatch issues reads the releases repository once", async () => {
    await start();
    // Delivered at once: the three miss together and share the one read.
    const filed = [1, 2, 3].map(() => sandbox.fake.fileIssue({ ...SUPPORT, user: "dana", ...MISMATCH_ISSUE }));
    await Promise.all(filed.map(({ event }) => sandbox.deliver(event).then((answer) => expect(answer.status).toBe(200))));
    await deliver(...sandbox.fake.takeEmittedEvents());
    const issues = filed.map(({ issue }) => issue);
    for (const issue of issues) {
      expect(issue.labels).toEqual(["expectation-mismatch", "expectation:email"]);
      expect(decodeSensorFinding(sensorComment(issue)?.body)?.releases[0]).toBe("checkout-v2");
    }
    expect(treeReads()).toBe(1);
    expect(sandbox.fake.requests.filter((r) => r.operationId === "repos/get" && r.path === "/repos/acme/shop")).toHaveLength(1);
  });

  it("a push to the releases repository's default branch drops them; a push to another branch does not", async () => {
    await start();
    const issue = await fileIssue();
    // GitHub's push for a new release on a branch: what is kept still holds.
    await deliver(...sandbox.fake.commit({ ...SHOP, branch: "release/gift-cards", files: { "readiness/gift-cards.yml": GIFT_CARDS }, author: "dev" }).events);
    await correct(issue, "gift-cards");
    expect(treeReads()).toBe(1);
    expect(issue.labels).toEqual(["expectation-mismatch", "expectation:email"]);

    // Merged to the default branch: the push drops them, and the next read knows the release.
    await deliver(...sandbox.fake.commit({ ...SHOP, branch: "main", files: { "readiness/gift-cards.yml": GIFT_CARDS }, author: "dev" }).events);
    await correct(issue, "gift-cards");
    expect(treeReads()).toBe(2);
    expect(decodeSensorFinding(sensorComment(issue)?.body)).toMatchObject({ releases: ["gift-cards"], correction: { by: "tess" } });
  });

  it("are read again after 10 minutes, even when no push reached the app", async () => {
    await start();
    await fileIssue();
    cacheClock = DEFAULT_BRANCH_TTL_MS - 1;
    await fileIssue();
    expect(treeReads()).toBe(1);
    cacheClock = DEFAULT_BRANCH_TTL_MS;
    await fileIssue();
    expect(treeReads()).toBe(2);
  });
});

describe("sensor.releases_from outside the installation", () => {
  it("names no release, says why in the log and the comment, and is tried again on the next issue", async () => {
    await start();
    sandbox.fake.createRepository({ owner: "globex", repo: "shop", files: PRODUCT_FILES, installed: false, private: true });
    sandbox.fake.commit({ ...SUPPORT, branch: "main", files: { ".github/release-readiness.yml": sensorPolicy("globex/shop") }, author: "admin" });
    const issue = await fileIssue();
    expect(issue.labels).toEqual(["expectation-mismatch", "expectation:email"]);
    const body = sensorComment(issue)?.body ?? "";
    expect(body).toContain("the app cannot read globex/shop");
    expect(decodeSensorFinding(body)).toMatchObject({ releases: [], source: "email" });
    expect(warnings).toContainEqual(expect.objectContaining({ releases_from: "globex/shop", msg: expect.stringContaining("which this installation cannot read") }));
    expect(treeReads({ owner: "globex", repo: "shop" })).toBe(0);

    await fileIssue();
    expect(sandbox.fake.requests.filter((r) => r.operationId === "repos/get" && r.path === "/repos/globex/shop")).toHaveLength(2);
  });

  it("is never served from what another installation read and kept", async () => {
    await start();
    // globex installs the app too, and its own support repository reads globex/shop.
    sandbox.fake.createRepository({ owner: "globex", repo: "shop", files: PRODUCT_FILES, private: true });
    sandbox.fake.createRepository({ owner: "globex", repo: "support", files: { ".github/release-readiness.yml": sensorPolicy("globex/shop") } });
    const theirs = await fileIssue({ owner: "globex", repo: "support" });
    expect(decodeSensorFinding(sensorComment(theirs, { owner: "globex", repo: "support" })?.body)?.releases[0]).toBe("checkout-v2");

    sandbox.fake.commit({ ...SUPPORT, branch: "main", files: { ".github/release-readiness.yml": sensorPolicy("globex/shop") }, author: "admin" });
    const ours = await fileIssue();
    expect(decodeSensorFinding(sensorComment(ours)?.body)).toMatchObject({ releases: [], promises: [] });
    expect(sensorComment(ours)?.body).toContain("the app cannot read globex/shop");
  });
});
