import { YAML_LIMITS } from "../domain/yaml-source.js";
import { httpStatusOf, type GitHubClient, type RepoRef } from "./client.js";

export type FileRead =
  | { kind: "text"; text: string }
  | { kind: "missing" }
  | { kind: "too_large"; size: number };

/**
 * Reads one file at a ref (the default branch when no ref is given). A missing file is an answer, not an error; a file over 1 MiB is refused
 * before its content is decoded (GitHub sends no content for files over 1 MB anyway).
 */
export async function readFileAt(octokit: GitHubClient, repo: RepoRef, path: string, ref?: string): Promise<FileRead> {
  try {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path, ...(ref ? { ref } : {}) });
    if (Array.isArray(data) || data.type !== "file") return { kind: "missing" };
    if (data.size > YAML_LIMITS.maxBytes) return { kind: "too_large", size: data.size };
    const text = Buffer.from(data.content ?? "", (data.encoding as BufferEncoding | undefined) ?? "base64").toString("utf8");
    return { kind: "text", text };
  } catch (error) {
    if (httpStatusOf(error) === 404) return { kind: "missing" };
    throw error;
  }
}
