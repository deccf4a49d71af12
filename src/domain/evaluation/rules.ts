import type { Manifest } from "../manifest/schema.js";
import type { Policy } from "../policy/schema.js";
import type { KeyPath } from "../source/problems.js";
import type { EvaluationContext } from "./release.js";

/**
 * Release-level rules: what a release must keep beyond its checklist (rollout within the status's
 * maximum, an experiment's hypothesis and metric, limitations stated at ga, promises that exist).
 */

export type RuleId = "rollout" | "hypothesis" | "key_metric" | "limitations" | "transition" | "promises";

export interface RuleVerdict {
  id: RuleId;
  ok: boolean;
  message: string;
  path: KeyPath;
}

export function evaluateRules(manifest: Manifest, policy: Policy, context: Pick<EvaluationContext, "promises">): RuleVerdict[] {
  const rules: RuleVerdict[] = [];
  const max = policy.statuses[manifest.status].max_rollout_percent;
  const limits = manifest.checklist.segment_limits;
  if (limits && !("not_applicable" in limits)) {
    const ok = limits.rollout_percent <= max;
    rules.push({
      id: "rollout",
      ok,
      message: ok
        ? `rollout ${limits.rollout_percent}% is within the ${max}% allowed at ${manifest.status}`
        : `rollout ${limits.rollout_percent}% exceeds the ${max}% allowed at ${manifest.status}`,
      path: ["checklist", "segment_limits", "rollout_percent"],
    });
  }
  if (manifest.status === "experiment") {
    rules.push(manifest.hypothesis
      ? { id: "hypothesis", ok: true, message: "hypothesis stated", path: ["hypothesis"] }
      : { id: "hypothesis", ok: false, message: "an experiment needs a hypothesis", path: [] });
    rules.push(manifest.key_metric
      ? { id: "key_metric", ok: true, message: "key metric named", path: ["key_metric"] }
      : { id: "key_metric", ok: false, message: "an experiment needs a key_metric", path: [] });
  }
  if (manifest.status === "ga") {
    rules.push(manifest.limitations !== undefined
      ? { id: "limitations", ok: true, message: `limitations stated (${manifest.limitations.length})`, path: ["limitations"] }
      : { id: "limitations", ok: false, message: "at ga, limitations must be stated explicitly (an empty list counts)", path: [] });
  }
  const registry = context.promises;
  if (manifest.promises && manifest.promises.length > 0 && registry !== undefined) {
    manifest.promises.forEach((id, index) => {
      if (registry === null) {
        rules.push({ id: "promises", ok: false, message: `promise "${id}" is referenced but the repository has no readiness/promises.yml`, path: ["promises", index] });
      } else if (!registry.has(id)) {
        rules.push({ id: "promises", ok: false, message: `promise "${id}" is not in readiness/promises.yml`, path: ["promises", index] });
      }
    });
  }
  return rules;
}
