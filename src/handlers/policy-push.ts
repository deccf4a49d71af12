import type { Context } from "probot";
import { POLICY_PATH } from "../domain/policy/resolve.js";
import type { AppServices } from "../app/services.js";
import { webhookHandler, type Handled } from "./delivery.js";
import { pushPayload } from "./payloads.js";

/**
 * docs/reference/policy.md: the cached policy is refreshed when a push to the default branch touches it (here or
 * in a repository it is built from, such as the organisation's `.github`).
 */
export const onPush = webhookHandler(pushPayload, async (services: AppServices, _context: Context<"push">, payload): Promise<Handled> => {
  const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
  const defaultRef = `refs/heads/${payload.repository.default_branch}`;
  // The feed and the sensor's releases are built from every manifest and registry on the branch: any push to it may change them.
  if (payload.ref === defaultRef) {
    services.feedCache.invalidateSource(repo);
    services.sensorCatalogues.invalidateSource(repo);
  }
  if (payload.ref !== defaultRef) return { outcome: "ignored: not the default branch" };
  const paths = payload.commits.flatMap((commit) => [...(commit.added ?? []), ...(commit.modified ?? []), ...(commit.removed ?? [])]);
  // A push of more than 2,048 commits lists none of them: refresh to be safe.
  const unknown = payload.commits.length === 0;
  if (unknown || paths.includes(POLICY_PATH)) {
    services.policyCache.invalidateSource(repo);
    services.templateCache.invalidateSource(repo);
    return { outcome: "policy and templates refreshed" };
  }
  if (paths.some((path) => path.startsWith(".github/"))) {
    // The templates folder is named by the policy; any change under .github may be one.
    services.templateCache.invalidateSource(repo);
    return { outcome: "templates refreshed" };
  }
  return { outcome: "ignored: neither policy nor templates changed" };
});
