import { Octokit } from "@octokit/rest";
import { describe, expect, it } from "vitest";
import { matchGitHubRoute } from "./openapi/document.js";
import { validateGitHubRequest, type GitHubRequestValidation } from "./openapi/validate.js";

/** Validate what a real Octokit would send for a call, without sending it. */
function validateOctokitCall(endpoint: { method: string; url: string; body?: unknown }): GitHubRequestValidation {
  const url = new URL(endpoint.url);
  return validateGitHubRequest({ method: endpoint.method, path: `${url.pathname}${url.search}`, body: endpoint.body });
}

const octokit = new Octokit();
const repo = { owner: "acme", repo: "shop" };
const sha = "a".repeat(40);

describe("validateGitHubRequest", () => {
  it("accepts the requests Octokit builds for the calls the app makes", () => {
    const calls = [
      octokit.rest.checks.create.endpoint({
        ...repo,
        name: "Release readiness",
        head_sha: sha,
        status: "completed",
        conclusion: "failure",
        output: {
          title: "1 item missing",
          summary: "docs is missing",
          annotations: [{ path: "readiness/a.yml", start_line: 3, end_line: 3, annotation_level: "failure", message: "docs missing" }],
        },
      }),
      octokit.rest.checks.update.endpoint({ ...repo, check_run_id: 7, conclusion: "success", output: { title: "ok", summary: "ok" } }),
      octokit.rest.checks.listForRef.endpoint({ ...repo, ref: "feature/x", check_name: "Release readiness", per_page: 100 }),
      octokit.rest.repos.getContent.endpoint({ ...repo, path: ".github/release-readiness.yml", ref: "main" }),
      octokit.rest.repos.createOrUpdateFileContents.endpoint({ ...repo, path: "readiness/a.yml", message: "m", content: "eA==", sha: "b".repeat(40), branch: "x" }),
      octokit.rest.pulls.listFiles.endpoint({ ...repo, pull_number: 3, per_page: 100, page: 2 }),
      octokit.rest.issues.addLabels.endpoint({ ...repo, issue_number: 3, labels: ["release:beta"] }),
      octokit.rest.issues.removeLabel.endpoint({ ...repo, issue_number: 3, name: "campaign:email" }),
      octokit.rest.issues.createComment.endpoint({ ...repo, issue_number: 3, body: "hi" }),
      octokit.rest.reactions.createForIssueComment.endpoint({ ...repo, comment_id: 9, content: "+1" }),
      octokit.rest.repos.getCollaboratorPermissionLevel.endpoint({ ...repo, username: "alice" }),
      octokit.rest.teams.getMembershipForUserInOrg.endpoint({ org: "acme", team_slug: "payments", username: "alice" }),
      octokit.rest.repos.createRelease.endpoint({ ...repo, tag_name: "v1", name: "v1", body: "notes", draft: true }),
      octokit.rest.apps.createInstallationAccessToken.endpoint({ installation_id: 12 }),
    ];
    for (const call of calls) {
      const result = validateOctokitCall(call);
      expect(result, `${call.method} ${call.url}`).toMatchObject({ ok: true });
    }
  });

  it("names the operation and decodes path parameters, including slashes in {path}", () => {
    const result = validateGitHubRequest({ method: "GET", path: "/api/v3/repos/acme/shop/contents/.github%2Frelease-readiness.yml?ref=main" });
    expect(result).toEqual({
      ok: true,
      operationId: "repos/get-content",
      template: "/repos/{owner}/{repo}/contents/{path}",
      params: { owner: "acme", repo: "shop", path: ".github/release-readiness.yml" },
    });
    const literalSlashes = matchGitHubRoute("GET", "/repos/acme/shop/contents/readiness/deep/a.yml");
    expect(literalSlashes).toMatchObject({ found: true, route: { params: { path: "readiness/deep/a.yml" } } });
  });

  it("prefers literal segments over parameters", () => {
    expect(matchGitHubRoute("GET", "/repos/acme/shop/issues/comments/5")).toMatchObject({
      found: true,
      route: { operationId: "issues/get-comment", params: { comment_id: "5" } },
    });
    expect(matchGitHubRoute("GET", "/repos/acme/shop/issues/5/comments")).toMatchObject({
      found: true,
      route: { operationId: "issues/list-comments", params: { issue_number: "5" } },
    });
  });

  it("rejects an unknown endpoint, naming method and path", () => {
    const result = validateGitHubRequest({ method: "POST", path: "/repos/acme/shop/check-run" });
    expect(result).toEqual({ ok: false, status: 404, error: expect.stringContaining("POST /repos/acme/shop/check-run") });
    const wrongMethod = validateGitHubRequest({ method: "PUT", path: "/repos/acme/shop/issues/comments/5" });
    expect(wrongMethod).toMatchObject({ ok: false, status: 404, error: expect.stringContaining("allows GET") });
  });

  it("rejects a body GitHub would refuse, with ajv's explanation", () => {
    const result = validateGitHubRequest({
      method: "POST",
      path: "/repos/acme/shop/check-runs",
      body: { name: "Release readiness", head_sha: sha, conclusion: "great" },
    });
    expect(result).toMatchObject({ ok: false, status: 422 });
    expect(!result.ok && result.error).toMatch(/conclusion must be equal to one of the allowed values.*"success"/);

    const missing = validateGitHubRequest({ method: "POST", path: "/repos/acme/shop/check-runs", body: { name: "x" } });
    expect(!missing.ok && missing.error).toMatch(/must have required property 'head_sha'/);

    const tooLong = validateGitHubRequest({
      method: "PATCH",
      path: "/repos/acme/shop/check-runs/1",
      body: { output: { title: "t", summary: "x".repeat(65536) } },
    });
    expect(!tooLong.ok && tooLong.error).toMatch(/summary must NOT have more than 65535 characters/);
  });

  it("accepts null where OpenAPI 3.0 says nullable", () => {
    // `milestone` is `nullable: true` in issues/update.
    expect(validateGitHubRequest({ method: "PATCH", path: "/repos/acme/shop/issues/3", body: { milestone: null } })).toMatchObject({ ok: true });
    expect(validateGitHubRequest({ method: "PATCH", path: "/repos/acme/shop/issues/3", body: { title: null } })).toMatchObject({ ok: true });
    expect(validateGitHubRequest({ method: "PATCH", path: "/repos/acme/shop/issues/3", body: { state: null } })).toMatchObject({ ok: false });
  });

  it("rejects misspelt body fields and query parameters GitHub would silently ignore", () => {
    const typo = validateGitHubRequest({ method: "POST", path: "/repos/acme/shop/check-runs", body: { name: "x", head_sha: sha, conclsion: "success" } });
    expect(!typo.ok && typo.error).toMatch(/conclsion/);
    const query = validateGitHubRequest({ method: "GET", path: "/repos/acme/shop/pulls", query: { state: "opened", perpage: 5 } });
    expect(!query.ok && query.error).toMatch(/state="opened" must be one of/);
    expect(!query.ok && query.error).toMatch(/unknown query parameter perpage/);
  });

  it("rejects a non-numeric id where GitHub expects an integer (an undefined number in a URL)", () => {
    const result = validateGitHubRequest({ method: "GET", path: "/repos/acme/shop/issues/undefined/comments" });
    expect(!result.ok && result.error).toMatch(/issue_number="undefined" must be an integer/);
  });
});
