import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import nock from "nock";
import type { Probot } from "probot";
import { afterAll, describe, expect, it } from "vitest";
import type { LocalCheckReport } from "../../src/domain/evaluation/local-check.js";
import { createApp } from "../../src/index.js";
import { run } from "../cli/cli-harness.js";
import { createTestProbot, examplePayload, GitHubApiRecorder } from "../helpers/github-nock.js";
import { startSandbox } from "../support/fake-github/server.js";

/**
 * The hostile-input corpus (test/fixtures/hostile/README.md): one folder per case that a hostile
 * user tried (issue "Proof under load, faults and hostile input"), its input files in `repo/`, and
 * in `expected.json` the exact verdict each way of running the app must give: exit code and every
 * problem (file, line, key, message) from the CLI, the checks and annotations from the app on the
 * GitHub stand-in, the answer to a malformed signed payload. A reviewer reads every case and its
 * verdict in one place; a change of wording or line shows up here as a diff of expected.json.
 */

interface ExpectedProblem { file: string; line: number; key: string; message: string }

interface CliRun {
  via: "cli";
  args: string[];
  /** Symlinks to make in the copy of repo/ first: link path → target, both relative to repo/. */
  links?: Record<string, string>;
  exit: number;
  /** With --format json: every problem, exactly. */
  problems?: ExpectedProblem[];
  /** With --format json and --labels: each campaign decision of the first release. */
  campaigns?: Array<{ label: string; allowed: boolean; reasons: string[] }>;
  /** With --format json: the releases reported, by file. */
  releases?: Array<{ file: string; ready: boolean }>;
  /** Text output: every line that starts with "Result:", exactly. */
  resultLines?: string[];
  stdoutIncludes?: string[];
  /** Text output holds no control character (other than line feeds) and no bidi override. */
  noControlCharacters?: boolean;
  stderrFirstLine?: string;
}

interface AppRun {
  via: "app";
  /** Check name → its conclusion and title. */
  checks: Record<string, { conclusion: string; title?: string }>;
  /** The `Release readiness` annotations, exactly. */
  annotations?: Array<{ path: string; start_line: number; message: string }>;
  /** Check name → text its summary must contain. */
  summaryIncludes?: Record<string, string[]>;
}

interface PayloadRun {
  via: "payload";
  event: string;
  action: string;
  /** Top-level fields set (null included) or, under `delete`, removed from GitHub's example payload. */
  set?: Record<string, unknown>;
  setIn?: Record<string, Record<string, unknown>>;
  delete?: string[];
  error: { name: string; status: number; message: string };
}

type Run = CliRun | AppRun | PayloadRun;

interface HostileCase {
  /** The item this case tries. */
  item: string;
  what: string;
  runs: Run[];
}

const ROOT = new URL("../fixtures/hostile/", import.meta.url);
const cases = readdirSync(ROOT).filter((name) => statSync(new URL(name, ROOT)).isDirectory()).sort();
const NOW = new Date("2026-11-23T12:00:00Z");

function load(name: string): HostileCase {
  return JSON.parse(readFileSync(new URL(`${name}/expected.json`, ROOT), "utf8")) as HostileCase;
}

const temps: string[] = [];
afterAll(() => { for (const dir of temps) rmSync(dir, { recursive: true, force: true }); });

/** A copy of the case's repo/ in a temporary folder, with its symlinks made. */
function checkout(name: string, links: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "readiness-hostile-"));
  temps.push(dir);
  const source = new URL(`${name}/repo/`, ROOT);
  if (existsSync(source)) cpSync(source, dir, { recursive: true });
  for (const [link, target] of Object.entries(links)) symlinkSync(join(dir, target), join(dir, link));
  return dir;
}

/** Every file of repo/ (path → bytes as UTF-8 text): `.github/` on the default branch, the rest in the PR. */
function repoFiles(name: string): { main: Record<string, string>; pr: Record<string, string> } {
  const base = new URL(`${name}/repo/`, ROOT).pathname;
  const main: Record<string, string> = {};
  const pr: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const path = relative(base, full);
        (path.startsWith(".github/") ? main : pr)[path] = readFileSync(full, "utf8");
      }
    }
  };
  walk(base);
  return { main, pr };
}

async function runCli(name: string, expected: CliRun): Promise<void> {
  const result = await run(expected.args, { cwd: checkout(name, expected.links), now: NOW });
  expect({ exit: result.code }).toEqual({ exit: expected.exit });
  if (expected.args.includes("json")) {
    const report = JSON.parse(result.stdout) as LocalCheckReport;
    if (expected.problems) expect(report.problems.map(({ file, line, key, message }) => ({ file, line, key, message }))).toEqual(expected.problems);
    if (expected.campaigns) expect(report.releases[0]!.campaigns.map(({ label, allowed, reasons }) => ({ label, allowed, reasons }))).toEqual(expected.campaigns);
    if (expected.releases) expect(report.releases.map(({ file, ready }) => ({ file, ready }))).toEqual(expected.releases);
  }
  if (expected.resultLines) expect(result.stdout.split("\n").filter((line) => line.startsWith("Result:"))).toEqual(expected.resultLines);
  for (const text of expected.stdoutIncludes ?? []) expect(result.stdout).toContain(text);
  // eslint-disable-next-line no-control-regex
  if (expected.noControlCharacters) expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
  if (expected.stderrFirstLine !== undefined) expect(result.stderr.split("\n")[0]).toBe(expected.stderrFirstLine);
}

async function runApp(name: string, expected: AppRun): Promise<void> {
  const sandbox = await startSandbox({ appFn: createApp({ now: () => NOW }) });
  try {
    const repo = { owner: "acme", repo: "shop" };
    sandbox.fake.createRepository(repo);
    const { main, pr } = repoFiles(name);
    if (Object.keys(main).length > 0) sandbox.fake.commit({ ...repo, branch: "main", author: "admin", files: main });
    const { pullRequest, event } = sandbox.fake.openPullRequest({ ...repo, head: "release/hostile", user: "dev", files: pr });
    expect((await sandbox.deliver(event)).status).toBe(200);
    const runs = Object.fromEntries(sandbox.fake.checkRunsFor({ ...repo, sha: pullRequest.head.sha }).map((r) => [r.name, r]));
    for (const [check, verdict] of Object.entries(expected.checks)) {
      expect({ check, conclusion: runs[check]?.conclusion, ...(verdict.title ? { title: runs[check]?.output.title } : {}) }).toEqual({ check, ...verdict });
    }
    if (expected.annotations) {
      expect(runs["Release readiness"]!.output.annotations.map(({ path, start_line, message }) => ({ path, start_line, message }))).toEqual(expected.annotations);
    }
    for (const [check, texts] of Object.entries(expected.summaryIncludes ?? {})) for (const text of texts) expect(runs[check]!.output.summary).toContain(text);
    expect(sandbox.fake.violations).toEqual([]);
  } finally {
    await sandbox.stop();
  }
}

async function runPayload(expected: PayloadRun): Promise<void> {
  const github = new GitHubApiRecorder();
  const probot: Probot = createTestProbot();
  try {
    const payload: Record<string, unknown> = { ...examplePayload(expected.event, expected.action), ...expected.set };
    for (const [field, values] of Object.entries(expected.setIn ?? {})) payload[field] = { ...(payload[field] as object), ...values };
    for (const field of expected.delete ?? []) delete payload[field];
    const error = await probot.receive({ id: "hostile", name: expected.event, payload } as Parameters<Probot["receive"]>[0])
      .then(() => undefined, (e: AggregateError) => e.errors[0] as { name: string; status: number; message: string });
    expect(error && { name: error.name, status: error.status, message: error.message }).toEqual(expected.error);
    // Refused at the edge: not one request to GitHub.
    expect(github.calls).toEqual([]);
  } finally {
    github.done();
    nock.cleanAll();
  }
}

describe("hostile inputs: each case gets its exact verdict (test/fixtures/hostile)", () => {
  it("holds a case for every item of the issue", () => {
    const items = new Set(cases.map((name) => load(name).item.split(/[.:]/)[0]));
    for (const item of ["1", "2", "3", "4", "5", "6", "7", "8", "Also"]) expect(items).toContain(item);
  });

  it.each(cases)("%s", async (name) => {
    const hostile = load(name);
    expect(hostile.runs.length).toBeGreaterThan(0);
    for (const expected of hostile.runs) {
      if (expected.via === "cli") await runCli(name, expected);
      else if (expected.via === "app") await runApp(name, expected);
      else await runPayload(expected);
    }
  }, 60_000);
});
