import { execFileSync } from "node:child_process";
import { dirname, relative } from "node:path";
import type { FileRevision } from "../domain/review/history.js";

/**
 * A file's revisions from git, oldest first: the last one committed before `since` (where its
 * history starts) and every one committed from `since` on. Undefined when the file is not in a git
 * repository (or git is missing): the caller says the history could not be read.
 */
export function gitFileRevisions(path: string, since: Date): FileRevision[] | undefined {
  const cwd = dirname(path);
  const root = git(cwd, ["rev-parse", "--show-toplevel"]);
  if (root === undefined) return undefined;
  const file = relative(root.trim(), path).split("\\").join("/");
  const log = (args: string[]) => (git(root.trim(), ["log", "--format=%H %cI", ...args, "--", file]) ?? "").split("\n").filter(Boolean);
  const earlier = log(["-1", `--before=${since.toISOString()}`]);
  const recent = log([`--since=${since.toISOString()}`, "--reverse"]);
  // A commit at `since` itself may be in both lists: each revision once.
  return [...new Set([...earlier, ...recent])].map((line) => {
    const [commit, at] = line.split(" ") as [string, string];
    return { commit, at: new Date(at).toISOString(), text: git(root.trim(), ["show", `${commit}:${file}`]) ?? null };
  });
}

/** Whether the git repository holding `path` is a shallow clone, whose oldest commits are not a file's first. */
export function gitIsShallow(path: string): boolean {
  return git(dirname(path), ["rev-parse", "--is-shallow-repository"])?.trim() === "true";
}

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}
