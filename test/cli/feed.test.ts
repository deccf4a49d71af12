import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsPlugin from "ajv-formats";
import { describe, expect, it } from "vitest";
import type { Feed } from "../../src/domain/feed/schema.js";
import { feedSchema } from "../../src/domain/feed/schema.js";
import { renderJsonSchema } from "../../src/domain/source/json-schema.js";
import { experimentManifest, REPO_ROOT, tempTreesRemovedAfterEach } from "./cli-harness.js";
import { runProcess } from "./feed-process.js";

/**
 * `readiness feed` run as its own process on a copy of readiness/examples. The golden feed is
 * meant to be read by a person for sense; regenerate it with
 * `UPDATE_GOLDEN=1 npx vitest run test/cli/feed.test.ts` and read the diff.
 */
const tree = tempTreesRemovedAfterEach();
const GOLDEN = join(import.meta.dirname, "golden/feed/examples-feed.json");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const EXAMPLES = join(REPO_ROOT, "readiness/examples");
const REGISTRIES = new Set(["promises.yml", "events.yml"]);
/** A fixed modification time, so the copied files' `changed` dates are the same on every run. */
const MTIME = new Date("2026-11-20T09:30:00Z");

/** Every example release (the broken one aside) and the examples' registries, in readiness/ of a fresh folder. */
function examplesFolder(): { dir: string; releases: string[] } {
  const names = readdirSync(EXAMPLES).filter((name) => name.endsWith(".yml"));
  const dir = tree(Object.fromEntries(names.map((name) => [`readiness/${name}`, readFileSync(join(EXAMPLES, name), "utf8")])));
  for (const name of names) utimesSync(join(dir, "readiness", name), MTIME, MTIME);
  return { dir, releases: names.filter((name) => !REGISTRIES.has(name)) };
}

const readFeed = (dir: string, out = "readiness-feed") => readFileSync(join(dir, out, "feed.json"), "utf8");

describe("readiness feed on the example releases", () => {
  it("writes readiness-feed/feed.json, exactly the golden feed, valid for readiness/feed.schema.json", async () => {
    const { dir, releases } = examplesFolder();
    const result = await runProcess(["feed", "--now", "2026-11-23"], dir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("wrote readiness-feed/feed.json and the board readiness-feed/index.html");
    expect(readFileSync(join(dir, "readiness-feed/index.html"), "utf8")).toContain("<title>Readiness board · 2026-11-23</title>");
    const text = readFeed(dir);
    const feed = JSON.parse(text) as Feed;
    expect(feed.releases).toHaveLength(releases.length);
    expect(feed.source.changed_from).toBe("mtime");
    expect(feed.releases.every((r) => r.changed === MTIME.toISOString())).toBe(true);

    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormatsPlugin.default(ajv);
    const validate = ajv.compile(JSON.parse(renderJsonSchema("feed")) as object);
    expect(validate(feed), JSON.stringify(validate.errors)).toBe(true);
    expect(feedSchema.safeParse(feed).success).toBe(true);

    if (UPDATE) writeFileSync(GOLDEN, text);
    expect(existsSync(GOLDEN), "run UPDATE_GOLDEN=1 npx vitest run test/cli/feed.test.ts").toBe(true);
    expect(text).toBe(readFileSync(GOLDEN, "utf8"));
  }, 60_000);

  it("writes the same bytes on a second run, into the folder --out names", async () => {
    const { dir } = examplesFolder();
    const [first, second] = [await runProcess(["feed", "--now", "2026-11-23", "--out", "site/a"], dir), await runProcess(["feed", "readiness", "--now", "2026-11-23", "--out", "site/b"], dir)];
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(readFeed(dir, "site/b")).toBe(readFeed(dir, "site/a"));
  }, 60_000);

  it("takes each manifest's last commit date and its status changes from git, and says so", async () => {
    const { dir } = examplesFolder();
    const git = (date: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args], {
      cwd: dir,
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
    const invoice = join(dir, "readiness/invoice-export.yml");
    const ga = readFileSync(invoice, "utf8");
    git("2026-11-02T08:00:00+02:00", "init", "-q");
    writeFileSync(invoice, ga.replace("status: ga", "status: beta"));
    git("2026-11-02T08:00:00+02:00", "add", ".");
    git("2026-11-02T08:00:00+02:00", "commit", "-qm", "examples, invoice export in beta");
    writeFileSync(invoice, ga);
    git("2026-11-18T08:00:00+02:00", "commit", "-qam", "invoice export goes GA");
    const result = await runProcess(["feed", "--now", "2026-11-23"], dir);
    expect(result.code).toBe(0);
    const feed = JSON.parse(readFeed(dir)) as Feed;
    expect(feed.source).toEqual({ repository: null, changed_from: "git", status_history: { from: "git", depth: null } });
    const byslug = Object.fromEntries(feed.releases.map((r) => [r.slug, r]));
    expect(byslug["invoice-export"]!.changed).toBe("2026-11-18T06:00:00.000Z");
    expect(byslug["checkout-v2"]!.changed).toBe("2026-11-02T06:00:00.000Z");
    expect(byslug["invoice-export"]!.calendar.filter((d) => d.kind === "status_changed" || d.kind === "manifest_changed")).toEqual([
      { date: "2026-11-02", kind: "status_changed", promise: null, status: { from: null, to: "beta" } },
      { date: "2026-11-18", kind: "status_changed", promise: null, status: { from: "beta", to: "ga" } },
      { date: "2026-11-18", kind: "manifest_changed", promise: null, status: null },
    ]);
    const board = readFileSync(join(dir, "readiness-feed/index.html"), "utf8");
    expect(board).toContain("Status: Beta → GA");
    expect(board).toContain("New release, as Beta");
  }, 60_000);
});

describe("readiness feed on input it cannot read", () => {
  it("exits 2 naming file, line and key, and writes nothing", async () => {
    const dir = tree({
      "readiness/ok.yml": experimentManifest("ok"),
      "readiness/broken.yml": readFileSync(join(EXAMPLES, "broken/broken-manifest.yml"), "utf8"),
    });
    const result = await runProcess(["feed"], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("readiness/broken.yml:6:1: titel: unknown key \"titel\"");
    expect(result.stderr).toContain("readiness/broken.yml:10:38: checklist.segment_limits.rollout_percent:");
    expect(existsSync(join(dir, "readiness-feed"))).toBe(false);
  }, 60_000);

  it("exits 2 for a broken promise registry, and 0 for a release that is merely not ready", async () => {
    const broken = tree({ "readiness/ok.yml": experimentManifest("ok"), "readiness/promises.yml": "version: 1\npromises:\n  - id: x\n" });
    const refused = await runProcess(["feed"], broken);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/readiness\/promises\.yml:3:\d+: promises\[0\]\.text: /);
    const notReady = tree({ "readiness/wide.yml": experimentManifest("wide", { rollout: 40 }) });
    const written = await runProcess(["feed"], notReady);
    expect(written.code).toBe(0);
    expect((JSON.parse(readFeed(notReady)) as Feed).releases[0]).toMatchObject({ slug: "wide", ready: false, channels: [] });
  }, 60_000);
});
