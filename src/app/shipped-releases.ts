import type { RegistriesAtCommit, RegistryAtCommit, ShippedManifest } from "../domain/deployment/judge.js";
import { manifestCarriesPromises, manifestChangesEvents } from "../domain/deployment/judge.js";
import { decodeCheckState } from "../domain/ledger/check-state.js";
import { EMPTY_LEDGER, type Ledger } from "../domain/ledger/ledger.js";
import { parseManifest, type ParsedManifest } from "../domain/manifest/parse.js";
import { EVENTS_PATH, parseEventCatalog, parsePromiseRegistry, PROMISES_PATH, strictestPromises, type Parsed } from "../domain/registry/parse.js";
import { CHECK_NAMES } from "../domain/report/checks.js";
import { fileProblem } from "../domain/source/problems.js";
import { loadCarriedState } from "../github/carried-state.js";
import { listOwnCheckRuns } from "../github/check-runs.js";
import { lastCommitTouching, pullRequestsForCommit, type CommitPullRequest } from "../github/commits.js";
import { readFileAt, unreadableProblem, type FileRead } from "../github/contents.js";
import type { RepoScope } from "./pull-request-scope.js";

function parseAt(read: FileRead, path: string): ParsedManifest {
  if (read.kind === "text") return parseManifest(read.text, path);
  const problem = read.kind === "missing" ? fileProblem(path, "the manifest is listed at the deployed commit but could not be read") : unreadableProblem(path, read);
  return { ok: false, file: path, problems: [problem] };
}

/**
 * The PR that brought a commit: the one that merged it (the latest, if several did), else an
 * open one it belongs to (a deployment of a PR's branch).
 */
function broughtBy(prs: readonly CommitPullRequest[]): CommitPullRequest | undefined {
  const merged = prs.filter((pr) => pr.merged).sort((a, b) => (b.mergedAt ?? "").localeCompare(a.mergedAt ?? ""));
  return merged[0] ?? prs[0];
}

/**
 * docs/reference/deployment-gate.md: the waivers and sign-offs the app accepted on a PR are in its
 * `Release readiness` run at the PR's head (where only the app writes), or carried from the
 * newest earlier commit of the PR that has one.
 */
async function acceptedLedger(scope: RepoScope, pr: CommitPullRequest, appId: number | undefined): Promise<Ledger> {
  const runs = await listOwnCheckRuns(scope.octokit, scope.repo, pr.headSha, appId);
  const own = decodeCheckState(runs.get(CHECK_NAMES.readiness)?.text);
  if (own) return own.ledger;
  const carried = await loadCarriedState(scope.octokit, scope.repo, { number: pr.number, headSha: pr.headSha }, appId);
  return carried?.state.ledger ?? EMPTY_LEDGER;
}

/**
 * Each shipped manifest as it is at the deployed commit, with the ledger of the PR that last
 * changed it. A release being rolled back needs no PR: it never holds a deployment. PRs and their
 * ledgers are read once however many manifests they brought.
 */
export async function loadShippedManifests(scope: RepoScope, sha: string, paths: readonly string[]): Promise<ShippedManifest[]> {
  const { appId } = await scope.services.identity();
  const ledgers = new Map<number, Promise<Ledger>>();
  const prsByCommit = new Map<string, Promise<CommitPullRequest | undefined>>();
  const shipped: ShippedManifest[] = [];
  for (const path of paths) {
    const parsed = parseAt(await readFileAt(scope.octokit, scope.repo, path, sha), path);
    if (parsed.ok && parsed.manifest.status === "rollback") {
      shipped.push({ path, parsed, ledger: EMPTY_LEDGER });
      continue;
    }
    const commit = await lastCommitTouching(scope.octokit, scope.repo, path, sha);
    if (commit && !prsByCommit.has(commit)) prsByCommit.set(commit, pullRequestsForCommit(scope.octokit, scope.repo, commit).then(broughtBy));
    const pr = commit ? await prsByCommit.get(commit) : undefined;
    if (pr && !ledgers.has(pr.number)) ledgers.set(pr.number, acceptedLedger(scope, pr, appId));
    const ledger = pr ? await ledgers.get(pr.number)! : EMPTY_LEDGER;
    shipped.push({ path, parsed, ledger, ...(pr ? { pullRequest: pr.number } : {}) });
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
