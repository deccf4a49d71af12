import type { Context } from "probot";
import { POLICY_PATH } from "../domain/policy/resolve.js";
import type { AppServices } from "../app/services.js";

/**
 * docs/reference/policy.md: the cached policy is refreshed when a push to the default branch touches it (here or
 * in a repository it is built from, such as the organisation's `.github`).
 */
export async function onPush(services: AppServices, context: Context<"push">): Promise<void> {
  const { payload } = context;
  const defaultRef = `refs/heads/${payload.repository.default_branch}`;
  if (payload.ref !== defaultRef) return;
  // The feed is built from every manifest and registry on the branch: any push may change it.
  services.feedCache.invalidateSource(context.repo());
  const paths = payload.commits.flatMap((commit) => [...(commit.added ?? []), ...(commit.modified ?? []), ...(commit.removed ?? [])]);
  // A push of more than 2,048 commits lists none of them: refresh to be safe.
  const unknown = payload.commits.length === 0;
  if (unknown || paths.includes(POLICY_PATH)) {
    services.policyCache.invalidateSource(context.repo());
    services.templateCache.invalidateSource(context.repo());
  } else if (paths.some((path) => path.startsWith(".github/"))) {
    // The templates folder is named by the policy; any change under .github may be one.
    services.templateCache.invalidateSource(context.repo());
  }
}
