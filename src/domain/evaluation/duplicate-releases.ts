/**
 * docs/reference/manifest.md: the release slug is unique in the repository; two manifests checked together may not
 * share it. The pull request and the `readiness check` command both ask; each places the problem
 * itself (the PR at the start of the later file, the command at that file's `release` value).
 */

/** A readable manifest and the release slug it declares. */
export interface DeclaredRelease {
  path: string;
  release: string;
}

/** A manifest whose slug an earlier one already declares. */
export interface DuplicateRelease<T extends DeclaredRelease> {
  duplicate: T;
  first: T;
}

/** Every manifest, in the order given, whose slug an earlier manifest already declares. */
export function findDuplicateReleases<T extends DeclaredRelease>(declared: readonly T[]): DuplicateRelease<T>[] {
  const firstBySlug = new Map<string, T>();
  const duplicates: DuplicateRelease<T>[] = [];
  for (const entry of declared) {
    const first = firstBySlug.get(entry.release);
    if (first) duplicates.push({ duplicate: entry, first });
    else firstBySlug.set(entry.release, entry);
  }
  return duplicates;
}

export function duplicateReleaseMessage({ duplicate, first }: DuplicateRelease<DeclaredRelease>): string {
  return `release "${duplicate.release}" is also declared in ${first.path}; a release slug must be unique`;
}
