import Handlebars from "handlebars";
import { describe, expect, it } from "vitest";
import { buildNotesViewModel } from "../../src/domain/notes/view-model.js";
import { defaultPolicy } from "../../src/domain/policy/resolve.js";
import { defaultNotesRenderer, defaultNotesTemplates } from "../../src/rendering/default-templates.js";
import { MAX_TEMPLATE_BYTES, notesRendererFor, templatesWithOverrides } from "../../src/rendering/template-overrides.js";
import { createNotesRenderer, NOTES_TEMPLATE_KEYS, notesTemplateCompilations, type NotesTemplates } from "../../src/rendering/notes-renderer.js";
import { fixtureSubject, NOW } from "./helpers.js";

const DIR = ".github/release-readiness/templates";
const override = (name: string, source: string) => ({ path: `${DIR}/${name}`, source });

function modelFor(audience: "new" | "existing" | "enterprise" | "support" = "new", locale: "en" | "ru" = "en") {
  const subject = fixtureSubject("beta-training.yml");
  return buildNotesViewModel({ manifest: subject.manifest, verdict: subject.verdict, policy: defaultPolicy(), locale, now: NOW }, audience);
}

function renderWith(source: string, audience: "new" | "support" = "new"): string {
  const result = notesRendererFor([override(`${audience}.en.hbs`, source)]);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("; "));
  const outcome = result.renderer.render(modelFor(audience));
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.markdown;
}

describe("bundled templates", () => {
  it("exist for every audience and locale and compile once per process", () => {
    const templates = defaultNotesTemplates();
    expect(Object.keys(templates).sort()).toEqual([...NOTES_TEMPLATE_KEYS].sort());
    const renderer = defaultNotesRenderer();
    const before = notesTemplateCompilations();
    expect(defaultNotesRenderer()).toBe(renderer);
    expect(createNotesRenderer(templates).ok).toBe(true);
    for (let i = 0; i < 3; i++) renderer.render(modelFor("support", "ru"));
    expect(notesTemplateCompilations()).toBe(before);
  });

  it("register their helpers on the app's own Handlebars instance, not the global one", () => {
    defaultNotesRenderer();
    expect(Handlebars.helpers.list).toBeUndefined();
    expect(Handlebars.helpers.plural).toBeUndefined();
  });
});

describe("broken templates are problems with their file and line", () => {
  it("reports a syntax error at its line", () => {
    const result = notesRendererFor([override("new.en.hbs", "## {{release.title}}\n\n{{#if status.beta}}\nbeta\n")]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ file: `${DIR}/new.en.hbs`, line: 5, severity: "error" });
    expect(result.problems[0]!.message).toMatch(/\{\{\/…\}\} is missing/);
  });

  it("reports an unclosed mustache with its line and column", () => {
    const result = notesRendererFor([override("existing.ru.hbs", "line one\nline two {{release.title\n")]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ file: `${DIR}/existing.ru.hbs`, line: 2 });
  });

  it("reports a character Handlebars cannot read at its line and column, without echoing the text", () => {
    const result = notesRendererFor([override("new.en.hbs", "## Title\n\u202e{{release.title}}\u0000 more\n")]);
    expect(result).toEqual({ ok: false, problems: [expect.objectContaining({ file: `${DIR}/new.en.hbs`, line: 2, column: 19, message: "template syntax error: Handlebars cannot read the text here" })] });
  });

  it("reports a misspelt field (strict mode) at its line and column", () => {
    const result = notesRendererFor([override("support.en.hbs", "# Notes\n\nStatus: {{status.lable}}\n")]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ file: `${DIR}/support.en.hbs`, line: 3, column: 11 });
    expect(result.problems[0]!.message).toContain('"lable" not defined');
  });

  it("refuses helpers it does not know, log included", () => {
    for (const source of ["ok\n{{lowercase release.title}}", "{{log release.title}}"]) {
      const result = notesRendererFor([override("new.en.hbs", source)]);
      expect(result.ok, source).toBe(false);
      if (!result.ok) expect(result.problems[0]!.message).toMatch(/unknown helper/);
    }
  });

  it("reports a helper used wrongly at the helper's line", () => {
    const result = notesRendererFor([override("new.en.hbs", "a\nb\n{{list release.title}}")]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ line: 3, message: expect.stringContaining("list expects a list") });
  });

  it("finds a mistake in a branch today's release would not reach", () => {
    const result = notesRendererFor([override("new.en.hbs", "{{#if status.rollback}}{{rollback.chnages}}{{/if}}ok")]);
    expect(result.ok).toBe(false);
  });

  it("never falls back to the bundled templates", () => {
    const result = notesRendererFor([override("new.en.hbs", "{{#each}}")]);
    expect(result).not.toHaveProperty("renderer");
  });

  it("reports every broken file at once", () => {
    const result = notesRendererFor([override("new.en.hbs", "{{#if}}"), override("support.ru.hbs", "{{nope}}")]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.file)).toEqual([`${DIR}/new.en.hbs`, `${DIR}/support.ru.hbs`]);
  });

  it("reports a missing template for a key", () => {
    const { "new.en": _dropped, ...rest } = defaultNotesTemplates();
    const result = createNotesRenderer(rest as NotesTemplates);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]!.message).toBe("no template for new.en");
  });
});

describe("repository overrides", () => {
  it("replace the bundled template for their audience and locale only", () => {
    const result = notesRendererFor([override("existing.en.hbs", "## {{release.title}} for existing users\n")]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const existing = result.renderer.render(modelFor("existing"));
    expect(existing).toEqual({ ok: true, markdown: "## Smart search for existing users\n" });
    const bundled = defaultNotesRenderer().render(modelFor("new"));
    expect(result.renderer.render(modelFor("new"))).toEqual(bundled);
  });

  it("ignore files that are not templates, and name unknown template files as problems", () => {
    const merged = templatesWithOverrides([override("README.md", "# Our templates"), override("partners.en.hbs", "x"), override("new.de.hbs", "x")]);
    expect(merged.ok).toBe(false);
    if (merged.ok) return;
    expect(merged.problems.map((p) => p.file)).toEqual([`${DIR}/partners.en.hbs`, `${DIR}/new.de.hbs`]);
    expect(merged.problems[0]!.message).toContain("expected <audience>.<locale>.hbs");
  });

  it("refuse an oversized template and a second file for the same key", () => {
    const big = templatesWithOverrides([override("new.en.hbs", "x".repeat(MAX_TEMPLATE_BYTES + 1))]);
    expect(big.ok).toBe(false);
    const twice = templatesWithOverrides([override("new.en.hbs", "a"), { path: "other/new.en.hbs", source: "b" }]);
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.problems[0]!.message).toContain(`already overridden by ${DIR}/new.en.hbs`);
  });
});

describe("template safety", () => {
  it("keeps prototype access blocked", () => {
    const out = renderWith("[{{release.constructor}}][{{release.__proto__}}][{{lookup release 'constructor'}}][{{lookup release.title 'toString'}}]");
    expect(out).toBe("[][][][]\n");
    const deeper = notesRendererFor([override("new.en.hbs", "{{#with release}}{{constructor.name}}{{/with}}")]);
    expect(deeper.ok).toBe(false);
    if (!deeper.ok) expect(deeper.problems[0]!.message).toContain('"name" not defined');
  });

  it("prints escaped user text whether a template uses double or triple braces", () => {
    const subject = fixtureSubject("hostile.yml");
    const model = buildNotesViewModel({ manifest: subject.manifest, verdict: subject.verdict, policy: defaultPolicy(), locale: "en", now: NOW }, "new");
    const result = notesRendererFor([override("new.en.hbs", "{{release.title}}\n{{{release.title}}}\n")]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const outcome = result.renderer.render(model);
    expect(outcome.ok && outcome.markdown).toBe("&lt;script&gt;alert\\(1\\)&lt;/script&gt; for @\u200bacme/everyone\n".repeat(2));
  });

  it("joins lists and picks plural forms in the notes' language", () => {
    const result = notesRendererFor([
      override("new.ru.hbs", "{{list availability.regions}}: {{plural availability.regions.length one=\"регион\" few=\"региона\" many=\"регионов\" other=\"региона\"}}"),
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const outcome = result.renderer.render(modelFor("new", "ru"));
    expect(outcome.ok && outcome.markdown).toBe("EU и US: региона\n");
  });
});
