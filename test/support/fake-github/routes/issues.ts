/** Issues and their comments (a pull request is an issue); every write emits GitHub's `issue_comment` event. */
import { paginate, validationFailed, type ApiRequest, type BodyOf, type Reply, type Routes } from "../http.js";
import { issueCommentJson } from "../representations/comments.js";
import { issueJson } from "../representations/pulls.js";
import { issueCommentEvent } from "../webhooks.js";
import type { FakeWorld } from "../world.js";
import { actorLogin, commentFromParams, pullFromParams } from "./params.js";

const MAX_COMMENT_LENGTH = 65536;

function checkCommentLength(body: string): void {
  if (body.length > MAX_COMMENT_LENGTH) throw validationFailed("IssueComment", "custom", "body", `body is too long (maximum is ${MAX_COMMENT_LENGTH} characters)`);
}

function listComments(world: FakeWorld, request: ApiRequest): Reply {
  const pr = pullFromParams(world, request.params, "issue_number");
  const since = request.query.get("since");
  const comments = world.commentsOn({ owner: pr.repo.owner, repo: pr.repo.name, number: pr.number })
    .filter((comment) => !since || comment.updatedAt >= since);
  return paginate(request, comments.map((comment) => issueCommentJson(world.state, comment, world.urls)));
}

function createComment(world: FakeWorld, request: ApiRequest): Reply {
  const pr = pullFromParams(world, request.params, "issue_number");
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
  world.emit(issueCommentEvent(world.payloadSource, world.pullRequestOf(comment), comment, "edited", { sender: actorLogin(world, request), previousBody }));
  return { status: 200, json: issueCommentJson(world.state, comment, world.urls) };
}

function deleteComment(world: FakeWorld, request: ApiRequest): Reply {
  const comment = commentFromParams(world, request.params);
  const pr = world.pullRequestOf(comment);
  world.state.issueComments.splice(world.state.issueComments.indexOf(comment), 1);
  world.emit(issueCommentEvent(world.payloadSource, pr, comment, "deleted", { sender: actorLogin(world, request) }));
  return { status: 204 };
}

export const issueRoutes: Routes = {
  "issues/get": (world, request) => ({ status: 200, json: issueJson(world.state, pullFromParams(world, request.params, "issue_number"), world.urls) }),
  "issues/list-comments": listComments,
  "issues/create-comment": createComment,
  "issues/get-comment": (world, request) => ({ status: 200, json: issueCommentJson(world.state, commentFromParams(world, request.params), world.urls) }),
  "issues/update-comment": updateComment,
  "issues/delete-comment": deleteComment,
};
