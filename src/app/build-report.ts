import { isRegistryOnly } from "../domain/evaluation/release-files.js";
import { hashInputs } from "../domain/evaluation/inputs-hash.js";
import { evaluatePullRequest, type PullRequestVerdict } from "../domain/evaluation/pull-request.js";
import { planLabelChanges } from "../domain/labels/label-changes.js";
import type { CheckState } from "../domain/ledger/check-state.js";
import {
  renderCampaignGateCheck, renderNotesCheck, renderReadinessCheck, type CheckReport,
} from "../domain/report/checks.js";
import { renderSummaryComment } from "../domain/report/summary-comment.js";
import type { Publication } from "../github/publish.js";
import type { ReleaseInputs } from "../github/release-inputs.js";
import { loadTemplateOverrides } from "../github/template-overrides.js";
import { combineAudiences, renderReleaseNotes, type ReleaseNotesResult, type ReleaseNotesSubject } from "../rendering/release-notes.js";
import { notesRendererFor } from "../rendering/template-overrides.js";
import type { LoadedReleasePullRequest } from "./load-pull-request.js";
import type { PullRequestScope } from "./pull-request-scope.js";

/** A loaded release PR, the files it is judged on, and the state (ledger) to judge it with. */
export interface ReportSubject {
  loaded: LoadedReleasePullRequest;
  inputs: ReleaseInputs;
  state: CheckState;
}

export interface BuiltReport {
  verdict: PullRequestVerdict;
  notes: ReleaseNotesResult;
  checks: CheckReport[];
  publication: Publication;
}

/** Evaluates a loaded release PR with the given state and works out everything to write. */
export async function buildReport(scope: PullRequestScope, subject: ReportSubject): Promise<BuiltReport> {
  const { loaded: { pr, policy, changes }, inputs, state } = subject;
  const now = scope.services.now();
  const verdict = evaluatePullRequest({
    policy,
    manifests: inputs.manifests,
    labels: pr.labels,
    ledger: state.ledger,
    now,
    promises: inputs.promises,
    catalog: inputs.catalog,
    registryProblems: inputs.registryProblems,
    catalogChanges: inputs.catalogChanges,
    promiseChanges: inputs.promiseChanges,
    registryChanges: inputs.registryChanges,
    registryOnly: isRegistryOnly(changes),
  });
  const notes = await renderNotesFor(scope, subject, verdict, now);

  const labels = planLabelChanges(pr.labels, verdict, policy.campaign_gate);
  // A PR that changes only the registries gets Release readiness alone, and no summary comment
  // (docs/reference/promises-and-events.md#a-pr-that-changes-only-the-registry).
  const checks = verdict.registryOnly
    ? [renderReadinessCheck(verdict, policy, "See the annotations on readiness/promises.yml and readiness/events.yml.")]
    : [
      renderReadinessCheck(verdict, policy, "The full report is in the summary comment on the PR."),
      renderCampaignGateCheck(verdict, policy, labels.removedCampaigns),
      renderNotesCheck(combineAudiences(notes), notes.problems),
    ];
  const summaryComment = verdict.registryOnly ? undefined : renderSummaryComment({
    verdict,
    policy,
    removedLabels: labels.removedCampaigns,
    notes: notes.audiences.filter((a) => a.releases.length > 0).map((a) => ({ audience: a.label, markdown: a.markdown })),
    checksUrl: `${pr.htmlUrl}/checks`,
  });
  const report: BuiltReport = {
    verdict,
    notes,
    checks,
    publication: {
      checks,
      // Stored against the labels as they will be once the app's own changes land, so the events
      // those changes cause (and any redelivery) find the inputs unchanged.
      inputsHash: hashInputs({ pr: { ...pr, labels: labels.after }, policy, state, now, manifests: changes.manifests }),
      state,
      labels: labels.changes,
      summaryComment,
    },
  };
  scope.services.onReport?.({ repo: scope.repo, pr, report });
  return report;
}

/** Each release's notes for every audience, with the repository's template overrides. */
async function renderNotesFor(scope: PullRequestScope, subject: ReportSubject, verdict: PullRequestVerdict, now: Date): Promise<ReleaseNotesResult> {
  const { loaded: { policy }, inputs } = subject;
  const overrides = await loadTemplateOverrides(scope.octokit, scope.repo, policy.notes.templates, scope.services.templateCache);
  const renderer = notesRendererFor(overrides);
  if (!renderer.ok) return { audiences: [], problems: renderer.problems };
  const subjects: ReleaseNotesSubject[] = [];
  for (const versions of inputs.manifests) {
    const head = versions.head;
    if (!head?.ok || versions.change.change === "removed") continue;
    const outcome = verdict.releases.find((r) => r.path === versions.change.path);
    if (outcome?.verdict) subjects.push({ file: head.file, manifest: head.manifest, verdict: outcome.verdict, locate: head.locate });
  }
  return renderReleaseNotes(subjects, policy, { now, renderer: renderer.renderer, promises: inputs.promises, promiseChanges: inputs.promiseChanges });
}
