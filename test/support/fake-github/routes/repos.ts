/** Repositories and users: `GET /repos/{owner}/{repo}` and `GET /users/{username}`. */
import type { Routes } from "../http.js";
import { userJson } from "../representations/accounts.js";
import { repositoryJson } from "../representations/repos.js";
import { repoFromParams } from "./params.js";

export const repoRoutes: Routes = {
  "repos/get": (world, request) => ({ status: 200, json: repositoryJson(world.state, repoFromParams(world, request.params), world.urls) }),
  "users/get-by-username": (world, request) => ({ status: 200, json: userJson(world.state, request.params.username ?? "", world.urls) }),
};
