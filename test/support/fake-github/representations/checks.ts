/** Check runs, their annotations, and check suites. */
import type { RestEndpointMethodTypes } from "@octokit/rest";
import { fullName, sameRepo, type FakeCheckRun, type FakeCheckSuite, type FakeGitHubState, type FakePullRequestEnd, type FakeRepoKey } from "../state.js";
import { appJson } from "./accounts.js";
import { nodeId, repositoryOrThrow, type SandboxUrls } from "./common.js";
import { simpleCommitJson } from "./contents.js";
import { minimalRepositoryJson } from "./repos.js";

export type CheckRunJson = RestEndpointMethodTypes["checks"]["get"]["response"]["data"];

export type CheckAnnotationJson = RestEndpointMethodTypes["checks"]["listAnnotations"]["response"]["data"][number];

export type CheckSuiteJson = RestEndpointMethodTypes["checks"]["getSuite"]["response"]["data"];

/** Open pull requests in the check's repository whose head is the check's commit (not forks: GitHub omits those). */
export function checkRunPullRequests(state: FakeGitHubState, repo: FakeRepoKey, headSha: string, urls: SandboxUrls): CheckRunJson["pull_requests"] {
  return state.pullRequests
    .filter((pr) => sameRepo(pr.repo, repo) && pr.state === "open" && pr.head.sha === headSha && sameRepo(pr.head.repo, repo))
    .map((pr) => {
      const end = (e: FakePullRequestEnd) => {
        const endRepo = repositoryOrThrow(state, e.repo);
        return { ref: e.ref, sha: e.sha, repo: { id: endRepo.id, url: `${urls.api}/repos/${fullName(endRepo)}`, name: endRepo.name } };
      };
      return { id: pr.id, number: pr.number, url: `${urls.api}/repos/${fullName(repo)}/pulls/${pr.number}`, head: end(pr.head), base: end(pr.base) };
    });
}

export function checkRunJson(state: FakeGitHubState, run: FakeCheckRun, urls: SandboxUrls): CheckRunJson {
  const api = `${urls.api}/repos/${fullName(run.repo)}`;
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId("CheckRun", run.id),
    external_id: run.externalId,
    url: `${api}/check-runs/${run.id}`,
    html_url: `${urls.web}/${fullName(run.repo)}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${urls.web}/apps/${state.app.slug}`,
    status: run.status,
    // Octokit's type omits "stale" (only GitHub sets it); the fake never produces it on its own.
    conclusion: run.conclusion === "stale" ? null : run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.output.annotations.length,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.checkSuiteId },
    app: appJson(state, urls),
    pull_requests: checkRunPullRequests(state, run.repo, run.headSha, urls),
  };
}

export function checkAnnotationJson(run: FakeCheckRun, index: number, urls: SandboxUrls): CheckAnnotationJson {
  const annotation = run.output.annotations[index];
  if (!annotation) throw new Error(`sandbox: check run ${run.id} has no annotation ${index}`);
  return {
    path: annotation.path,
    start_line: annotation.start_line,
    end_line: annotation.end_line,
    start_column: annotation.start_column ?? null,
    end_column: annotation.end_column ?? null,
    annotation_level: annotation.annotation_level,
    title: annotation.title ?? null,
    message: annotation.message,
    raw_details: annotation.raw_details ?? null,
    blob_href: `${urls.web}/${fullName(run.repo)}/blob/${run.headSha}/${annotation.path}`,
  };
}

export function checkSuiteJson(state: FakeGitHubState, suite: FakeCheckSuite, urls: SandboxUrls): CheckSuiteJson {
  const runs = state.checkRuns.filter((run) => run.checkSuiteId === suite.id);
  const completed = runs.length > 0 && runs.every((run) => run.status === "completed");
  const conclusionOrder = ["action_required", "cancelled", "timed_out", "failure", "neutral", "skipped", "success"] as const;
  const conclusion = completed
    ? conclusionOrder.find((candidate) => runs.some((run) => run.conclusion === candidate)) ?? "neutral"
    : null;
  const head = state.commits[suite.headSha];
  return {
    id: suite.id,
    node_id: nodeId("CheckSuite", suite.id),
    head_branch: suite.headBranch,
    head_sha: suite.headSha,
    status: runs.length === 0 ? "queued" : completed ? "completed" : "in_progress",
    conclusion,
    url: `${urls.api}/repos/${fullName(suite.repo)}/check-suites/${suite.id}`,
    before: head?.parents[0] ?? null,
    after: suite.headSha,
    pull_requests: checkRunPullRequests(state, suite.repo, suite.headSha, urls),
    app: appJson(state, urls),
    repository: minimalRepositoryJson(state, suite.repo, urls),
    created_at: runs[0]?.startedAt ?? null,
    updated_at: runs.at(-1)?.completedAt ?? runs.at(-1)?.startedAt ?? null,
    head_commit: simpleCommitJson(head, suite.headSha),
    latest_check_runs_count: runs.length,
    check_runs_url: `${urls.api}/repos/${fullName(suite.repo)}/check-suites/${suite.id}/check-runs`,
    rerequestable: true,
    runs_rerequestable: true,
  };
}
