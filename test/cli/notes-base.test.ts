import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runCliProcess, tempTreesRemovedAfterEach } from "./cli-harness.js";

/**
 * `readiness notes --base DIR` and `--base-ref REF` (docs/reference/cli.md#comparing-with-a-base):
 * the support notes say a promise's version rose, as the app's notes do for a PR. Run as its own
 * process against a real git repository made in a temporary folder.
 */
const example = (name: string) => readFileSync(join(REPO_ROOT, "readiness/examples", name), "utf8");
const TEXT = "Any invoice export is ready to download within 24 hours.";
const notes = (cwd: string, args: string[]) => runCliProcess(cwd, ["notes", "readiness/invoice-export.yml", "--audience", "support", ...args]);

describe("readiness notes against a base version", { timeout: 120_000 }, () => {
  const tree = tempTreesRemovedAfterEach();

  function repository(): string {
    const dir = tree({ "readiness/invoice-export.yml": example("invoice-export.yml"), "readiness/promises.yml": example("promises.yml") });
    execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir });
    execFileSync("git", ["add", "-A"], { cwd: dir });
    execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "before"], { cwd: dir });
    return dir;
  }
  const editPromises = (dir: string, change: (text: string) => string) =>
    writeFileSync(join(dir, "readiness/promises.yml"), change(readFileSync(join(dir, "readiness/promises.yml"), "utf8")));

  it("--base-ref: a promise whose version rose says so in the support notes; without a base it cannot", () => {
    const dir = repository();
    editPromises(dir, (t) => t.replace('["The export covers at most 50,000 invoices"]', '["The export covers at most 20,000 invoices"]')
      .replace(/(id: invoice-export-24h[\s\S]*?version:) 2/, "$1 3"));
    const result = notes(dir, ["--base-ref", "main"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("**New version:** invoice-export-24h v2 → v3: conditions changed");
    expect(result.stdout).toContain("(version 3, in effect from 2026-11-01)");

    const without = notes(dir, []);
    expect(without.code).toBe(0);
    expect(without.stdout).toContain("(version 3, in effect from 2026-11-01)");
    expect(without.stdout).not.toContain("New version");
  });

  it("--base-ref: a promise reworded without raising its version is a problem, as in readiness check", () => {
    const dir = repository();
    editPromises(dir, (t) => t.replace(TEXT, "Any invoice export is ready within 12 hours."));
    const result = notes(dir, ["--base-ref", "main"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('promise "invoice-export-24h" changed its text, conditions or exceptions, so its version must rise above 2');
    expect(result.stdout).toBe("");
  });

  it("--base DIR: reads the registry from a checkout of the earlier version; both options at once are refused", () => {
    const dir = repository();
    const before = tree({ "readiness/promises.yml": example("promises.yml").replace(/(id: invoice-export-24h[\s\S]*?version:) 2/, "$1 1") });
    const result = notes(dir, ["--base", before]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("**New version:** invoice-export-24h v1 → v2: only the version changed");
    const both = notes(dir, ["--base", before, "--base-ref", "main"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give --base DIR or --base-ref REF, not both");
  });
});
