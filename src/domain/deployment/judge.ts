import { evaluatePullRequest } from "../evaluation/pull-request.js";
import type { Ledger } from "../ledger/ledger.js";
import type { Manifest } from "../manifest/schema.js";
import type { ParsedManifest } from "../manifest/parse.js";
import type { Policy } from "../policy/schema.js";
import type { EventCatalog, ReleasePromise } from "../registry/schema.js";
import { formatProblem, type Problem } from "../source/problems.js";
import type { ReleaseStatus } from "../vocabulary.js";

/** One manifest a deployment ships, as read at the deployed commit, with the ledger of the PR that brought it. */
export interface ShippedManifest {
  path: string;
  parsed: ParsedManifest;
  /** The PR that last changed the manifest, when one did. */
  pullRequest?: number;
  /** The waivers and sign-offs the app accepted on that PR (none without a PR). */
  ledger: Ledger;
}

/** A registry as read at the deployed commit: null when the repository has none, undefined when it is invalid. */
export interface RegistryAtCommit<T> {
  data: T | null | undefined;
  problems: Problem[];
}

export interface RegistriesAtCommit {
  promises?: RegistryAtCommit<ReadonlyMap<string, ReleasePromise>>;
  catalog?: RegistryAtCommit<EventCatalog>;
}

export interface ReleaseJudgement {
  path: string;
  release?: string;
  status?: ReleaseStatus;
  pullRequest?: number;
  /** `rollback`: a release being rolled back never holds a deployment. */
  outcome: "ready" | "not_ready" | "rollback";
  /** Why it is not ready, in the order a person should fix it. */
  reasons: string[];
}

export const manifestCarriesPromises = (manifest: Manifest): boolean => (manifest.promises?.length ?? 0) > 0;

export function manifestChangesEvents(manifest: Manifest): boolean {
  const analytics = manifest.checklist.analytics;
  if (!analytics || "not_applicable" in analytics) return false;
  return analytics.events.added.length + analytics.events.changed.length + analytics.events.removed.length > 0;
}

/**
 * docs/reference/deployment-gate.md: a shipped release is judged at the deployed commit with the
 * same definition of ready as its PR was (the ledger accepted on that PR included), except that
 * no status transition is judged (that belongs to the PR that changed the status) and no
 * campaign label is in play. A registry's problems count against the releases that use it.
 */
export function judgeShippedRelease(
  shipped: ShippedManifest,
  context: { policy: Policy; now: Date; registries: RegistriesAtCommit },
): ReleaseJudgement {
  const { parsed } = shipped;
  const base = { path: shipped.path, ...(shipped.pullRequest !== undefined ? { pullRequest: shipped.pullRequest } : {}) };
  if (!parsed.ok) return { ...base, outcome: "not_ready", reasons: ["the manifest is invalid", ...parsed.problems.map(formatProblem)] };
  const { manifest } = parsed;
  const named = { ...base, release: manifest.release, status: manifest.status };
  if (manifest.status === "rollback") return { ...named, outcome: "rollback", reasons: [] };

  const { promises, catalog } = context.registries;
  const usesPromises = manifestCarriesPromises(manifest);
  const usesCatalog = manifestChangesEvents(manifest);
  const verdict = evaluatePullRequest({
    policy: context.policy,
    manifests: [{ change: { path: shipped.path, change: "added" }, head: parsed }],
    labels: [],
    ledger: shipped.ledger,
    now: context.now,
    promises: usesPromises ? promises?.data : undefined,
    catalog: usesCatalog ? catalog?.data : undefined,
    registryProblems: [...(usesPromises ? promises?.problems ?? [] : []), ...(usesCatalog ? catalog?.problems ?? [] : [])],
  });
  const outcome = verdict.releases[0];
  const reasons = [
    ...(outcome?.verdict?.blockers ?? []),
    ...(outcome?.problems ?? []).filter((p) => p.severity === "error").map(formatProblem),
    ...verdict.registryProblems.map(formatProblem),
  ];
  return { ...named, outcome: verdict.ready ? "ready" : "not_ready", reasons: verdict.ready ? [] : reasons };
}
