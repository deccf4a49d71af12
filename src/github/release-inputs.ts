import { parseManifest, type ParsedManifest } from "../domain/manifest/parse.js";
import type { Manifest } from "../domain/manifest/schema.js";
import type { ManifestVersions } from "../domain/evaluation/pull-request.js";
import type { ChangedFile, ManifestChange, ReleaseFileChanges } from "../domain/evaluation/release-files.js";
import { changedPromises, referencesOf, removedButReferenced, type ChangedPromise, type ReleaseReferences } from "../domain/registry/references.js";
import { compileGlobs } from "../domain/source/path-glob.js";
import { listFilesAt } from "./git-trees.js";
import type { Problem } from "../domain/source/problems.js";
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
  /** Every promise the PR adds, changes or removes, with the releases carrying it; null when the PR does not change the registry or it could not be compared. */
  registryChanges: ChangedPromise[] | null;
}

/**
 * A manifest the PR's file list shows, but GitHub answers 404 for at the head: deleted or moved
 * since the list was read (a push mid-flight). Nothing is known about it, so readiness is unknown:
 * both checks fail saying so and no label is removed (docs/reference/guarantees.md), unlike an
 * invalid manifest, which is a known verdict.
 */
export class ManifestVanished extends Error {
  override readonly name = "ManifestVanished";
  constructor(readonly path: string, readonly headSha: string) {
    super(`${path} is among the PR's changed files, but GitHub answered 404 for it at ${headSha.slice(0, 7)} (deleted or moved since the file list was read); re-run the check`);
  }
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
    if (change.change !== "removed" && !head) throw new ManifestVanished(change.path, pr.head.sha);
    return { change, head, base };
  }));

  const heads = manifests.flatMap((m) => (m.head?.ok ? [m.head.manifest] : []));
  const registryProblems: Problem[] = [];

  let promises: ReadonlyMap<string, ReleasePromise> | null | undefined;
  let promiseChanges: PromiseVersionChange[] | null = null;
  let registries: { base: PromiseRegistry | null; head: PromiseRegistry | null; headParsed?: Parsed<PromiseRegistry> } | undefined;
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
    // Compared only when both sides read (a missing file is an empty side); an invalid one is reported already.
    if (headRegistry?.ok !== false && baseRegistry?.ok !== false) registries = { base: baseData ?? null, head: headData ?? null, headParsed: headRegistry };
  }

  const catalogRead = await loadCatalog(octokit, repo, pr, changes, heads, registryProblems, headFiles);
  let registryChanges: ChangedPromise[] | null = null;
  if (changes.promisesChanged || changes.catalogChanged) {
    const untouched = await baseReferences(octokit, repo, pr, changes);
    const references = [...untouched, ...heads.map(referencesOf)];
    if (changes.promisesChanged && registries) registryChanges = changedPromises(registries.base, registries.head, references);
    const headEvents = catalogRead.catalogHead;
    registryProblems.push(...removedButReferenced({
      promises: changes.promisesChanged ? registries : undefined,
      catalog: catalogRead.catalogChanges,
      references,
      declaring: heads,
      locate: { promises: registries?.headParsed?.ok ? registries.headParsed.locate : undefined, events: headEvents?.ok ? headEvents.locate : undefined },
    }));
  }
  return { manifests, promises, promiseChanges, registryChanges, registryProblems, catalog: catalogRead.catalog, catalogChanges: catalogRead.catalogChanges };
}

/**
 * What the base branch's releases refer to, for the manifests the PR does not touch (the touched
 * ones are judged at the head). Read only when the PR changes the registry or the catalog: one
 * tree listing and one read per manifest. An unreadable or invalid manifest refers to nothing
 * here; it is reported on the PRs that change it.
 */
async function baseReferences(octokit: GitHubClient, repo: RepoRef, pr: LivePullRequest, changes: ReleaseFileChanges): Promise<ReleaseReferences[]> {
  const isManifest = compileGlobs(changes.manifestGlobs);
  const touched = new Set(changes.manifests.flatMap((m: ManifestChange) => [m.path, m.basePath ?? m.path]));
  const paths = [...(await listFilesAt(octokit, repo, pr.base.sha)).keys()].filter((path) => isManifest(path) && !touched.has(path)).sort();
  const parsed = await Promise.all(paths.map(async (path) => parseRead(await readFileAt(octokit, repo, path, pr.base.sha), path)));
  return parsed.flatMap((p) => (p?.ok ? [referencesOf(p.manifest)] : []));
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
): Promise<Pick<ReleaseInputs, "catalog" | "catalogChanges"> & { catalogHead?: Parsed<EventCatalog> }> {
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
  if (!baseRead) return { catalog, catalogChanges: EMPTY_CATALOG_DIFF, catalogHead: head };
  const base = readRegistry(baseRead, EVENTS_PATH, parseEventCatalog, [], cached);
  if (catalog === undefined || (base !== undefined && !base.ok)) return { catalog, catalogChanges: null, catalogHead: head };
  const catalogChanges = diffCatalogs(base?.data ?? null, catalog);
  // A PR with no manifest declares nothing: only removals a base release still uses are findings (baseReferences).
  if (base !== undefined) {
    registryProblems.push(...undeclaredCatalogChanges(catalogChanges, heads, { head: head?.ok ? head.locate : undefined, base: base.locate }));
  }
  return { catalog, catalogChanges, catalogHead: head };
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
