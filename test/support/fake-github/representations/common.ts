/**
 * JSON representations of the stand-in's state, in GitHub's REST shapes, one file per resource
 * in this folder; this one holds what they all need (where the stand-in is served, GitHub's
 * timestamp and node id formats, the repository a key names).
 *
 * Each function returns the type Octokit declares for the matching response, so the compiler
 * checks the fields our app may read; the tests also validate the fake's responses against
 * GitHub's OpenAPI schemas at run time. Webhook payloads reuse these objects (GitHub's webhook
 * objects are the REST objects with a few extra fields).
 */
import { findRepository, fullName, type FakeGitHubState, type FakeRepoKey, type FakeRepository } from "../state.js";

/** Where the sandbox is served: REST base (`…/api/v3`) and the "web" base for `html_url`s. */
export interface SandboxUrls {
  api: string;
  web: string;
}

/** GitHub's timestamp format: ISO 8601 in UTC without milliseconds. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`${kind}:${id}`).toString("base64").replace(/=+$/, "");
}

/** The repository a key names; a thrown `Error` (a scenario mistake) when there is none. */
export function repositoryOrThrow(state: FakeGitHubState, ref: FakeRepoKey): FakeRepository {
  const repo = findRepository(state, ref);
  if (!repo) throw new Error(`sandbox: no repository ${fullName(ref)}`);
  return repo;
}
