import type { Policy } from "../policy/schema.js";
import { transitionPattern } from "../policy/schema.js";
import type { ReleaseStatus } from "../vocabulary.js";

/**
 * Status transitions: the policy lists the changes of status a release may make (`from -> to`,
 * `any -> to`); a release may also stay where it is.
 */

export interface TransitionVerdict {
  from: ReleaseStatus;
  to: ReleaseStatus;
  allowed: boolean;
  message: string;
}

export function parseTransition(rule: string): { from: ReleaseStatus | "any"; to: ReleaseStatus } | undefined {
  const match = transitionPattern.exec(rule);
  if (!match) return undefined;
  return { from: match[1] as ReleaseStatus | "any", to: match[2] as ReleaseStatus };
}

export function isTransitionAllowed(from: ReleaseStatus, to: ReleaseStatus, policy: Policy): boolean {
  if (from === to) return true;
  return policy.transitions.some((rule) => {
    const parsed = parseTransition(rule);
    return !!parsed && (parsed.from === from || parsed.from === "any") && parsed.to === to;
  });
}

export function evaluateTransition(from: ReleaseStatus, to: ReleaseStatus, policy: Policy): TransitionVerdict {
  const allowed = isTransitionAllowed(from, to, policy);
  const reachable = policy.transitions
    .map(parseTransition)
    .filter((t) => t && (t.from === from || t.from === "any") && t.to !== from)
    .map((t) => t!.to);
  return {
    from,
    to,
    allowed,
    message: allowed
      ? `status change ${from} -> ${to} is allowed`
      : `status change ${from} -> ${to} is not allowed by the policy${reachable.length ? ` (from ${from}: ${[...new Set(reachable)].join(", ")})` : ""}`,
  };
}
