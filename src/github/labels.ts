import type { LabelChanges } from "../domain/labels/label-changes.js";
import { REVIEW_LABEL } from "../domain/review/view-model.js";
import { MISMATCH_LABEL, SOURCE_LABEL_PREFIX } from "../domain/sensor/labels.js";
import { httpStatusOf, repoKey, type GitHubClient, type RepoRef } from "./client.js";

/** Colours and descriptions for the labels the app creates, so they read well in the label list. */
const LABEL_LOOKS: Record<string, { color: string; description: string }> = {
  "release:experiment": { color: "c5def5", description: "Release manifest status: experiment (set by Release Readiness)" },
  "release:beta": { color: "fbca04", description: "Release manifest status: beta (set by Release Readiness)" },
  "release:ga": { color: "0e8a16", description: "Release manifest status: GA (set by Release Readiness)" },
  "release:rollback": { color: "b60205", description: "Release manifest status: rollback (set by Release Readiness)" },
  [REVIEW_LABEL]: { color: "5319e7", description: "The weekly promise review (written by Release Readiness)" },
  [MISMATCH_LABEL]: { color: "d93f0b", description: "A customer expected something else (set by Release Readiness)" },
};

/** `expectation:<source>` labels share one look (docs/reference/sensor.md#on-github). */
const SOURCE_LOOK = { color: "f9d0c4", description: "Where the customer's expectation came from (set by Release Readiness)" };

/**
 * Labels known to exist, per repository, so each is looked up and created at most once. One
 * belongs to each app instance (see createServices), so a new app starts knowing none.
 */
export class KnownLabels {
  private readonly byRepo = new Map<string, Set<string>>();

  has(repo: RepoRef, name: string): boolean {
    return this.byRepo.get(repoKey(repo))?.has(name) ?? false;
  }

  add(repo: RepoRef, name: string): void {
    const key = repoKey(repo);
    const names = this.byRepo.get(key) ?? new Set<string>();
    names.add(name);
    this.byRepo.set(key, names);
  }
}

/** Makes sure a label exists in the repository (looked up once per app instance), creating it with the app's look. */
export async function ensureLabelExists(octokit: GitHubClient, repo: RepoRef, name: string, known: KnownLabels): Promise<void> {
  if (known.has(repo, name)) return;
  try {
    await octokit.rest.issues.getLabel({ ...repo, name });
  } catch (error) {
    if (httpStatusOf(error) !== 404) throw error;
    const look = LABEL_LOOKS[name] ?? (name.startsWith(SOURCE_LABEL_PREFIX) ? SOURCE_LOOK : { color: "ededed", description: "Created by Release Readiness" });
    try {
      await octokit.rest.issues.createLabel({ ...repo, name, ...look });
    } catch (createError) {
      if (httpStatusOf(createError) !== 422) throw createError; // created meanwhile by someone else
    }
  }
  known.add(repo, name);
}

/**
 * Adds and removes single labels; never sets the whole list, which would undo a person's label
 * change made at the same moment.
 */
export async function applyLabelChanges(
  octokit: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  changes: LabelChanges,
  known: KnownLabels,
): Promise<void> {
  for (const name of changes.remove) {
    try {
      await octokit.rest.issues.removeLabel({ ...repo, issue_number: issueNumber, name });
    } catch (error) {
      if (httpStatusOf(error) !== 404) throw error; // already gone
    }
  }
  if (changes.add.length > 0) {
    for (const name of changes.add) await ensureLabelExists(octokit, repo, name, known);
    await octokit.rest.issues.addLabels({ ...repo, issue_number: issueNumber, labels: changes.add });
  }
}
