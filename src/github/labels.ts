import type { LabelChanges } from "../domain/labels/label-changes.js";
import { httpStatusOf, repoKey, type GitHubClient, type RepoRef } from "./client.js";

/** Colours and descriptions for the labels the app creates, so they read well in the label list. */
const LABEL_LOOKS: Record<string, { color: string; description: string }> = {
  "release:experiment": { color: "c5def5", description: "Release manifest status: experiment (set by Release Readiness)" },
  "release:beta": { color: "fbca04", description: "Release manifest status: beta (set by Release Readiness)" },
  "release:ga": { color: "0e8a16", description: "Release manifest status: GA (set by Release Readiness)" },
  "release:rollback": { color: "b60205", description: "Release manifest status: rollback (set by Release Readiness)" },
};

/** Labels known to exist per repository, so each is created at most once per process. */
const knownLabels = new Map<string, Set<string>>();

async function ensureLabelExists(octokit: GitHubClient, repo: RepoRef, name: string): Promise<void> {
  const key = repoKey(repo);
  const known = knownLabels.get(key) ?? new Set<string>();
  knownLabels.set(key, known);
  if (known.has(name)) return;
  try {
    await octokit.rest.issues.getLabel({ ...repo, name });
  } catch (error) {
    if (httpStatusOf(error) !== 404) throw error;
    const look = LABEL_LOOKS[name] ?? { color: "ededed", description: "Created by Release Readiness" };
    try {
      await octokit.rest.issues.createLabel({ ...repo, name, ...look });
    } catch (createError) {
      if (httpStatusOf(createError) !== 422) throw createError; // created meanwhile by someone else
    }
  }
  known.add(name);
}

/**
 * Adds and removes single labels; never sets the whole list, which would undo a person's label
 * change made at the same moment.
 */
export async function applyLabelChanges(octokit: GitHubClient, repo: RepoRef, issueNumber: number, changes: LabelChanges): Promise<void> {
  for (const name of changes.remove) {
    try {
      await octokit.rest.issues.removeLabel({ ...repo, issue_number: issueNumber, name });
    } catch (error) {
      if (httpStatusOf(error) !== 404) throw error; // already gone
    }
  }
  if (changes.add.length > 0) {
    for (const name of changes.add) await ensureLabelExists(octokit, repo, name);
    await octokit.rest.issues.addLabels({ ...repo, issue_number: issueNumber, labels: changes.add });
  }
}

/** Test hook: forget which labels exist (each test starts from a fresh GitHub). */
export function forgetKnownLabels(): void {
  knownLabels.clear();
}
