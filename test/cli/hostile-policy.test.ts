import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LocalCheckReport } from "../../src/domain/evaluation/local-check.js";
import { experimentManifest, REPO_ROOT, run, tempTree } from "./cli-harness.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function tree(files: Record<string, string>): string {
  const { dir, cleanup } = tempTree(files);
  cleanups.push(cleanup);
  return dir;
}

describe("readiness check with a policy written to freeze the app", () => {
  it("answers at once when event_name_pattern can backtrack catastrophically (a separate process, killed if it hangs)", () => {
    // With a backtracking engine this name makes `^([a-z0-9]+_?)*$` take 2^60 steps: the process
    // never answers and the 60 s guard below kills it. A linear-time engine answers in milliseconds.
    const hostileName = `${"a".repeat(60)}!`;
    const manifest = experimentManifest("hostile").replace("hostile_seen", hostileName);
    const dir = tree({
      ".github/release-readiness.yml": "analytics:\n  event_name_pattern: '^([a-z0-9]+_?)*$'\n",
      "readiness/hostile.yml": manifest,
    });
    const result = spawnSync(join(REPO_ROOT, "node_modules/.bin/tsx"), [join(REPO_ROOT, "src/cli/main.ts"), "check", "--format", "json"], {
      cwd: dir,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(result.signal, "the CLI hung on the policy's pattern and was killed").toBeNull();
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as LocalCheckReport;
    expect(JSON.stringify(report.releases[0])).toContain(`event name \\"${hostileName}\\" does not match`);
  }, 90_000);
});

describe("readiness check --labels: label spellings get a decision", () => {
  it.each(["CAMPAIGN:EMAIL", "Campaign:SMS", "campaign:landing/spring", "campaign:beta/../email"])("blocks %s on an experiment", async (label) => {
    const dir = tree({ "readiness/a.yml": experimentManifest("a") });
    const result = await run(["check", "readiness", "--labels", label, "--format", "json"], { cwd: dir });
    const report = JSON.parse(result.stdout) as LocalCheckReport;
    expect(report.releases[0]?.campaigns).toEqual([expect.objectContaining({ label, allowed: false })]);
  });
});
