import { mergePolicy, parsePolicy, POLICY_PATH, type ResolvedPolicy } from "../domain/policy/resolve.js";
import { policyFileSchema, type PolicyFile } from "../domain/policy/schema.js";
import { fileProblem, type Problem } from "../domain/source/problems.js";
import { isRecord, validateAgainstSchema } from "../domain/source/validation.js";
import { repoKey, type GitHubClient, type RepoRef } from "./client.js";
import { readFileAt } from "./contents.js";
import { RepoCache } from "./repo-cache.js";

export class PolicyCache extends RepoCache<ResolvedPolicy> {}

/**
 * Loads the policy from the default branch with Probot's config loader, so `_extends` and the
 * organisation's `.github` repository work, then merges it over the app's defaults so that lists
 * replace (Probot's own merge concatenates them). Each file is validated on its own so a problem
 * names the file it is in, with its line.
 */
export async function loadPolicy(octokit: GitHubClient, repo: RepoRef, cache: PolicyCache): Promise<ResolvedPolicy> {
  const cached = cache.get(repo);
  if (cached) return cached;

  let files: Array<{ owner: string; repo: string; path: string; config: Record<string, unknown> | null }>;
  try {
    ({ files } = await octokit.config.get({ ...repo, path: POLICY_PATH }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!/could not be parsed|not an object|Recursion detected|directory or a submodule|extension is not support/i.test(message)) throw error;
    // The loader's message has no line: read the file ourselves for one.
    const problems = await locateUnparsablePolicy(octokit, repo, message);
    const result: ResolvedPolicy = { ok: false, problems };
    cache.set(repo, result, [repoKey(repo), `${repo.owner}/.github`]);
    return result;
  }

  const present = files.filter((f) => f.config !== null);
  const problems: Problem[] = [];
  const validated: PolicyFile[] = [];
  for (const file of present) {
    const label = labelOf(file, repo);
    const checked = validateAgainstSchema(policyFileSchema, file.config, label);
    if (checked.ok) {
      validated.push(checked.data);
      continue;
    }
    const text = await readFileAt(octokit, { owner: file.owner, repo: file.repo }, file.path).catch(() => undefined);
    const reparsed = text?.kind === "text" ? parsePolicy(text.text, label) : undefined;
    problems.push(...(reparsed && !reparsed.ok ? reparsed.problems : checked.problems));
  }

  let result: ResolvedPolicy;
  if (problems.length > 0) {
    result = { ok: false, problems };
  } else {
    // files[0] is the repository's own; later entries are what it extends. The nearest wins.
    const layered = validated.reverse().reduce<Record<string, unknown>>((acc, layer) => mergeLayer(acc, layer as Record<string, unknown>), {});
    result = { ok: true, policy: mergePolicy(layered as PolicyFile) };
  }
  cache.set(repo, result, files.map((f) => `${f.owner}/${f.repo}`));
  return result;
}

function labelOf(file: { owner: string; repo: string; path: string }, repo: RepoRef): string {
  const same = file.owner.toLowerCase() === repo.owner.toLowerCase() && file.repo.toLowerCase() === repo.repo.toLowerCase();
  return same ? file.path : `${file.owner}/${file.repo}:${file.path}`;
}

/** Layers merge like the defaults do: mappings key by key, lists and scalars replace. */
function mergeLayer(base: Record<string, unknown>, layer: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    const current = out[key];
    out[key] = isRecord(current) && isRecord(value) ? mergeLayer(current, value) : value;
  }
  return out;
}

async function locateUnparsablePolicy(octokit: GitHubClient, repo: RepoRef, loaderMessage: string): Promise<Problem[]> {
  const own = await readFileAt(octokit, repo, POLICY_PATH).catch(() => undefined);
  if (own?.kind === "text") {
    const parsed = parsePolicy(own.text, POLICY_PATH);
    if (!parsed.ok) return parsed.problems;
  }
  return [fileProblem(POLICY_PATH, loaderMessage)];
}
