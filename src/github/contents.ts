import { fileProblem, type Problem } from "../domain/source/problems.js";
import { decodeUtf8 } from "../domain/source/text-encoding.js";
import { fileTooLargeProblem, YAML_LIMITS } from "../domain/source/yaml-source.js";
import { httpStatusOf, type GitHubClient, type RepoRef } from "./client.js";

export type FileRead =
  | { kind: "text"; text: string; /** The blob sha, needed to write the file back. */ sha: string }
  | { kind: "missing" }
  | { kind: "too_large"; size: number }
  /** Not UTF-8 (a UTF-16 file, for one): `message` names what it is, as the CLI does. */
  | { kind: "undecodable"; message: string };

/** Why a file that exists gave no text, as a problem with the file's name. */
export function unreadableProblem(path: string, read: Extract<FileRead, { kind: "too_large" | "undecodable" }>): Problem {
  return read.kind === "too_large" ? fileTooLargeProblem(path, read.size) : fileProblem(path, read.message);
}

/**
 * Reads one file at a ref (the default branch when no ref is given). A missing file is an answer, not an error; a file over 1 MiB is refused
 * before its content is decoded (GitHub sends no content for files over 1 MB anyway).
 */
export async function readFileAt(octokit: GitHubClient, repo: RepoRef, path: string, ref?: string): Promise<FileRead> {
  try {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path, ...(ref ? { ref } : {}) });
    if (Array.isArray(data) || data.type !== "file") return { kind: "missing" };
    if (data.size > YAML_LIMITS.maxBytes) return { kind: "too_large", size: data.size };
    const decoded = decodeUtf8(Buffer.from(data.content ?? "", (data.encoding as BufferEncoding | undefined) ?? "base64"));
    if (!decoded.ok) return { kind: "undecodable", message: decoded.message };
    return { kind: "text", text: decoded.text, sha: data.sha };
  } catch (error) {
    if (httpStatusOf(error) === 404) return { kind: "missing" };
    throw error;
  }
}

/**
 * Commits a new version of one file to a branch. GitHub refuses (409) when the file changed since
 * `blobSha` was read, so a concurrent push is never overwritten.
 */
export async function commitFile(
  octokit: GitHubClient,
  repo: RepoRef,
  change: { path: string; branch: string; text: string; blobSha: string; message: string },
): Promise<string> {
  const { data } = await octokit.rest.repos.createOrUpdateFileContents({
    ...repo,
    path: change.path,
    branch: change.branch,
    message: change.message,
    content: Buffer.from(change.text, "utf8").toString("base64"),
    sha: change.blobSha,
  });
  return data.commit.sha ?? "";
}
