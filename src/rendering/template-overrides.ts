import { fileProblem, type Problem } from "../domain/source/problems.js";
import { AUDIENCES, NOTES_LOCALES } from "../domain/vocabulary.js";
import { defaultNotesTemplates } from "./default-templates.js";
import { reviewTemplateName } from "./review-renderer.js";
import { NOTES_TEMPLATE_KEYS, createNotesRenderer, type NotesRendererResult, type NotesTemplateKey, type NotesTemplates } from "./notes-renderer.js";

/** A template file from the repository's `notes.templates` folder on the default branch. */
export interface TemplateOverride {
  path: string;
  source: string;
  /** Why the file gave no text (UTF-16, too large to fetch): reported with its path, never skipped. */
  unreadable?: string;
}

/** Larger templates than this are refused: no real template comes near it. */
export const MAX_TEMPLATE_BYTES = 256 * 1024;

const EXPECTED_NAME = `<audience>.<locale>.hbs, where audience is ${AUDIENCES.join(", ")} and locale is ${NOTES_LOCALES.join(" or ")}`;

/**
 * Lays the repository's templates over the bundled ones. Files not ending in `.hbs` (a README, say)
 * are left alone; a `.hbs` file whose name is not a known audience and locale is a problem, as is
 * an oversized or duplicated one. Nothing falls back silently: a problem means no renderer.
 */
export function templatesWithOverrides(
  overrides: readonly TemplateOverride[],
  defaults: NotesTemplates = defaultNotesTemplates(),
): { ok: true; templates: NotesTemplates } | { ok: false; problems: Problem[] } {
  const merged: Record<NotesTemplateKey, { file: string; source: string }> = { ...defaults };
  const problems: Problem[] = [];
  const seen = new Map<NotesTemplateKey, string>();
  for (const override of overrides) {
    const name = override.path.slice(override.path.lastIndexOf("/") + 1);
    if (!name.endsWith(".hbs")) continue;
    // The weekly review's templates share the folder (docs/reference/promise-review.md#templates).
    if (NOTES_LOCALES.some((locale) => name === reviewTemplateName(locale))) continue;
    const key = name.slice(0, -".hbs".length) as NotesTemplateKey;
    if (!NOTES_TEMPLATE_KEYS.includes(key)) {
      problems.push(fileProblem(override.path, `"${name}" is not a notes template name; expected ${EXPECTED_NAME}`));
      continue;
    }
    if (override.unreadable !== undefined) {
      problems.push(fileProblem(override.path, override.unreadable));
      continue;
    }
    const bytes = Buffer.byteLength(override.source, "utf8");
    if (bytes > MAX_TEMPLATE_BYTES) {
      problems.push(fileProblem(override.path, `template is ${bytes} bytes; the limit is ${MAX_TEMPLATE_BYTES} bytes`));
      continue;
    }
    const earlier = seen.get(key);
    if (earlier) {
      problems.push(fileProblem(override.path, `${key} is already overridden by ${earlier}`));
      continue;
    }
    seen.set(key, override.path);
    merged[key] = { file: override.path, source: override.source };
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, templates: merged };
}

/**
 * The renderer for a repository: its overrides over the bundled templates, every template checked.
 * Compilation and checks are cached by content, so calling this per event costs little.
 */
export function notesRendererFor(overrides: readonly TemplateOverride[]): NotesRendererResult {
  // The overrides come from the repository cache, the same array for as long as it holds: the
  // renderer for them is kept with it (checking each template's cache key, its whole source, per
  // event cost more than rendering).
  const known = overrides.length === 0 ? withoutOverrides : renderers.get(overrides);
  if (known) return known;
  const merged = templatesWithOverrides(overrides);
  const result = merged.ok ? createNotesRenderer(merged.templates) : merged;
  if (overrides.length === 0) withoutOverrides = result;
  else renderers.set(overrides, result);
  return result;
}

let withoutOverrides: NotesRendererResult | undefined;
const renderers = new WeakMap<readonly TemplateOverride[], NotesRendererResult>();
