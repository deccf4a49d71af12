import { combineCampaignDecisions, type CampaignDecision } from "./campaign-gate.js";
import { evaluateRelease, type ReleaseVerdict } from "./release.js";
import { hasLabel, labelMatches } from "../labels/label-match.js";
import type { Ledger } from "../ledger/ledger.js";
import type { ParsedManifest } from "../manifest/parse.js";
import type { Policy } from "../policy/schema.js";
import { fileProblem, type Problem } from "../source/problems.js";
import { duplicateReleaseMessage, findDuplicateReleases } from "./duplicate-releases.js";
import type { ManifestChange } from "./release-files.js";
import type { EventCatalog, ReleasePromise } from "../registry/schema.js";
import type { Locator } from "../source/yaml-source.js";
import type { Manifest } from "../manifest/schema.js";
import type { CatalogDiff, PromiseVersionChange } from "../registry/changes.js";
import type { ChangedPromise } from "../registry/references.js";
import { STATUSES, type ReleaseStatus } from "../vocabulary.js";

export interface ManifestVersions {
  change: ManifestChange;
  /** The manifest at the PR's head; absent when the PR deletes it. */
  head?: ParsedManifest;
  /** The manifest at the base, when it existed there (for the status transition). */
  base?: ParsedManifest;
}

export interface PullRequestInputs {
  policy: Policy;
  manifests: ManifestVersions[];
  labels: readonly string[];
  ledger: Ledger;
  now: Date;
  /** Promises at their strictest, null when the repository has none, or problems reading them. */
  promises?: ReadonlyMap<string, ReleasePromise> | null;
  catalog?: EventCatalog | null;
  /** Problems in promises.yml or events.yml: they make the PR not ready. */
  registryProblems?: Problem[];
  /** The event catalog at head against the base; null (or absent) when it was not compared. */
  catalogChanges?: CatalogDiff | null;
  /** Promises whose version rose in the PR; null (or absent) when the registry was not compared. */
  promiseChanges?: PromiseVersionChange[] | null;
  /** Every promise the PR adds, changes or removes, with the releases carrying it. */
  registryChanges?: ChangedPromise[] | null;
  /** The PR changes the registry or the catalog and no manifest: the registries are what is checked. */
  registryOnly?: boolean;
}

export interface ReleaseOutcome {
  path: string;
  change: ManifestChange["change"];
  release?: string;
  verdict?: ReleaseVerdict;
  /** Problems that make the manifest unreadable or partly invalid. */
  problems: Problem[];
  /** Finds a key path's line in the head manifest, for annotations. */
  locate?: Locator;
  /** The manifest at the head, when it is valid enough to judge. */
  manifest?: Manifest;
}

export interface PullRequestVerdict {
  releases: ReleaseOutcome[];
  /** Every manifest is valid and ready (a PR that only deletes manifests is not "ready", it is neutral). */
  ready: boolean;
  /** The PR only deletes manifests: nothing to check. */
  nothingToCheck: boolean;
  campaignDecisions: CampaignDecision[];
  /** `release:<status>` labels the PR should carry. */
  statusLabels: string[];
  registryProblems: Problem[];
  /** The event catalog at head against the base; null when it was not compared. */
  catalogChanges: CatalogDiff | null;
  /** Promises whose version rose in the PR; null when the registry was not compared. */
  promiseChanges: PromiseVersionChange[] | null;
  /** Promises at their strictest, as the gate read them; null when there is no registry. */
  promises: ReadonlyMap<string, ReleasePromise> | null;
  /** Every promise the PR adds, changes or removes, with the releases carrying it; null when the registry is unchanged or was not compared. */
  registryChanges: ChangedPromise[] | null;
  /**
   * The PR touches no manifest, only `readiness/promises.yml` or `readiness/events.yml`
   * (docs/reference/promises-and-events.md#a-pr-that-changes-only-the-registry): it is ready when
   * they are valid, and gates no campaign.
   */
  registryOnly: boolean;
}

export const STATUS_LABEL_PREFIX = "release:";
export const statusLabel = (status: ReleaseStatus) => `${STATUS_LABEL_PREFIX}${status}`;
export const ALL_STATUS_LABELS: readonly string[] = STATUSES.map(statusLabel);
/** A `release:<status>` label, in any case (GitHub label names ignore case). */
export const isStatusLabel = (label: string): boolean => hasLabel(ALL_STATUS_LABELS, label);

/**
 * Evaluates every manifest a PR touches and combines them (docs/reference/cases.md): the PR is ready when all
 * are; a campaign label is allowed only if every release allows it; status labels cover every
 * status present. An invalid manifest is a known "not ready" verdict, so its campaign labels are
 * blocked too.
 */
export function evaluatePullRequest(inputs: PullRequestInputs): PullRequestVerdict {
  const { policy } = inputs;
  const releases: ReleaseOutcome[] = pairRenamedManifests(inputs.manifests).map((versions) => {
    const { change, head, base } = versions;
    if (change.change === "removed" || !head) {
      return { path: change.path, change: change.change, release: base?.ok ? base.manifest.release : undefined, problems: [] };
    }
    if (!head.ok) return { path: change.path, change: change.change, problems: head.problems };
    const verdict = evaluateRelease(head.manifest, policy, inputs.ledger, inputs.now, {
      baseStatus: base?.ok && base.manifest.release === head.manifest.release ? base.manifest.status : undefined,
      labels: inputs.labels,
      promises: inputs.promises,
      catalog: inputs.catalog,
      itemProblems: head.itemProblems,
    });
    return { path: change.path, change: change.change, release: head.manifest.release, verdict, problems: head.problems, locate: head.locate, manifest: head.manifest };
  });

  const declared = releases.flatMap((r) => (r.change !== "removed" && r.release ? [{ path: r.path, release: r.release }] : []));
  const duplicateProblems = findDuplicateReleases(declared)
    .map((pair) => fileProblem(pair.duplicate.path, duplicateReleaseMessage(pair), "release"));
  const registryProblems = [...(inputs.registryProblems ?? []), ...duplicateProblems];
  const checked = releases.filter((r) => r.change !== "removed");
  const invalid = checked.filter((r) => !r.verdict || r.problems.some((p) => p.severity === "error"));
  const verdicts = checked.flatMap((r) => (r.verdict ? [r.verdict] : []));
  const registryOnly = inputs.registryOnly === true && inputs.manifests.length === 0;
  const ready = (checked.length > 0 || registryOnly) && invalid.length === 0 && registryProblems.length === 0 && verdicts.every((v) => v.ready);

  let campaignDecisions = combineCampaignDecisions(verdicts);
  const campaignLabels = inputs.labels.filter((label) => labelMatches(label, policy.campaign_labels));
  if (!registryOnly && (invalid.length > 0 || registryProblems.length > 0)) {
    const why = invalid.length > 0
      ? `${invalid.map((r) => r.path).join(", ")} ${invalid.length === 1 ? "is" : "are"} invalid`
      : "the promise registry or event catalog is invalid";
    campaignDecisions = campaignLabels.map((label) => {
      const known = campaignDecisions.find((d) => d.label === label);
      return {
        label,
        allowed: false,
        reasons: [...(known && !known.allowed ? known.reasons : []), why],
        remedy: [known?.remedy, "fix the problems listed in Release readiness"].filter(Boolean).join("; "),
      };
    });
  }

  const statuses = [...new Set(verdicts.map((v) => v.status))];
  return {
    releases,
    ready,
    nothingToCheck: checked.length === 0 && !registryOnly,
    campaignDecisions,
    statusLabels: STATUSES.filter((s) => statuses.includes(s)).map(statusLabel),
    registryProblems,
    catalogChanges: inputs.catalogChanges ?? null,
    promiseChanges: inputs.promiseChanges ?? null,
    promises: inputs.promises ?? null,
    registryChanges: inputs.registryChanges ?? null,
    registryOnly,
  };
}

/**
 * docs/reference/cases.md: a renamed manifest is the same release, and its slug decides, not the path. Git
 * reports a rename only when the content barely changed; a manifest moved and edited shows as one
 * file removed and another added. Those are paired here by slug, so the base status still governs
 * the transition.
 */
export function pairRenamedManifests(manifests: readonly ManifestVersions[]): ManifestVersions[] {
  const removedBySlug = new Map<string, ManifestVersions>();
  for (const versions of manifests) {
    if (versions.change.change === "removed" && versions.base?.ok) removedBySlug.set(versions.base.manifest.release, versions);
  }
  const paired = new Set<ManifestVersions>();
  const out: ManifestVersions[] = [];
  for (const versions of manifests) {
    const slug = versions.change.change === "added" && versions.head?.ok && !versions.base ? versions.head.manifest.release : undefined;
    const removed = slug ? removedBySlug.get(slug) : undefined;
    if (removed && !paired.has(removed)) {
      paired.add(removed);
      out.push({ ...versions, base: removed.base, change: { path: versions.change.path, basePath: removed.change.path, change: "renamed" } });
    } else {
      out.push(versions);
    }
  }
  return out.filter((versions) => !paired.has(versions));
}
