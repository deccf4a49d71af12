import { createHash } from "node:crypto";
import type { Probot } from "probot";
import { buildFeed, renderFeed } from "../domain/feed/build.js";
import { feedManifestsFrom, type FeedSourceTexts, type SourceText } from "../domain/feed/from-sources.js";
import type { Feed } from "../domain/feed/schema.js";
import { EVENTS_PATH, PROMISES_PATH } from "../domain/registry/parse.js";
import { formatProblem } from "../domain/source/problems.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { unreadableProblem, type FileRead } from "../github/contents.js";
import { FEED_HISTORY_DEPTH, loadFeedSources } from "../github/feed-sources.js";
import { loadPolicy } from "../github/policy-loader.js";
import { broughtLedgers } from "./accepted-ledger.js";
import type { AppServices } from "./services.js";
import { repoInstallationId } from "../github/installations.js";

/**
 * docs/reference/feed.md#the-hosted-route: the feed of a repository's default branch, built once
 * and kept per repository until a push to the default branch drops it (policy-push.ts), or 10
 * minutes pass: a burst of page views costs no GitHub request beyond the first after a change.
 * `ready` counts the waivers and sign-offs accepted on the PR that brought each manifest, read as
 * the deployment gate reads them (accepted-ledger.ts), once per fill of the cache.
 */
export type FeedOutcome =
  | { ok: true; feed: Feed; body: string; etag: string }
  | { ok: false; status: number; code: string; message: string };

/** A strong ETag over the exact bytes served. */
export const etagOf = (body: string) => `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;

export function feedFor(app: Probot, services: AppServices, repo: RepoRef): Promise<FeedOutcome> {
  const cached = services.feedCache.get(repo);
  if (cached) return cached;
  // The build itself is cached, so a burst of views that all miss the cache makes one build.
  const building = buildFor(app, services, repo);
  services.feedCache.set(repo, building, [`${repo.owner}/${repo.repo}`]);
  // A failure (GitHub away, the app not installed yet) is not kept: the next view tries again.
  const drop = () => {
    if (services.feedCache.get(repo) === building) services.feedCache.invalidateSource(repo);
  };
  void building.then((outcome) => (!outcome.ok && outcome.code === "not_installed" ? drop() : undefined), drop);
  return building;
}

async function buildFor(app: Probot, services: AppServices, repo: RepoRef): Promise<FeedOutcome> {
  const octokit = await installationClient(app, repo);
  if (!octokit) return { ok: false, status: 404, code: "not_installed", message: `the app is not installed on ${repo.owner}/${repo.repo}` };
  return buildServedFeed(octokit, repo, services);
}

async function installationClient(app: Probot, repo: RepoRef): Promise<GitHubClient | undefined> {
  const installationId = await repoInstallationId(await app.auth(), repo);
  return installationId === undefined ? undefined : app.auth(installationId);
}

async function buildServedFeed(octokit: GitHubClient, repo: RepoRef, services: AppServices): Promise<FeedOutcome> {
  const { data: repository } = await octokit.rest.repos.get({ ...repo });
  const policy = await loadPolicy(octokit, repo, services.policyCache);
  if (!policy.ok) return invalid(policy.problems.map(formatProblem));
  const sources = await loadFeedSources(octokit, repo, repository.default_branch, policy.policy);
  const ledgerOf = broughtLedgers({ services, octokit, repo });
  const manifests = await Promise.all(sources.manifests.map(async (m) => {
    const text = textOf(m.read, m.path);
    if (text === null) return [];
    // A manifest that cannot be read fails the whole feed, so its PR is not worth reading.
    const brought = typeof text === "string" ? await ledgerOf(m.history.lastCommit ?? undefined) : undefined;
    const history = { revisions: m.history.revisions, fromStart: m.history.fromStart };
    return [{ path: m.path, text, changed: m.changed, history, ...(brought ? { ledger: brought.ledger } : {}) }];
  }));
  const texts: FeedSourceTexts = {
    manifests: manifests.flat(),
    promises: registryText(sources.promises, PROMISES_PATH),
    events: registryText(sources.events, EVENTS_PATH),
  };
  const parsed = feedManifestsFrom(texts);
  if (!parsed.ok) return invalid(parsed.problems.map(formatProblem));
  const feed = buildFeed({
    manifests: parsed.manifests,
    policy: policy.policy,
    now: services.now(),
    source: { repository: repository.full_name, changed_from: "github", status_history: { from: "github", depth: FEED_HISTORY_DEPTH } },
    waiversCounted: true,
  });
  const body = renderFeed(feed);
  return { ok: true, feed, body, etag: etagOf(body) };
}

/** A file's text, the problem that kept it from being read, or null when it is missing. */
function textOf(read: FileRead, path: string): SourceText["text"] | null {
  if (read.kind === "missing") return null;
  return read.kind === "text" ? read.text : { unreadable: unreadableProblem(path, read) };
}

function registryText(read: FileRead, path: string): FeedSourceTexts["promises"] {
  const text = textOf(read, path);
  return text === null ? null : { path, text };
}

function invalid(problems: string[]): FeedOutcome {
  return { ok: false, status: 422, code: "invalid_source", message: `the default branch's readiness files cannot be read: ${problems.join("; ")}` };
}
