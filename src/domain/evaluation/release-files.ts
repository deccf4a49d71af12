import { compileGlobs } from "../source/path-glob.js";
import type { Policy } from "../policy/schema.js";
import { EVENTS_PATH, PROMISES_PATH } from "../registry/parse.js";

/** GitHub's file list for a PR stops at this many files; a larger PR may hide a manifest. */
export const GITHUB_MAX_LISTED_FILES = 3000;

export interface ChangedFile {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  previous_filename?: string;
  /** The file's git blob SHA at `listedAt`, as GitHub's file list gives it. */
  sha?: string;
  /** The commit the file list describes (the ref in its `contents_url`). */
  listedAt?: string;
}

export interface ManifestChange {
  /** Path at the head (for a deleted manifest, its path at the base). */
  path: string;
  /** Path at the base, when the manifest existed there (renames keep their old path here). */
  basePath?: string;
  change: "added" | "modified" | "renamed" | "removed";
}

export interface ReleaseFileChanges {
  manifests: ManifestChange[];
  promisesChanged: boolean;
  catalogChanged: boolean;
  /** The policy's `manifests` globs these were found with (to find the base branch's manifests too). */
  manifestGlobs: readonly string[];
}

/**
 * docs/reference/promises-and-events.md#a-pr-that-changes-only-the-registry: a PR that changes the
 * promise registry or the event catalog is checked even when it touches no manifest.
 */
export const isReleasePullRequest = (changes: ReleaseFileChanges): boolean =>
  changes.manifests.length > 0 || changes.promisesChanged || changes.catalogChanged;

/** The PR changes the registry or the catalog and no manifest. */
export const isRegistryOnly = (changes: ReleaseFileChanges): boolean =>
  changes.manifests.length === 0 && (changes.promisesChanged || changes.catalogChanged);

/**
 * Which of a PR's files are release manifests (docs/reference/manifest.md: a PR is a release PR when it adds or
 * changes a file matching `manifests`). A manifest renamed out of the globs counts as removed; one
 * renamed into them counts as added.
 */
export function findReleaseFiles(files: readonly ChangedFile[], policy: Pick<Policy, "manifests">): ReleaseFileChanges {
  const isManifest = compileGlobs(policy.manifests);
  const manifests: ManifestChange[] = [];
  let promisesChanged = false;
  let catalogChanged = false;
  for (const file of files) {
    if (file.filename === PROMISES_PATH || file.previous_filename === PROMISES_PATH) promisesChanged = true;
    if (file.filename === EVENTS_PATH || file.previous_filename === EVENTS_PATH) catalogChanged = true;
    const headIsManifest = file.status !== "removed" && isManifest(file.filename);
    const oldPath = file.status === "renamed" ? file.previous_filename : file.filename;
    const baseIsManifest = file.status !== "added" && file.status !== "copied" && oldPath !== undefined && isManifest(oldPath);
    if (file.status === "removed") {
      if (isManifest(file.filename)) manifests.push({ path: file.filename, basePath: file.filename, change: "removed" });
    } else if (headIsManifest) {
      if (file.status === "renamed") {
        manifests.push(baseIsManifest
          ? { path: file.filename, basePath: oldPath, change: "renamed" }
          : { path: file.filename, change: "added" });
      } else if (file.status === "added" || file.status === "copied") {
        manifests.push({ path: file.filename, change: "added" });
      } else if (file.status !== "unchanged") {
        manifests.push({ path: file.filename, basePath: file.filename, change: "modified" });
      }
    } else if (baseIsManifest && oldPath !== undefined) {
      manifests.push({ path: oldPath, basePath: oldPath, change: "removed" });
    }
  }
  return { manifests, promisesChanged, catalogChanged, manifestGlobs: [...policy.manifests] };
}
