import { describe, expect, it } from "vitest";
import { actionInput, booleanInput, readActionEnvironment } from "../../src/action/environment.js";
import { planEvent } from "../../src/action/events.js";
import { actionIdentity } from "../../src/action/identity.js";
import { adviceFor, combineResults, describeWrite, exitCodeFor, type RunOutcome } from "../../src/action/outcome.js";
import { octokitFor } from "../../src/action/runner.js";
import { escapeCommandData, formatOutput, workflowCommand } from "../../src/action/workflow-commands.js";
import { parseOutputs } from "./run-bundle.js";

const BASE_ENV = {
  GITHUB_EVENT_NAME: "pull_request",
  GITHUB_EVENT_PATH: "/tmp/event.json",
  GITHUB_REPOSITORY: "acme/shop",
  "INPUT_GITHUB-TOKEN": "ghs_x",
};

describe("the Action's environment", () => {
  it("reads inputs the way the runner passes them (hyphens kept, trimmed)", () => {
    expect(actionInput({ "INPUT_GITHUB-TOKEN": "  t  " }, "github-token")).toBe("t");
    expect(actionInput({ "INPUT_MY_INPUT": "x" }, "my input")).toBe("x");
    expect(booleanInput("", true)).toBe(true);
    expect(["true", "True", "TRUE"].map((v) => booleanInput(v, false))).toEqual([true, true, true]);
    expect(["false", "False", "FALSE"].map((v) => booleanInput(v, true))).toEqual([false, false, false]);
    expect(booleanInput("yes", true)).toBeUndefined();
  });

  it("defaults: the github.com API, fail on not ready, info logs", () => {
    const read = readActionEnvironment(BASE_ENV);
    expect(read).toMatchObject({ ok: true, environment: { apiUrl: "https://api.github.com", failOnNotReady: true, logLevel: "info", repository: { owner: "acme", repo: "shop" }, token: "ghs_x" } });
  });

  it("GITHUB_API_URL (GitHub Enterprise Server), RUNNER_DEBUG, GITHUB_TOKEN when the input is empty", () => {
    const read = readActionEnvironment({ ...BASE_ENV, "INPUT_GITHUB-TOKEN": "", GITHUB_TOKEN: "ghs_env", GITHUB_API_URL: "https://ghe.example.com/api/v3/", RUNNER_DEBUG: "1" });
    expect(read).toMatchObject({ ok: true, environment: { apiUrl: "https://ghe.example.com/api/v3", token: "ghs_env", logLevel: "debug" } });
  });

  it("names every problem at once", () => {
    const read = readActionEnvironment({ GITHUB_REPOSITORY: "acme", "INPUT_FAIL-ON-NOT-READY": "sometimes" });
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problems).toEqual([
      expect.stringContaining("GITHUB_EVENT_NAME"),
      expect.stringContaining("GITHUB_EVENT_PATH"),
      expect.stringContaining("GITHUB_REPOSITORY must be owner/name"),
      expect.stringContaining("no token"),
      expect.stringContaining("fail-on-not-ready must be true or false"),
    ]);
  });
});

describe("events", () => {
  const pullRequest = (head: string) => ({ pull_request: { number: 7, head: { repo: { full_name: head } }, base: { repo: { full_name: "acme/shop" } } } });

  it("pull_request_target is handled as pull_request; a fork is noticed", () => {
    expect(planEvent("pull_request_target", pullRequest("acme/shop"))).toEqual({ kind: "webhook", name: "pull_request", pullRequests: [7], fromFork: false, gates: true });
    expect(planEvent("pull_request", pullRequest("Outsider/shop"))).toEqual({ kind: "webhook", name: "pull_request", pullRequests: [7], fromFork: true, gates: true });
    expect(planEvent("pull_request", { ...pullRequest("acme/shop"), action: "closed" })).toMatchObject({ gates: false });
  });

  it("comments on PRs, merge groups, sweeps, and what is not handled", () => {
    expect(planEvent("issue_comment", { issue: { number: 3, pull_request: { url: "x" } } })).toMatchObject({ name: "issue_comment", pullRequests: [3] });
    expect(planEvent("issue_comment", { issue: { number: 3 } })).toMatchObject({ name: "issue_comment", pullRequests: [] });
    // The support sensor's: an issue has no release PR and no verdict to fail the step on.
    expect(planEvent("issues", { action: "opened", issue: { number: 3 } })).toEqual({ kind: "webhook", name: "issues", pullRequests: [], fromFork: false, gates: false });
    expect(planEvent("merge_group", { merge_group: { head_ref: "refs/heads/gh-readonly-queue/main/pr-4-5-0123456789abcdef0123456789abcdef01234567" } })).toMatchObject({ name: "merge_group", pullRequests: [4, 5] });
    expect(planEvent("schedule", {})).toEqual({ kind: "sweep" });
    expect(planEvent("workflow_dispatch", {})).toEqual({ kind: "sweep" });
    expect(planEvent("push", {})).toMatchObject({ kind: "unsupported" });
    expect(planEvent("pull_request", {})).toMatchObject({ kind: "unsupported" });
  });
});

describe("identity in Action mode", () => {
  it("is the GitHub Actions bot, with no app id (check runs are found by name)", () => {
    expect(actionIdentity()).toEqual({ botLogin: "github-actions[bot]" });
  });
});

describe("workflow commands and outputs", () => {
  it("writes outputs in the delimiter form, which a value cannot break out of", () => {
    const text = formatOutput("releases", 'line 1\nresult=ready\nEOF') + formatOutput("result", "not_ready");
    expect(parseOutputs(text)).toEqual({ releases: "line 1\nresult=ready\nEOF", result: "not_ready" });
    expect(() => formatOutput("x", "a D b", "D")).toThrow();
  });

  it("escapes command data so text cannot start another command", () => {
    expect(escapeCommandData("50%\r\n::add-mask::x")).toBe("50%25%0D%0A::add-mask::x");
    expect(workflowCommand("warning", "a\nb")).toBe("::warning::a%0Ab\n");
  });
});

describe("outcome", () => {
  const base: RunOutcome = { eventName: "pull_request", repository: { owner: "acme", repo: "shop" }, judgements: [], writeFailures: [], errors: [] };

  it("the worst result wins; none is non_release", () => {
    expect(combineResults([])).toBe("non_release");
    expect(combineResults(["ready", "non_release"])).toBe("ready");
    expect(combineResults(["ready", "not_ready", "non_release"])).toBe("not_ready");
    expect(combineResults(["invalid", "not_ready"])).toBe("invalid");
  });

  it("exit codes: undetermined and handler errors fail; a sweep fails only when the sweep did", () => {
    expect(exitCodeFor(base, true)).toBe(0);
    expect(exitCodeFor({ ...base, judgements: [{ number: 1, kind: "undetermined", error: "x" }] }, false)).toBe(1);
    expect(exitCodeFor({ ...base, errors: ["boom"] }, false)).toBe(1);
    const sweep = { repositories: 1, evaluated: 1, writes: 0, failures: [], truncated: false, rateLimited: 0 };
    expect(exitCodeFor({ ...base, sweep, judgements: [{ number: 1, kind: "invalid_policy", problems: [] }] }, true)).toBe(0);
    expect(exitCodeFor({ ...base, sweep: { ...sweep, failures: [{ repo: "acme/shop", number: 1, error: "x" }] } }, true)).toBe(1);
    expect(exitCodeFor({ ...base, judgements: [{ number: 1, kind: "invalid_policy", problems: [] }] }, true)).toBe(1);
    expect(exitCodeFor({ ...base, judgements: [{ number: 1, kind: "invalid_policy", problems: [] }] }, false)).toBe(0);
    expect(exitCodeFor({ ...base, gates: false, judgements: [{ number: 1, kind: "invalid_policy", problems: [] }] }, true)).toBe(0);
  });

  it("says what a refused write was and why", () => {
    expect(describeWrite("/repos/a/b/check-runs/12")).toBe("a check run");
    expect(describeWrite("/repos/a/b/issues/3/labels")).toBe("labels");
    expect(describeWrite("/repos/a/b/issues/comments/9/reactions")).toBe("a reaction");
    expect(describeWrite("/repos/a/b/issues/3/comments")).toBe("a comment");
    expect(describeWrite("/repos/a/b/contents/readiness%2Fx.yml")).toBe("a commit");
    const refused = [{ method: "POST", path: "/repos/a/b/check-runs", status: 403, message: "Resource not accessible by integration" }];
    expect(adviceFor([], "pull_request", true)).toBeUndefined();
    expect(adviceFor(refused, "pull_request", true)).toContain("comes from a fork");
    expect(adviceFor(refused, "issue_comment", false)).toContain("permissions");
    expect(adviceFor([{ ...refused[0]!, status: 502 }], "pull_request", false)).toContain("re-run");
  });
});

describe("the Action's Octokit", () => {
  it("spaces writes on GitHub, not on a REST API on this machine", () => {
    expect(octokitFor("https://api.github.com")).not.toBe(octokitFor("http://127.0.0.1:3000/api/v3"));
    expect(octokitFor("https://api.github.com")).toBe(octokitFor("https://ghe.example.com/api/v3"));
  });
});
