import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { gitFileRevisions } from "../../src/cli/git-history.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function commit(dir: string, text: string, date: string): void {
  writeFileSync(join(dir, "release.yml"), text);
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  execFileSync("git", ["add", "release.yml"], { cwd: dir, env });
  execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", text], { cwd: dir, env });
}

describe("a file's revisions from git", () => {
  it("gives the revision before the start and every one since, oldest first, in a real repository", () => {
    const dir = mkdtempSync(join(tmpdir(), "readiness-history-"));
    dirs.push(dir);
    execFileSync("git", ["init", "-q"], { cwd: dir });
    commit(dir, "one", "2026-10-01T10:00:00Z");
    commit(dir, "two", "2026-11-01T10:00:00Z");
    commit(dir, "three", "2026-11-20T10:00:00Z");
    commit(dir, "four", "2026-11-24T10:00:00Z");
    const revisions = gitFileRevisions(join(dir, "release.yml"), new Date("2026-11-16T00:00:00Z"));
    expect(revisions?.map((r) => [r.text, r.at])).toEqual([
      ["two", "2026-11-01T10:00:00.000Z"],
      ["three", "2026-11-20T10:00:00.000Z"],
      ["four", "2026-11-24T10:00:00.000Z"],
    ]);
  });

  it("says it cannot when the file is not in a git repository", () => {
    const dir = mkdtempSync(join(tmpdir(), "readiness-history-"));
    dirs.push(dir);
    writeFileSync(join(dir, "release.yml"), "x");
    expect(gitFileRevisions(join(dir, "release.yml"), new Date())).toBeUndefined();
  });
});
