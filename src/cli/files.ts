import { closeSync, fstatSync, openSync, readSync, realpathSync } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { tooLargeMessage, type LocalSource } from "../domain/evaluation/local-check.js";
import { fileProblem, type Problem } from "../domain/source/problems.js";
import { EVENTS_PATH, PROMISES_PATH } from "../domain/registry/parse.js";
import { decodeUtf8 } from "../domain/source/text-encoding.js";
import { YAML_LIMITS } from "../domain/source/yaml-source.js";

/**
 * The CLI's file system access: finding manifests and registries, and reading files with the same
 * 1 MiB limit the parser enforces, refused before the file is read in full.
 */

export type LocalRead =
  | { kind: "text"; text: string }
  | { kind: "missing" }
  | { kind: "too_large"; size: number }
  | { kind: "unreadable"; message: string };

export async function readLocalFile(path: string, maxBytes: number = YAML_LIMITS.maxBytes): Promise<LocalRead> {
  return Promise.resolve(readLocalFileNow(path, maxBytes));
}

/**
 * The same read, synchronously: the CLI reads thousands of small files one after another, and four
 * trips through libuv's thread pool per file (open, stat, read, close) cost more than reading them.
 */
function readLocalFileNow(path: string, maxBytes: number): LocalRead {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "missing" };
    return { kind: "unreadable", message: describeFsError(error) };
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) return { kind: "unreadable", message: "is a directory, not a file" };
    if (info.size > maxBytes) return { kind: "too_large", size: info.size };
    // Read up to one byte past the limit: a file that grew since stat (or a pipe with no size) is
    // still refused. The buffer starts at the file's size and grows only if the file does: a
    // megabyte per file made 5,000 small manifests cost hundreds of megabytes.
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(info.size + 1, 4096)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(Math.min(buffer.length, maxBytes + 1 - buffer.length))]);
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) return { kind: "too_large", size: Math.max(length, info.size) };
    }
    const decoded = decodeUtf8(buffer.subarray(0, length));
    return decoded.ok ? { kind: "text", text: decoded.text } : { kind: "unreadable", message: decoded.message };
  } catch (error) {
    return { kind: "unreadable", message: describeFsError(error) };
  } finally {
    closeSync(fd);
  }
}

function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === "EACCES" || e.code === "EPERM") return "cannot read the file: permission denied";
  return `cannot read the file: ${e.message ?? String(error)}`;
}

/** A read as the pure checker takes it: the text, or a sentence saying why there is none. */
export function toLocalSource(file: string, read: LocalRead): LocalSource {
  switch (read.kind) {
    case "text":
      return { file, text: read.text };
    case "missing":
      return { file, error: "no such file" };
    case "too_large":
      return { file, error: tooLargeMessage(read.size) };
    case "unreadable":
      return { file, error: read.message };
  }
}

/** How a path is shown in output: relative to the working directory, with forward slashes. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  const shown = rel === "" ? "." : rel;
  return sep === "/" ? shown : shown.split(sep).join("/");
}

/** The registries' file names: never manifests, wherever they are. */
const REGISTRY_NAMES = new Set([basename(PROMISES_PATH), basename(EVENTS_PATH)]);
const isYaml = (path: string) => /\.ya?ml$/i.test(path);
const IGNORED_DIRECTORIES = ["**/node_modules/**", "**/.git/**"];

export interface FoundFiles {
  /** Absolute paths, sorted, without duplicates. */
  files: string[];
  /**
   * With `registries`: the registries an argument holds instead of manifests (a promises.yml or
   * events.yml named, or in a directory or glob with no manifest; with no arguments and no
   * manifest, readiness/promises.yml and readiness/events.yml), absolute, sorted. Empty otherwise.
   */
  registries: string[];
  problems: Problem[];
}

export interface FindOptions {
  /** Registries found instead of manifests are returned, not problems (`readiness check` with a base checks them on their own). */
  registries?: boolean;
}

/** Said where registries were found instead of manifests, and no base was given to check them against. */
const ON_THEIR_OWN = "; with --base DIR or --base-ref REF a change to it is checked on its own";

/**
 * Turns command-line arguments into manifest files. A file is taken as named; a directory means
 * its *.yml and *.yaml files at any depth; anything else is a glob relative to `cwd` (quote it so
 * the shell leaves it alone), of which the YAML files count. promises.yml and events.yml are the
 * registries and never count as manifests. With no arguments, the policy's `manifests` globs are
 * used (with their `!` exclusions).
 */
export async function findManifestFiles(args: readonly string[], cwd: string, policyGlobs: readonly string[], options: FindOptions = {}): Promise<FoundFiles> {
  const found = new Set<string>();
  const registries = new Set<string>();
  const done = async (): Promise<FoundFiles> => ({ files: await oncePerRealPath(found), registries: [...registries].sort(), problems });
  const problems: Problem[] = [];
  const problem = (file: string, message: string) => problems.push(fileProblem(file, message));

  if (args.length === 0) {
    const positive = policyGlobs.filter((g) => !g.startsWith("!"));
    const negative = policyGlobs.filter((g) => g.startsWith("!")).map((g) => g.slice(1));
    const matches = await glob(positive, { cwd, absolute: true, dot: true, ignore: [...negative, ...IGNORED_DIRECTORIES], onlyFiles: true });
    for (const match of matches) if (!REGISTRY_NAMES.has(basename(match))) found.add(resolve(match));
    if (found.size === 0 && options.registries) {
      for (const path of [PROMISES_PATH, EVENTS_PATH].map((p) => join(cwd, p))) if (await isFile(path)) registries.add(path);
    }
    if (found.size === 0 && registries.size === 0) problem(".", `no release manifests match the policy's manifests globs (${policyGlobs.join(", ")}); name files or directories to check`);
    return done();
  }

  for (const arg of args) {
    const absolute = isAbsolute(arg) ? arg : resolve(cwd, arg);
    const info = await stat(absolute).catch(() => undefined);
    let matches: string[];
    if (info?.isFile()) {
      if (REGISTRY_NAMES.has(basename(absolute))) {
        if (options.registries) registries.add(absolute);
        else problem(arg, `${basename(absolute)} is a registry, not a release manifest; it is checked with the manifests next to it${ON_THEIR_OWN}`);
        continue;
      }
      matches = [absolute];
    } else if (info?.isDirectory()) {
      matches = await glob(["**/*.yml", "**/*.yaml"], { cwd: absolute, absolute: true, ignore: IGNORED_DIRECTORIES, onlyFiles: true });
      const held = registriesInstead(matches, options, registries);
      if (held !== undefined) problem(arg, `the directory holds no release manifests (*.yml or *.yaml files other than promises.yml and events.yml)${held ? ON_THEIR_OWN : ""}`);
    } else if (isDynamicPattern(arg)) {
      matches = (await glob([arg], { cwd, absolute: true, ignore: IGNORED_DIRECTORIES, onlyFiles: true })).filter(isYaml);
      const held = registriesInstead(matches, options, registries);
      if (held !== undefined) problem(arg, `no release manifest matches this glob${held ? ON_THEIR_OWN : ""}`);
    } else {
      problem(arg, "no such file or directory");
      continue;
    }
    for (const match of matches) {
      if (!REGISTRY_NAMES.has(basename(match))) found.add(resolve(match));
    }
  }
  return done();
}

/**
 * For an argument whose matches hold no manifest: undefined when they do hold one; else whether
 * they hold registries, which are kept in `into` when the caller asked for them (no problem then).
 */
function registriesInstead(matches: readonly string[], options: FindOptions, into: Set<string>): boolean | undefined {
  if (matches.some((path) => !REGISTRY_NAMES.has(basename(path)))) return undefined;
  if (matches.length > 0 && options.registries) {
    for (const path of matches) into.add(resolve(path));
    return undefined;
  }
  return matches.length > 0;
}

/**
 * A file reached through a symlinked directory, a symlink, or two arguments is one file: keyed by
 * its real path, shown by the first of its paths in sorted order (otherwise one release would clash
 * with itself as a duplicate slug).
 */
async function oncePerRealPath(paths: Iterable<string>): Promise<string[]> {
  const byRealPath = new Map<string, string>();
  for (const path of [...paths].sort()) {
    // The native call is what fs/promises' realpath makes, without a thread-pool trip per file.
    const real = realOrSelf(path);
    if (!byRealPath.has(real)) byRealPath.set(real, path);
  }
  return [...byRealPath.values()].sort();
}

function realOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/**
 * The registry a manifest is checked against: the nearest `name` in the manifest's directory or
 * above it (up to `cwd` when the manifest is inside it, and never past a repository root), else
 * `cwd/readiness/<name>`. So both a
 * repository's `readiness/sub/x.yml` and a folder of examples with its own registry work.
 */
export async function findRegistryFile(manifest: string, name: string, cwd: string): Promise<string | undefined> {
  const root = resolve(cwd);
  const insideCwd = !relative(root, manifest).startsWith("..") && !isAbsolute(relative(root, manifest));
  let dir = dirname(manifest);
  for (;;) {
    const candidate = join(dir, name);
    if (await isFile(candidate)) return candidate;
    const atRepositoryRoot = await exists(join(dir, ".git"));
    if ((insideCwd && dir === root) || atRepositoryRoot || dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  const fallback = join(root, "readiness", name);
  return (await isFile(fallback)) ? fallback : undefined;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

async function isFile(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() ?? false;
}
