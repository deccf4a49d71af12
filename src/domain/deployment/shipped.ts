import type { Policy } from "../policy/schema.js";
import { compileGlobs } from "../source/path-glob.js";

/** A repository's files at one commit: path → blob sha (equal shas mean equal content). */
export type FileTree = ReadonlyMap<string, string>;

/**
 * docs/reference/deployment-gate.md: the releases a deployment ships are the manifests that differ
 * between the environment's last successful deployment and the deployed commit (added or changed:
 * a manifest deleted since ships nothing), and every manifest when the environment has had no
 * successful deployment. Sorted by path, so the comment reads the same on every run.
 */
export function shippedManifests(deployed: FileTree, previous: FileTree | undefined, policy: Pick<Policy, "manifests">): string[] {
  const isManifest = compileGlobs(policy.manifests);
  const paths: string[] = [];
  for (const [path, blob] of deployed) {
    if (!isManifest(path)) continue;
    if (previous && previous.get(path) === blob) continue;
    paths.push(path);
  }
  return paths.sort();
}

/** Environment names compare as GitHub compares them: without regard to case. */
export function isGuardedEnvironment(environment: string, policy: Pick<Policy, "deployment_gate">): boolean {
  const wanted = environment.toLowerCase();
  return policy.deployment_gate.environments.some((name) => name.toLowerCase() === wanted);
}
