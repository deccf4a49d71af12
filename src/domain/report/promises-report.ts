import type { PullRequestVerdict } from "../evaluation/pull-request.js";
import { codeSpan, escapeMarkdown } from "../markdown/escape.js";
import { describePromiseChange, type PromiseVersionChange } from "../registry/changes.js";
import type { ChangedPromise } from "../registry/references.js";

/**
 * docs/reference/checks-labels-comment.md#promises: the promises a PR's releases carry, as support
 * and marketing need them in one place (version, since when, owner, metric, channels, conditions,
 * exceptions), and every promise the PR changes with the releases that carry it, so marketing
 * knows which copy to update.
 */

type PromiseSubject = Pick<PullRequestVerdict, "releases" | "promises" | "promiseChanges">;

const plain = (list: readonly string[]) => list.map(escapeMarkdown).join("; ");

/** Each promise the PR's releases list, once, with the releases that list it. */
export function renderCarriedPromises(verdict: PromiseSubject, heading = "**Promises**"): string {
  const carriers = new Map<string, string[]>();
  for (const outcome of verdict.releases) {
    if (outcome.change === "removed" || !outcome.manifest) continue;
    for (const id of outcome.manifest.promises ?? []) carriers.set(id, [...(carriers.get(id) ?? []), outcome.manifest.release]);
  }
  if (carriers.size === 0) return "";
  const lines = [heading, ""];
  for (const [id, releases] of carriers) {
    const promise = verdict.promises?.get(id);
    const by = `carried by ${releases.map(escapeMarkdown).join(", ")}`;
    if (!promise) {
      lines.push(`- ${codeSpan(id)}: not in the promise registry (${by})`);
      continue;
    }
    lines.push(
      `- ${codeSpan(id)} v${promise.version}, in effect from ${promise.effective}; owner ${escapeMarkdown(promise.owner)}; metric ${codeSpan(promise.metric)}; ` +
        `channels: ${plain(promise.channels) || "none"} (${by})`,
      `  - ${escapeMarkdown(promise.text)}`,
      `  - Conditions: ${plain(promise.conditions) || "none"}`,
      `  - Exceptions: ${plain(promise.exceptions) || "none"}`,
    );
    const change = verdict.promiseChanges?.find((c) => c.id === id);
    if (change) lines.push(`  - 🔁 New version: ${escapeMarkdown(describePromiseChange(change))}; update the copy on its channels`);
  }
  return lines.join("\n");
}

/** How a changed promise's words are marked up: Markdown for GitHub, plain for a terminal. */
export interface ChangeStyle {
  id: (id: string) => string;
  text: (text: string) => string;
}

const MARKDOWN: ChangeStyle = { id: codeSpan, text: escapeMarkdown };

/** One promise the change adds, changes or removes, with the releases that carry it (the app's check and the CLI's). */
export function describeChangedPromise(change: ChangedPromise, style: ChangeStyle = MARKDOWN): string {
  const by = change.releases.length ? `carried by ${change.releases.map(style.text).join(", ")}` : "no release carries it";
  if (change.change === "added") return `${style.id(change.id)} added at v${change.to} (${by})`;
  if (change.change === "removed") return `${style.id(change.id)} removed (it was v${change.from}; ${by})`;
  if (change.to !== null && change.from !== null && change.to > change.from) {
    const rose: PromiseVersionChange = { id: change.id, from: change.from, to: change.to, changed: change.changed };
    return `${style.text(describePromiseChange(rose))} (${by})`;
  }
  const fields = change.changed.map((f) => f.replace("_", " ")).join(", ");
  return `${style.id(change.id)} v${change.to}: ${style.text(fields)} changed, version ${change.to === change.from ? "not raised" : "lowered"} (${by})`;
}

const changedLine = (change: ChangedPromise) => `- ${describeChangedPromise(change)}`;

/** The registry's own change, base against head, each promise with the releases that carry it. */
export function renderRegistryChanges(changes: readonly ChangedPromise[] | null, heading = "## Promise registry"): string {
  if (changes === null) return "";
  const lines = [heading, ""];
  if (changes.length === 0) lines.push("`readiness/promises.yml` changes no promise (only formatting or comments).");
  else lines.push("Changes to `readiness/promises.yml`, base → head:", "", ...changes.map(changedLine));
  return lines.join("\n");
}
