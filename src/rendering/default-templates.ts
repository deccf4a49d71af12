import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatProblem } from "../domain/source/problems.js";
import { NOTES_TEMPLATE_KEYS, createNotesRenderer, type NotesRenderer, type NotesTemplateKey, type NotesTemplates } from "./notes-renderer.js";

/**
 * The bundled templates in `templates/`, read once per process. The folder is found by walking up
 * from this module to the package root, which works from `src/notes` under tsx and from
 * `dist/notes` after a build alike.
 */
export function bundledTemplatesDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(directory, "package.json")) && existsSync(join(directory, "templates"))) return join(directory, "templates");
    const parent = dirname(directory);
    if (parent === directory) throw new Error("cannot find the bundled templates/ folder above " + fileURLToPath(import.meta.url));
    directory = parent;
  }
}

let defaults: NotesTemplates | undefined;

export function defaultNotesTemplates(): NotesTemplates {
  if (!defaults) {
    const directory = bundledTemplatesDirectory();
    const entries = NOTES_TEMPLATE_KEYS.map((key): [NotesTemplateKey, { file: string; source: string }] => [
      key,
      { file: `templates/${key}.hbs`, source: readFileSync(join(directory, `${key}.hbs`), "utf8") },
    ]);
    defaults = Object.freeze(Object.fromEntries(entries) as Record<NotesTemplateKey, { file: string; source: string }>);
  }
  return defaults;
}

let defaultRenderer: NotesRenderer | undefined;

/** The renderer for the bundled templates, compiled once per process. A broken bundled template is a bug: it throws. */
export function defaultNotesRenderer(): NotesRenderer {
  if (!defaultRenderer) {
    const result = createNotesRenderer(defaultNotesTemplates());
    if (!result.ok) {
      throw new Error(`bundled notes templates are broken:\n${result.problems.map(formatProblem).join("\n")}`);
    }
    defaultRenderer = result.renderer;
  }
  return defaultRenderer;
}
