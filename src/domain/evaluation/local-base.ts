import type { Manifest } from "../manifest/schema.js";
import { diffCatalogs, promiseVersionChanges, undeclaredCatalogChanges, type CatalogDiff, type PromiseVersionChange } from "../registry/changes.js";
import { checkPromiseVersions, parseEventCatalog, parsePromiseRegistry, type Parsed } from "../registry/parse.js";
import type { EventCatalog, PromiseRegistry } from "../registry/schema.js";
import { fileProblem, type Problem } from "../source/problems.js";
import type { Locator } from "../source/yaml-source.js";
import { changedPromises, referencesOf, removedButReferenced, type ChangedPromise } from "../registry/references.js";
import type { LocalSource } from "./local-check.js";

/**
 * docs/reference/cli.md#comparing-with-a-base: `readiness check --base DIR` or `--base-ref REF`
 * compares each promise registry and event catalog with an earlier version of it, as the app
 * compares a PR's head with its base: a promise whose wording changed must raise its version, the
 * campaign gate takes each promise at the stricter of the two, and a catalog change the manifests
 * do not declare is a finding. Without a base these comparisons are skipped, and the report says so.
 */

/** The registries as they were at the base. */
export interface LocalBase {
  /** How the base was named, for the report: `--base ../before` or `--base-ref origin/main`. */
  label: string;
  /** Each registry file by the path it is shown with: its text at the base, null when it was not there, or why it could not be read. */
  files: ReadonlyMap<string, LocalSource | null>;
}

/** What the comparison found; part of the command's JSON report. */
export interface LocalComparison {
  /** How the base was named; null when none was given and nothing was compared. */
  base: string | null;
  /** Promises whose version rose, each with the registry file it is in. */
  promiseChanges: Array<PromiseVersionChange & { file: string }>;
  /** Each compared catalog's change, base against head. */
  catalogChanges: Array<CatalogDiff & { file: string }>;
  /** Every promise added, changed or removed, with the releases that carry it (the app's registry changes), and its registry file. */
  registryChanges: Array<ChangedPromise & { file: string }>;
  /** Registries checked on their own, with no manifest (as the app checks a PR that changes only them). */
  registriesOnly: string[];
}

export const emptyComparison = (base: LocalBase | null | undefined): LocalComparison =>
  ({ base: base?.label ?? null, promiseChanges: [], catalogChanges: [], registryChanges: [], registriesOnly: [] });

/** The registry at the base: undefined when there is no base, null when the file was not there then. */
function atBase<T>(base: LocalBase | null | undefined, file: string, parse: (text: string, file: string) => Parsed<T>, problems: Problem[]): Parsed<T> | null | undefined {
  if (!base) return undefined;
  const source = base.files.get(file);
  if (source === undefined || source === null) return null;
  if ("error" in source) {
    problems.push(fileProblem(file, `its version at ${base.label} could not be read: ${source.error}`));
    return undefined;
  }
  const parsed = parse(source.text, `${file} (at ${base.label})`);
  if (!parsed.ok) problems.push(...parsed.problems);
  return parsed;
}

/** The releases a registry file is read with: those checked against it, and those that only refer to it. */
export interface RegistryUsers {
  /** The valid manifests checked against the file: they declare its catalog changes. */
  checked: readonly Manifest[];
  /** Manifests that are not checked but still rely on it (a registry checked on its own: the releases beside it). */
  referring: readonly Manifest[];
}

const removalRule = (users: RegistryUsers) => ({
  references: [...users.checked, ...users.referring].map(referencesOf),
  declaring: users.checked,
});

/**
 * A promise registry against its base. Returns the base registry when it was compared (for the
 * strictest-of-both promises), the problems (a wording change without a version bump, at its line;
 * a promise removed that a release still lists; a base version that does not parse), and records
 * the version changes.
 */
export function comparePromiseRegistry(
  head: { data: PromiseRegistry; locate: Locator },
  file: string,
  users: RegistryUsers,
  base: LocalBase | null | undefined,
  comparison: LocalComparison,
): { base: PromiseRegistry | undefined; problems: Problem[] } {
  const problems: Problem[] = [];
  const old = atBase(base, file, parsePromiseRegistry, problems);
  if (old === undefined || (old !== null && !old.ok)) return { base: undefined, problems };
  if (old !== null) {
    problems.push(...checkPromiseVersions(old.data, head.data, file, head.locate));
    comparison.promiseChanges.push(...promiseVersionChanges(old.data, head.data).map((change) => ({ ...change, file })));
  }
  const rule = removalRule(users);
  comparison.registryChanges.push(...changedPromises(old?.data ?? null, head.data, rule.references).map((change) => ({ ...change, file })));
  problems.push(...removedButReferenced({
    promises: { base: old?.data ?? null, head: head.data }, catalog: null, ...rule, locate: { promises: head.locate }, files: { promises: file },
  }));
  return { base: old?.data, problems };
}

/**
 * An event catalog against its base, held to the app's rules for a PR: a change the manifests
 * checked against it do not declare is a finding at its line (undeclaredCatalogChanges), and with
 * none checked against it, an event removed that a release still uses (removedButReferenced).
 */
export function compareCatalog(
  head: { data: EventCatalog; locate: Locator },
  file: string,
  users: RegistryUsers,
  base: LocalBase | null | undefined,
  comparison: LocalComparison,
): Problem[] {
  const problems: Problem[] = [];
  const old = atBase(base, file, parseEventCatalog, problems);
  if (old === undefined || (old !== null && !old.ok)) return problems;
  const diff = diffCatalogs(old?.data ?? null, head.data);
  comparison.catalogChanges.push({ file, ...diff });
  // Starting a catalog declares nothing (as in a PR): only a catalog that existed is held to the manifests.
  if (old !== null) problems.push(...undeclaredCatalogChanges(diff, users.checked, { head: head.locate, base: old.locate }, { file, declaring: "checked" }));
  problems.push(...removedButReferenced({ promises: undefined, catalog: diff, ...removalRule(users), locate: { events: head.locate }, files: { events: file } }));
  return problems;
}
