import { execFile } from "node:child_process";
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { comparePromiseRegistry, emptyComparison, type LocalBase } from "../domain/evaluation/local-base.js";
import type { Manifest } from "../domain/manifest/schema.js";
import type { PromiseVersionChange } from "../domain/registry/changes.js";
import type { PromiseRegistry } from "../domain/registry/schema.js";
import type { Problem } from "../domain/source/problems.js";
import type { Locator } from "../domain/source/yaml-source.js";
import type { LocalManifestInput, LocalSource } from "../domain/evaluation/local-check.js";
import { decodeUtf8 } from "../domain/source/text-encoding.js";
import { tooLargeMessage, YAML_LIMITS } from "../domain/source/yaml-source.js";
import { UsageError, type CliIo } from "./command.js";
import { readLocalFile, toLocalSource } from "./files.js";
import type { LocalInputs } from "./local-inputs.js";
import { PROMISES_PATH } from "../domain/registry/parse.js";

const run = promisify(execFile);

/**
 * docs/reference/cli.md#comparing-with-a-base: the registries `readiness check` compares with an
 * earlier version. `--base DIR` is a checkout of that version: each registry is read at the same
 * path relative to the current directory, under DIR. `--base-ref REF` reads each from git, with
 * `git show REF:path` in the repository the current directory is in (execFile, no shell, so REF
 * is never interpreted by one).
 */
export interface BaseOptions {
  base?: string;
  baseRef?: string;
}

/** The registries something is read with: a manifest's, or a registry checked on its own. */
export type RegistryInputs = Pick<LocalManifestInput, "promises" | "events">;

/** The options of a command that takes `--base DIR` and `--base-ref REF` (check, notes). */
export const BASE_OPTIONS = { base: { type: "string" }, "base-ref": { type: "string" } } as const;

export const hasBase = (options: BaseOptions): boolean => options.base !== undefined || options.baseRef !== undefined;

/** Each registry of `inputs` at the base, or null when no base is given. */
export async function readBaseRegistries(options: BaseOptions, inputs: readonly RegistryInputs[], io: CliIo): Promise<LocalBase | null> {
  if (options.base !== undefined && options.baseRef !== undefined) throw new UsageError("give --base DIR or --base-ref REF, not both");
  if (!hasBase(options)) return null;
  const files = [...new Set(inputs.flatMap((m) => [m.promises, m.events].flatMap((s) => (s && !("error" in s) ? [s.file] : []))))];
  const read = options.base !== undefined ? fromDirectory(options.base, io) : await fromGit(options.baseRef!, io);
  const entries = await Promise.all(files.map(async (file) => [file, await read(file)] as const));
  return { label: options.base !== undefined ? `--base ${options.base}` : `--base-ref ${options.baseRef}`, files: new Map(entries) };
}

/**
 * docs/reference/cli.md#registries-on-their-own: the registries the arguments hold instead of
 * manifests, each checked on its own as the app checks a PR that changes only them, with the
 * manifests the policy's globs match that still refer to it (none may lose what it lists). With
 * no arguments those globs matched nothing, so there is nothing more to read.
 */
export async function registriesOnTheirOwn(
  inputs: LocalInputs,
  readAgain: () => Promise<LocalInputs>,
  named: boolean,
): Promise<{ registriesOnly: RegistryInputs[]; referring: LocalManifestInput[] }> {
  const used = (file: string) => inputs.manifests.some((m) => m.promises?.file === file || m.events?.file === file);
  const alone = inputs.registries.filter((registry) => !used(registry.file));
  if (alone.length === 0) return { registriesOnly: [], referring: [] };
  const registriesOnly = alone.map((r) => (basename(r.file) === basename(PROMISES_PATH) ? { promises: r, events: null } : { promises: null, events: r }));
  const files = new Set(alone.map((r) => r.file));
  const checked = new Set(inputs.manifests.map((m) => m.source.file));
  const referring = named
    ? (await readAgain()).manifests.filter((m) => !checked.has(m.source.file) && [m.promises, m.events].some((r) => r && files.has(r.file)))
    : [];
  return { registriesOnly, referring };
}

/** A promise registry as `readiness notes` read it, with the manifests rendered with it. */
export interface PromiseRegistryUse {
  source: LocalSource;
  head: { data: PromiseRegistry; locate: Locator };
  manifests: Manifest[];
}

/**
 * `readiness notes --base`/`--base-ref`: each registry against its base, as `readiness check`
 * compares it (comparePromiseRegistry): the promises whose version rose, for the notes, and the
 * problems (a reworded promise whose version stayed, one removed that a release still lists).
 * The first registry to define an id gives its change, as it gives its promise.
 */
export async function comparePromisesWithBase(options: BaseOptions, registries: readonly PromiseRegistryUse[], io: CliIo): Promise<{ changes: PromiseVersionChange[] | null; problems: Problem[] }> {
  const base = await readBaseRegistries(options, registries.map((r) => ({ promises: r.source, events: null })), io);
  if (!base) return { changes: null, problems: [] };
  const comparison = emptyComparison(base);
  const problems = registries.flatMap((r) => comparePromiseRegistry(r.head, r.source.file, { checked: r.manifests, referring: [] }, base, comparison).problems);
  const changes = new Map<string, PromiseVersionChange>();
  for (const { file: _file, ...change } of comparison.promiseChanges) if (!changes.has(change.id)) changes.set(change.id, change);
  return { changes: [...changes.values()], problems };
}

type ReadAtBase = (file: string) => Promise<LocalSource | null>;

function fromDirectory(directory: string, io: CliIo): ReadAtBase {
  const root = isAbsolute(directory) ? directory : resolve(io.cwd, directory);
  return async (file) => {
    const result = await readLocalFile(resolve(root, file));
    return result.kind === "missing" ? null : toLocalSource(file, result);
  };
}

async function fromGit(ref: string, io: CliIo): Promise<ReadAtBase> {
  if (ref.startsWith("-")) throw new UsageError(`--base-ref must name a commit, branch or tag (got "${ref}")`);
  const root = (await git(io.cwd, ["rev-parse", "--show-toplevel"]).catch(() => {
    throw new UsageError("--base-ref needs the current directory to be inside a git repository");
  })).toString("utf8").trim();
  await git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).catch(() => {
    throw new UsageError(`--base-ref ${ref}: no such commit, branch or tag in ${root}`);
  });
  return async (file) => {
    const path = relative(root, resolve(io.cwd, file)).split(sep).join("/");
    if (path.startsWith("../")) return { file, error: `is outside the git repository at ${root}, so it has no version at ${ref}` };
    const exists = await git(root, ["cat-file", "-e", `${ref}:${path}`]).then(() => true, () => false);
    if (!exists) return null;
    const bytes = await git(root, ["show", `${ref}:${path}`]);
    if (bytes.length > YAML_LIMITS.maxBytes) return { file, error: tooLargeMessage(bytes.length) };
    const decoded = decodeUtf8(bytes);
    return decoded.ok ? { file, text: decoded.text } : { file, error: decoded.message };
  };
}

async function git(cwd: string, args: string[]): Promise<Buffer> {
  const { stdout } = await run("git", args, { cwd, encoding: "buffer", maxBuffer: YAML_LIMITS.maxBytes * 2 + 1024 });
  return stdout;
}
