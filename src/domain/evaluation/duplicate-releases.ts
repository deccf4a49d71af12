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
  const declare = releaseDeclarations<T>();
  return declared.flatMap((entry) => declare(entry) ?? []);
}

/**
 * The same, one manifest at a time in order: each call answers whether an earlier one declared
 * the slug, so a caller can judge each manifest as it reads it and keep nothing of the file.
 */
export function releaseDeclarations<T extends DeclaredRelease>(): (entry: T) => DuplicateRelease<T> | undefined {
  const firstBySlug = new Map<string, T>();
  return (entry) => {
    const first = firstBySlug.get(entry.release);
    if (first) return { duplicate: entry, first };
    firstBySlug.set(entry.release, entry);
    return undefined;
  };
}

export function duplicateReleaseMessage({ duplicate, first }: DuplicateRelease<DeclaredRelease>): string {
  return `release "${duplicate.release}" is also declared in ${first.path}; a release slug must be unique`;
}
