import { fitWithinLimit } from "../markdown/limit.js";
import type { ReleaseJudgement } from "./judge.js";

/** GitHub refuses a deployment protection rule's comment longer than this. */
export const DEPLOYMENT_COMMENT_LIMIT = 1024;

export interface GateDecision {
  state: "approved" | "rejected";
  comment: string;
}

export interface DeploymentSubject {
  environment: string;
  /** The commit being deployed. */
  sha: string;
  /** The commit of the environment's last successful deployment, when there was one. */
  previousSha?: string;
}

const short = (sha: string) => sha.slice(0, 7);
const withinLimit = (text: string, pointer: string) => fitWithinLimit(text, pointer, DEPLOYMENT_COMMENT_LIMIT);
const nameOf = (j: ReleaseJudgement) => j.release ?? j.path;
const broughtBy = (j: ReleaseJudgement) => (j.pullRequest !== undefined ? `, PR #${j.pullRequest}` : "");
const list = (items: string[]) => items.join(", ");

/**
 * docs/reference/deployment-gate.md: approve only when every shipped release that is not being
 * rolled back is ready; otherwise reject, naming each release that is not and why. The names come
 * first, on one line, so that trimming to GitHub's 1,024 characters cuts reasons, not names.
 */
export function decideDeployment(subject: DeploymentSubject, judgements: readonly ReleaseJudgement[]): GateDecision {
  const since = subject.previousSha ? `since the last successful deployment (${short(subject.previousSha)})` : "(the first successful deployment to it: every manifest counts)";
  const where = `${subject.environment} at ${short(subject.sha)}`;
  const notReady = judgements.filter((j) => j.outcome === "not_ready");
  const rolledBack = judgements.filter((j) => j.outcome === "rollback").map(nameOf);
  const rollbackNote = rolledBack.length > 0 ? ` Being rolled back, so not held: ${list(rolledBack)}.` : "";
  if (notReady.length === 0) {
    const ready = judgements.filter((j) => j.outcome === "ready").map(nameOf);
    const body = ready.length > 0
      ? `Release readiness: every release this deployment ships is ready — ${list(ready)}.`
      : "Release readiness: this deployment ships no release that must be ready.";
    return { state: "approved", comment: withinLimit(`${body}${rollbackNote} Deploying ${where}; releases changed ${since}.`, "") };
  }
  const lines = [
    `Release readiness: not ready to deploy ${where}. Not ready: ${list(notReady.map(nameOf))}.`,
    "",
    ...notReady.map((j) => `- ${nameOf(j)} (${j.status ?? "invalid"}${broughtBy(j)}): ${j.reasons.join("; ")}`),
    "",
    `Releases changed ${since}.${rollbackNote} Fix them on the default branch, or waive on the PR that brought the release, then re-run the deployment.`,
  ];
  return { state: "rejected", comment: withinLimit(lines.join("\n"), "The Release readiness check on each release's PR has the full list.") };
}

/** Environments the policy does not name are approved, saying so, so the rule never holds them. */
export function notGuardedDecision(environment: string, guarded: readonly string[]): GateDecision {
  const which = guarded.length > 0 ? `it guards only ${list([...guarded])}` : "it guards no environment";
  return {
    state: "approved",
    comment: withinLimit(`Release readiness: the deployment gate does not apply to ${environment} (${which}; see deployment_gate.environments in .github/release-readiness.yml).`, ""),
  };
}

/**
 * docs/reference/deployment-gate.md: GitHub never redelivers this event and holds an unanswered
 * deployment for up to 30 days, so when readiness cannot be determined the answer is a
 * rejection that says why, never silence and never an approval.
 */
export function undeterminedDecision(environment: string, reason: string): GateDecision {
  return {
    state: "rejected",
    comment: withinLimit(`Release readiness could not be determined for ${environment}, so the deployment is rejected: ${reason}. Re-run the deployment to try again.`, ""),
  };
}
