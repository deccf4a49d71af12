import { mergePolicyLayers, parsePolicy, POLICY_PATH, type ResolvedPolicy } from "../domain/policy/resolve.js";
import { policySchema } from "../domain/policy/schema.js";
import { fileProblem, shortText, type Problem } from "../domain/source/problems.js";
import { validateAgainstSchema } from "../domain/source/validation.js";
import { parseYamlSource, problemAt } from "../domain/source/yaml-source.js";
import { httpStatusOf, repoKey, type GitHubClient, type RepoRef } from "./client.js";
import { readFileAt, unreadableProblem } from "./contents.js";
import { RepoCache } from "./repo-cache.js";

export class PolicyCache extends RepoCache<ResolvedPolicy> {}

/**
 * Loads the policy from the default branch with Probot's config loader, so `_extends` and the
 * organisation's `.github` repository work, but without Probot's merge (it concatenates lists):
 * the files are merged as the app merges policies (`mergePolicyLayers`: lists replace) and parsed
 * once, which fills in the app's defaults. Each file is validated on its own first so a problem
 * names the file it is in, with its line.
 */
export async function loadPolicy(octokit: GitHubClient, repo: RepoRef, cache: PolicyCache): Promise<ResolvedPolicy> {
  const cached = cache.get(repo);
  if (cached) return cached;

  let files: Array<{ owner: string; repo: string; path: string; config: Record<string, unknown> | null }>;
  try {
    ({ files } = await octokit.config.get({ ...repo, path: POLICY_PATH }));
  } catch (error) {
    // GitHub failing is not a broken policy: let it propagate, so the checks fail closed and say so.
    // Anything else the loader throws is about the files' content (bad YAML, not an object, an
    // `_extends` it cannot follow, recursion…), so it is the policy's problem, with its line.
    if (httpStatusOf(error) !== undefined) throw error;
    const message = (error instanceof Error ? error.message : String(error)).replace(/^\[@probot\/octokit-plugin-config\]\s*/, "");
    // The loader's message has no line: read the file ourselves for one.
    const problems = await locateUnparsablePolicy(octokit, repo, message);
    const result: ResolvedPolicy = { ok: false, problems };
    cache.set(repo, result, [repoKey(repo), `${repo.owner}/.github`]);
    return result;
  }

  const problems: Problem[] = [];
  const layers: Record<string, unknown>[] = [];
  for (const file of files) {
    if (file.config === null) continue;
    const label = labelOf(file, repo);
    const checked = validateAgainstSchema(policySchema, file.config, label);
    if (checked.ok) {
      layers.push(file.config);
      continue;
    }
    const text = await readFileAt(octokit, { owner: file.owner, repo: file.repo }, file.path).catch(() => undefined);
    if (text?.kind === "undecodable" || text?.kind === "too_large") {
      problems.push(unreadableProblem(label, text));
      continue;
    }
    const reparsed = text?.kind === "text" ? parsePolicy(text.text, label) : undefined;
    problems.push(...(reparsed && !reparsed.ok ? reparsed.problems : checked.problems));
  }

  let result: ResolvedPolicy;
  if (problems.length > 0) {
    result = { ok: false, problems };
  } else {
    // files[0] is the repository's own; later entries are what it extends. The nearest wins.
    const merged = validateAgainstSchema(policySchema, mergePolicyLayers(layers.reverse()), POLICY_PATH);
    result = merged.ok ? { ok: true, policy: merged.data } : merged;
  }
  cache.set(repo, result, files.map((f) => `${f.owner}/${f.repo}`));
  return result;
}

function labelOf(file: { owner: string; repo: string; path: string }, repo: RepoRef): string {
  const same = file.owner.toLowerCase() === repo.owner.toLowerCase() && file.repo.toLowerCase() === repo.repo.toLowerCase();
  return same ? file.path : `${file.owner}/${file.repo}:${file.path}`;
}

async function locateUnparsablePolicy(octokit: GitHubClient, repo: RepoRef, loaderMessage: string): Promise<Problem[]> {
  const own = await readFileAt(octokit, repo, POLICY_PATH).catch(() => undefined);
  if (own?.kind === "undecodable" || own?.kind === "too_large") return [unreadableProblem(POLICY_PATH, own)];
  if (own?.kind === "text") {
    const parsed = parsePolicy(own.text, POLICY_PATH);
    if (!parsed.ok) return parsed.problems;
    const extendsValue = /^Invalid value "(.*)" for _extends/s.exec(loaderMessage)?.[1];
    const source = parseYamlSource(own.text, POLICY_PATH);
    if (extendsValue !== undefined && source.ok) {
      const said = `must name a repository ("repo", "owner/repo" or "owner/repo:path"), not ${JSON.stringify(shortText(extendsValue))}`;
      return [problemAt(POLICY_PATH, source.locate, ["_extends"], said, { target: "value" })];
    }
    if (/_extends/.test(loaderMessage) && source.ok) return [problemAt(POLICY_PATH, source.locate, ["_extends"], loaderMessage, { target: "value" })];
  }
  return [fileProblem(POLICY_PATH, loaderMessage)];
}
