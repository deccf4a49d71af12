/** Who may do what: a collaborator's permission, team membership, organization membership. */
import type { RestEndpointMethodTypes } from "@octokit/rest";
import { DOCS, notFound, type ApiRequest, type Reply, type Routes } from "../http.js";
import { collaboratorPermissionJson } from "../representations/accounts.js";
import { sameName } from "../state.js";
import type { FakeWorld } from "../world.js";
import { repoFromParams } from "./params.js";

function getCollaboratorPermissionLevel(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  return { status: 200, json: collaboratorPermissionJson(world.state, repository, request.params.username ?? "", world.urls) };
}

function getTeamMembership(world: FakeWorld, request: ApiRequest): Reply {
  const team = world.state.teams.find((t) => sameName(t.org, request.params.org ?? "") && sameName(t.slug, request.params.team_slug ?? ""));
  const login = request.params.username ?? "";
  const role = team ? Object.entries(team.members).find(([member]) => sameName(member, login))?.[1] : undefined;
  if (!team || !role) throw notFound();
  return {
    status: 200,
    json: { url: `${world.apiUrl}/teams/${team.id}/memberships/${login}`, role, state: "active" } satisfies RestEndpointMethodTypes["teams"]["getMembershipForUserInOrg"]["response"]["data"],
  };
}

/** A member of any of the organization's teams counts as a member of the organization. */
function checkOrgMembership(world: FakeWorld, request: ApiRequest): Reply {
  const org = request.params.org ?? "";
  const login = request.params.username ?? "";
  const member = world.state.teams.some((t) => sameName(t.org, org) && Object.keys(t.members).some((m) => sameName(m, login)));
  return member ? { status: 204 } : { status: 404, json: { message: "User does not exist or is not a member of the organization", documentation_url: DOCS, status: "404" } };
}

export const collaboratorRoutes: Routes = {
  "repos/get-collaborator-permission-level": getCollaboratorPermissionLevel,
  "teams/get-membership-for-user-in-org": getTeamMembership,
  "orgs/check-membership-for-user": checkOrgMembership,
};
