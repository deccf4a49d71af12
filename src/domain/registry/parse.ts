import type { Problem } from "../source/problems.js";
import { eventCatalogSchema, promiseRegistrySchema, type EventCatalog, type PromiseRegistry, type ReleasePromise } from "./schema.js";
import { validateAgainstSchema } from "../source/validation.js";
import { STATUS_RANK } from "../vocabulary.js";
import { parseYamlSource, problemAt, type Locator } from "../source/yaml-source.js";

export const PROMISES_PATH = "readiness/promises.yml";
export const EVENTS_PATH = "readiness/events.yml";

export type Parsed<T> = { ok: true; data: T; locate: Locator } | { ok: false; problems: Problem[] };

function parseWith<T>(
  text: string,
  file: string,
  validate: (value: unknown, locate: Locator) => { ok: true; data: T } | { ok: false; problems: Problem[] },
): Parsed<T> {
  const source = parseYamlSource(text, file);
  if (!source.ok) return source;
  const checked = validate(source.value, source.locate);
  return checked.ok ? { ok: true, data: checked.data, locate: source.locate } : checked;
}

function duplicateProblems(file: string, locate: Locator, names: string[], listKey: string, field: string): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  names.forEach((name, index) => {
    if (seen.has(name)) problems.push(problemAt(file, locate, [listKey, index, field], `duplicate ${field} "${name}"`));
    seen.add(name);
  });
  return problems;
}

export function parsePromiseRegistry(text: string, file = PROMISES_PATH): Parsed<PromiseRegistry> {
  return parseWith(text, file, (value, locate) => {
    const checked = validateAgainstSchema(promiseRegistrySchema, value, file, locate);
    if (!checked.ok) return checked;
    const problems = duplicateProblems(file, locate, checked.data.promises.map((p) => p.id), "promises", "id");
    return problems.length ? { ok: false, problems } : checked;
  });
}

export function parseEventCatalog(text: string, file = EVENTS_PATH): Parsed<EventCatalog> {
  return parseWith(text, file, (value, locate) => {
    const checked = validateAgainstSchema(eventCatalogSchema, value, file, locate);
    if (!checked.ok) return checked;
    const problems = duplicateProblems(file, locate, checked.data.events.map((e) => e.name), "events", "name");
    return problems.length ? { ok: false, problems } : checked;
  });
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** docs/reference/promises-and-events.md#promise-registry: changing what a promise says without raising its version is an error. */
export function checkPromiseVersions(base: PromiseRegistry, head: PromiseRegistry, file = PROMISES_PATH, locate?: Locator): Problem[] {
  const before = new Map(base.promises.map((p) => [p.id, p]));
  const problems: Problem[] = [];
  head.promises.forEach((promise, index) => {
    const old = before.get(promise.id);
    if (!old) return;
    const wordingChanged = old.text !== promise.text || !sameList(old.conditions, promise.conditions) || !sameList(old.exceptions, promise.exceptions);
    if (wordingChanged && promise.version <= old.version) {
      problems.push(problemAt(file, locate, ["promises", index, "version"],
        `promise "${promise.id}" changed its text, conditions or exceptions, so its version must rise above ${old.version}`));
    }
  });
  return problems;
}

/**
 * docs/reference/promises-and-events.md#promise-registry: a PR cannot loosen a promise for itself. Each promise is taken at the stricter of its
 * base and head versions: the higher min_status, the later effective date, the fewer channels.
 */
export function strictestPromises(base: PromiseRegistry | undefined, head: PromiseRegistry | undefined): Map<string, ReleasePromise> {
  const out = new Map<string, ReleasePromise>();
  for (const promise of head?.promises ?? []) out.set(promise.id, promise);
  for (const old of base?.promises ?? []) {
    const current = out.get(old.id);
    if (!current) {
      out.set(old.id, old);
      continue;
    }
    out.set(old.id, {
      ...current,
      min_status: STATUS_RANK[old.min_status] > STATUS_RANK[current.min_status] ? old.min_status : current.min_status,
      effective: old.effective > current.effective ? old.effective : current.effective,
      channels: current.channels.filter((channel) => old.channels.includes(channel)),
    });
  }
  return out;
}
