import type { Policy } from "../domain/policy/schema.js";
import { PROMISES_PATH } from "../domain/registry/parse.js";
import { sensorCatalogue, type SensorCatalogueData } from "../domain/sensor/catalogue.js";
import { httpStatusOf, type RepoRef } from "../github/client.js";
import { loadFeedSources, TruncatedTreeError, type FeedSources } from "../github/feed-sources.js";
import { loadPolicy } from "../github/policy-loader.js";
import type { RepoScope } from "./pull-request-scope.js";

/**
 * The releases an issue may be about (docs/reference/sensor.md#candidates): the manifests on the
 * default branch of `sensor.releases_from` (this repository when absent; another repository of the
 * same installation is allowed), each with the date its manifest last changed, and the promises of
 * that repository's registry. Read with the feed's reader; judged with that repository's own policy
 * (its manifest globs, and the campaigns its statuses allow). A repository the installation cannot
 * read gives no release, and the log says why: the mismatch is still labelled by its source.
 */
export async function loadSensorCatalogue(scope: RepoScope, policy: Policy): Promise<SensorCatalogueData> {
  const target = releasesRepository(scope.repo, policy);
  const repository = `${target.owner}/${target.repo}`;
  const empty: SensorCatalogueData = { repository, releases: [], promises: new Map() };
  const same = target.owner.toLowerCase() === scope.repo.owner.toLowerCase() && target.repo.toLowerCase() === scope.repo.repo.toLowerCase();
  let releasePolicy = policy;
  if (!same) {
    const loaded = await loadPolicy(scope.octokit, target, scope.services.policyCache);
    if (loaded.ok) releasePolicy = loaded.policy;
    else scope.services.log.warn({ repo: repository }, "sensor: the releases repository's policy is invalid; reading it with this repository's");
  }
  let defaultBranch: string;
  try {
    ({ data: { default_branch: defaultBranch } } = await scope.octokit.rest.repos.get({ ...target }));
  } catch (error) {
    if (httpStatusOf(error) !== 404) throw error;
    scope.services.log.warn({ repo: repository }, "sensor: sensor.releases_from is not a repository this installation can read");
    return empty;
  }
  let sources: FeedSources;
  try {
    // Only when each manifest last changed matters here (the window), not how its status moved.
    sources = await loadFeedSources(scope.octokit, target, defaultBranch, releasePolicy, 1);
  } catch (error) {
    if (!(error instanceof TruncatedTreeError)) throw error;
    scope.services.log.warn({ repo: repository }, `sensor: ${error.message}; no release is named`);
    return empty;
  }
  return sensorCatalogue({
    repository,
    manifests: sources.manifests.flatMap((m) => (m.read.kind === "text" ? [{ path: m.path, text: m.read.text, changed: m.changed }] : [])),
    promises: sources.promises.kind === "text" ? { path: PROMISES_PATH, text: sources.promises.text } : null,
  }, releasePolicy);
}

function releasesRepository(repo: RepoRef, policy: Policy): RepoRef {
  const from = policy.sensor.releases_from;
  if (!from) return repo;
  const [owner, name] = from.split("/") as [string, string];
  return { owner, repo: name };
}
