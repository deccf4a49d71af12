import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LocalCheckReport } from "../../src/domain/evaluation/local-check.js";
import { REPO_ROOT, runCliProcess, tempTreesRemovedAfterEach } from "./cli-harness.js";

/**
 * `readiness check --base DIR` and `--base-ref REF` (docs/reference/cli.md#comparing-with-a-base),
 * run as their own process against a real git repository made in a temporary folder.
 */
const example = (name: string) => readFileSync(join(REPO_ROOT, "readiness/examples", name), "utf8");
const check = (cwd: string, args: string[]) => runCliProcess(cwd, ["check", "readiness/invoice-export.yml", "--now", "2026-11-23T12:00:00Z", ...args]);
const TEXT = "Any invoice export is ready to download within 24 hours.";

function commitAll(dir: string, message: string): void {
  execFileSync("git", ["add", "-A"], { cwd: dir });
  execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", message], { cwd: dir });
}

// Each test starts the CLI through tsx, which takes seconds on a loaded machine.
describe("readiness check against a base version", { timeout: 120_000 }, () => {
  const tree = tempTreesRemovedAfterEach();
  const extra: string[] = [];
  afterEach(() => {
    while (extra.length) rmSync(extra.pop()!, { recursive: true, force: true });
  });

  /** A repository whose first commit holds the example release, its registry and its catalog. */
  function repository(promises = example("promises.yml")): string {
    const dir = tree({ "readiness/invoice-export.yml": example("invoice-export.yml"), "readiness/promises.yml": promises, "readiness/events.yml": example("events.yml") });
    execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir });
    commitAll(dir, "before");
    return dir;
  }
  const edit = (dir: string, path: string, change: (text: string) => string) =>
    writeFileSync(join(dir, path), change(readFileSync(join(dir, path), "utf8")));

  it("--base-ref: a promise reworded without raising its version is a problem at its version line", () => {
    const dir = repository();
    edit(dir, "readiness/promises.yml", (t) => t.replace(TEXT, "Any invoice export is ready within 12 hours."));
    const lines = readFileSync(join(dir, "readiness/promises.yml"), "utf8").split("\n");
    const versionLine = lines.findIndex((line, i) => line.trim() === "version: 2" && lines[i - 4]?.includes("invoice-export-24h")) + 1;
    const result = check(dir, ["--base-ref", "main"]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toMatch(new RegExp(`readiness/promises\\.yml:${versionLine}:\\d+: promises\\[1\\]\\.version: promise "invoice-export-24h" changed its text, conditions or exceptions, so its version must rise above 2`));
    expect(result.stdout).toContain("Base: compared with --base-ref main");

    // The same change without a base is not checked, and the output says so.
    const unchecked = check(dir, []);
    expect(unchecked.code).toBe(0);
    expect(unchecked.stdout).toContain("Base: none given, so promise versions and base/head catalog changes were not checked (use --base DIR or --base-ref REF)");
  });

  it("--base-ref: a raised version passes and is reported, in text and in JSON", () => {
    const dir = repository();
    edit(dir, "readiness/promises.yml", (t) => t.replace(TEXT, "Any invoice export is ready within 12 hours.").replace(/(id: invoice-export-24h[\s\S]*?version:) 2/, "$1 3"));
    const result = check(dir, ["--base-ref", "HEAD"]);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain("readiness/promises.yml: invoice-export-24h v2 → v3: text changed (carried by invoice-export)");
    const report = JSON.parse(check(dir, ["--base-ref", "HEAD", "--format", "json"]).stdout) as LocalCheckReport;
    expect(report.comparison).toEqual({
      base: "--base-ref HEAD",
      promiseChanges: [{ id: "invoice-export-24h", from: 2, to: 3, changed: ["text"], file: "readiness/promises.yml" }],
      catalogChanges: [{ file: "readiness/events.yml", added: [], changed: [], removed: [] }],
      registryChanges: [{ id: "invoice-export-24h", change: "changed", from: 2, to: 3, changed: ["text"], releases: ["invoice-export"], file: "readiness/promises.yml" }],
      registriesOnly: [],
    });
    const without = JSON.parse(check(dir, ["--format", "json"]).stdout) as LocalCheckReport;
    expect(without.comparison).toEqual({ base: null, promiseChanges: [], catalogChanges: [], registryChanges: [], registriesOnly: [] });
  });

  it("--base-ref: the campaign gate takes a promise at the stricter of both versions", () => {
    const dir = repository(example("promises.yml").replace("effective: 2026-11-01", "effective: 2026-12-30"));
    // The working copy pulls the effective date forward: it cannot loosen the gate for itself.
    edit(dir, "readiness/promises.yml", (t) => t.replace("effective: 2026-12-30", "effective: 2026-11-01"));
    const strict = check(dir, ["--base-ref", "main", "--labels", "campaign:email"]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('promise "invoice-export-24h" takes effect on 2026-12-30');
    expect(check(dir, ["--labels", "campaign:email"]).code).toBe(0);
  });

  it("--base-ref: a catalog change the manifest does not declare is a problem at its line", () => {
    const dir = repository();
    edit(dir, "readiness/events.yml", (t) => `${t.trimEnd()}\n  - name: ghost_event\n    description: Nobody declared it.\n    properties: [plan]\n    owner: "@acme/analytics"\n`);
    const line = readFileSync(join(dir, "readiness/events.yml"), "utf8").split("\n").indexOf("  - name: ghost_event") + 1;
    const result = check(dir, ["--base-ref", "main"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`readiness/events.yml:${line}:11: events[`);
    // There is no PR in the CLI: the words say which manifests were meant.
    expect(result.stdout).toContain('event "ghost_event" is added to the catalog, but no release manifest checked against this catalog adds it');
    expect(result.stdout).not.toContain("in this PR");
    expect(result.stdout).toContain("readiness/events.yml: added ghost_event");
  });

  it("--base-ref: a promise removed that a release still lists is a problem at the registry's promises key, as in the app", () => {
    const dir = repository();
    edit(dir, "readiness/promises.yml", (t) => t.replace(/ {2}- id: invoice-export-24h[\s\S]*$/, ""));
    const line = readFileSync(join(dir, "readiness/promises.yml"), "utf8").split("\n").indexOf("promises:") + 1;
    const result = check(dir, ["--base-ref", "main"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`readiness/promises.yml:${line}:1: promises: promise "invoice-export-24h" is removed, but release invoice-export still lists it under promises`);
    // Without a base nothing says it was there before.
    expect(check(dir, []).stdout).not.toContain("is removed");
  });

  it("--base DIR: reads the registries from a checkout of the earlier version", () => {
    const dir = repository();
    const before = mkdtempSync(join(tmpdir(), "readiness-base-"));
    extra.push(before);
    cpSync(join(dir, "readiness"), join(before, "readiness"), { recursive: true });
    edit(dir, "readiness/promises.yml", (t) => t.replace(TEXT, "Any invoice export is ready within 12 hours."));
    const result = check(dir, ["--base", before]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('promise "invoice-export-24h" changed its text, conditions or exceptions');
    expect(result.stdout).toContain(`Base: compared with --base ${before}`);
  });

  describe("registries on their own (no manifest among the arguments), as the app checks a PR that changes only them", () => {
    const run = (cwd: string, args: string[]) => runCliProcess(cwd, ["check", "--now", "2026-11-23T12:00:00Z", ...args]);

    it("checks a raised version and says the registries were checked on their own; without a base they are not checked", () => {
      const dir = repository();
      edit(dir, "readiness/promises.yml", (t) => t.replace(TEXT, "Any invoice export is ready within 12 hours.").replace(/(id: invoice-export-24h[\s\S]*?version:) 2/, "$1 3"));
      const result = run(dir, ["readiness/promises.yml", "readiness/events.yml", "--base-ref", "main"]);
      expect(result.code, result.stdout).toBe(0);
      expect(result.stdout).toContain("Release readiness: no release manifests; the registries are checked on their own");
      expect(result.stdout).toContain("checked on their own, as the app checks a PR that changes only them: readiness/events.yml, readiness/promises.yml");
      // The releases carrying each changed promise are named, as in the app's check: marketing knows which copy to update.
      expect(result.stdout).toContain("readiness/promises.yml: invoice-export-24h v2 → v3: text changed (carried by invoice-export)");
      expect(result.stdout).toContain("Result: ready (exit 0): the registries check out on their own");
      const json = JSON.parse(run(dir, ["readiness/promises.yml", "--base-ref", "main", "--format", "json"]).stdout) as LocalCheckReport;
      expect([json.result, json.exitCode, json.releases, json.comparison.registriesOnly]).toEqual(["ready", 0, [], ["readiness/promises.yml"]]);

      const unchecked = run(dir, ["readiness/promises.yml"]);
      expect(unchecked.code).toBe(2);
      expect(unchecked.stdout).toContain("promises.yml is a registry, not a release manifest; it is checked with the manifests next to it; with --base DIR or --base-ref REF a change to it is checked on its own");
    });

    it("a folder with registries only: a reworded promise without a new version fails at its line", () => {
      const dir = tree({ "readiness/promises.yml": example("promises.yml"), "readiness/events.yml": example("events.yml") });
      execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir });
      commitAll(dir, "before");
      edit(dir, "readiness/promises.yml", (t) => t.replace(TEXT, "Any invoice export is ready within 12 hours."));
      for (const args of [[], ["readiness"]]) {
        const result = run(dir, [...args, "--base-ref", "main"]);
        expect(result.code, result.stdout).toBe(2);
        expect(result.stdout).toContain('promise "invoice-export-24h" changed its text, conditions or exceptions, so its version must rise above 2');
        expect(result.stdout).not.toContain("nothing was checked");
      }
      // Adding an event ahead of the release that will use it is no finding on its own (as in a registry-only PR).
      execFileSync("git", ["checkout", "-q", "--", "readiness/promises.yml"], { cwd: dir });
      edit(dir, "readiness/events.yml", (t) => `${t.trimEnd()}\n  - name: coming_soon\n    description: For a release not written yet.\n    properties: [plan]\n    owner: "@acme/analytics"\n`);
      expect(run(dir, ["readiness", "--base-ref", "main"]).code).toBe(0);
    });

    it("an event or promise removed that a release beside it still uses is a problem", () => {
      const dir = repository();
      edit(dir, "readiness/events.yml", (t) => t.replace(/ {2}- name: invoice_export_failed[\s\S]*?(?= {2}- name:)/, ""));
      const events = run(dir, ["readiness/events.yml", "--base-ref", "main"]);
      expect(events.code, events.stdout).toBe(2);
      expect(events.stdout).toContain('event "invoice_export_failed" is removed from the catalog, but release invoice-export still uses it');
      edit(dir, "readiness/promises.yml", (t) => t.replace(/ {2}- id: invoice-export-24h[\s\S]*$/, ""));
      const promises = run(dir, ["readiness/promises.yml", "--base-ref", "main"]);
      expect(promises.code).toBe(2);
      expect(promises.stdout).toContain('promise "invoice-export-24h" is removed, but release invoice-export still lists it under promises');
    });
  });

  it("refuses a ref git does not know, both options at once, and a folder outside git", () => {
    const dir = repository();
    const unknown = check(dir, ["--base-ref", "no-such-branch"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--base-ref no-such-branch: no such commit, branch or tag");
    const both = check(dir, ["--base-ref", "main", "--base", "."]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give --base DIR or --base-ref REF, not both");
    const outside = tree({ "readiness/invoice-export.yml": example("invoice-export.yml") });
    const notGit = check(outside, ["--base-ref", "main"]);
    expect(notGit.code).toBe(2);
    expect(notGit.stderr).toContain("--base-ref needs the current directory to be inside a git repository");
  });
});
