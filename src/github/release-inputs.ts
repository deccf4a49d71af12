import { parseManifest, type ParsedManifest } from "../domain/manifest/parse.js";
import type { Manifest } from "../domain/manifest/schema.js";
import type { ManifestVersions } from "../domain/evaluation/pull-request.js";
import type { ChangedFile, ReleaseFileChanges } from "../domain/evaluation/release-files.js";
import { fileProblem, type Problem } from "../domain/source/problems.js";
import {
  checkPromiseVersions, EVENTS_PATH, parseEventCatalog, parsePromiseRegistry, PROMISES_PATH, strictestPromises, type Parsed,
} from "../domain/registry/parse.js";
import type { EventCatalog, PromiseRegistry, ReleasePromise } from "../domain/registry/schema.js";
import {
  diffCatalogs, EMPTY_CATALOG_DIFF, promiseVersionChanges, undeclaredCatalogChanges, type CatalogDiff, type PromiseVersionChange,
} from "../domain/registry/changes.js";
import type { CheckState } from "../domain/ledger/check-state.js";
import { changedChecklistItems, dismissSignoffsOnChange, type ChangedItems } from "../domain/ledger/dismiss-on-change.js";
import type { Policy } from "../domain/policy/schema.js";
import type { BlobCache } from "./blob-cache.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { readFileAt, unreadableProblem, type FileRead } from "./contents.js";
import type { LivePullRequest } from "./pull-request.js";

export interface ReleaseInputs {
  manifests: ManifestVersions[];
  promises: ReadonlyMap<string, ReleasePromise> | null | undefined;
  catalog: EventCatalog | null | undefined;
  registryProblems: Problem[];
  /** The catalog at head against the base; null when either could not be read. */
  catalogChanges: CatalogDiff | null;
  /** Promises whose version rose in the PR; null when the registry was not compared. */
  promiseChanges: PromiseVersionChange[] | null;
}

function parseRead(read: FileRead, path: string, cached?: CachedParse): ParsedManifest | undefined {
  if (read.kind === "missing") return undefined;
  if (read.kind === "too_large" || read.kind === "undecodable") {
    return { ok: false, file: path, problems: [unreadableProblem(path, read)] };
  }
  return cached ? cached(read, `manifest ${path}`, () => parseManifest(read.text, path)) : parseManifest(read.text, path);
}

/** Parses a text read from GitHub once per blob (./blob-cache.ts). */
type CachedParse = <T>(read: Extract<FileRead, { kind: "text" }>, what: string, parse: () => T) => T;

const cachedParse = (repo: RepoRef, cache: BlobCache | undefined): CachedParse | undefined =>
  cache && (<T>(read: Extract<FileRead, { kind: "text" }>, what: string, parse: () => T): T => cache.parsed(repo, read.sha, what, read.text, parse));

/**
 * What is known of the files at the PR's head without reading them: the PR's file list (blob SHAs
 * at the commit the list was made at) and the texts already read, by blob SHA.
 */
export interface HeadFiles {
  cache: BlobCache;
  listed: readonly ChangedFile[];
}

/**
 * Reads what evaluation needs, and no more: each touched manifest at the head (from the head
 * repository, for forks) and at the base (for its status transition), and the promise registry and
 * event catalog only when a manifest or the PR's changes make them matter.
 */
export async function loadReleaseInputs(
  octokit: GitHubClient,
  repo: RepoRef,
  pr: LivePullRequest,
  changes: ReleaseFileChanges,
  headFiles?: HeadFiles,
): Promise<ReleaseInputs> {
  const readAtHead = (path: string) => readAtPullRequestHead(octokit, repo, pr, path, pr.head.sha, headFiles);
  const cached = cachedParse(repo, headFiles?.cache);
  const manifests = await Promise.all(changes.manifests.map(async (change): Promise<ManifestVersions> => {
    const [head, base] = await Promise.all([
      change.change === "removed" ? undefined : readAtHead(change.path).then((r) => parseRead(r, change.path, cached)),
      change.basePath ? readFileAt(octokit, repo, change.basePath, pr.base.sha).then((r) => parseRead(r, change.basePath!, cached)) : undefined,
    ]);
    if (change.change !== "removed" && !head) {
      // Listed as changed but gone at the head SHA: the PR moved on since the file list was read.
      return { change, head: { ok: false, file: change.path, problems: [fileProblem(change.path, "the manifest is not at the PR's head commit; re-run the check")] }, base };
    }
    return { change, head, base };
  }));

  const heads = manifests.flatMap((m) => (m.head?.ok ? [m.head.manifest] : []));
  const registryProblems: Problem[] = [];

  let promises: ReadonlyMap<string, ReleasePromise> | null | undefined;
  let promiseChanges: PromiseVersionChange[] | null = null;
  if (changes.promisesChanged || heads.some((m) => (m.promises?.length ?? 0) > 0)) {
    const [headRead, baseRead] = await Promise.all([
      readAtHead(PROMISES_PATH),
      readFileAt(octokit, repo, PROMISES_PATH, pr.base.sha),
    ]);
    const headRegistry = readRegistry(headRead, PROMISES_PATH, parsePromiseRegistry, registryProblems, cached);
    const baseRegistry = readRegistry(baseRead, PROMISES_PATH, parsePromiseRegistry, [], cached);
    if (headRegistry?.ok && baseRegistry?.ok) {
      registryProblems.push(...checkPromiseVersions(baseRegistry.data, headRegistry.data, PROMISES_PATH, headRegistry.locate));
      promiseChanges = promiseVersionChanges(baseRegistry.data, headRegistry.data);
    }
    const headData: PromiseRegistry | undefined = headRegistry?.ok ? headRegistry.data : undefined;
    const baseData: PromiseRegistry | undefined = baseRegistry?.ok ? baseRegistry.data : undefined;
    promises = headData || baseData ? strictestPromises(baseData, headData) : headRegistry === undefined && baseRegistry === undefined ? null : undefined;
  }

  const catalogRead = await loadCatalog(octokit, repo, pr, changes, heads, registryProblems, headFiles);
  return { manifests, promises, promiseChanges, registryProblems, ...catalogRead };
}

/**
 * The event catalog at the head when a manifest's events or a campaign's exposure event are
 * checked against it, and at the base too when the PR changes it, for the analytics contract
 * (docs/reference/checks-labels-comment.md#analytics-contract). A catalog the PR does not touch
 * is the same at both: nothing changed.
 */
async function loadCatalog(
  octokit: GitHubClient,
  repo: RepoRef,
  pr: LivePullRequest,
  changes: ReleaseFileChanges,
  heads: readonly Manifest[],
  registryProblems: Problem[],
  headFiles: HeadFiles | undefined,
): Promise<Pick<ReleaseInputs, "catalog" | "catalogChanges">> {
  const hasEvents = heads.some((m) => {
    const analytics = m.checklist.analytics;
    return !!analytics && !("not_applicable" in analytics) && analytics.events.added.length + analytics.events.changed.length + analytics.events.removed.length > 0;
  });
  // An exposure event is checked in the catalog by the campaign gate (docs/reference/policy.md#campaign-rules).
  const hasExposureEvents = heads.some((m) => (m.campaigns ?? []).some((c) => c.exposure_event !== undefined));
  if (!changes.catalogChanged && !hasEvents && !hasExposureEvents) return { catalog: undefined, catalogChanges: EMPTY_CATALOG_DIFF };
  const [headRead, baseRead] = await Promise.all([
    readAtPullRequestHead(octokit, repo, pr, EVENTS_PATH, pr.head.sha, headFiles),
    changes.catalogChanged ? readFileAt(octokit, repo, EVENTS_PATH, pr.base.sha) : undefined,
  ]);
  const cached = cachedParse(repo, headFiles?.cache);
  const head = readRegistry(headRead, EVENTS_PATH, parseEventCatalog, registryProblems, cached);
  const catalog = head === undefined ? null : head.ok ? head.data : undefined;
  if (!baseRead) return { catalog, catalogChanges: EMPTY_CATALOG_DIFF };
  const base = readRegistry(baseRead, EVENTS_PATH, parseEventCatalog, [], cached);
  if (catalog === undefined || (base !== undefined && !base.ok)) return { catalog, catalogChanges: null };
  const catalogChanges = diffCatalogs(base?.data ?? null, catalog);
  if (base !== undefined) {
    registryProblems.push(...undeclaredCatalogChanges(catalogChanges, heads, { head: head?.ok ? head.locate : undefined, base: base.locate }));
  }
  return { catalog, catalogChanges };
}

/**
 * A file at the PR's head commit. GitHub serves a PR's head commits through the base repository
 * too (even from forks, and with the app's installation token, which a fork outside the
 * installation would refuse), so the base repository is asked first and the fork only when the
 * commit is not there. With `headFiles`, a file the PR's file list shows at this very commit with
 * a blob already read costs no request (a blob SHA names its content), and what is read is kept.
 */
export async function readAtPullRequestHead(
  octokit: GitHubClient, repo: RepoRef, pr: LivePullRequest, path: string, sha = pr.head.sha, headFiles?: HeadFiles,
): Promise<FileRead> {
  const listed = headFiles?.listed.find((f) => f.filename === path && f.status !== "removed" && f.listedAt === sha);
  const known = listed?.sha ? headFiles?.cache.get(repo, listed.sha) : undefined;
  if (listed?.sha && known !== undefined) return { kind: "text", text: known, sha: listed.sha };
  let read = await readFileAt(octokit, repo, path, sha);
  if (read.kind === "missing" && pr.head.fork && pr.head.repo) {
    const inBase = read;
    read = await readFileAt(octokit, pr.head.repo, path, sha).catch(() => inBase);
  }
  if (read.kind === "text" && headFiles) headFiles.cache.set(repo, read.sha, read.text);
  return read;
}

/**
 * `signoffs.dismiss_on_change`: sign-offs carried from an earlier commit are void for the items
 * whose section of the manifest changed since that commit (waivers stay).
 */
export async function dismissChangedSignoffs(
  octokit: GitHubClient,
  repo: RepoRef,
  pr: LivePullRequest,
  policy: Policy,
  inputs: ReleaseInputs,
  state: CheckState,
  carriedFrom: string | undefined,
): Promise<CheckState> {
  if (!policy.signoffs.dismiss_on_change || !carriedFrom || !state.ledger.entries.some((e) => e.kind === "signoff")) return state;
  const changed: ChangedItems[] = [];
  for (const versions of inputs.manifests) {
    if (!versions.head?.ok) continue;
    const before = parseRead(await readAtPullRequestHead(octokit, repo, pr, versions.change.path, carriedFrom), versions.change.path);
    const items = changedChecklistItems(before?.ok ? before.manifest : undefined, versions.head.manifest);
    if (items.length > 0) changed.push({ release: versions.head.manifest.release, items });
  }
  const { ledger } = dismissSignoffsOnChange(state.ledger, changed, policy);
  return ledger === state.ledger ? state : { ...state, ledger };
}

function readRegistry<T>(
  read: FileRead, path: string, parse: (text: string, file: string) => Parsed<T>, problems: Problem[], cached?: CachedParse,
): Parsed<T> | undefined {
  if (read.kind === "missing") return undefined;
  if (read.kind === "too_large" || read.kind === "undecodable") {
    const result: Parsed<T> = { ok: false, problems: [unreadableProblem(path, read)] };
    problems.push(...result.problems);
    return result;
  }
  const parsed = cached ? cached(read, `${parse.name} ${path}`, () => parse(read.text, path)) : parse(read.text, path);
  if (!parsed.ok) problems.push(...parsed.problems);
  return parsed;
}
