import { readFileSync } from "node:fs";
import { join } from "node:path";
import { escapeMarkdown, escapeMarkdownUrl } from "../domain/markdown/escape.js";
import type { ReviewViewModel } from "../domain/review/view-model.js";
import type { Problem } from "../domain/source/problems.js";
import type { NotesLocale } from "../domain/vocabulary.js";
import { bundledTemplatesDirectory } from "./default-templates.js";
import { compileTemplate, convertStrings, templateProblem, tidy, type TemplateSource } from "./template-engine.js";

/**
 * The weekly promise review as Markdown (docs/reference/promise-review.md), from the bundled
 * `templates/review.<locale>.hbs` or a repository's override of the same name in the policy's
 * `notes.templates` folder. Rendered like the release notes: strict templates, every string in
 * the view-model escaped once before the template sees it.
 */
export type ReviewRenderOutcome = { ok: true; markdown: string } | { ok: false; problems: Problem[] };

/** The file name of the review template for a language, bundled or overridden. */
export const reviewTemplateName = (locale: NotesLocale) => `review.${locale}.hbs`;

const bundled = new Map<NotesLocale, TemplateSource>();

export function bundledReviewTemplate(locale: NotesLocale): TemplateSource {
  let template = bundled.get(locale);
  if (!template) {
    const name = reviewTemplateName(locale);
    template = { file: `templates/${name}`, source: readFileSync(join(bundledTemplatesDirectory(), name), "utf8") };
    bundled.set(locale, template);
  }
  return template;
}

export function renderReview(model: ReviewViewModel, template: TemplateSource = bundledReviewTemplate(model.locale)): ReviewRenderOutcome {
  try {
    const output = compileTemplate(template.source)(escapedModel(model), {
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
    });
    return { ok: true, markdown: tidy(output) };
  } catch (error) {
    return { ok: false, problems: [templateProblem(template, error)] };
  }
}

/**
 * View-model fields whose text this app makes (codes, dates, figures, its own labels): left as
 * they are, so "66.7%" does not read "66\\.7%". Everything else came from a person and is escaped.
 */
const APP_WORDED_FIELDS: ReadonlySet<string> = new Set([
  "locale", "code", "first", "last", "percent", "date", "trend", "trendLabel", "sourceLabel", "itemLabel",
  "statusLabel", "fromLabel", "toLabel", "from", "to", "status", "item", "source",
]);

function escapedModel(model: ReviewViewModel): unknown {
  // A fresh cache per review: models are built once and rendered once.
  return convertStrings(model, "", new WeakMap(), (key, value) => {
    if (key === "url") return escapeMarkdownUrl(value);
    return APP_WORDED_FIELDS.has(key) ? value : escapeMarkdown(value);
  });
}
