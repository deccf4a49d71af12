import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Feed } from "../../src/domain/feed/schema.js";
import { REPO_ROOT, tempTreesRemovedAfterEach } from "../cli/cli-harness.js";
import { runProcess } from "../cli/feed-process.js";

/**
 * docs/examples/readiness-feed.yml, the documented workflow that publishes the feed and the board
 * to GitHub Pages on each push to the default branch: its shape, and its one step of ours run as
 * written on a checkout with history.
 */
const FILE = join(REPO_ROOT, "docs/examples/readiness-feed.yml");
const text = readFileSync(FILE, "utf8");
interface Step { uses?: string; run?: string; with?: Record<string, unknown>; id?: string }
const workflow = parse(text) as {
  on: Record<string, { branches?: string[] } | null>;
  permissions: Record<string, string>;
  jobs: Record<string, { environment: { name: string }; steps: Step[] }>;
};
const steps = workflow.jobs.publish!.steps;
const tree = tempTreesRemovedAfterEach();

describe("docs/examples/readiness-feed.yml", () => {
  it("runs on a push to the default branch with only what Pages needs, on the full history", () => {
    expect(workflow.on.push).toEqual({ branches: ["main"] });
    expect(workflow.permissions).toEqual({ contents: "read", pages: "write", "id-token": "write" });
    expect(workflow.jobs.publish!.environment.name).toBe("github-pages");
    const checkout = steps.find((s) => s.uses?.startsWith("actions/checkout@"));
    expect(checkout?.with?.["fetch-depth"]).toBe(0);
    expect(steps.map((s) => s.uses?.split("@")[0]).filter(Boolean)).toEqual([
      "actions/checkout", "actions/setup-node", "actions/upload-pages-artifact", "actions/deploy-pages",
    ]);
  });

  it("is the workflow docs/reference/feed.md shows", () => {
    expect(readFileSync(join(REPO_ROOT, "docs/reference/feed.md"), "utf8")).toContain(`\`\`\`yaml\n${text}\`\`\``);
  });

  it("writes, as its run step says, feed.json and the board into the folder the Pages artifact uploads", async () => {
    const run = steps.find((s) => s.run?.includes(" readiness feed"))!.run!;
    const args = run.slice(run.indexOf(" readiness feed") + " readiness ".length).trim().split(/\s+/);
    const artifact = String(steps.find((s) => s.uses?.startsWith("actions/upload-pages-artifact@"))!.with!.path);
    expect(args).toEqual(["feed", "--out", artifact]);
    const example = (name: string) => readFileSync(join(REPO_ROOT, "readiness/examples", name), "utf8");
    const dir = tree({ "readiness/invoice-export.yml": example("invoice-export.yml"), "readiness/promises.yml": example("promises.yml"), "readiness/events.yml": example("events.yml") });
    const git = (...a: string[]) => execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...a], { cwd: dir });
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "examples");
    const result = await runProcess([...args, "--now", "2026-11-23"], dir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, artifact, "index.html"))).toBe(true);
    const feed = JSON.parse(readFileSync(join(dir, artifact, "feed.json"), "utf8")) as Feed;
    expect(feed.source).toMatchObject({ changed_from: "git", status_history: { from: "git", depth: null } });
    expect(feed.releases.map((r) => r.slug)).toEqual(["invoice-export"]);
  }, 60_000);
});
