import { shortHash } from "../domain/ledger/check-state.js";
import { ANNOTATIONS_PER_REQUEST, type CheckName, type CheckReport } from "../domain/report/checks.js";
import type { GitHubClient, RepoRef } from "./client.js";

export interface ExistingCheckRun {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  externalId: string | null;
  text: string | null;
  summary: string | null;
  completedAt: string | null;
  htmlUrl: string | null;
  annotationsCount: number;
}

/**
 * The app's latest check run of each name at a commit, from one listing (every page). `app_id`
 * keeps other apps' runs of the same name out of it.
 */
export async function listOwnCheckRuns(
  octokit: GitHubClient,
  repo: RepoRef,
  sha: string,
  appId?: number,
): Promise<Map<string, ExistingCheckRun>> {
  const runs = await octokit.paginate(octokit.rest.checks.listForRef, {
    ...repo,
    ref: sha,
    filter: "latest",
    per_page: 100,
    ...(appId ? { app_id: appId } : {}),
  });
  const byName = new Map<string, ExistingCheckRun>();
  for (const run of runs) {
    const known = byName.get(run.name);
    if (known && known.id > run.id) continue;
    byName.set(run.name, {
      id: run.id,
      name: run.name,
      status: run.status,
      conclusion: run.conclusion,
      externalId: run.external_id,
      text: run.output.text,
      summary: run.output.summary,
      completedAt: run.completed_at,
      htmlUrl: run.html_url,
      annotationsCount: run.output.annotations_count,
    });
  }
  return byName;
}

/**
 * A check run's `external_id` carries a hash of what the app last wrote to it, so an unchanged
 * report costs no write, and a redelivery with the same inputs can stop early.
 */
export function checkRunExternalId(inputsHash: string, report: CheckReport, extraText = ""): string {
  return `rr1:${inputsHash}:${shortHash([report.conclusion, report.title, report.summary, report.text ?? "", extraText, report.annotations])}`;
}

export function inputsHashOf(externalId: string | null | undefined): string | undefined {
  const match = /^rr1:([0-9a-f]+):[0-9a-f]+$/.exec(externalId ?? "");
  return match?.[1];
}

export interface UpsertResult {
  id: number;
  written: boolean;
}

/** Whether the run already shows what `externalId` names (the same report from the same inputs): nothing to write. */
export function isCurrentRun(run: ExistingCheckRun, externalId: string): boolean {
  return run.status === "completed" && run.externalId === externalId;
}

/**
 * Creates or updates the one run of a name at a commit. Writes nothing when the content is what
 * the run already shows; annotations go 50 a request, the first batch with the write itself.
 */
export async function upsertCheckRun(
  octokit: GitHubClient,
  repo: RepoRef,
  sha: string,
  existing: ExistingCheckRun | undefined,
  report: CheckReport,
  options: { externalId: string; completedAt: Date; hiddenText?: string; detailsUrl?: string },
): Promise<UpsertResult> {
  if (existing && isCurrentRun(existing, options.externalId)) {
    return { id: existing.id, written: false };
  }
  const text = [report.text, options.hiddenText].filter(Boolean).join("\n\n") || undefined;
  // GitHub appends the annotations of every update to those already on the run and offers no way
  // to remove them, so a run that has some keeps them; the output text stays the full account.
  const annotations = existing && existing.annotationsCount > 0 ? [] : report.annotations;
  const batches = chunk(annotations, ANNOTATIONS_PER_REQUEST);
  const output = {
    title: report.title,
    summary: report.summary,
    ...(text ? { text } : {}),
    ...(batches[0] ? { annotations: batches[0] } : {}),
  };
  const common = {
    ...repo,
    name: report.name as CheckName,
    status: "completed" as const,
    conclusion: report.conclusion,
    completed_at: options.completedAt.toISOString(),
    external_id: options.externalId,
    output,
    ...(options.detailsUrl ? { details_url: options.detailsUrl } : {}),
  };
  let id: number;
  if (existing) {
    await octokit.rest.checks.update({ ...common, check_run_id: existing.id });
    id = existing.id;
  } else {
    const { data } = await octokit.rest.checks.create({ ...common, head_sha: sha });
    id = data.id;
  }
  for (const batch of batches.slice(1)) {
    await octokit.rest.checks.update({ ...repo, check_run_id: id, output: { title: report.title, summary: report.summary, annotations: batch } });
  }
  return { id, written: true };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
