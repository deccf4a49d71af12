import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, isAbsolute, join, resolve } from "node:path";
import { evaluateRelease } from "../domain/evaluation/release.js";
import { EMPTY_LEDGER } from "../domain/ledger/ledger.js";
import { parseManifest } from "../domain/manifest/parse.js";
import { POLICY_PATH } from "../domain/policy/resolve.js";
import type { Policy } from "../domain/policy/schema.js";
import { showControls } from "./terminal-text.js";
import { formatProblem, fileProblem, type Problem } from "../domain/source/problems.js";
import { parsePromiseRegistry, PROMISES_PATH } from "../domain/registry/parse.js";
import type { ReleasePromise } from "../domain/registry/schema.js";
import { AUDIENCES, NOTES_LOCALES, type NotesLocale } from "../domain/vocabulary.js";
import { notesHtmlDocument } from "../rendering/notes-html.js";
import { MAX_TEMPLATE_BYTES, notesRendererFor, type TemplateOverride } from "../rendering/template-overrides.js";
import { combineAudiences, renderReleaseNotes, type AudienceNotes, type ReleaseNotesSubject } from "../rendering/release-notes.js";
import { choiceOption, EXIT, listOption, stringOption, UsageError, type CliCommand, type CliIo } from "./command.js";
import { displayPath, findManifestFiles, findRegistryFile, readLocalFile, toLocalSource } from "./files.js";
import { loadPolicy } from "./policy-file.js";
import { BASE_OPTIONS, comparePromisesWithBase, type PromiseRegistryUse } from "./base-inputs.js";

const FORMATS = ["md", "html", "json"] as const;
type NotesFormat = (typeof FORMATS)[number];
const EXTENSIONS: Record<NotesFormat, string> = { md: "md", html: "html", json: "json" };

const USAGE = `Usage: readiness notes <file|directory|glob>... [options]

Renders the release notes for each audience from the release manifest(s), with the bundled
templates or the repository's own (the policy's notes.templates folder, default
.github/release-readiness/templates/<audience>.<locale>.hbs). A directory means its *.yml and
*.yaml files; promises.yml and events.yml are never manifests.

Options:
  --audience A     new, existing, enterprise or support; repeat or comma-separate for several
                   (default: the policy's notes.audiences, all four unless changed)
  --locale L       en or ru (default: the policy's notes.locale, en unless changed)
  --format F       md (default), html (a complete page) or json (notes and view-models)
  --out DIR        write one file per audience, <audience>.<locale>.<md|html|json>, into DIR
                   instead of printing
  --plan P         notes for a reader on plan P: only the changes that plan gets
  --region R       notes for a reader in region R: only the changes that region gets
  --policy FILE    the policy (default: ${POLICY_PATH} in the current directory if
                   present, else the built-in defaults)
  --base DIR       compare the promise registries with an earlier version checked out in DIR,
                   so a promise whose version rose says so ("v1 → v2: conditions changed")
  --base-ref REF   the same, with the registries' version at git REF
  -h, --help       show this help

Promises come from the nearest promises.yml in or above each manifest's directory, else
${PROMISES_PATH}; the template folder is read from the current directory. With --base or
--base-ref, a promise reworded without raising its version is a problem, as in readiness check.

Exit codes: 0 notes rendered and every release ready; 1 notes rendered but a release is not
ready; 2 invalid input (a manifest, the policy, the promise registry or a template), with
problems printed as file:line:column: key: message.`;

export const notesCommand: CliCommand = {
  name: "notes",
  summary: "render audience-specific release notes from release manifests",
  usage: USAGE,
  options: {
    audience: { type: "string", multiple: true },
    locale: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    plan: { type: "string" },
    region: { type: "string" },
    policy: { type: "string" },
    ...BASE_OPTIONS,
  },
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  async run(args, io) {
    const format = choiceOption(args.values, "format", FORMATS, "md");
    const audienceWords = listOption(args.values, "audience");
    const unknownAudience = audienceWords.find((word) => !(AUDIENCES as readonly string[]).includes(word));
    if (unknownAudience !== undefined) throw new UsageError(`--audience must be one of ${AUDIENCES.join(", ")} (got "${unknownAudience}")`);
    const localeWord = stringOption(args.values, "locale");
    if (localeWord !== undefined && !(NOTES_LOCALES as readonly string[]).includes(localeWord)) {
      throw new UsageError(`--locale must be one of ${NOTES_LOCALES.join(", ")} (got "${localeWord}")`);
    }
    const at = (path: string) => (isAbsolute(path) ? path : resolve(io.cwd, path));
    const show = (path: string) => displayPath(io.cwd, path);

    const policyOption = stringOption(args.values, "policy");
    const policy = await loadPolicy(policyOption, io);
    if (!policy.ok) return fail(io, policy.problems);

    const templates = await readOverrides(join(io.cwd, policy.policy.notes.templates), show);
    if (templates.problems.length > 0) return fail(io, templates.problems);
    const renderer = notesRendererFor(templates.overrides);
    if (!renderer.ok) return fail(io, renderer.problems);

    const found = await findManifestFiles(args.positionals, io.cwd, policy.policy.manifests);
    const now = io.now();
    const { subjects, promises, registries, problems } = await readSubjects(found.files, policy.policy, now, io.cwd, show);
    problems.unshift(...found.problems);
    if (problems.length > 0) return fail(io, problems);
    const baseOptions = { base: stringOption(args.values, "base"), baseRef: stringOption(args.values, "base-ref") };
    const compared = await comparePromisesWithBase(baseOptions, registries, io);
    if (compared.problems.length > 0) return fail(io, compared.problems);

    const locale = (localeWord as NotesLocale | undefined) ?? policy.policy.notes.locale;
    const plan = stringOption(args.values, "plan");
    const region = stringOption(args.values, "region");
    const result = renderReleaseNotes(subjects, policy.policy, {
      now,
      renderer: renderer.renderer,
      audiences: audienceWords.length > 0 ? AUDIENCES.filter((audience) => audienceWords.includes(audience)) : undefined,
      locale,
      promises,
      promiseChanges: compared.changes,
      reader: plan !== undefined || region !== undefined ? { plan, region } : undefined,
    });
    if (result.problems.length > 0) return fail(io, result.problems);

    const title = subjects.map((s) => s.manifest.title).join(", ");
    const outDirectory = stringOption(args.values, "out");
    if (outDirectory !== undefined) {
      const directory = at(outDirectory);
      mkdirSync(directory, { recursive: true });
      for (const notes of result.audiences) {
        const target = join(directory, `${notes.audience}.${notes.locale}.${EXTENSIONS[format]}`);
        writeFileSync(target, formatAudiences([notes], format, title, locale));
        io.stdout.write(`${show(target)}\n`);
      }
    } else {
      io.stdout.write(formatAudiences(result.audiences, format, title, locale));
    }

    const notReady = subjects.filter((s) => !s.verdict.ready);
    for (const subject of notReady) {
      const count = subject.verdict.blockers.length;
      io.stderr.write(`${showControls(subject.file)}: ${subject.manifest.release} is not ready (${count} blocker${count === 1 ? "" : "s"}); the notes describe it as ${subject.manifest.status} anyway. Run readiness check for details.\n`);
    }
    return notReady.length > 0 ? EXIT.notReady : EXIT.ok;
  },
};

/**
 * Each manifest parsed and evaluated (with no ledger: a local file has no sign-offs), with the
 * promises of the registry nearest each one, read once per registry.
 */
async function readSubjects(
  files: readonly string[],
  policy: Policy,
  now: Date,
  cwd: string,
  show: (path: string) => string,
): Promise<{ subjects: ReleaseNotesSubject[]; promises: Map<string, ReleasePromise>; registries: PromiseRegistryUse[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const promises = new Map<string, ReleasePromise>();
  const registries = new Map<string, PromiseRegistryUse | null>();
  const subjects: ReleaseNotesSubject[] = [];
  for (const path of files) {
    const source = toLocalSource(show(path), await readLocalFile(path));
    if ("error" in source) {
      problems.push(fileProblem(source.file, source.error));
      continue;
    }
    const registry = await findRegistryFile(path, basename(PROMISES_PATH), cwd);
    if (registry !== undefined && !registries.has(registry)) {
      const loaded = await loadPromises(registry, show, promises);
      registries.set(registry, loaded.registry ?? null);
      problems.push(...loaded.problems);
    }
    const parsed = parseManifest(source.text, source.file);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    if (registry !== undefined) registries.get(registry)?.manifests.push(parsed.manifest);
    const verdict = evaluateRelease(parsed.manifest, policy, EMPTY_LEDGER, now, { promises, itemProblems: parsed.itemProblems });
    subjects.push({ file: source.file, manifest: parsed.manifest, verdict, locate: parsed.locate });
  }
  return { subjects, promises, registries: [...registries.values()].flatMap((r) => (r ? [r] : [])), problems };
}

function formatAudiences(audiences: readonly AudienceNotes[], format: NotesFormat, title: string, locale: NotesLocale): string {
  if (format === "json") {
    return `${JSON.stringify({ locale, audiences }, null, 2)}\n`;
  }
  if (format === "html") {
    const heading = audiences.length === 1 ? `${title}: ${audiences[0]!.label}` : title;
    return notesHtmlDocument(heading, locale, audiences.map((notes) => ({ heading: notes.label, markdown: notes.markdown })));
  }
  return audiences.length === 1 ? audiences[0]!.markdown : combineAudiences({ audiences: [...audiences], problems: [] });
}

function fail(io: CliIo, problems: readonly Problem[]): number {
  for (const problem of problems) io.stderr.write(`${showControls(formatProblem(problem))}\n`);
  return EXIT.invalid;
}


/** Adds a promise registry's promises to `into` (the first registry to define an id wins); returns it, or its problems. */
async function loadPromises(path: string, show: (path: string) => string, into: Map<string, ReleasePromise>): Promise<{ registry?: PromiseRegistryUse; problems: Problem[] }> {
  const source = toLocalSource(show(path), await readLocalFile(path));
  if ("error" in source) return { problems: [fileProblem(source.file, source.error)] };
  const parsed = parsePromiseRegistry(source.text, source.file);
  if (!parsed.ok) return { problems: parsed.problems };
  for (const promise of parsed.data.promises) if (!into.has(promise.id)) into.set(promise.id, promise);
  return { registry: { source, head: parsed, manifests: [] }, problems: [] };
}

/**
 * The repository's template folder, as the app reads it from the default branch: its `.hbs` files,
 * not its subfolders. A template that cannot be read, or is too large to read, is a problem.
 */
async function readOverrides(directory: string, show: (path: string) => string): Promise<{ overrides: TemplateOverride[]; problems: Problem[] }> {
  const overrides: TemplateOverride[] = [];
  const problems: Problem[] = [];
  let names: string[];
  try {
    names = statSync(directory).isDirectory() ? readdirSync(directory).sort() : [];
  } catch {
    names = [];
  }
  for (const name of names.filter((n) => n.endsWith(".hbs"))) {
    const path = join(directory, name);
    const read = await readLocalFile(path, MAX_TEMPLATE_BYTES);
    if (read.kind === "missing") continue;
    if (read.kind === "text") overrides.push({ path: show(path), source: read.text });
    else problems.push(fileProblem(show(path), read.kind === "too_large" ? `template is ${read.size} bytes; the limit is ${MAX_TEMPLATE_BYTES} bytes` : read.message));
  }
  return { overrides, problems };
}
