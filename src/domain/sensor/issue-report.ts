import { codeSpan, escapeMarkdown } from "../markdown/escape.js";
import { fitWithinLimit } from "../markdown/limit.js";
import type { ReleasePromise } from "../registry/schema.js";
import { inEffectOn, reachesMinStatus } from "../registry/promise-standing.js";
import { STATUS_TITLES } from "../vocabulary.js";
import type { CatalogueRelease, SensorCatalogueData } from "./catalogue.js";
import { mismatchUsage } from "./correction.js";
import { encodeSensorFinding, type SensorFinding } from "./finding-record.js";
import { isSensorLabel, MISMATCH_LABEL, sourceLabel } from "./labels.js";

/**
 * What the sensor writes on an issue (docs/reference/sensor.md#on-github): the labels
 * `expectation-mismatch` and `expectation:<source>` (exact), and one comment, updated in place,
 * naming the likely release and promise with the promise's real conditions and exceptions, so the
 * support agent answers with the real terms. The comment carries the finding (./finding-record.ts).
 */

/** Single labels to add and remove so the issue carries exactly the finding's sensor labels. */
export function sensorLabelChanges(current: readonly string[], finding: SensorFinding | undefined): { add: string[]; remove: string[] } {
  const wanted = finding?.mismatch ? [MISMATCH_LABEL, sourceLabel(finding.source)] : [];
  const has = (name: string) => current.some((label) => label.toLowerCase() === name.toLowerCase());
  return {
    add: wanted.filter((name) => !has(name)),
    remove: current.filter((label) => isSensorLabel(label) && !wanted.some((name) => name.toLowerCase() === label.toLowerCase())),
  };
}

/** Whether two findings say the same (the comment then needs no rewrite). */
export function sameFinding(a: SensorFinding | undefined, b: SensorFinding | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

const list = (items: readonly string[]) => items.map(escapeMarkdown).join("; ");

function releaseLines(release: CatalogueRelease, repository: string): string[] {
  const segment = [
    release.plans.length ? `plans ${[...new Set(release.plans)].map(escapeMarkdown).join(", ")}` : "",
    release.regions.length ? `regions ${[...new Set(release.regions)].map(escapeMarkdown).join(", ")}` : "",
  ].filter(Boolean).join("; ");
  return [
    `**Likely release:** ${escapeMarkdown(release.title)} (${codeSpan(release.slug)} in ${escapeMarkdown(repository)}), ${STATUS_TITLES[release.status]}.`,
    ...(segment ? [`- Who has it: ${segment}.`] : []),
    ...release.limitations.map((text) => `- Known limitation: ${escapeMarkdown(text)}`),
  ];
}

function promiseLines(promise: ReleasePromise, release: CatalogueRelease | undefined, at: string, likely: boolean): string[] {
  const lines = [
    `**${likely ? "Likely promise" : "Also possible: promise"} ${codeSpan(promise.id)}** (version ${promise.version}): ${escapeMarkdown(promise.text)}`,
    `- Holds when: ${promise.conditions.length ? list(promise.conditions) : "no conditions stated"}.`,
    `- Does not hold for: ${promise.exceptions.length ? list(promise.exceptions) : "no exceptions stated"}.`,
  ];
  if (release && !reachesMinStatus(release.status, promise)) {
    lines.push(`- Not yet promised for this release: it holds from ${STATUS_TITLES[promise.min_status]}, and the release is at ${STATUS_TITLES[release.status]}.`);
  }
  if (!inEffectOn(promise, at.slice(0, 10))) lines.push(`- In effect only from ${promise.effective}.`);
  return lines;
}

export interface SensorCommentView {
  finding: SensorFinding;
  catalogue: SensorCatalogueData;
  /** The policy's command prefix. */
  prefix: string;
  /** When the issue was opened (ISO): a promise not yet in effect then says so. */
  issueAt: string;
}

/** The sensor's comment on an issue, with the finding's marker first. */
export function renderSensorComment({ finding, catalogue, prefix, issueAt }: SensorCommentView): string {
  const lines = [encodeSensorFinding(finding)];
  const corrected = finding.correction ? ` Corrected by ${escapeMarkdown(`@${finding.correction.by}`)} on ${finding.correction.at.slice(0, 10)}; the app will not change this again.` : "";
  if (!finding.mismatch) {
    lines.push(`**Not an expectation mismatch.**${corrected}`);
    return lines.join("\n");
  }
  lines.push(`**Expectation mismatch**: the customer expected something else; the expectation came from ${codeSpan(finding.source)}.${corrected}`, "");
  const releases = finding.releases.flatMap((slugName) => catalogue.releases.find((r) => r.slug === slugName) ?? []);
  const first = releases[0];
  if (first) lines.push(...releaseLines(first, catalogue.repository), "");
  else lines.push(noReleaseLine(catalogue), "");
  const promises = finding.promises.flatMap((id) => catalogue.promises.get(id) ?? []);
  promises.slice(0, 3).forEach((promise, i) => lines.push(...promiseLines(promise, first, issueAt, i === 0), ""));
  if (promises.length === 0) lines.push("No promise in the registry matches it.", "");
  if (releases.length > 1) lines.push(`Also possible: ${releases.slice(1).map((r) => codeSpan(r.slug)).join(", ")}.`);
  if (finding.campaigns.length) lines.push(`Campaigns allowed for it then: ${finding.campaigns.map(codeSpan).join(", ")}.`);
  lines.push(`Not right? Someone with triage permission or above corrects it with ${codeSpan(mismatchUsage(prefix))}.`);
  return fitWithinLimit(lines.join("\n"), "the release's manifest and the promise registry");
}

function noReleaseLine({ repository, unread }: SensorCatalogueData): string {
  const where = escapeMarkdown(repository);
  if (unread === "not_readable") return `No release is named: the app cannot read ${where} (${codeSpan("sensor.releases_from")}); give the app access to it (in this repository's installation) or correct the policy.`;
  if (unread === "too_large") return `No release is named: ${where} is too large for GitHub to list its files in full.`;
  return `No release of ${where} that changed shortly before the issue matches what it says.`;
}

const REFUSAL_MARKER = "<!-- release-readiness:sensor-refusal ";

/** A refusal of `/readiness mismatch`, marked with whom it answered so that person gets at most one an hour. */
export function sensorRefusalReply(login: string, reason: string, prefix: string): string {
  return [
    `${REFUSAL_MARKER}${login.replace(/[^A-Za-z0-9_[\]-]/g, "")} -->`,
    `${escapeMarkdown(`@${login}`)}: ${reason}`,
    "",
    `Usage: ${codeSpan(mismatchUsage(prefix))}. People with triage permission or above may correct the sensor.`,
  ].join("\n");
}

/** Whom a refusal reply answered, or undefined when the text is none. */
export function refusalReplyFor(body: string | null | undefined): string | undefined {
  if (!body?.startsWith(REFUSAL_MARKER)) return undefined;
  return body.slice(REFUSAL_MARKER.length, body.indexOf(" -->")).trim() || undefined;
}
