import { MAX_TEMPLATE_BYTES, type TemplateOverride } from "../rendering/template-overrides.js";
import { httpStatusOf, repoKey, type GitHubClient, type RepoRef } from "./client.js";
import { readFileAt } from "./contents.js";
import { RepoCache } from "./repo-cache.js";

export type TemplateOverrideCache = RepoCache<TemplateOverride[]>;

/**
 * The repository's notes templates (`notes.templates`, read from the default branch like the
 * policy, so a PR cannot restyle its own notes), cached with the same lifetime. A folder that does
 * not exist means no overrides; any other error is not hidden.
 */
export async function loadTemplateOverrides(
  octokit: GitHubClient,
  repo: RepoRef,
  folder: string,
  cache: TemplateOverrideCache,
): Promise<TemplateOverride[]> {
  const cached = cache.get(repo);
  if (cached) return cached;
  let entries: Array<{ type: string; path: string; name: string }> = [];
  try {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path: folder.replace(/\/+$/, "") });
    entries = Array.isArray(data) ? data : [];
  } catch (error) {
    if (httpStatusOf(error) !== 404) throw error;
  }
  const overrides: TemplateOverride[] = [];
  for (const entry of entries) {
    if (entry.type !== "file" || !entry.name.endsWith(".hbs")) continue;
    const read = await readFileAt(octokit, repo, entry.path);
    if (read.kind === "text") overrides.push({ path: entry.path, source: read.text });
    // Too large to fetch, or not UTF-8 (a UTF-16 file, named as a UTF-16 manifest is): the
    // override check reports it with its path, rather than rendering with the bundled template.
    else if (read.kind === "too_large") overrides.push({ path: entry.path, source: "", unreadable: `template is ${read.size} bytes; the limit is ${MAX_TEMPLATE_BYTES} bytes` });
    else if (read.kind === "undecodable") overrides.push({ path: entry.path, source: "", unreadable: read.message });
  }
  cache.set(repo, overrides, [repoKey(repo)]);
  return overrides;
}
