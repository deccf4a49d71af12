import { duplicateReleaseMessage, findDuplicateReleases } from "../evaluation/duplicate-releases.js";
import { parseManifest } from "../manifest/parse.js";
import { parseEventCatalog, parsePromiseRegistry, strictestPromises, type Parsed } from "../registry/parse.js";
import type { EventCatalog, PromiseRegistry, ReleasePromise } from "../registry/schema.js";
import { fileProblem, type Problem } from "../source/problems.js";
import type { Ledger } from "../ledger/ledger.js";
import type { FeedManifest, ManifestRevisions } from "./build.js";

/**
 * The app's side of the feed's input: the default branch's files as text, parsed into what
 * `buildFeed` takes, or every problem that keeps a feed from being built. A feed is never built
 * over a broken file: a release missing from it would read as "no such release".
 */
export interface FeedSourceTexts {
  manifests: ReadonlyArray<SourceText & { changed: string | null; history?: ManifestRevisions; ledger?: Ledger }>;
  /** null when the repository has no such file. */
  promises: SourceText | null;
  events: SourceText | null;
}

/** A file's text, or the problem that kept it from being read (too large, not UTF-8). */
export interface SourceText {
  path: string;
  text: string | { unreadable: Problem };
}

export type FeedManifests = { ok: true; manifests: FeedManifest[] } | { ok: false; problems: Problem[] };

export function feedManifestsFrom(sources: FeedSourceTexts): FeedManifests {
  const problems: Problem[] = [];
  const registry = <T>(file: SourceText | null, parse: (text: string, path: string) => Parsed<T>): T | null => {
    if (!file) return null;
    if (typeof file.text !== "string") {
      problems.push(file.text.unreadable);
      return null;
    }
    const parsed = parse(file.text, file.path);
    if (!parsed.ok) problems.push(...parsed.problems);
    return parsed.ok ? parsed.data : null;
  };
  const registryData: PromiseRegistry | null = registry(sources.promises, parsePromiseRegistry);
  const catalog: EventCatalog | null = registry(sources.events, parseEventCatalog);
  const promises: ReadonlyMap<string, ReleasePromise> | null = registryData ? strictestPromises(undefined, registryData) : null;

  const manifests: Array<FeedManifest & { path: string; release: string }> = [];
  for (const source of sources.manifests) {
    if (typeof source.text !== "string") {
      problems.push(source.text.unreadable);
      continue;
    }
    const parsed = parseManifest(source.text, source.path);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    problems.push(...parsed.problems.filter((p) => p.severity === "error" && !isItemProblem(p.key)));
    manifests.push({
      path: source.path, release: parsed.manifest.release, manifest: parsed.manifest, itemProblems: parsed.itemProblems, promises, catalog, changed: source.changed,
      ...(source.history ? { history: source.history } : {}),
      ...(source.ledger ? { ledger: source.ledger } : {}),
    });
  }
  for (const pair of findDuplicateReleases(manifests)) problems.push(fileProblem(pair.duplicate.path, duplicateReleaseMessage(pair)));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, manifests: manifests.map(({ path: _path, release: _release, ...entry }) => entry) };
}

/** Problems inside one checklist item leave the release in the feed with that item invalid (not ready), as the checks treat them. */
const isItemProblem = (key: string) => key.startsWith("checklist.");
