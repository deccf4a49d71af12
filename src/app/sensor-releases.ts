import type { Policy } from "../domain/policy/schema.js";
import { PROMISES_PATH } from "../domain/registry/parse.js";
import { sensorCatalogue, type CatalogueUnread, type SensorCatalogueData } from "../domain/sensor/catalogue.js";
import { httpStatusOf, repoKey, repoOfFullName, type RepoRef } from "../github/client.js";
import { loadFeedSources, TruncatedTreeError, type FeedSources } from "../github/feed-sources.js";
import { loadPolicy } from "../github/policy-loader.js";
import type { RepoScope } from "./pull-request-scope.js";

/**
 * The releases an issue may be about (docs/reference/sensor.md#candidates): the manifests on the
 * default branch of `sensor.releases_from` (this repository when absent; another repository of the
 * same installation is allowed), each with the date its manifest last changed, and the promises of
 * that repository's registry. Read with the feed's reader; judged with that repository's own policy
 * (its manifest globs, and the campaigns its statuses allow). A repository the installation cannot
 * read gives no release, and the log and the comment say why: the mismatch is still labelled by its source.
 *
 * Kept per releases repository like the feed (services.sensorCatalogues): until a push to its
 * default branch (policy-push.ts) or for 10 minutes, so a burst of issues costs one read. The key
 * is the releases repository as seen from the account: an App has one installation per
 * account, so what one installation read is never handed to another that may not read it.
 */
export function loadSensorCatalogue(scope: RepoScope, policy: Policy): Promise<SensorCatalogueData> {
  const target = releasesRepositoryOf(policy, scope.repo);
  const cache = scope.services.sensorCatalogues;
  const key: RepoRef = { owner: scope.repo.owner, repo: `${target.owner}/${target.repo}` };
  const cached = cache.get(key);
  if (cached) return cached;
  // The read itself is kept, so issues that all miss the cache at once share one read.
  const reading = readCatalogue(scope, policy, target);
  const catalogue = reading.then((read) => read.catalogue);
  cache.set(key, catalogue, [`${target.owner}/${target.repo}`]);
  // What may read differently on the next try is not kept: a failure, a repository not readable yet.
  const drop = () => {
    if (cache.get(key) === catalogue) cache.invalidateSource(key);
  };
  reading.then((read) => (read.keep ? undefined : drop()), drop);
  return catalogue;
}

interface CatalogueRead {
  catalogue: SensorCatalogueData;
  /** False when it depends on more than the releases repository's default branch. */
  keep: boolean;
}

async function readCatalogue(scope: RepoScope, policy: Policy, target: RepoRef): Promise<CatalogueRead> {
  const repository = `${target.owner}/${target.repo}`;
  // Not readable may change without a push (the App added to the repository): tried again next time.
  const empty = (unread: CatalogueUnread): CatalogueRead => ({ catalogue: { repository, releases: [], promises: new Map(), unread }, keep: unread === "too_large" });
  const same = repoKey(target) === repoKey(scope.repo);
  let releasePolicy = policy;
  let keep = true;
  if (!same) {
    const loaded = await loadPolicy(scope.octokit, target, scope.services.policyCache);
    if (loaded.ok) releasePolicy = loaded.policy;
    else {
      // Read with the issue repository's policy, so not for another repository's issues.
      keep = false;
      scope.services.log.warn({ repo: repository }, "sensor: the releases repository's policy is invalid; reading it with this repository's");
    }
  }
  let defaultBranch: string;
  try {
    ({ data: { default_branch: defaultBranch } } = await scope.octokit.rest.repos.get({ ...target }));
  } catch (error) {
    if (httpStatusOf(error) !== 404) throw error;
    scope.services.log.warn({ repo: `${scope.repo.owner}/${scope.repo.repo}`, releases_from: repository },
      `sensor: sensor.releases_from names ${repository}, which this installation cannot read (not installed there, or no such repository); no release is named`);
    return empty("not_readable");
  }
  let sources: FeedSources;
  try {
    // Only when each manifest last changed matters here (the window), not how its status moved.
    sources = await loadFeedSources(scope.octokit, target, defaultBranch, releasePolicy, 1);
  } catch (error) {
    if (!(error instanceof TruncatedTreeError)) throw error;
    scope.services.log.warn({ repo: repository }, `sensor: ${error.message}; no release is named`);
    return empty("too_large");
  }
  const catalogue = sensorCatalogue({
    repository,
    manifests: sources.manifests.flatMap((m) => (m.read.kind === "text" ? [{ path: m.path, text: m.read.text, changed: m.changed }] : [])),
    promises: sources.promises.kind === "text" ? { path: PROMISES_PATH, text: sources.promises.text } : null,
  }, releasePolicy);
  return { catalogue, keep };
}

/** Where the releases an issue may be about live: `sensor.releases_from`, else the repository itself. */
export function releasesRepositoryOf(policy: Policy, repo: RepoRef): RepoRef {
  return policy.sensor.releases_from ? repoOfFullName(policy.sensor.releases_from) : repo;
}
