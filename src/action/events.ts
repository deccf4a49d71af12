import { pullRequestsInMergeGroup } from "../handlers/merge-group.js";

/** The Actions events the Action answers (docs/action.md); `issues` for the support sensor (docs/reference/sensor.md). */
export const WEBHOOK_EVENTS = ["pull_request", "pull_request_target", "issue_comment", "merge_group", "issues"] as const;
export const SWEEP_EVENTS = ["schedule", "workflow_dispatch"] as const;

/** What a run does for the event that started it. */
export type EventPlan =
  | {
    kind: "webhook";
    /** The webhook name the handlers listen to: `pull_request_target` is an Actions name only, its payload is a `pull_request` one. */
    name: "pull_request" | "issue_comment" | "merge_group" | "issues";
    /** The PRs the verdict is about (none for an issue or a comment on one; the group's PRs for a merge queue). */
    pullRequests: number[];
    /** The PR came from a fork (its `pull_request` runs get a read-only token). */
    fromFork: boolean;
    /** The verdict can fail the step: not for a PR being closed (there is nothing left to hold back). */
    gates: boolean;
  }
  | { kind: "sweep" }
  | { kind: "unsupported"; reason: string };

type Payload = Record<string, unknown>;

const objectAt = (value: unknown, key: string): Payload | undefined => {
  const inner = typeof value === "object" && value !== null ? (value as Payload)[key] : undefined;
  return typeof inner === "object" && inner !== null ? (inner as Payload) : undefined;
};

const stringAt = (value: Payload | undefined, key: string): string | undefined =>
  typeof value?.[key] === "string" ? (value[key] as string) : undefined;

export function planEvent(eventName: string, payload: unknown): EventPlan {
  if ((SWEEP_EVENTS as readonly string[]).includes(eventName)) return { kind: "sweep" };
  if (eventName === "pull_request" || eventName === "pull_request_target") {
    const pr = objectAt(payload, "pull_request");
    const number = pr?.number;
    if (typeof number !== "number") return { kind: "unsupported", reason: `the ${eventName} payload has no pull_request.number` };
    const head = stringAt(objectAt(objectAt(pr, "head"), "repo"), "full_name");
    const base = stringAt(objectAt(objectAt(pr, "base"), "repo"), "full_name");
    const fromFork = !!head && !!base && head.toLowerCase() !== base.toLowerCase();
    return { kind: "webhook", name: "pull_request", pullRequests: [number], fromFork, gates: (payload as Payload).action !== "closed" };
  }
  if (eventName === "issue_comment") {
    const issue = objectAt(payload, "issue");
    const number = issue?.number;
    const onPullRequest = typeof number === "number" && !!objectAt(issue, "pull_request");
    return { kind: "webhook", name: "issue_comment", pullRequests: onPullRequest ? [number] : [], fromFork: false, gates: true };
  }
  if (eventName === "issues") {
    // The sensor's (issues.opened, issues.edited): no release PR, so no verdict to gate on.
    return { kind: "webhook", name: "issues", pullRequests: [], fromFork: false, gates: false };
  }
  if (eventName === "merge_group") {
    const group = objectAt(payload, "merge_group");
    const numbers = pullRequestsInMergeGroup(stringAt(group, "head_ref") ?? "", stringAt(objectAt(group, "head_commit"), "message"));
    return { kind: "webhook", name: "merge_group", pullRequests: numbers, fromFork: false, gates: true };
  }
  return {
    kind: "unsupported",
    reason: `the Action does not handle ${eventName} events; run it on ${[...WEBHOOK_EVENTS, ...SWEEP_EVENTS].join(", ")}`,
  };
}
