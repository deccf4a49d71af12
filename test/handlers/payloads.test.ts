import { createRequire } from "node:module";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Probot } from "probot";
import type { z } from "zod";
import {
  checkRunPayload,
  checkSuitePayload,
  issueCommentPayload,
  issuePayload,
  mergeGroupPayload,
  pullRequestPayload,
  pushPayload,
  sensorCommentPayload,
} from "../../src/handlers/payloads.js";
import { createTestProbot, examplePayload, GitHubApiRecorder } from "../helpers/github-nock.js";

type Example = { action?: string; [key: string]: unknown };
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as Array<{ name: string; examples: Example[] }>;

const schemas: Record<string, z.ZodType> = {
  pull_request: pullRequestPayload,
  check_run: checkRunPayload,
  check_suite: checkSuitePayload,
  merge_group: mergeGroupPayload,
  push: pushPayload,
  issue_comment: issueCommentPayload,
  issues: issuePayload,
};

describe("payload schemas accept what GitHub sends", () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(`every ${name} example GitHub publishes passes`, () => {
      const all = examples.find((e) => e.name === name)!.examples;
      expect(all.length).toBeGreaterThan(0);
      const failures = all.map((payload) => ({ action: payload.action, result: schema.safeParse(payload) })).filter((r) => !r.result.success);
      expect(failures.map((f) => `${f.action}: ${f.result.error?.issues.map((i) => i.path.join(".")).join(", ")}`)).toEqual([]);
    });
  }

  it("every issue_comment example passes the sensor's schema too (it reads the issue's title, body and labels)", () => {
    const all = examples.find((e) => e.name === "issue_comment")!.examples;
    expect(all.filter((payload) => !sensorCommentPayload.safeParse(payload).success).map((p) => p.action)).toEqual([]);
  });

  it("keeps only the fields the handler reads, typed", () => {
    const parsed = pullRequestPayload.parse(examplePayload("pull_request", "opened"));
    expect(parsed.pull_request).toEqual({ number: 2, head: { sha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821" }, labels: [{ name: "bug" }], merged: false });
  });
});

describe("handlers refuse malformed payloads before any request (nock, Probot.receive)", () => {
  let github: GitHubApiRecorder;
  let probot: Probot;
  beforeEach(() => {
    github = new GitHubApiRecorder();
    probot = createTestProbot();
  });
  afterEach(() => {
    github.done();
    nock.cleanAll();
  });

  const receive = (name: string, payload: unknown) => probot.receive({ id: "x", name, payload } as Parameters<Probot["receive"]>[0]);

  it("pull_request: null is a 400 MalformedPayload naming the field, with no request made", async () => {
    const payload = { ...examplePayload("pull_request", "opened"), pull_request: null };
    const error = await receive("pull_request", payload).then(() => undefined, (e: AggregateError) => e.errors[0] as { name: string; status: number; message: string });
    expect(error).toMatchObject({ name: "MalformedPayload", status: 400 });
    expect(error!.message).toBe("the pull_request.opened payload does not have the shape GitHub sends: pull_request: Invalid input: expected object, received null");
    expect(github.calls).toEqual([]);
  });

  it("issue_comment with comment.body null, and without issue, are refused", async () => {
    const comment = examplePayload("issue_comment", "created");
    for (const payload of [{ ...comment, comment: { ...(comment.comment as object), body: null } }, { ...comment, issue: undefined }]) {
      const error = await receive("issue_comment", payload).then(() => undefined, (e: AggregateError) => e.errors[0] as Error);
      expect(error?.name).toBe("MalformedPayload");
      expect(error?.message).toMatch(/^the issue_comment\.created payload does not have the shape GitHub sends: (comment\.body|issue): /);
    }
    expect(github.calls).toEqual([]);
  });

  it("a hosted delivery without installation is refused: the app cannot act for the repository", async () => {
    const { installation: _none, ...payload } = examplePayload("check_suite", "rerequested");
    const error = await receive("check_suite", payload).then(() => undefined, (e: AggregateError) => e.errors[0] as Error);
    expect(error?.message).toBe("the check_suite.rerequested payload does not have the shape GitHub sends: installation: required");
    expect(github.calls).toEqual([]);
  });
});
