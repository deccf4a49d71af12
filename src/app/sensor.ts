import { isBotActor } from "../domain/commands/authority.js";
import { REFUSAL_REPLY_INTERVAL_MS } from "../domain/commands/refusal-replies.js";
import { escapeMarkdown } from "../domain/markdown/escape.js";
import { DEFAULT_COMMAND_PREFIX, type Policy } from "../domain/policy/schema.js";
import type { SensorCatalogueData } from "../domain/sensor/catalogue.js";
import { classifyTicket } from "../domain/sensor/classify.js";
import { correctFinding, type MismatchCommand } from "../domain/sensor/correction.js";
import { createDetector, detectMismatch } from "../domain/sensor/detect.js";
import { decodeSensorFinding, type SensorFinding } from "../domain/sensor/finding-record.js";
import { refusalReplyFor, renderSensorComment, sameFinding, sensorLabelChanges, sensorRefusalReply } from "../domain/sensor/issue-report.js";
import { formatProblem, type Problem } from "../domain/source/problems.js";
import { permissionAtLeast } from "../domain/vocabulary.js";
import { isAppComment, listIssueComments, postComment, reactToComment, type IssueComment } from "../github/conversation.js";
import { applyLabelChanges } from "../github/labels.js";
import { permissionOf } from "../github/people.js";
import { deleteSensorComment, findSensorComment, writeSensorComment } from "../github/sensor-comment.js";
import { serialised, type PullRequestScope } from "./pull-request-scope.js";
import { loadSensorCatalogue } from "./sensor-releases.js";

/**
 * docs/reference/sensor.md#on-github: support as a sensor on a repository's issues. Load (the
 * issue's comments, the window's releases), decide in the domain (classifyTicket, the correction),
 * publish (labels, one comment in place). Text that is no mismatch costs no write, and on an
 * opened issue or a new comment not even a read. A correction is final: after it the detector
 * never changes the issue again.
 */

export interface SensorIssue {
  number: number;
  title: string;
  body: string;
  /** ISO time the issue was opened: the window of candidate releases ends here. */
  createdAt: string;
  /** Its labels as the delivery shows them. */
  labels: string[];
}

export type SensorTrigger = { kind: "opened" } | { kind: "edited" } | { kind: "comment"; body: string };

interface Loaded {
  comments: IssueComment[];
  own: IssueComment | undefined;
  previous: SensorFinding | undefined;
  botLogin: string | undefined;
}

async function loadIssue(scope: PullRequestScope): Promise<Loaded> {
  const { botLogin } = await scope.services.identity();
  const comments = await listIssueComments(scope.octokit, scope.repo, scope.number);
  const own = findSensorComment(comments, botLogin);
  return { comments, own, previous: decodeSensorFinding(own?.body), botLogin };
}

/** The customer's words: the issue and every comment that is not the app's. */
function issueText(issue: SensorIssue, loaded: Loaded): string {
  const human = loaded.comments.filter((c) => !isAppComment(c, loaded.botLogin));
  return [issue.body, ...human.map((c) => c.body)].join("\n\n");
}

export async function senseIssue(scope: PullRequestScope, policy: Policy, issue: SensorIssue, trigger: SensorTrigger): Promise<string> {
  const detector = createDetector(policy.sensor.phrases);
  const ownText = trigger.kind === "comment" ? trigger.body : issue.body;
  // Nothing to withdraw on a new issue or after a new comment: a text that is no mismatch ends here.
  if (trigger.kind !== "edited" && !detectMismatch(detector, `${issue.title}\n${ownText}`).mismatch) return "sensor: no mismatch";
  return serialised(scope, async (locked) => {
    const loaded = await loadIssue(locked);
    if (loaded.previous?.correction) return "sensor: corrected, final";
    const text = issueText(issue, loaded);
    const createdAt = new Date(issue.createdAt);
    if (!detectMismatch(detector, `${issue.title}\n${text}`).mismatch) {
      if (!loaded.own) return "sensor: no mismatch";
      await locked.lock?.confirm();
      await applyLabelChanges(locked.octokit, locked.repo, issue.number, sensorLabelChanges(issue.labels, undefined), locked.services.knownLabels);
      await deleteSensorComment(locked.octokit, locked.repo, loaded.own);
      return "sensor: mismatch withdrawn";
    }
    const catalogue = await loadSensorCatalogue(locked, policy);
    const verdict = classifyTicket(detector, { subject: issue.title, body: text, createdAt }, { ...catalogue, windowDays: policy.sensor.window_days });
    const finding: SensorFinding = { mismatch: true, source: verdict.source ?? "unknown", releases: verdict.releases, promises: verdict.promises, campaigns: verdict.campaigns };
    const writes = await publishFinding(locked, { issue, loaded, finding, catalogue, prefix: policy.commands.prefix });
    return `sensor: mismatch (${finding.source}), ${writes} writes`;
  });
}

interface Publication {
  issue: SensorIssue;
  loaded: Loaded;
  finding: SensorFinding;
  catalogue: SensorCatalogueData;
  prefix: string;
}

/** Labels, then the comment; only what differs from what the issue already shows. */
async function publishFinding(scope: PullRequestScope, { issue, loaded, finding, catalogue, prefix }: Publication): Promise<number> {
  const labels = sensorLabelChanges(issue.labels, finding);
  const body = renderSensorComment({ finding, catalogue, prefix, issueAt: issue.createdAt });
  const labelWrites = labels.add.length + labels.remove.length;
  if (labelWrites === 0 && sameFinding(loaded.previous, finding) && loaded.own?.body === body) return 0;
  await scope.lock?.confirm();
  await applyLabelChanges(scope.octokit, scope.repo, issue.number, labels, scope.services.knownLabels);
  const wrote = await writeSensorComment(scope.octokit, scope.repo, issue.number, loaded.own, body);
  return labelWrites + (wrote ? 1 : 0);
}

export interface CorrectionRequest {
  issue: SensorIssue;
  comment: { id: number; body: string; login: string; type: string };
  command: MismatchCommand;
}

/** `/readiness mismatch …` (docs/reference/sensor.md#correcting-it): triage permission or above. */
export async function correctIssue(scope: PullRequestScope, policy: Policy, request: CorrectionRequest): Promise<string> {
  const { comment, command, issue } = request;
  const prefix = policy.commands.prefix;
  const isBot = isBotActor({ login: comment.login, type: comment.type });
  const permission = isBot ? "none" : await permissionOf(scope.octokit, scope.repo, comment.login);
  return serialised(scope, async (locked) => {
    const loaded = await loadIssue(locked);
    const refuse = (reason: string) => refuseCorrection(locked, loaded, comment, reason, prefix);
    if (!permissionAtLeast(permission, "triage")) {
      return refuse(`only people with triage permission or above may correct the sensor; you have ${permission === "none" ? "no" : permission} permission here.`);
    }
    if (command.kind === "invalid") return refuse(`${command.problem}.`);
    const catalogue = await loadSensorCatalogue(locked, policy);
    const corrected = correctFinding(command, catalogue, loaded.previous, { by: comment.login, at: locked.services.now().toISOString() });
    if (!corrected.ok) {
      const known = [...catalogue.releases.map((r) => r.slug), ...catalogue.promises.keys()].slice(0, 30);
      return refuse(`${corrected.problem}${known.length ? ` (known: ${known.join(", ")})` : ""}.`);
    }
    await locked.lock?.confirm();
    await reactToComment(locked.octokit, locked.repo, comment.id, "+1");
    const writes = await publishFinding(locked, { issue, loaded, finding: corrected.finding, catalogue, prefix });
    return `sensor: corrected to ${command.target}, ${writes + 1} writes`;
  });
}

/**
 * `/readiness mismatch …` while the repository's policy is invalid: nothing is corrected, and
 * whoever asked is told why with the policy's problems (as commands on pull requests are,
 * docs/reference/sensor.md#correcting-it), in a refusal like any other.
 */
export async function refuseUnderBrokenPolicy(scope: PullRequestScope, comment: CorrectionRequest["comment"], problems: readonly Problem[]): Promise<string> {
  return serialised(scope, async (locked) => {
    const loaded = await loadIssue(locked);
    const listed = problems.slice(0, MAX_POLICY_PROBLEMS).map((p) => escapeMarkdown(formatProblem(p)));
    if (problems.length > listed.length) listed.push(`and ${problems.length - listed.length} more`);
    const reason = `the repository's release policy is invalid, so the correction could not run: ${listed.join("; ")}. Fix the policy on the default branch, then ask again.`;
    return refuseCorrection(locked, loaded, comment, reason, DEFAULT_COMMAND_PREFIX);
  });
}

/** How many of a broken policy's problems a refusal lists. */
const MAX_POLICY_PROBLEMS = 5;

/** A refused correction changes nothing; it gets a reaction, and a reply at most once an hour per person. */
async function refuseCorrection(scope: PullRequestScope, loaded: Loaded, comment: CorrectionRequest["comment"], reason: string, prefix: string): Promise<string> {
  await scope.lock?.confirm();
  await reactToComment(scope.octokit, scope.repo, comment.id, "-1");
  const since = scope.services.now().getTime() - REFUSAL_REPLY_INTERVAL_MS;
  const repliedLately = loaded.comments.some((c) =>
    isAppComment(c, loaded.botLogin) && refusalReplyFor(c.body) === comment.login && Date.parse(c.createdAt) > since);
  if (repliedLately) return "sensor: correction refused (replied within the hour)";
  await postComment(scope.octokit, scope.repo, scope.number, sensorRefusalReply(comment.login, reason, prefix));
  return "sensor: correction refused";
}
