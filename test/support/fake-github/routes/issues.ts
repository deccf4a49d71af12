/**
 * Issues and their comments (a pull request is an issue; plain issues live in `state.issues`).
 * Every comment write emits GitHub's `issue_comment` event, on a pull request or a plain issue.
 */
import { notFound, paginate, validationFailed, type ApiRequest, type BodyOf, type Reply, type Routes } from "../http.js";
import { issueCommentJson } from "../representations/comments.js";
import { plainIssueJson } from "../representations/issues.js";
import { issueJson, type IssueJson } from "../representations/pulls.js";
import { account, nextId, sameName, sameRepo, type FakeIssue } from "../state.js";
import { issueCommentEvent } from "../webhooks.js";
import type { FakeWorld } from "../world.js";
import { actorLogin, commentFromParams, plainIssueFromParams, pullFromParams, repoFromParams } from "./params.js";

const MAX_COMMENT_LENGTH = 65536;

function checkCommentLength(body: string): void {
  if (body.length > MAX_COMMENT_LENGTH) throw validationFailed("IssueComment", "custom", "body", `body is too long (maximum is ${MAX_COMMENT_LENGTH} characters)`);
}

function listComments(world: FakeWorld, request: ApiRequest): Reply {
  const pr = plainIssueFromParams(world, request.params) ?? pullFromParams(world, request.params, "issue_number");
  const since = request.query.get("since");
  const comments = world.commentsOn({ owner: pr.repo.owner, repo: pr.repo.name, number: pr.number })
    .filter((comment) => !since || comment.updatedAt >= since);
  return paginate(request, comments.map((comment) => issueCommentJson(world.state, comment, world.urls)));
}

function createComment(world: FakeWorld, request: ApiRequest): Reply {
  const pr = plainIssueFromParams(world, request.params) ?? pullFromParams(world, request.params, "issue_number");
  const { body } = request.body as BodyOf<"issues", "createComment">;
  checkCommentLength(body);
  const actor = actorLogin(world, request);
  const comment = world.insertComment(pr, actor, body, request.caller.kind === "installation" ? world.state.app.id : null);
  world.emit(issueCommentEvent(world.payloadSource, pr, comment, "created", { sender: actor }));
  return { status: 201, json: issueCommentJson(world.state, comment, world.urls), headers: { location: issueCommentJson(world.state, comment, world.urls).url } };
}

function updateComment(world: FakeWorld, request: ApiRequest): Reply {
  const comment = commentFromParams(world, request.params);
  const { body } = request.body as BodyOf<"issues", "updateComment">;
  checkCommentLength(body);
  const previousBody = comment.body;
  comment.body = body;
  comment.updatedAt = world.now();
  world.emit(issueCommentEvent(world.payloadSource, world.issueOf(comment), comment, "edited", { sender: actorLogin(world, request), previousBody }));
  return { status: 200, json: issueCommentJson(world.state, comment, world.urls) };
}

function deleteComment(world: FakeWorld, request: ApiRequest): Reply {
  const comment = commentFromParams(world, request.params);
  const pr = world.issueOf(comment);
  world.state.issueComments.splice(world.state.issueComments.indexOf(comment), 1);
  world.emit(issueCommentEvent(world.payloadSource, pr, comment, "deleted", { sender: actorLogin(world, request) }));
  return { status: 204 };
}

function getIssue(world: FakeWorld, request: ApiRequest): Reply {
  const issue = plainIssueFromParams(world, request.params);
  if (issue) return { status: 200, json: plainIssueJson(world.state, issue, world.urls) };
  return { status: 200, json: issueJson(world.state, pullFromParams(world, request.params, "issue_number"), world.urls) };
}

/** `GET /repos/{owner}/{repo}/issues`: issues and pull requests, filtered and sorted as GitHub does. */
function listIssues(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const query = request.query;
  const state = query.get("state") ?? "open";
  const labels = (query.get("labels") ?? "").split(",").map((name) => name.trim()).filter(Boolean);
  const since = query.get("since");
  const creator = query.get("creator");
  const entries: Array<{ json: IssueJson; state: string; labels: string[]; user: string }> = [
    ...world.state.pullRequests.filter((pr) => sameRepo(pr.repo, repository))
      .map((pr) => ({ json: issueJson(world.state, pr, world.urls), state: pr.state, labels: pr.labels, user: pr.user })),
    ...world.state.issues.filter((issue) => sameRepo(issue.repo, repository))
      .map((issue) => ({ json: plainIssueJson(world.state, issue, world.urls), state: issue.state, labels: issue.labels, user: issue.user })),
  ];
  const sort = query.get("sort") ?? "created";
  const key = (json: IssueJson) => (sort === "updated" ? json.updated_at : sort === "comments" ? String(json.comments).padStart(12, "0") : json.created_at);
  const sign = (query.get("direction") ?? "desc") === "asc" ? 1 : -1;
  const listed = entries
    .filter((e) => state === "all" || e.state === state)
    .filter((e) => labels.every((name) => e.labels.some((label) => sameName(label, name))))
    .filter((e) => !since || e.json.updated_at >= since)
    .filter((e) => !creator || sameName(e.user, creator))
    .map((e) => e.json)
    // Ties (one timestamp) go by number, in the same direction.
    .sort((a, b) => sign * (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.number - b.number));
  return paginate(request, listed);
}

function labelNames(labels: BodyOf<"issues", "create">["labels"]): string[] {
  return (labels ?? []).flatMap((label) => (typeof label === "string" ? [label] : label.name ? [label.name] : []));
}

function createIssue(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const body = request.body as BodyOf<"issues", "create">;
  const now = world.now();
  const issue: FakeIssue = {
    id: nextId(world.state),
    number: repository.nextIssueNumber++,
    repo: { owner: repository.owner, name: repository.name },
    title: String(body.title),
    body: body.body ?? null,
    state: "open",
    user: account(world.state, actorLogin(world, request)).login,
    labels: labelNames(body.labels).map((name) => world.createLabel({ owner: repository.owner, repo: repository.name, name }).name),
    reactions: [],
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  };
  world.state.issues.push(issue);
  const json = plainIssueJson(world.state, issue, world.urls);
  return { status: 201, json, headers: { location: json.url } };
}

function updateIssue(world: FakeWorld, request: ApiRequest): Reply {
  const issue = plainIssueFromParams(world, request.params);
  // Editing a pull request through the Issues API is not needed by the app yet.
  if (!issue) throw notFound();
  const body = request.body as BodyOf<"issues", "update">;
  if (body.title !== undefined && body.title !== null) issue.title = String(body.title);
  if (body.body !== undefined) issue.body = body.body ?? null;
  if (body.state && body.state !== issue.state) {
    issue.state = body.state;
    issue.closedAt = body.state === "closed" ? world.now() : null;
  }
  if (body.labels) issue.labels = labelNames(body.labels).map((name) => world.createLabel({ owner: issue.repo.owner, repo: issue.repo.name, name }).name);
  issue.updatedAt = world.now();
  return { status: 200, json: plainIssueJson(world.state, issue, world.urls) };
}

export const issueRoutes: Routes = {
  "issues/get": getIssue,
  "issues/list-for-repo": listIssues,
  "issues/create": createIssue,
  "issues/update": updateIssue,
  "issues/list-comments": listComments,
  "issues/create-comment": createComment,
  "issues/get-comment": (world, request) => ({ status: 200, json: issueCommentJson(world.state, commentFromParams(world, request.params), world.urls) }),
  "issues/update-comment": updateComment,
  "issues/delete-comment": deleteComment,
};
