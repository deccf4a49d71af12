import { manifestSchema, type Manifest } from "./schema.js";
import { fileProblem, type Problem } from "../source/problems.js";
import { validateAgainstSchema } from "../source/validation.js";
import { CHECKLIST_ITEMS, type ChecklistItem } from "../vocabulary.js";
import { parseYamlSource, type Locator } from "../source/yaml-source.js";

export type ParsedManifest =
  | {
      ok: true;
      file: string;
      manifest: Manifest;
      locate: Locator;
      /** Problems confined to one checklist item: the rest of the manifest is still evaluated. */
      itemProblems: Partial<Record<ChecklistItem, Problem[]>>;
      problems: Problem[];
    }
  | { ok: false; file: string; problems: Problem[] };

/**
 * Reads a release manifest. Problems inside a single checklist item leave the manifest usable (the
 * item is reported invalid); any other problem makes the whole file invalid.
 */
export function parseManifest(text: string, file: string): ParsedManifest {
  const source = parseYamlSource(text, file);
  if (!source.ok) return { ok: false, file, problems: source.problems };
  if (source.value === null || source.value === undefined) {
    return { ok: false, file, problems: [fileProblem(file, "the file is empty; a manifest starts with `version: 1`")] };
  }

  const first = validateAgainstSchema(manifestSchema, source.value, file, source.locate);
  if (first.ok) return { ok: true, file, manifest: first.data, locate: source.locate, itemProblems: {}, problems: [] };

  const itemProblems: Partial<Record<ChecklistItem, Problem[]>> = {};
  const other: Problem[] = [];
  for (const problem of first.problems) {
    const item = CHECKLIST_ITEMS.find((name) => problem.key === `checklist.${name}` || problem.key.startsWith(`checklist.${name}.`) || problem.key.startsWith(`checklist.${name}[`));
    if (item) (itemProblems[item] ??= []).push(problem);
    else other.push(problem);
  }
  if (other.length > 0) return { ok: false, file, problems: first.problems };

  const value = source.value as { checklist?: Record<string, unknown> };
  const checklist = { ...(value.checklist ?? {}) };
  for (const item of Object.keys(itemProblems)) delete checklist[item];
  const second = validateAgainstSchema(manifestSchema, { ...value, checklist }, file, source.locate);
  if (!second.ok) return { ok: false, file, problems: first.problems };
  return { ok: true, file, manifest: second.data, locate: source.locate, itemProblems, problems: first.problems };
}
