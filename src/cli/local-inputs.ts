import { basename, dirname, isAbsolute, resolve } from "node:path";
import type { LocalManifestInput, LocalSource } from "../domain/evaluation/local-check.js";
import { defaultPolicy, parsePolicy } from "../domain/policy/resolve.js";
import { EVENTS_PATH, PROMISES_PATH } from "../domain/registry/parse.js";
import type { Problem } from "../domain/source/problems.js";
import { UsageError, type CliIo } from "./command.js";
import { displayPath, findManifestFiles, findRegistryFile, readLocalFile, toLocalSource } from "./files.js";
import { readPolicySource } from "./policy-file.js";

/**
 * What `readiness check` and `readiness feed` read from disk, found the same way: the policy, each
 * manifest named (or matched by the policy's globs), and the registries each is read with.
 */
export interface LocalInputs {
  policy: LocalSource | null;
  manifests: LocalManifestInput[];
  /** Problems found while looking for the files (an argument that matches nothing, for instance). */
  inputProblems: Problem[];
  /** The absolute path of each manifest, in the order of `manifests`. */
  paths: string[];
  /** With `registries`: the registries the arguments hold instead of manifests (FoundFiles.registries), read. */
  registries: LocalSource[];
}

export interface LocalInputOptions {
  positionals: readonly string[];
  policy?: string;
  promises?: string;
  events?: string;
  /** Keep registries found instead of manifests (`readiness check` with a base). */
  registries?: boolean;
}

export async function readLocalInputs(options: LocalInputOptions, io: CliIo): Promise<LocalInputs> {
  const at = (path: string) => (isAbsolute(path) ? path : resolve(io.cwd, path));
  const show = (path: string) => displayPath(io.cwd, path);

  const policy = await readPolicySource(options.policy, io);
  const policyGlobs = policyGlobsOf(policy);
  const found = policyGlobs === undefined
    ? { files: [], registries: [], problems: [] }
    : await findManifestFiles(options.positionals, io.cwd, policyGlobs, { registries: options.registries });

  const sources = new Map<string, Promise<LocalSource>>();
  const source = (path: string): Promise<LocalSource> => {
    let read = sources.get(path);
    if (!read) {
      read = readLocalFile(path).then((result) => toLocalSource(show(path), result));
      sources.set(path, read);
    }
    return read;
  };
  // Manifests in one folder share their registries: look each up once per folder, not per file.
  const registryPaths = new Map<string, Promise<string | undefined>>();
  const registryPath = (manifest: string, name: string): Promise<string | undefined> => {
    const key = `${dirname(manifest)}\0${name}`;
    let path = registryPaths.get(key);
    if (!path) registryPaths.set(key, (path = findRegistryFile(manifest, name, io.cwd)));
    return path;
  };
  const registry = async (option: string | undefined, manifest: string, name: string): Promise<LocalSource | null> => {
    const path = option !== undefined ? at(option) : await registryPath(manifest, name);
    return path === undefined ? null : source(path);
  };

  const manifests = await Promise.all(found.files.map(async (file): Promise<LocalManifestInput> => ({
    source: await source(file),
    promises: await registry(options.promises, file, basename(PROMISES_PATH)),
    events: await registry(options.events, file, basename(EVENTS_PATH)),
  })));
  return { policy, manifests, inputProblems: found.problems, paths: found.files, registries: await Promise.all(found.registries.map(source)) };
}

/** `--now`: an ISO date or date-time, else the clock. */
export function parseNow(value: string | undefined, io: CliIo): Date {
  if (value === undefined) return io.now();
  const refused = () => new UsageError(`--now must be an ISO date or date-time such as 2026-11-20T09:00:00Z (got "${value}")`);
  const written = /^(\d{4})-(\d{2})-(\d{2})(T.*)?$/.exec(value);
  const date = new Date(written && !written[4] ? `${value}T00:00:00Z` : value);
  if (!written || Number.isNaN(date.getTime())) throw refused();
  // Date rolls 2026-02-30 over to March 2; the calendar day written must exist as written.
  const [year, month, day] = [Number(written[1]), Number(written[2]), Number(written[3])];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) throw refused();
  return date;
}

/** Where to look when no files are named; undefined when the policy is broken (it is reported, nothing is judged). */
function policyGlobsOf(policy: LocalSource | null): string[] | undefined {
  if (policy === null) return defaultPolicy().manifests;
  if ("error" in policy) return undefined;
  const parsed = parsePolicy(policy.text, policy.file);
  return parsed.ok ? parsed.policy.manifests : undefined;
}
