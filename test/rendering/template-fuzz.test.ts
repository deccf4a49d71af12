import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Problem } from "../../src/domain/source/problems.js";
import { NOTES_TEMPLATE_KEYS, type NotesTemplateKey } from "../../src/rendering/notes-renderer.js";
import { sampleViewModels } from "../../src/rendering/template-samples.js";
import { notesRendererFor } from "../../src/rendering/template-overrides.js";
import type { Audience, NotesLocale } from "../../src/domain/vocabulary.js";
import { fuzzCorpus, onDemandTimeout, runs } from "../support/fuzz.js";

/**
 * Property tests for the template path a repository controls (`notes.templates`, read from its
 * default branch): whatever a `.hbs` override holds, checking it gives either a renderer that
 * renders every sample release, or problems naming the override with a line in it, never an
 * exception and never a silent fall-back to the bundled template.
 */

const FOLDER = ".github/release-readiness/templates";

/** Pieces of Handlebars, valid and broken: fields, helpers, blocks, partials, escapes, prototype names. */
const fragment = fc.oneof(
  fc.constantFrom(
    "{{release.title}}", "{{status.label}}", "{{#if status.beta}}", "{{else}}", "{{/if}}", "{{#each changes}}", "{{/each}}", "{{title}}",
    "{{list availability.plans}}", "{{plural changes.length one=\"change\" other=\"changes\"}}", "{{plural 3}}", "{{list 3}}",
    "{{#if (eq status.code \"beta\")}}", "{{> segment}}", "{{> missing}}", "{{#*inline \"p\"}}x{{/inline}}", "{{> p}}",
    "{{log \"x\"}}", "{{lookup this \"constructor\"}}", "{{constructor}}", "{{__proto__}}", "{{this.constructor.name}}",
    "{{toString}}", "{{@root.release.title}}", "{{../title}}", "{{{release.title}}}", "{{{{raw}}}}", "{{{{/raw}}}}", "{{!-- c --}}",
    "{{! c }}", "{{~release.title~}}", "{{", "}}", "{{#", "{{/", "{{else if}}", "{{#with release}}", "{{/with}}", "{{#unless x}}",
    "{{status.lable}}", "{{helperMissing}}", "{{blockHelperMissing}}", "\\{{release.title}}", "{{'a'}}", "{{1}}", "{{true}}",
    "{{#each changes as |c i|}}{{c.title}}{{i}}{{/each}}", "\n", "\r\n", "## ", "- ", "<script>", "`", "\u0000", "😀", "\u202e",
  ),
  fc.string({ maxLength: 20 }),
);

const generated = fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join(""));

/** A bundled template broken by a few edits: insert a fragment, cut the end, drop a span. */
const bundled = (key: NotesTemplateKey) => readFileSync(new URL(`../../templates/${key}.hbs`, import.meta.url), "utf8");
const edit = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fragment }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("drop" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
);
const broken = fc.tuple(fc.constantFrom(...NOTES_TEMPLATE_KEYS), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([key, edits]) => {
  let text = bundled(key);
  for (const e of edits) {
    const at = e.at % (text.length + 1);
    if (e.kind === "insert") text = text.slice(0, at) + e.text + text.slice(at);
    else if (e.kind === "truncate") text = text.slice(0, at);
    else text = text.slice(0, at) + text.slice(at + e.length);
  }
  return { key, text };
});

const nested = fc.tuple(fc.integer({ min: 1, max: 2_000 }), fc.constantFrom("{{#if status.beta}}", "{{#each changes}}", "{{#with release}}", "{{"))
  .map(([depth, open]) => open.repeat(depth));

function expectActionable(problems: readonly Problem[], path: string, source: string): void {
  expect(problems.length).toBeGreaterThan(0);
  const lineCount = source.split(/\r\n|\r|\n/).length;
  for (const problem of problems) {
    expect(problem.file).toBe(path);
    expect(Number.isInteger(problem.line) && problem.line >= 1).toBe(true);
    expect(problem.line).toBeLessThanOrEqual(lineCount);
    expect(Number.isInteger(problem.column) && problem.column >= 1).toBe(true);
    expect(problem.message.trim().length).toBeGreaterThan(0);
    expect(problem.message.length).toBeLessThanOrEqual(1_000);
    expect(problem.severity).toBe("error");
  }
}

/** Checks one override the way the app does, then renders every sample release through it. */
function checkOverride(key: NotesTemplateKey, source: string): void {
  const path = `${FOLDER}/${key}.hbs`;
  const result = notesRendererFor([{ path, source }]);
  if (!result.ok) {
    expectActionable(result.problems, path, source);
    return;
  }
  expect(result.renderer.templates[key]).toEqual({ file: path, source });
  const [audience, locale] = key.split(".") as [Audience, NotesLocale];
  for (const model of sampleViewModels(audience, locale)) {
    for (const masked of [false, true]) {
      const outcome = result.renderer.render(model, { masked });
      if (outcome.ok) expect(typeof outcome.markdown).toBe("string");
      else expectActionable([outcome.problem], path, source);
    }
  }
}

describe("fuzz: notes template overrides", () => {
  it("generated templates give a renderer or problems with the override's path and line, never an exception", () => {
    fc.assert(fc.property(fc.constantFrom(...NOTES_TEMPLATE_KEYS), generated, (key, text) => checkOverride(key, text)), { numRuns: runs(300) });
  }, onDemandTimeout());

  it("bundled templates broken by a few edits give a renderer or actionable problems", () => {
    fc.assert(fc.property(broken, ({ key, text }) => checkOverride(key, text)), { numRuns: runs(200) });
  }, onDemandTimeout());

  it("deeply nested blocks give a problem, not a stack overflow", () => {
    fc.assert(fc.property(fc.constantFrom(...NOTES_TEMPLATE_KEYS), nested, (key, text) => checkOverride(key, text)), { numRuns: runs(10) });
  }, onDemandTimeout());
});

/** The committed corpus (test/fixtures/fuzz-corpus/templates/<audience>.<locale>--<case>.hbs), replayed every run. */
describe("template fuzz corpus: replayed every run", () => {
  const files = fuzzCorpus("templates", ".hbs");
  it("holds seeds", () => expect(files.length).toBeGreaterThan(5));
  it.each(files)("%s gives a renderer or actionable problems", (name, text) => {
    checkOverride(name.slice(0, name.indexOf("--")) as NotesTemplateKey, text);
  });
});
