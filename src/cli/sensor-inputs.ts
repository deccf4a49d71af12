/**
 * What `readiness sensor` and `readiness digest` read from disk: the exported tickets, the policy
 * and the releases with their promises; input that cannot be read is reported as `file:line:
 * message` with exit code 2.
 */
import { execFile } from "node:child_process";
import { basename, dirname, isAbsolute, resolve } from "node:path";
import { promisify } from "node:util";
import { parseManifest } from "../domain/manifest/parse.js";
import type { Policy } from "../domain/policy/schema.js";
import { parsePromiseRegistry, PROMISES_PATH } from "../domain/registry/parse.js";
import { sensorRelease, type SensorPromise, type SensorRelease } from "../domain/sensor/candidates.js";
import { EXIT, type CliIo } from "./command.js";
import { displayPath, findManifestFiles, findRegistryFile, readLocalFile } from "./files.js";
import { loadPolicy } from "./policy-file.js";
import { readTicketFile, type TicketFile } from "./sensor-tickets.js";

/** Ticket exports are bigger than manifests; this still refuses a runaway file before reading it. */
const MAX_TICKETS_BYTES = 256 * 1024 * 1024;

export type Loaded<T> = T | { error: string; file: string; line: number };

/** Prints `file:line: message` for input that cannot be read, and gives exit code 2. */
export function inputFailure(io: CliIo): (file: string, line: number, message: string) => number {
  return (file, line, message) => {
    io.stderr.write(`${displayPath(io.cwd, file)}:${line}: ${message}\n`);
    return EXIT.invalid;
  };
}

/** The exported tickets of `--tickets FILE` (`readiness sensor`, `readiness digest`): bad rows are problems, the rest is read. */
export async function loadTickets(option: string, io: CliIo): Promise<Loaded<Extract<TicketFile, { ok: true }> & { path: string }>> {
  const path = isAbsolute(option) ? option : resolve(io.cwd, option);
  const read = await readLocalFile(path, MAX_TICKETS_BYTES);
  if (read.kind !== "text") return { error: read.kind === "missing" ? "no such file" : read.kind === "too_large" ? "the file is too large" : read.message, file: path, line: 1 };
  const file = readTicketFile(read.text, option);
  return file.ok ? { ...file, path } : { error: file.message, file: path, line: file.line };
}

/** The policy (./policy-file.ts), its first problem as `sensor` and `digest` report input they cannot read. */
export async function loadSensorPolicy(option: string | undefined, io: CliIo): Promise<Loaded<{ policy: Policy }>> {
  const loaded = await loadPolicy(option, io);
  if (loaded.ok) return { policy: loaded.policy };
  const first = loaded.problems[0]!;
  return { error: `${first.key ? `${first.key}: ` : ""}${first.message}`, file: resolve(io.cwd, first.file), line: first.line };
}

/** Every readable manifest with its promises; a broken manifest is left out, as it names no release. */
export async function loadReleases(dir: string | undefined, policy: Policy, io: CliIo): Promise<Loaded<{ releases: SensorRelease[]; promises: Map<string, SensorPromise> }>> {
  const found = await findManifestFiles(dir === undefined ? [] : [dir], io.cwd, policy.manifests);
  if (found.files.length === 0 && found.problems[0]) return { error: found.problems[0].message, file: resolve(io.cwd, found.problems[0].file), line: 1 };
  const releases: SensorRelease[] = [];
  const promises = new Map<string, SensorPromise>();
  const registries = new Set<string>();
  for (const path of found.files) {
    const read = await readLocalFile(path);
    if (read.kind !== "text") continue;
    const parsed = parseManifest(read.text, displayPath(io.cwd, path));
    if (!parsed.ok) continue;
    releases.push(sensorRelease(parsed.manifest, policy, await lastCommitDate(path)));
    const registry = await findRegistryFile(path, basename(PROMISES_PATH), io.cwd);
    if (registry !== undefined && !registries.has(registry)) {
      registries.add(registry);
      const text = await readLocalFile(registry);
      const list = text.kind === "text" ? parsePromiseRegistry(text.text, registry) : undefined;
      if (list?.ok) for (const promise of list.data.promises) promises.set(promise.id, promise);
    }
  }
  return { releases, promises };
}

const run = promisify(execFile);

/** The manifest's last commit date, or undefined outside a git repository (or for an uncommitted file). */
async function lastCommitDate(path: string): Promise<string | undefined> {
  try {
    const { stdout } = await run("git", ["log", "-1", "--format=%cI", "--", basename(path)], { cwd: dirname(path) });
    const date = stdout.trim();
    return date === "" ? undefined : date;
  } catch {
    return undefined;
  }
}
