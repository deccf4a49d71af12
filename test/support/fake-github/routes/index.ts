/**
 * Every REST operation the stand-in serves, keyed by GitHub's OpenAPI operationId. A valid call
 * to any other operation gets a loud 501: to serve one, add a route to the file for its resource.
 */
import type { Routes } from "../http.js";
import { appRoutes } from "./apps.js";
import { checkRoutes } from "./checks.js";
import { collaboratorRoutes } from "./collaborators.js";
import { commitRoutes } from "./commits.js";
import { contentRoutes } from "./contents.js";
import { deploymentRoutes } from "./deployments.js";
import { gitRoutes } from "./git.js";
import { issueRoutes } from "./issues.js";
import { labelRoutes } from "./labels.js";
import { pullRoutes } from "./pulls.js";
import { rateLimitRoutes } from "./rate-limit.js";
import { reactionRoutes } from "./reactions.js";
import { releaseRoutes } from "./releases.js";
import { repoRoutes } from "./repos.js";

export const ROUTES: Routes = {
  ...appRoutes,
  ...rateLimitRoutes,
  ...repoRoutes,
  ...contentRoutes,
  ...gitRoutes,
  ...collaboratorRoutes,
  ...pullRoutes,
  ...issueRoutes,
  ...reactionRoutes,
  ...labelRoutes,
  ...checkRoutes,
  ...releaseRoutes,
  ...commitRoutes,
  ...deploymentRoutes,
};
