import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatIsoWeek, lastCompleteIsoWeek } from "../../src/domain/review/iso-week.js";
import { REPO_ROOT, runCliProcess, tempTreesRemovedAfterEach } from "./cli-harness.js";

/** `readiness digest` run as its own process, as a team's weekly script would run it. */
const digest = (cwd: string, args: string[]) => runCliProcess(cwd, ["digest", ...args]);

const example = (name: string) => readFileSync(join(REPO_ROOT, "readiness/examples", name), "utf8");

function commitAll(dir: string, message: string, date: string): void {
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  execFileSync("git", ["add", "-A"], { cwd: dir, env });
  execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", message], { cwd: dir, env });
}

const CSV = [
  "id,created_at,subject,body",
  // The week before (2026-W47): one mismatch in two.
  '201,2026-11-17T10:00:00Z,Export late,"Your email said any invoice export to CSV is ready within 24 hours. Mine took 3 days."',
  '202,2026-11-18T10:00:00Z,Bug,"The export fails with a 500 error."',
  // The reviewed week (2026-W48): two mismatches in three.
  '211,2026-11-24T10:00:00Z,Still waiting,"The website says invoice export to CSV is instant, but it took all night."',
  '212,2026-11-25T10:00:00Z,Export,"You promised invoice exports to CSV within 24 hours and it has been two days."',
  '213,2026-11-26T10:00:00Z,Login,"I cannot log in after the update."',
].join("\n");

// Each test starts the CLI through tsx, which takes seconds on a loaded machine.
describe("readiness digest --tickets (docs/reference/promise-review.md)", { timeout: 60_000 }, () => {
  const tree = tempTreesRemovedAfterEach();

  function repository(): string {
    const beta = example("invoice-export.yml");
    const dir = tree({ "readiness/invoice-export.yml": beta.replace(/^status: \w+/m, "status: beta"), "readiness/promises.yml": example("promises.yml"), "tickets.csv": CSV });
    execFileSync("git", ["init", "-q"], { cwd: dir });
    commitAll(dir, "beta", "2026-11-02T09:00:00Z");
    writeFileSync(join(dir, "readiness/invoice-export.yml"), beta.replace(/^status: \w+/m, "status: ga"));
    commitAll(dir, "ga", "2026-11-24T09:00:00Z");
    return dir;
  }

  it("writes the week's review: the rate against the week before, and the status change from git", () => {
    const dir = repository();
    const result = digest(dir, ["--tickets", "tickets.csv", "--manifests", "readiness", "--week", "2026-W48"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# Promise review 2026-W48\n/);
    expect(result.stdout).toContain("**66.7%** of new issues were expectation mismatches: 2 of 3 (2026-W47: 50%, 1 of 2; up)");
    expect(result.stdout).toContain("(invoice-export): Beta → Full release on 2026-11-24.");
    expect(result.stdout).toContain("> Data cut short: written offline from exported tickets");
  });

  it("gives the view-model as JSON, with the mismatches counted against the release the text names", () => {
    const dir = repository();
    const result = digest(dir, ["--tickets", "tickets.csv", "--manifests", "readiness", "--week", "2026-W48", "--format", "json"]);
    expect(result.code).toBe(0);
    const model = JSON.parse(result.stdout);
    expect(model.title).toBe("Promise review 2026-W48");
    expect(model.rate.current).toMatchObject({ mismatches: 2, issues: 3 });
    expect(model.breakdown.releases.map((r: { name: string }) => r.name)).toEqual(["invoice-export"]);
    expect(model.statusChanges).toHaveLength(1);
  });

  it("reviews the last complete ISO week when --week is left out", () => {
    const dir = repository();
    const result = digest(dir, ["--tickets", "tickets.csv", "--manifests", "readiness"]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe(`# Promise review ${formatIsoWeek(lastCompleteIsoWeek(new Date(), "UTC"))}`);
  });

  it("refuses a week the year does not have, with exit 2", () => {
    const dir = repository();
    const week = digest(dir, ["--tickets", "tickets.csv", "--week", "2027-W53"]);
    expect(week.code).toBe(2);
    expect(week.stderr).toContain("2027 has weeks 1 to 52");
  });

  it("names a ticket file it cannot read, with exit 2", () => {
    const dir = repository();
    const missing = digest(dir, ["--tickets", "nope.csv", "--week", "2026-W48"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.csv:1: no such file");
  });
});
