/**
 * The git-like operations the stand-in needs on its state: blob and commit hashes, ancestry and
 * merge bases, tree diffs (with exact-content rename detection) and line diffs for patches.
 */
import { createHash } from "node:crypto";
import type { FakeCommit, FakeGitHubState } from "./state.js";

/** Git's blob hash of a text file: what GitHub reports as a file's `sha`. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** A commit hash derived from everything in the commit, so equal scenarios give equal shas. */
export function commitSha(commit: Omit<FakeCommit, "sha">, salt: number): string {
  const hash = createHash("sha1");
  hash.update(JSON.stringify([commit.parents, commit.message, commit.author, salt]));
  for (const path of Object.keys(commit.tree).sort()) hash.update(`${path}\0${blobSha(commit.tree[path] ?? "")}\n`);
  return hash.digest("hex");
}

export function isFullSha(ref: string): boolean {
  return /^[0-9a-f]{40}$/.test(ref);
}

/** All ancestors of a commit (itself included), nearest first. */
export function ancestors(state: FakeGitHubState, sha: string): string[] {
  const seen = new Set<string>();
  const queue = [sha];
  const ordered: string[] = [];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === undefined || seen.has(current)) continue;
    seen.add(current);
    ordered.push(current);
    queue.push(...(state.commits[current]?.parents ?? []));
  }
  return ordered;
}

/** The nearest common ancestor, which is what a pull request's diff is computed from. */
export function mergeBase(state: FakeGitHubState, a: string, b: string): string | undefined {
  const ofA = new Set(ancestors(state, a));
  return ancestors(state, b).find((sha) => ofA.has(sha));
}

export type DiffStatus = "added" | "modified" | "removed" | "renamed";

export interface TreeChange {
  filename: string;
  status: DiffStatus;
  previousFilename?: string;
  /** Content before (undefined for added) and after (undefined for removed). */
  before?: string;
  after?: string;
}

/**
 * The changes from one tree to another, sorted by path like GitHub's file lists. A removed file
 * whose exact content reappears under a new path is reported as a rename (GitHub also detects
 * similar content; exact matches are enough for scenarios).
 */
export function diffTrees(before: Record<string, string>, after: Record<string, string>): TreeChange[] {
  const changes: TreeChange[] = [];
  const removed = Object.keys(before).filter((path) => !(path in after));
  const added = Object.keys(after).filter((path) => !(path in before));
  const renamedFrom = new Map<string, string>();
  for (const newPath of added) {
    const content = after[newPath];
    const oldPath = removed.find((path) => before[path] === content && ![...renamedFrom.values()].includes(path));
    if (oldPath !== undefined) renamedFrom.set(newPath, oldPath);
  }
  const renamedAway = new Set(renamedFrom.values());
  for (const path of added) {
    const previous = renamedFrom.get(path);
    changes.push(previous === undefined
      ? { filename: path, status: "added", after: after[path] }
      : { filename: path, status: "renamed", previousFilename: previous, before: before[previous], after: after[path] });
  }
  for (const path of removed) {
    if (!renamedAway.has(path)) changes.push({ filename: path, status: "removed", before: before[path] });
  }
  for (const path of Object.keys(after)) {
    if (path in before && before[path] !== after[path]) {
      changes.push({ filename: path, status: "modified", before: before[path], after: after[path] });
    }
  }
  return changes.sort((x, y) => (x.filename < y.filename ? -1 : x.filename > y.filename ? 1 : 0));
}

function textLines(text: string | undefined): string[] {
  return text === undefined || text === "" ? [] : text.replace(/\n$/, "").split("\n");
}

type LineOperation = { kind: " " | "-" | "+"; line: string };

/** A line diff by longest common subsequence; whole-file replacement when files are too large. */
function lineOperations(before: string | undefined, after: string | undefined): LineOperation[] {
  const old = textLines(before);
  const next = textLines(after);
  if (old.length * next.length > 4_000_000) {
    return [...old.map((line) => ({ kind: "-" as const, line })), ...next.map((line) => ({ kind: "+" as const, line }))];
  }
  // common[i][j]: length of the LCS of old[i..] and next[j..].
  const common = Array.from({ length: old.length + 1 }, () => new Array<number>(next.length + 1).fill(0));
  for (let i = old.length - 1; i >= 0; i--) {
    for (let j = next.length - 1; j >= 0; j--) {
      const row = common[i] as number[];
      row[j] = old[i] === next[j] ? (common[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(common[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const operations: LineOperation[] = [];
  let i = 0;
  let j = 0;
  while (i < old.length || j < next.length) {
    if (i < old.length && j < next.length && old[i] === next[j]) {
      operations.push({ kind: " ", line: old[i] ?? "" });
      i += 1;
      j += 1;
    } else if (j < next.length && (i >= old.length || (common[i]?.[j + 1] ?? 0) >= (common[i + 1]?.[j] ?? 0))) {
      operations.push({ kind: "+", line: next[j] ?? "" });
      j += 1;
    } else {
      operations.push({ kind: "-", line: old[i] ?? "" });
      i += 1;
    }
  }
  return operations;
}

/** Added and removed line counts plus a one-hunk unified diff, as in a pull request's file list. */
export function fileDiff(before: string | undefined, after: string | undefined): { additions: number; deletions: number; patch: string } {
  const operations = lineOperations(before, after);
  const oldCount = textLines(before).length;
  const newCount = textLines(after).length;
  const header = `@@ -${oldCount === 0 ? 0 : 1},${oldCount} +${newCount === 0 ? 0 : 1},${newCount} @@`;
  return {
    additions: operations.filter((operation) => operation.kind === "+").length,
    deletions: operations.filter((operation) => operation.kind === "-").length,
    patch: [header, ...operations.map((operation) => operation.kind + operation.line)].join("\n"),
  };
}
