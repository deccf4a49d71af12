import { escapeMarkdown, escapeMarkdownUrl } from "../domain/markdown/escape.js";
import type { NotesViewModel } from "../domain/notes/view-model.js";
import { fileProblem, type Problem } from "../domain/source/problems.js";
import { AUDIENCES, NOTES_LOCALES, type Audience, type NotesLocale } from "../domain/vocabulary.js";
import { sampleViewModels } from "./template-samples.js";
import { COMPILE_CACHE_LIMIT, compileTemplate, convertStrings, templateCompilations, templateProblem, tidy, type TemplateSource } from "./template-engine.js";

/** `new.en`, `support.ru`…: one template per audience and language. */
export type NotesTemplateKey = `${Audience}.${NotesLocale}`;

export const NOTES_TEMPLATE_KEYS: readonly NotesTemplateKey[] = AUDIENCES.flatMap((audience) =>
  NOTES_LOCALES.map((locale): NotesTemplateKey => `${audience}.${locale}`),
);

export function notesTemplateKey(audience: Audience, locale: NotesLocale): NotesTemplateKey {
  return `${audience}.${locale}`;
}

export type NotesTemplateSource = TemplateSource;

/** How many templates this process has compiled so far: each distinct source counts once. */
export const notesTemplateCompilations = templateCompilations;

export type NotesTemplates = Readonly<Record<NotesTemplateKey, NotesTemplateSource>>;

export type NotesRenderOutcome = { ok: true; markdown: string } | { ok: false; problem: Problem };

export interface NotesRenderer {
  readonly templates: NotesTemplates;
  /**
   * Renders one audience's notes for one release. With `masked`, every person-written value is
   * replaced by a neutral word first, which shows what the template itself says.
   */
  render(model: NotesViewModel, options?: { masked?: boolean }): NotesRenderOutcome;
}

export type NotesRendererResult = { ok: true; renderer: NotesRenderer } | { ok: false; problems: Problem[] };

/** Validation results by file, key and source, so a repository's overrides are checked once per content. */
const validated = new Map<string, Problem | null>();

/**
 * Compiles and checks every template. A template is checked by parsing it and rendering it against
 * sample releases at every status, so a syntax error, an unknown helper or a misspelt field is
 * reported with its file and line now, not on the first real release.
 */
export function createNotesRenderer(templates: NotesTemplates): NotesRendererResult {
  const problems: Problem[] = [];
  for (const key of NOTES_TEMPLATE_KEYS) {
    const template = templates[key] as NotesTemplateSource | undefined;
    const problem = template
      ? validateTemplate(key, template)
      : fileProblem(`${key}.hbs`, `no template for ${key}`);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) return { ok: false, problems };
  const renderer: NotesRenderer = {
    templates,
    render(model, options = {}) {
      const template = templates[notesTemplateKey(model.audience, model.locale)];
      return renderWith(template, model, options.masked === true);
    },
  };
  return { ok: true, renderer };
}

function validateTemplate(key: NotesTemplateKey, template: NotesTemplateSource): Problem | null {
  const cacheKey = `${key}\u0000${template.file}\u0000${template.source}`;
  const cached = validated.get(cacheKey);
  if (cached !== undefined) return cached;
  let problem: Problem | null = null;
  try {
    compileTemplate(template.source);
  } catch (error) {
    problem = templateProblem(template, error);
  }
  if (!problem) {
    const [audience, locale] = key.split(".") as [Audience, NotesLocale];
    for (const model of sampleViewModels(audience, locale)) {
      const outcome = renderWith(template, model, false);
      if (!outcome.ok) {
        problem = outcome.problem;
        break;
      }
    }
  }
  if (validated.size >= COMPILE_CACHE_LIMIT) validated.delete(validated.keys().next().value!);
  validated.set(cacheKey, problem);
  return problem;
}

function renderWith(template: NotesTemplateSource, model: NotesViewModel, masked: boolean): NotesRenderOutcome {
  try {
    const output = compileTemplate(template.source)(masked ? maskedData(model) : templateData(model), {
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
    });
    return { ok: true, markdown: tidy(output) };
  } catch (error) {
    return { ok: false, problem: templateProblem(template, error) };
  }
}

/**
 * The view-model as a template sees it: every string escaped once (see markdown-escape.ts) and
 * printed as is (the templates compile with `noEscape`). Objects shared between audiences are
 * converted once.
 */
const escapedObjects = new WeakMap<object, unknown>();

function templateData(model: NotesViewModel): unknown {
  return convertStrings(model, "", escapedObjects, escapeValue);
}

/** View-model fields whose text comes from this app (labels, codes, dates), not from a person. */
const APP_WORDED_FIELDS: ReadonlySet<string> = new Set([
  "audience", "audienceLabel", "locale", "code", "label", "type", "typeLabel", "kind", "kindLabel", "audiences",
  "minStatusLabel", "state", "failedRules", "until", "effective", "tested", "date",
]);
const MASK = "text";
const maskedObjects = new WeakMap<object, unknown>();

function maskedData(model: NotesViewModel): unknown {
  return convertStrings(model, "", maskedObjects, (key, value) => (APP_WORDED_FIELDS.has(key) ? escapeValue(key, value) : MASK));
}

/** Escaped app words (labels, codes, dates) repeat in every change: they are escaped once. */
const escapedWords = new Map<string, string>();

function escapeValue(key: string, value: string): string {
  if (key.endsWith("Url")) return escapeMarkdownUrl(value);
  if (!APP_WORDED_FIELDS.has(key)) return escapeMarkdown(value);
  let escaped = escapedWords.get(value);
  if (!escaped) {
    if (escapedWords.size >= 1_000) escapedWords.clear();
    escapedWords.set(value, (escaped = escapeMarkdown(value)));
  }
  return escaped;
}

