/** Reactions on issue comments (the app answers commands from bots with a reaction). */
import { notFound, paginate, type ApiRequest, type Reply, type Routes } from "../http.js";
import { reactionJson } from "../representations/comments.js";
import { nextId, sameName, type ReactionContent } from "../state.js";
import type { FakeWorld } from "../world.js";
import { actorLogin, commentFromParams } from "./params.js";

/** One reaction per person and content: a repeat answers 200 with the existing one, as GitHub does. */
function createReaction(world: FakeWorld, request: ApiRequest): Reply {
  const comment = commentFromParams(world, request.params);
  const { content } = request.body as { content: ReactionContent };
  const actor = actorLogin(world, request);
  const existing = comment.reactions.find((r) => r.content === content && sameName(r.user, actor));
  if (existing) return { status: 200, json: reactionJson(world.state, existing, world.urls) };
  const reaction = { id: nextId(world.state), user: actor, content, createdAt: world.now() };
  comment.reactions.push(reaction);
  return { status: 201, json: reactionJson(world.state, reaction, world.urls) };
}

function listReactions(world: FakeWorld, request: ApiRequest): Reply {
  const comment = commentFromParams(world, request.params);
  const content = request.query.get("content");
  return paginate(request, comment.reactions.filter((r) => !content || r.content === content).map((r) => reactionJson(world.state, r, world.urls)));
}

function deleteReaction(world: FakeWorld, request: ApiRequest): Reply {
  const comment = commentFromParams(world, request.params);
  const index = comment.reactions.findIndex((r) => r.id === Number(request.params.reaction_id));
  if (index < 0) throw notFound();
  comment.reactions.splice(index, 1);
  return { status: 204 };
}

export const reactionRoutes: Routes = {
  "reactions/create-for-issue-comment": createReaction,
  "reactions/list-for-issue-comment": listReactions,
  "reactions/delete-for-issue-comment": deleteReaction,
};
