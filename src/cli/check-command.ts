import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { checkLocalFiles, type LocalManifestInput, type LocalSource } from "../domain/evaluation/local-check.js";
import { defaultPolicy, parsePolicy, POLICY_PATH } from "../domain/policy/resolve.js";
import { EVENTS_PATH, PROMISES_PATH } from "../domain/registry/parse.js";
import { choiceOption, listOption, stringOption, UsageError, useColour, type CliCommand, type CliIo } from "./command.js";
import { displayPath, findManifestFiles, findRegistryFile, readLocalFile, toLocalSource } from "./files.js";
import { formatReport, OUTPUT_FORMATS } from "./format.js";

export const checkCommand: CliCommand = {
  name: "check",
  summary: "check release manifests against the policy (exit 0 ready, 1 not ready, 2 invalid)",
  usage: `Usage: readiness check [<file|directory|glob>...] [options]

Checks each release manifest against the definition of ready for its status and prints a
verdict per release: every checklist item with its state and reason, the rules, the blockers,
and a decision for each campaign label given with --labels.

A directory means its *.yml and *.yaml files at any depth; a glob (quote it) means the YAML files
it matches. promises.yml and events.yml are registries, never manifests. With no arguments the
policy's \`manifests\` globs are checked (default: readiness/**/*.yml and *.yaml).

Options:
  --policy FILE        policy to apply (default: ${POLICY_PATH} in the current
                       directory if present, else the built-in defaults)
  --promises FILE      promise registry (default: the nearest promises.yml in or above each
                       manifest's directory, else ${PROMISES_PATH})
  --events FILE        event catalog (default: the nearest events.yml, else ${EVENTS_PATH})
  --labels a,b         PR labels to decide as campaign labels (repeatable)
  --format FORMAT      ${OUTPUT_FORMATS.join(" | ")} (default: text; colour only on a terminal
                       without NO_COLOR)
  --now ISO            evaluate as of this instant, e.g. 2026-11-20 or 2026-11-20T09:00:00Z
  -h, --help           show this help

Exit codes: 0 every release is ready; 1 a release is not ready; 2 invalid input (broken YAML,
schema problems, a broken policy or registry, a file that cannot be read, a usage error).
Problems are printed as file:line:column: key: message.`,
  options: {
    policy: { type: "string" },
    promises: { type: "string" },
    events: { type: "string" },
    labels: { type: "string", multiple: true },
    format: { type: "string" },
    now: { type: "string" },
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY },
  async run({ values, positionals }, io) {
    const format = choiceOption(values, "format", OUTPUT_FORMATS, "text");
    const now = parseNow(stringOption(values, "now"), io);
    const labels = listOption(values, "labels");
    const at = (path: string) => (isAbsolute(path) ? path : resolve(io.cwd, path));
    const show = (path: string) => displayPath(io.cwd, path);

    const policy = await readPolicySource(stringOption(values, "policy"), io);
    const policyGlobs = policyGlobsOf(policy);
    const found = policyGlobs === undefined
      ? { files: [], problems: [] }
      : await findManifestFiles(positionals, io.cwd, policyGlobs);

    const sources = new Map<string, Promise<LocalSource>>();
    const source = (path: string): Promise<LocalSource> => {
      let read = sources.get(path);
      if (!read) {
        read = readLocalFile(path).then((result) => toLocalSource(show(path), result));
        sources.set(path, read);
      }
      return read;
    };
    const promisesOption = stringOption(values, "promises");
    const eventsOption = stringOption(values, "events");
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
      promises: await registry(promisesOption, file, basename(PROMISES_PATH)),
      events: await registry(eventsOption, file, basename(EVENTS_PATH)),
    })));

    const report = checkLocalFiles({ policy, manifests, labels, now, inputProblems: found.problems });
    io.stdout.write(formatReport(report, format, { colour: useColour(io) }));
    return report.exitCode;
  },
};

function parseNow(value: string | undefined, io: CliIo): Date {
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

/** The policy file to apply: --policy, else the repository's own if present, else none (defaults). */
async function readPolicySource(option: string | undefined, io: CliIo): Promise<LocalSource | null> {
  const path = option !== undefined ? (isAbsolute(option) ? option : resolve(io.cwd, option)) : join(io.cwd, POLICY_PATH);
  const read = await readLocalFile(path);
  if (read.kind === "missing" && option === undefined) return null;
  return toLocalSource(displayPath(io.cwd, path), read);
}

/** Where to look when no files are named; undefined when the policy is broken (it is reported, nothing is judged). */
function policyGlobsOf(policy: LocalSource | null): string[] | undefined {
  if (policy === null) return defaultPolicy().manifests;
  if ("error" in policy) return undefined;
  const parsed = parsePolicy(policy.text, policy.file);
  return parsed.ok ? parsed.policy.manifests : undefined;
}
