/** The app and its installations: who the app is, installation tokens, where it is installed. */
import { randomBytes } from "node:crypto";
import type { RestEndpointMethodTypes } from "@octokit/rest";
import { GitHubError, notFound, paginate, type ApiRequest, type Reply, type Routes } from "../http.js";
import { appJson, installationJson } from "../representations/accounts.js";
import { timestamp } from "../representations/common.js";
import { nestedRepositoryJson } from "../representations/repos.js";
import { sameName } from "../state.js";
import type { FakeWorld } from "../world.js";
import { repoFromParams } from "./params.js";

function createInstallationAccessToken(world: FakeWorld, request: ApiRequest): Reply {
  const installationId = Number(request.params.installation_id);
  const installation = world.state.installations.find((i) => i.id === installationId);
  if (!installation) throw notFound();
  const now = world.date();
  const token = { token: `ghs_${randomBytes(18).toString("hex")}`, installationId, expiresAt: timestamp(new Date(now.getTime() + 3600_000)) };
  world.state.issuedTokens.push(token);
  return {
    status: 201,
    json: {
      token: token.token,
      expires_at: token.expiresAt,
      permissions: { checks: "write", contents: "write", issues: "write", pull_requests: "write", metadata: "read", members: "read" },
      repository_selection: "all",
    } satisfies RestEndpointMethodTypes["apps"]["createInstallationAccessToken"]["response"]["data"],
  };
}

function getRepoInstallation(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const installation = world.state.installations.find((i) => sameName(i.account, repository.owner));
  if (!installation) throw notFound();
  return { status: 200, json: installationJson(world.state, installation, world.urls) };
}

function getInstallation(world: FakeWorld, request: ApiRequest): Reply {
  const installation = world.state.installations.find((i) => i.id === Number(request.params.installation_id));
  if (!installation) throw notFound();
  return { status: 200, json: installationJson(world.state, installation, world.urls) };
}

function listReposAccessibleToInstallation(world: FakeWorld, request: ApiRequest): Reply {
  const caller = request.caller;
  if (caller.kind !== "installation") throw new GitHubError(403, "This endpoint requires an installation access token.");
  const installation = world.state.installations.find((i) => i.id === caller.installationId);
  const repositories = world.state.repositories
    .filter((r) => installation && sameName(r.owner, installation.account))
    .map((r) => nestedRepositoryJson(world.state, r, world.urls));
  return paginate(request, repositories, (page) => ({ total_count: repositories.length, repository_selection: "all", repositories: page }));
}

export const appRoutes: Routes = {
  "apps/get-authenticated": (world) => ({ status: 200, json: appJson(world.state, world.urls) }),
  "apps/create-installation-access-token": createInstallationAccessToken,
  "apps/get-repo-installation": getRepoInstallation,
  "apps/get-installation": getInstallation,
  "apps/list-installations": (world, request) => paginate(request, world.state.installations.map((i) => installationJson(world.state, i, world.urls))),
  "apps/list-repos-accessible-to-installation": listReposAccessibleToInstallation,
};
