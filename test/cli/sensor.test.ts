import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runCliProcess, tempTreesRemovedAfterEach } from "./cli-harness.js";

/** `readiness sensor` run as its own process, as a help-desk export script would run it. */
const sensor = (cwd: string, args: string[]) => runCliProcess(cwd, ["sensor", ...args]);

const example = (name: string) => readFileSync(join(REPO_ROOT, "readiness/examples", name), "utf8");
const releases = {
  "readiness/invoice-export.yml": example("invoice-export.yml"),
  "readiness/checkout-v2.yml": example("checkout-v2.yml"),
  "readiness/promises.yml": example("promises.yml"),
};

const CSV = [
  "id,created_at,subject,body,tags",
  '101,2026-11-20T10:00:00Z,Export late,"Your email said any invoice export to CSV is ready within 24 hours.',
  'Mine took 3 days.",billing',
  "102,yesterday,Broken,row,",
  '103,2026-11-20T11:00:00Z,Bug,"The export fails with a 500 error.",',
].join("\n");

describe("readiness sensor (docs/reference/sensor.md#cli)", () => {
  const tree = tempTreesRemovedAfterEach();

  it("classifies CSV tickets into the exact JSON document, bad rows listed by line, the rest still classified", () => {
    const dir = tree({ ...releases, "tickets.csv": CSV });
    const result = sensor(dir, ["--tickets", "tickets.csv", "--manifests", "readiness"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(Object.keys(document)).toEqual(["version", "tickets", "problems"]);
    expect(document.version).toBe(1);
    expect(document.tickets.map((t: { id: string }) => t.id)).toEqual(["101", "103"]);
    expect(Object.keys(document.tickets[0])).toEqual(["id", "mismatch", "source", "releases", "promises", "campaigns"]);
    // Not in a git repository: every release is a candidate.
    expect(document.tickets[0]).toMatchObject({ mismatch: true, source: "email" });
    expect(document.tickets[0].releases[0]).toBe("invoice-export");
    expect(document.tickets[0].promises[0]).toBe("invoice-export-24h");
    expect(document.tickets[0].campaigns[0]).toBe("campaign:email");
    expect(document.tickets[1]).toEqual({ id: "103", mismatch: false, source: null, releases: [], promises: [], campaigns: [] });
    expect(document.problems).toEqual([{ line: 4, message: 'ticket 102: created_at "yesterday" is not a date' }]);
  }, 90_000);

  it("reads JSON tickets and writes Markdown", () => {
    const tickets = [{ id: "a1", created_at: "2026-11-20", subject: "Checkout", body: "The website says the one-page checkout takes gift cards.", extra: 1 }];
    const dir = tree({ ...releases, "tickets.json": JSON.stringify(tickets, null, 2) });
    const result = sensor(dir, ["--tickets", "tickets.json", "--manifests", "readiness", "--format", "markdown"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("1 of 1 tickets are expectation mismatches.");
    expect(result.stdout).toContain("| a1 | Checkout | landing | `checkout-v2` |");
  }, 90_000);

  it("counts a release as changed at its manifest's last commit in a git repository", () => {
    const dir = tree({ ...releases, "tickets.csv": CSV });
    const git = (...args: string[]) => execFileSync("git", args, {
      cwd: dir,
      env: { ...process.env, GIT_AUTHOR_DATE: "2026-10-01T00:00:00Z", GIT_COMMITTER_DATE: "2026-10-01T00:00:00Z" },
    });
    git("init", "-q");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", "readiness");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "releases");
    const result = sensor(dir, ["--tickets", "tickets.csv", "--manifests", "readiness"]);
    expect(result.code).toBe(0);
    // Committed on 2026-10-01, more than 14 days before the ticket: no release is named.
    expect(JSON.parse(result.stdout).tickets[0]).toMatchObject({ mismatch: true, releases: [] });
  }, 90_000);

  it("exits 2 naming the file and line for tickets it cannot read at all", () => {
    const dir = tree({ ...releases, "bad.csv": "id,subject\n1,hello\n", "bad.json": "[{\"id\": 1,,]" });
    const csv = sensor(dir, ["--tickets", "bad.csv", "--manifests", "readiness"]);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain("bad.csv:1: the header has no created_at, body column");
    const json = sensor(dir, ["--tickets", "bad.json", "--manifests", "readiness"]);
    expect(json.code).toBe(2);
    expect(json.stderr).toContain("bad.json:1: not valid JSON");
    const missing = sensor(dir, ["--tickets", "nope.csv"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.csv:1: no such file");
  }, 120_000);

  it("exits 2 naming the policy's file, line and key when the policy is broken, and the file when it is missing", () => {
    const dir = tree({ ...releases, "tickets.csv": CSV, ".github/release-readiness.yml": "sensor:\n  window_days: 0\n" });
    const broken = sensor(dir, ["--tickets", "tickets.csv", "--manifests", "readiness"]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^\.github\/release-readiness\.yml:2: sensor\.window_days: .+\n$/);
    const missing = sensor(dir, ["--tickets", "tickets.csv", "--policy", "other.yml"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("other.yml:1: no such file\n");
  }, 120_000);
});
