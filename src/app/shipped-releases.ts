import type { RegistriesAtCommit, RegistryAtCommit, ShippedManifest } from "../domain/deployment/judge.js";
import { manifestCarriesPromises, manifestChangesEvents } from "../domain/deployment/judge.js";
import { EMPTY_LEDGER } from "../domain/ledger/ledger.js";
import { parseManifest, type ParsedManifest } from "../domain/manifest/parse.js";
import { EVENTS_PATH, parseEventCatalog, parsePromiseRegistry, PROMISES_PATH, strictestPromises, type Parsed } from "../domain/registry/parse.js";
import { fileProblem } from "../domain/source/problems.js";
import { lastCommitTouching } from "../github/commits.js";
import { readFileAt, unreadableProblem, type FileRead } from "../github/contents.js";
import { broughtLedgers } from "./accepted-ledger.js";
import type { RepoScope } from "./pull-request-scope.js";

function parseAt(read: FileRead, path: string): ParsedManifest {
  if (read.kind === "text") return parseManifest(read.text, path);
  const problem = read.kind === "missing" ? fileProblem(path, "the manifest is listed at the deployed commit but could not be read") : unreadableProblem(path, read);
  return { ok: false, file: path, problems: [problem] };
}

/**
 * Each shipped manifest as it is at the deployed commit, with the ledger of the PR that last
 * changed it. A release being rolled back needs no PR: it never holds a deployment. PRs and their
 * ledgers are read once however many manifests they brought.
 */
export async function loadShippedManifests(scope: RepoScope, sha: string, paths: readonly string[]): Promise<ShippedManifest[]> {
  const ledgerOf = broughtLedgers(scope);
  const shipped: ShippedManifest[] = [];
  for (const path of paths) {
    const parsed = parseAt(await readFileAt(scope.octokit, scope.repo, path, sha), path);
    if (parsed.ok && parsed.manifest.status === "rollback") {
      shipped.push({ path, parsed, ledger: EMPTY_LEDGER });
      continue;
    }
    const { ledger, pullRequest } = await ledgerOf(await lastCommitTouching(scope.octokit, scope.repo, path, sha));
    shipped.push({ path, parsed, ledger, ...(pullRequest !== undefined ? { pullRequest } : {}) });
  }
  return shipped;
}

function registryAt<Data, Out>(read: FileRead, path: string, parse: (text: string, file: string) => Parsed<Data>, use: (data: Data) => Out): RegistryAtCommit<Out> {
  if (read.kind === "missing") return { data: null, problems: [] };
  if (read.kind === "too_large" || read.kind === "undecodable") return { data: undefined, problems: [unreadableProblem(path, read)] };
  const parsed = parse(read.text, path);
  return parsed.ok ? { data: use(parsed.data), problems: [] } : { data: undefined, problems: parsed.problems };
}

/** The promise registry and event catalog at the deployed commit, each read only when a shipped release uses it. */
export async function loadRegistriesAt(scope: RepoScope, sha: string, shipped: readonly ShippedManifest[]): Promise<RegistriesAtCommit> {
  const judged = shipped.flatMap((s) => (s.parsed.ok && s.parsed.manifest.status !== "rollback" ? [s.parsed.manifest] : []));
  const read = (path: string) => readFileAt(scope.octokit, scope.repo, path, sha);
  const registries: RegistriesAtCommit = {};
  if (judged.some(manifestCarriesPromises)) {
    registries.promises = registryAt(await read(PROMISES_PATH), PROMISES_PATH, parsePromiseRegistry, (data) => strictestPromises(undefined, data));
  }
  if (judged.some(manifestChangesEvents)) {
    registries.catalog = registryAt(await read(EVENTS_PATH), EVENTS_PATH, parseEventCatalog, (data) => data);
  }
  return registries;
}
