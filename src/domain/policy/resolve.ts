import { DEFAULT_POLICY, policyFileSchema, type Policy, type PolicyFile } from "./schema.js";
import { campaignLabelsProblem } from "../labels/label-match.js";
import { compileLinearPattern } from "./linear-pattern.js";
import type { Problem } from "../source/problems.js";
import { isRecord, validateAgainstSchema } from "../source/validation.js";
import { parseYamlSource, problemAt, type Locator } from "../source/yaml-source.js";

export const POLICY_PATH = ".github/release-readiness.yml";

export type ResolvedPolicy = { ok: true; policy: Policy } | { ok: false; problems: Problem[] };

/**
 * Merges a repository's policy over the defaults. Mappings merge key by key; a list or a scalar in
 * the repository's policy replaces the default outright, so `requires` can be shortened as well as
 * lengthened (Probot's own merge would concatenate lists).
 */
export function mergePolicy(file: PolicyFile): Policy {
  const merged = mergeReplacingLists(DEFAULT_POLICY, stripMeta(file)) as Policy;
  merged.manifests = asList(merged.manifests as string | string[]);
  merged.campaign_labels = asList(merged.campaign_labels as string | string[]);
  for (const [item, signers] of Object.entries(merged.signoffs)) {
    if (item !== "dismiss_on_change" && typeof signers === "string") {
      (merged.signoffs as Record<string, unknown>)[item] = [signers];
    }
  }
  return merged;
}

function stripMeta(file: PolicyFile): Record<string, unknown> {
  const { $schema: _schema, _extends: _ext, ...rest } = file;
  return rest;
}

function asList(value: string | string[]): string[] {
  return typeof value === "string" ? [value] : value;
}

function mergeReplacingLists(base: unknown, override: unknown): unknown {
  if (override === undefined) return structuredClone(base);
  if (isRecord(base) && isRecord(override)) {
    const out: Record<string, unknown> = structuredClone(base);
    for (const [key, value] of Object.entries(override)) out[key] = mergeReplacingLists(base[key], value);
    return out;
  }
  return structuredClone(override);
}

/** Validates a policy already parsed to data (as Probot's config loader returns it). */
export function resolvePolicy(data: unknown, file = POLICY_PATH, locate?: Locator): ResolvedPolicy {
  if (data === null || data === undefined) return { ok: true, policy: mergePolicy({}) };
  const checked = validateAgainstSchema(policyFileSchema, data, file, locate);
  if (!checked.ok) return checked;
  const policy = mergePolicy(checked.data);
  const problems: Problem[] = [];
  const labelsProblem = campaignLabelsProblem(policy.campaign_labels);
  if (labelsProblem) problems.push(problemAt(file, locate, ["campaign_labels"], labelsProblem));
  const pattern = compileLinearPattern(policy.analytics.event_name_pattern);
  if (!pattern.ok) problems.push(problemAt(file, locate, ["analytics", "event_name_pattern"], pattern.message));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, policy };
}

/** Reads a policy from YAML text (the CLI and tests), keeping positions for its problems. */
export function parsePolicy(text: string, file = POLICY_PATH): ResolvedPolicy {
  const source = parseYamlSource(text, file);
  if (!source.ok) return source;
  return resolvePolicy(source.value, file, source.locate);
}

export const defaultPolicy = (): Policy => mergePolicy({});
