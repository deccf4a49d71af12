import { execFile } from "node:child_process";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";
import type { LocalBase } from "../domain/evaluation/local-base.js";
import type { LocalManifestInput, LocalSource } from "../domain/evaluation/local-check.js";
import { decodeUtf8 } from "../domain/source/text-encoding.js";
import { tooLargeMessage, YAML_LIMITS } from "../domain/source/yaml-source.js";
import { UsageError, type CliIo } from "./command.js";
import { readLocalFile, toLocalSource } from "./files.js";

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

export async function readBaseRegistries(options: BaseOptions, manifests: readonly LocalManifestInput[], io: CliIo): Promise<LocalBase | null> {
  if (options.base !== undefined && options.baseRef !== undefined) throw new UsageError("give --base DIR or --base-ref REF, not both");
  if (options.base === undefined && options.baseRef === undefined) return null;
  const files = [...new Set(manifests.flatMap((m) => [m.promises, m.events].flatMap((s) => (s && !("error" in s) ? [s.file] : []))))];
  const read = options.base !== undefined ? fromDirectory(options.base, io) : await fromGit(options.baseRef!, io);
  const entries = await Promise.all(files.map(async (file) => [file, await read(file)] as const));
  return { label: options.base !== undefined ? `--base ${options.base}` : `--base-ref ${options.baseRef}`, files: new Map(entries) };
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
