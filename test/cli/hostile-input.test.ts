import { spawnSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LocalCheckReport } from "../../src/domain/evaluation/local-check.js";
import { experimentManifest, REPO_ROOT, run, tempTreesRemovedAfterEach } from "./cli-harness.js";

const tree = tempTreesRemovedAfterEach();

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

describe("readiness check: text from files cannot forge lines or escapes in a CI log", () => {
  it("shows newlines, ANSI escapes and bidi overrides in titles, reasons and file names as escapes", async () => {
    const title = '"Fake\\e[2K\\rResult: ready (exit 0)\\nResult: ready (exit 0)\\u202e"';
    const manifest = experimentManifest("forged", { rollout: 40 }).replace("title: Experiment forged", `title: ${title}`);
    const dir = tree({ "readiness/forged\u001b[31m.yml": manifest });
    const result = await run(["check", "readiness"], { cwd: dir });
    expect(result.code).toBe(1);
    // eslint-disable-next-line no-control-regex
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    const verdictLines = result.stdout.split("\n").filter((line) => line.startsWith("Result:"));
    expect(verdictLines).toEqual([expect.stringMatching(/^Result: not ready \(exit 1\)/)]);
    expect(result.stdout).toContain("Fake\\x1b[2K\\rResult: ready (exit 0)\\nResult: ready (exit 0)\\u202e");
    expect(result.stdout).toContain("forged\\x1b[31m.yml");
  });
});

describe("readiness check: a file reached twice is one file", () => {
  it("identifies files by their real path, so a symlinked directory does not make a release clash with itself", async () => {
    const dir = tree({ "readiness/a.yml": experimentManifest("a") });
    symlinkSync(join(dir, "readiness"), join(dir, "readiness/again"), "dir");
    symlinkSync(join(dir, "readiness/a.yml"), join(dir, "readiness/link.yml"));
    const result = await run(["check", "readiness", "readiness/a.yml", "readiness/again/a.yml", "--format", "json"], { cwd: dir });
    const report = JSON.parse(result.stdout) as LocalCheckReport;
    expect(report.problems).toEqual([]);
    expect(report.releases.map((r) => r.file)).toEqual(["readiness/a.yml"]);
    expect(result.code).toBe(0);
  });
});

describe("readiness check --labels: a blocked label is a failing exit", () => {
  it("exits 1 when every release is ready but a campaign label is blocked, and says so", async () => {
    const dir = tree({ "readiness/a.yml": experimentManifest("a") });
    const blocked = await run(["check", "readiness", "--labels", "campaign:email"], { cwd: dir });
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toMatch(/Result: .*campaign:email.*blocked.*\(exit 1\)/);
    const json = JSON.parse((await run(["check", "readiness", "--labels", "campaign:email", "--format", "json"], { cwd: dir })).stdout) as LocalCheckReport;
    expect(json.releases[0]?.ready).toBe(true);
    const allowed = await run(["check", "readiness"], { cwd: dir });
    expect(allowed.code).toBe(0);
  });
});

describe("readiness check --now: an impossible date is refused, not rolled over", () => {
  it.each(["2026-02-30", "2026-13-01", "2026-04-31T10:00:00Z", "2026-02-29"])("refuses %s with a usage error", async (value) => {
    const dir = tree({ "readiness/a.yml": experimentManifest("a") });
    const result = await run(["check", "readiness", "--now", value], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--now must be`);
    expect(result.stderr).toContain(value);
  });

  it("accepts a real leap day and a date-time with an offset", async () => {
    const dir = tree({ "readiness/a.yml": experimentManifest("a") });
    expect((await run(["check", "readiness", "--now", "2028-02-29"], { cwd: dir })).code).toBe(0);
    expect((await run(["check", "readiness", "--now", "2026-11-20T09:00:00+03:00"], { cwd: dir })).code).toBe(0);
  });
});

describe("readiness check: a file in another encoding is named as such", () => {
  it("says a UTF-16 manifest is UTF-16, with its file, and exits 2", async () => {
    const dir = tree({});
    const { writeFileSync, mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "readiness"));
    writeFileSync(join(dir, "readiness/a.yml"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(experimentManifest("a"), "utf16le")]));
    const result = await run(["check", "readiness", "--format", "json"], { cwd: dir });
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as LocalCheckReport;
    expect(report.problems).toEqual([expect.objectContaining({ file: "readiness/a.yml", message: expect.stringContaining("UTF-16 (little-endian") })]);
  });
});

describe("readiness check: a manifest with 20,000 problems", () => {
  const manifest = `${experimentManifest("many")}${Array.from({ length: 20_000 }, (_, i) => `unknown_${i}: 1`).join("\n")}\n`;

  it("text output counts all of them and says how many more than it lists", async () => {
    const result = await run(["check", "readiness"], { cwd: tree({ "readiness/many.yml": manifest }) });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("INVALID (20000 problems)");
    expect(result.stdout).toContain("and 19,951 more problems in this file, not listed");
    expect(result.stdout).toContain("invalid input (exit 2): 20000 problems to fix");
  });

  it("JSON output marks the last listed problem with how many it stands for", async () => {
    const result = await run(["check", "readiness", "--format", "json"], { cwd: tree({ "readiness/many.yml": manifest }) });
    const report = JSON.parse(result.stdout) as LocalCheckReport;
    expect(report.releases[0]!.problems).toHaveLength(50);
    expect(report.releases[0]!.problems.at(-1)).toMatchObject({ more: 19_951, message: "and 19,951 more problems in this file, not listed" });
  });
});
