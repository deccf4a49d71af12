import { policySchema, type Policy, type PolicyFile } from "./schema.js";
import type { Problem } from "../source/problems.js";
import { isRecord, validateAgainstSchema } from "../source/validation.js";
import { parseYamlSource, type Locator } from "../source/yaml-source.js";

export const POLICY_PATH = ".github/release-readiness.yml";

export type ResolvedPolicy = { ok: true; policy: Policy } | { ok: false; problems: Problem[] };

/**
 * Merges policy layers, farthest first (an organisation's `.github` policy, then the repository's
 * own), the way the defaults are applied: mappings key by key, while a list or a scalar in a
 * nearer layer replaces the farther one outright, so `requires` can be shortened as well as
 * lengthened (Probot's own merge would concatenate lists).
 *
 * It merges what the files hold, before parsing: parsed layers would carry every default, and a
 * default inside a nested mapping of a nearer layer would overwrite a value a farther layer set.
 */
export function mergePolicyLayers(layers: readonly Record<string, unknown>[]): Record<string, unknown> {
  return layers.reduce<Record<string, unknown>>((merged, layer) => mergeMappings(merged, layer), {});
}

function mergeMappings(base: Record<string, unknown>, layer: Record<string, unknown>): Record<string, unknown> {
  // A Map and fromEntries keep a key such as "__proto__" an ordinary key (assigning it would not).
  const merged = new Map(Object.entries(base));
  for (const [key, value] of Object.entries(layer)) {
    const current = merged.get(key);
    merged.set(key, isRecord(current) && isRecord(value) ? mergeMappings(current, value) : value);
  }
  return Object.fromEntries(merged);
}

/**
 * The policy that layers (farthest first) give, every default filled in. For data already known to
 * be valid (tests, the defaults): it throws on invalid data, where `resolvePolicy` reports problems.
 */
export function mergePolicy(...layers: PolicyFile[]): Policy {
  return policySchema.parse(mergePolicyLayers(layers));
}

export const defaultPolicy = (): Policy => mergePolicy();

/** Validates a policy already parsed to data (as Probot's config loader returns it). */
export function resolvePolicy(data: unknown, file = POLICY_PATH, locate?: Locator): ResolvedPolicy {
  if (data === null || data === undefined) return { ok: true, policy: defaultPolicy() };
  const checked = validateAgainstSchema(policySchema, data, file, locate);
  return checked.ok ? { ok: true, policy: checked.data } : checked;
}

/** Reads a policy from YAML text (the CLI and tests), keeping positions for its problems. */
export function parsePolicy(text: string, file = POLICY_PATH): ResolvedPolicy {
  const source = parseYamlSource(text, file);
  if (!source.ok) return source;
  return resolvePolicy(source.value, file, source.locate);
}
