import type { ReleaseVerdict } from "../domain/evaluation/release.js";
import type { Manifest } from "../domain/manifest/schema.js";
import { buildNotesViewModels, type NotesViewModel } from "../domain/notes/view-model.js";
import { findAvailabilityClaims, NOTES_WORDING } from "../domain/notes/wording.js";
import type { Policy } from "../domain/policy/schema.js";
import { formatKeyPath, START_OF_FILE, type KeyPath, type Problem } from "../domain/source/problems.js";
import { PROMISES_PATH } from "../domain/registry/parse.js";
import type { ReleasePromise } from "../domain/registry/schema.js";
import type { PromiseVersionChange } from "../domain/registry/changes.js";
import type { Audience, NotesLocale, ReleaseStatus } from "../domain/vocabulary.js";
import type { Locator } from "../domain/source/yaml-source.js";
import { defaultNotesRenderer } from "./default-templates.js";
import { notesTemplateKey, type NotesRenderer } from "./notes-renderer.js";

/** One release to write notes for: its manifest, where it lives, and its verdict. */
export interface ReleaseNotesSubject {
  file: string;
  manifest: Manifest;
  verdict: ReleaseVerdict;
  /** Finds a key's line in the manifest, so a problem in its text points at it. */
  locate?: Locator;
}

export interface ReleaseNotesOptions {
  /** Now, for promises' effective dates. */
  now: Date;
  /** The bundled templates unless given (a repository's overrides: see notesRendererFor). */
  renderer?: NotesRenderer;
  /** Defaults to the policy's `notes.audiences`. */
  audiences?: readonly Audience[];
  /** Defaults to the policy's `notes.locale`. */
  locale?: NotesLocale;
  promises?: ReadonlyMap<string, ReleasePromise> | null;
  /** Promises whose version rose in the PR, so the notes say so. */
  promiseChanges?: readonly PromiseVersionChange[] | null;
  /** Notes for one reader: only what their plan and region get. */
  reader?: { plan?: string; region?: string };
}

export interface RenderedReleaseNotes {
  release: string;
  title: string;
  status: ReleaseStatus;
  file: string;
  markdown: string;
  model: NotesViewModel;
}

export interface AudienceNotes {
  audience: Audience;
  /** The audience's name in the notes' language ("Existing users", «Текущие пользователи»). */
  label: string;
  locale: NotesLocale;
  /** Every release's notes for this audience, one after another. */
  markdown: string;
  releases: RenderedReleaseNotes[];
}

export interface ReleaseNotesResult {
  audiences: AudienceNotes[];
  /**
   * Templates that failed, and notes for a release that is not generally available that would
   * have read as if it were (with the manifest key or template line responsible). A release with a
   * problem is left out of that audience's notes rather than published wrong.
   */
  problems: Problem[];
}

/**
 * Renders each audience's notes for one or several releases (a PR may carry several manifests).
 * Pure apart from the templates it is given; the GitHub layer and the CLI both call it.
 */
export function renderReleaseNotes(subjects: readonly ReleaseNotesSubject[], policy: Policy, options: ReleaseNotesOptions): ReleaseNotesResult {
  const renderer = options.renderer ?? defaultNotesRenderer();
  const audiences = options.audiences ?? policy.notes.audiences;
  const locale = options.locale ?? policy.notes.locale;
  const problems = new Map<string, Problem>();
  const addProblem = (problem: Problem) => problems.set(`${problem.file}:${problem.line}:${problem.column}:${problem.key}:${problem.message}`, problem);
  const byAudience = new Map<Audience, RenderedReleaseNotes[]>(audiences.map((a) => [a, []]));

  for (const subject of subjects) {
    const models = buildNotesViewModels({
      manifest: subject.manifest,
      verdict: subject.verdict,
      policy,
      locale,
      now: options.now,
      promises: options.promises,
      promiseChanges: options.promiseChanges,
      reader: options.reader,
    }, audiences);
    for (const model of models) {
      const outcome = renderer.render(model);
      if (!outcome.ok) {
        addProblem(outcome.problem);
        continue;
      }
      if (model.status.limited) {
        const claims = claimProblems(subject, model, outcome.markdown, renderer, options.promises);
        if (claims.length > 0) {
          claims.forEach(addProblem);
          continue;
        }
      }
      byAudience.get(model.audience)!.push({
        release: subject.manifest.release,
        title: subject.manifest.title,
        status: subject.manifest.status,
        file: subject.file,
        markdown: outcome.markdown,
        model,
      });
    }
  }

  return {
    audiences: audiences.map((audience) => {
      const releases = byAudience.get(audience)!;
      return {
        audience,
        label: NOTES_WORDING[locale].audiences[audience],
        locale,
        markdown: releases.map((r) => r.markdown).join("\n"),
        releases,
      };
    }),
    problems: [...problems.values()],
  };
}

/**
 * Notes for an experiment, beta or rollback that read as generally available. The claim is traced
 * to where it comes from: the manifest's own text (a problem at that key), a promise's wording, or
 * the template (rendered with every person-written value masked; a problem at the template line).
 * A hit that neither explains (the abbreviation "GA" inside a region name, say) is not a claim.
 */
function claimProblems(
  subject: ReleaseNotesSubject,
  model: NotesViewModel,
  markdown: string,
  renderer: NotesRenderer,
  promises: ReadonlyMap<string, ReleasePromise> | null | undefined,
): Problem[] {
  if (findAvailabilityClaims(markdown).length === 0) return [];
  const problems: Problem[] = [];
  const status = subject.manifest.status;
  for (const { path, text } of personWrittenText(subject.manifest)) {
    const claim = findAvailabilityClaims(text, { abbreviation: false })[0];
    if (!claim) continue;
    const position = subject.locate ? subject.locate(path) : START_OF_FILE;
    problems.push({
      file: subject.file, ...position, key: formatKeyPath(path), severity: "error",
      message: `says "${claim.phrase}", but the release is ${status}: notes must not read as generally available until it is ga`,
    });
  }
  for (const promise of model.promises) {
    const claim = promise.text ? findAvailabilityClaims(promise.text, { abbreviation: false })[0] : undefined;
    if (!claim || !promises?.has(promise.id)) continue;
    problems.push({
      file: PROMISES_PATH, ...START_OF_FILE, key: `promises.${promise.id}.text`, severity: "error",
      message: `promise "${promise.id}" says "${claim.phrase}", but ${subject.manifest.release} is ${status}`,
    });
  }
  const masked = renderer.render(model, { masked: true });
  if (masked.ok) {
    const template = renderer.templates[notesTemplateKey(model.audience, model.locale)];
    for (const claim of findAvailabilityClaims(masked.markdown)) {
      const line = lineContaining(template.source, claim.phrase);
      problems.push({
        file: template.file, line, column: 1, endLine: line, endColumn: 1, key: "", severity: "error",
        message: `the ${model.audience} template says "${claim.phrase}" for a ${status} release; only ga notes may read as generally available`,
      });
    }
  }
  return problems;
}

function* personWrittenText(manifest: Manifest): Generator<{ path: KeyPath; text: string }> {
  yield { path: ["title"], text: manifest.title };
  for (const [index, change] of manifest.changes.entries()) {
    yield { path: ["changes", index, "title"], text: change.title };
    if (change.description) yield { path: ["changes", index, "description"], text: change.description };
  }
  for (const [index, limitation] of (manifest.limitations ?? []).entries()) {
    yield { path: ["limitations", index, "text"], text: limitation.text };
    if (limitation.workaround) yield { path: ["limitations", index, "workaround"], text: limitation.workaround };
  }
}

function lineContaining(source: string, phrase: string): number {
  const lines = source.split(/\r?\n/);
  const needle = phrase.toLowerCase().split(/\s+/)[0] ?? "";
  const index = lines.findIndex((line) => line.toLowerCase().includes(needle));
  return index >= 0 ? index + 1 : 1;
}

/**
 * All audiences in one document, an audience to a top-level section: the `Release notes` check
 * and the draft GitHub release use it (cut to GitHub's limit with fitWithinLimit).
 */
export function combineAudiences(result: ReleaseNotesResult): string {
  return result.audiences
    .filter((notes) => notes.releases.length > 0)
    .map((notes) => `# ${notes.label}\n\n${notes.markdown}`)
    .join("\n");
}
