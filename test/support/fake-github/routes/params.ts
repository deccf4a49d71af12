/**
 * What a route's path parameters name, looked up in the state: GitHub's 404 when it is not there
 * (or is in another repository), never the scenario helpers' thrown `Error`.
 */
import { notFound, type ApiRequest } from "../http.js";
import {
  findRepository,
  sameRepo,
  type FakeCheckRun,
  type FakeIssue,
  type FakeIssueComment,
  type FakePullRequest,
  type FakeRelease,
  type FakeRepository,
} from "../state.js";
import type { FakeWorld } from "../world.js";

export function repoFromParams(world: FakeWorld, params: Record<string, string>): FakeRepository {
  const repository = findRepository(world.state, { owner: params.owner ?? "", name: params.repo ?? "" });
  if (!repository) throw notFound();
  return repository;
}

/** A pull request by `pull_number`, or by `issue_number` (every pull request is also an issue). */
export function pullFromParams(world: FakeWorld, params: Record<string, string>, numberParam: "pull_number" | "issue_number"): FakePullRequest {
  const repository = repoFromParams(world, params);
  const number = Number(params[numberParam]);
  const pr = world.state.pullRequests.find((candidate) => sameRepo(candidate.repo, repository) && candidate.number === number);
  if (!pr) throw notFound();
  return pr;
}

/** A plain issue (not a pull request) by `issue_number`, or undefined when the number is a pull request's or nothing's. */
export function plainIssueFromParams(world: FakeWorld, params: Record<string, string>): FakeIssue | undefined {
  const repository = repoFromParams(world, params);
  const number = Number(params.issue_number);
  return world.state.issues.find((candidate) => sameRepo(candidate.repo, repository) && candidate.number === number);
}

export function commentFromParams(world: FakeWorld, params: Record<string, string>): FakeIssueComment {
  const repository = repoFromParams(world, params);
  const comment = world.state.issueComments.find((c) => c.id === Number(params.comment_id) && sameRepo(c.repo, repository));
  if (!comment) throw notFound();
  return comment;
}

export function checkRunFromParams(world: FakeWorld, params: Record<string, string>): FakeCheckRun {
  const repository = repoFromParams(world, params);
  const run = world.state.checkRuns.find((r) => r.id === Number(params.check_run_id) && sameRepo(r.repo, repository));
  if (!run) throw notFound();
  return run;
}

export function releaseFromParams(world: FakeWorld, params: Record<string, string>): FakeRelease {
  const repository = repoFromParams(world, params);
  const release = world.state.releases.find((r) => r.id === Number(params.release_id) && sameRepo(r.repo, repository));
  if (!release) throw notFound();
  return release;
}

/** The login an API write is attributed to: the app's bot for the app and its installations. */
export function actorLogin(world: FakeWorld, request: ApiRequest): string {
  return request.caller.kind === "app" ? world.botLogin : request.caller.login;
}
