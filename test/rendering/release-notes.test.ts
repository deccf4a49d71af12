import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Marked } from "marked";
import { describe, expect, it } from "vitest";
import { fitWithinLimit } from "../../src/domain/markdown/limit.js";
import { parseManifest } from "../../src/domain/manifest/parse.js";
import { findAvailabilityClaims, NOTES_WORDING } from "../../src/domain/notes/wording.js";
import { defaultPolicy } from "../../src/domain/policy/resolve.js";
import { GITHUB_TEXT_LIMIT } from "../../src/domain/markdown/limit.js";
import { NOTES_LOCALES, STATUSES, type NotesLocale } from "../../src/domain/vocabulary.js";
import { notesRendererFor } from "../../src/rendering/template-overrides.js";
import { combineAudiences, renderReleaseNotes, type ReleaseNotesSubject } from "../../src/rendering/release-notes.js";
import { evaluateRelease } from "../../src/domain/evaluation/release.js";
import { EMPTY_LEDGER } from "../../src/domain/ledger/ledger.js";
import { fixturePromises, fixtureSubject, MANIFEST_FIXTURES, NOW, parseOrThrow, subjectFrom } from "./helpers.js";

const policy = defaultPolicy();
const promises = fixturePromises();
const render = (subjects: ReleaseNotesSubject[], locale: NotesLocale = "en") => renderReleaseNotes(subjects, policy, { now: NOW, locale, promises });

/** The bundled examples that parse, alongside the test fixtures. */
function exampleSubjects(): ReleaseNotesSubject[] {
  const directory = "readiness/examples";
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .flatMap((name) => {
      const file = `${directory}/${name}`;
      return parseManifest(readFileSync(file, "utf8"), file).ok ? [subjectFrom(readFileSync(file, "utf8"), file, { promises })] : [];
    });
}

const header = (status: string) => `version: 1\nrelease: r-${status}\ntitle: Release at ${status}\nstatus: ${status}\nowner: "@acme/team"\n`;
const SEGMENT_VARIANTS = [
  "checklist:\n  segment_limits: { rollout_percent: 100, regions: [], plans: [] }\n",
  "checklist:\n  segment_limits: { rollout_percent: 5, regions: [EU], plans: [pro] }\n",
  'checklist:\n  segment_limits: { not_applicable: "internal" }\n',
  "",
];
const BODY = "changes:\n  - { title: Thing, type: feature, description: Does a thing }\n  - { title: Old thing, type: removal }\nlimitations: []\npromises: [export-nightly, search-speed]\n";

describe("status wording", () => {
  const limitedSubjects = [
    ...MANIFEST_FIXTURES.map((name) => fixtureSubject(name)),
    ...exampleSubjects(),
    ...STATUSES.filter((s) => s !== "ga").flatMap((status) =>
      SEGMENT_VARIANTS.map((segment, i) => subjectFrom(header(status) + segment + BODY, `readiness/variant-${status}-${i}.yml`, { promises }))),
  ].filter((subject) => subject.manifest.status !== "ga");

  it("never reads as generally available for an experiment, a beta or a rollback, in any audience or language", () => {
    expect(limitedSubjects.length).toBeGreaterThan(12);
    for (const locale of NOTES_LOCALES) {
      for (const subject of limitedSubjects) {
        const result = render([subject], locale);
        expect(result.problems, `${subject.file} ${locale}`).toEqual([]);
        for (const notes of result.audiences) {
          const where = `${subject.file} ${notes.audience}.${locale}`;
          expect(notes.releases, where).toHaveLength(1);
          expect(findAvailabilityClaims(notes.markdown), where).toEqual([]);
          expect(notes.markdown, where).not.toMatch(/generally available|general availability|\bGA\b|общедоступ|доступн\S*\s+(для\s+)?вс(ем|ех)/i);
        }
      }
    }
  });

  it("says generally available when the release is, and states its limits when it has any", () => {
    const everyone = render([fixtureSubject("ga-ready.yml")]).audiences.find((a) => a.audience === "new")!;
    expect(everyone.markdown).toContain("generally available to every account, on every plan and in every region");
    const limited = render([subjectFrom(header("ga") + SEGMENT_VARIANTS[1] + BODY, "readiness/ga-limited.yml", { promises })]);
    const existing = limited.audiences.find((a) => a.audience === "existing")!.markdown;
    expect(existing).toContain("generally available");
    expect(existing).toContain("about 5% of accounts on the pro plan in EU");
    const ru = render([fixtureSubject("ga-ready.yml")], "ru").audiences.find((a) => a.audience === "new")!.markdown;
    expect(ru).toContain("доступна всем аккаунтам на всех тарифах и во всех регионах");
  });

  it("always states segment limits for a limited release", () => {
    for (const locale of NOTES_LOCALES) {
      const result = render([fixtureSubject("beta-training.yml")], locale);
      for (const notes of result.audiences) {
        expect(notes.markdown, `${notes.audience}.${locale}`).toMatch(/30%/);
        expect(notes.markdown, `${notes.audience}.${locale}`).toMatch(/pro/);
        expect(notes.markdown, `${notes.audience}.${locale}`).toMatch(/EU/);
      }
    }
  });

  it("turns a rollback into a customer notice: what, who, what to do", () => {
    const result = render([fixtureSubject("rollback.yml")], "ru");
    for (const audience of ["new", "existing", "enterprise"] as const) {
      const markdown = result.audiences.find((a) => a.audience === audience)!.markdown;
      expect(markdown, audience).toMatch(/\*\*Что (отключено|откачено)\*\*\n- .*Настраиваемые виджеты на главной/);
      expect(markdown, audience).toContain("**Кого это касается:** аккаунтов на тарифах pro и business в регионе EU");
      expect(markdown, audience).toMatch(/\*\*Что делать\*\*\n- Виджеты, добавленные на новой панели, не переносятся на старую\..*Добавьте нужные отчёты в избранное/);
    }
  });
});

describe("support notes", () => {
  it("list every limitation with its kind and workaround, whoever it is written for", () => {
    for (const locale of NOTES_LOCALES) {
      for (const name of MANIFEST_FIXTURES) {
        const subject = fixtureSubject(name);
        const support = render([subject], locale).audiences.find((a) => a.audience === "support")!;
        const model = support.releases[0]!.model;
        const limitations = subject.manifest.limitations ?? [];
        expect(model.limitations).toHaveLength(limitations.length);
        for (const [index, limitation] of limitations.entries()) {
          const item = model.limitations[index]!;
          expect(item.text).toBe(limitation.text);
          const line = support.markdown.split("\n").findIndex((l) => l.startsWith(`- **${NOTES_WORDING[locale].limitationKinds[limitation.kind]}:**`) && l.includes(firstWords(limitation.text)));
          expect(line, `${name} ${locale}: ${limitation.text}`).toBeGreaterThan(-1);
          const workaroundLine = support.markdown.split("\n")[line + 1]!;
          if (limitation.workaround) expect(workaroundLine).toContain(firstWords(limitation.workaround));
          else expect(workaroundLine).toMatch(locale === "en" ? /none known; escalate to @\u200b/ : /способ неизвестен; эскалируйте на @\u200b/);
        }
      }
    }
  });

  it("carry promises with conditions and exceptions, waived items and the rollback plan", () => {
    const subject = subjectFrom(readFileSync("test/rendering/fixtures/beta-training.yml", "utf8"), "readiness/smart-search.yml", {
      promises,
      ledger: { entries: [{ kind: "waiver", release: "smart-search", item: "support_training", by: "lead", at: "2026-11-30T10:00:00Z", until: "2026-12-10T10:00:00Z", reason: "training booked for the 15th" }] },
    });
    const support = render([subject]).audiences.find((a) => a.audience === "support")!.markdown;
    expect(support).toContain([
      "- **search-speed** (version 1, in effect from 2026-10-01): Search results appear in under a second.",
      "  - Conditions: workspaces with fewer than a million documents",
      "  - Exceptions: none",
      "  - Owner: @\u200bacme/search; measured by search\\_latency\\_p95",
      "  - Channels: in-app and docs",
      "  - Not for customers yet: it may be promised from the Full release stage.",
    ].join("\n"));
    expect(support).not.toContain("New version");
    expect(support).toContain("### Waived items\n- Support training: waived until 2026-12-10 10:00 UTC by @\u200blead. Reason: training booked for the 15th");
    expect(support).toContain("### Rollback plan\nTurn flag smart-search off; classic search serves every query. (last rehearsed 2026-11-20)");
    expect(support).toContain("**Readiness:** ready");
  });
});

describe("support notes: promise versions and campaigns", () => {
  const gaManifest = () => readFileSync("test/rendering/fixtures/ga-ready.yml", "utf8");

  it("say that a promise's version rose in the PR, and what changed, in both languages", () => {
    const subject = subjectFrom(gaManifest(), "readiness/invoice-export.yml", { promises });
    const change = { id: "export-nightly", from: 1, to: 2, changed: ["conditions" as const] };
    const notes = (locale: "en" | "ru") => renderReleaseNotes([subject], defaultPolicy(), { now: NOW, locale, promises, promiseChanges: [change] })
      .audiences.find((a) => a.audience === "support")!.markdown;
    expect(notes("en")).toContain("  - **New version:** export-nightly v1 → v2: conditions changed. Customers may have read the earlier wording.");
    expect(notes("ru")).toContain("  - **Новая версия:** export-nightly v1 → v2: изменено: условия.");
    const two = renderReleaseNotes([subject], defaultPolicy(), {
      now: NOW, promises, promiseChanges: [{ ...change, changed: ["text", "conditions", "exceptions"] }],
    }).audiences.find((a) => a.audience === "support")!.markdown;
    expect(two).toContain("export-nightly v1 → v2: text, conditions, and exceptions changed.");
    // A change to another promise says nothing about this one.
    const other = renderReleaseNotes([subject], defaultPolicy(), { now: NOW, promises, promiseChanges: [{ ...change, id: "search-speed" }] });
    expect(combineAudiences(other)).not.toContain("New version");
  });

  it("list campaigns, running ones first, with their holdouts and exposure events", () => {
    const text = `${gaManifest()}\ncampaigns:\n  - { label: "campaign:landing", audience: new }\n  - { label: "campaign:email", audience: existing, holdout_percent: 10, exposure_event: campaign_exposed }\n`;
    const parsed = parseOrThrow(text, "readiness/invoice-export.yml");
    const verdict = evaluateRelease(parsed.manifest, defaultPolicy(), EMPTY_LEDGER, NOW, { promises, labels: ["campaign:email"] });
    expect(verdict.campaigns.map((c) => [c.label, c.allowed])).toEqual([["campaign:email", true]]);
    const subject = { file: "readiness/invoice-export.yml", manifest: parsed.manifest, verdict, locate: parsed.locate };
    const support = render([subject]).audiences.find((a) => a.audience === "support")!.markdown;
    expect(support).toContain([
      "### Campaigns",
      "- **campaign:email** (Existing users): running; holdout 10% (these customers do not get the campaign, on purpose); exposure logged as campaign\\_exposed",
      "- **campaign:landing** (New users): declared, not running yet; no holdout",
    ].join("\n"));
    // The policy asks for a holdout; campaign:landing declares none, so the gate blocks it.
    const strict = { ...defaultPolicy(), campaign_rules: { ...defaultPolicy().campaign_rules, holdout_min_percent: 5 } };
    const blocked = evaluateRelease(parsed.manifest, strict, EMPTY_LEDGER, NOW, { promises, labels: ["campaign:landing"] });
    const ruNotes = renderReleaseNotes([{ ...subject, verdict: blocked }], defaultPolicy(), { now: NOW, locale: "ru", promises });
    const ru = ruNotes.audiences.find((a) => a.audience === "support")!.markdown;
    expect(blocked.campaigns[0]!.allowed).toBe(false);
    expect(ru).toContain("- **campaign:landing** (Новые пользователи): остановлена проверкой кампаний; без контрольной группы");
    // Customers' notes never list campaigns.
    expect(combineAudiences({ ...ruNotes, audiences: ruNotes.audiences.filter((a) => a.audience !== "support") })).not.toContain("campaign:");
  });
});

/** Enough of a text to find it after escaping (up to the first character escaping changes). */
function firstWords(text: string): string {
  return text.slice(0, 30).split(/[\\`*_{}[\]()#+!|~$<>&@.-]/)[0]!;
}

describe("hostile text", () => {
  const hostile = fixtureSubject("hostile.yml");
  const marked = new Marked({ gfm: true, async: false });

  it("comes out inert in every audience and language", () => {
    for (const locale of NOTES_LOCALES) {
      const result = render([hostile], locale);
      expect(result.problems).toEqual([]);
      for (const notes of result.audiences) {
        const where = `${notes.audience}.${locale}`;
        const markdown = notes.markdown;
        expect(markdown.replace(/<br>/g, ""), where).not.toMatch(/<[a-z!/]/i);
        expect(markdown, where).not.toMatch(/(^|[^A-Za-z0-9])@[A-Za-z0-9]/m);
        expect(markdown, where).not.toMatch(/(?<!\\)\{\{/);
        expect(markdown, where).not.toContain("hostile-text");
        expect(markdown, where).not.toMatch(/(?<!\\)__proto/);
        expect(markdown, where).not.toMatch(/\]\(javascript:/);
        const html = marked.parse(markdown, { async: false });
        expect(html, where).not.toMatch(/<(script|img|iframe|b>|!--)/i);
        expect(html, where).not.toMatch(/href="(?!https:\/\/|mailto:)/);
      }
    }
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it("still reads as written", () => {
    const support = render([hostile]).audiences.find((a) => a.audience === "support")!;
    const html = marked.parse(support.markdown, { async: false });
    const text = html.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&").replace(/\u200b/g, "");
    expect(text).toContain("<script>alert(1)</script> for @acme/everyone");
    expect(text).toContain("{{release.slug}} and {{#each changes}}x{{/each}} and {{{support.owner}}}");
    expect(text).toContain("__proto__ constructor prototype toString &amp; &lt;tag&gt;");
    expect(text).toContain("Email <support@example.com> or ping @support-team");
  });
});

describe("claims traced to where they come from", () => {
  it("points at the manifest key when the manifest's own text claims general availability", () => {
    const text = `${header("beta")}checklist:\n  segment_limits: { rollout_percent: 10, regions: [], plans: [] }\nchanges:\n  - title: Exports\n    type: feature\n    description: Now generally available for everyone.\n`;
    const subject = subjectFrom(text, "readiness/exports.yml");
    const result = render([subject]);
    expect(result.problems).toEqual([
      expect.objectContaining({ file: "readiness/exports.yml", key: "changes[0].description", line: 11, message: expect.stringContaining('says "generally available", but the release is beta') }),
    ]);
    for (const notes of result.audiences) expect(notes.releases, notes.audience).toEqual([]);
  });

  it("accepts the abbreviation GA in a person's text (a region code, say)", () => {
    const text = `${header("beta")}checklist:\n  segment_limits: { rollout_percent: 10, regions: [GA, TX], plans: [] }\n`;
    const result = render([subjectFrom(text, "readiness/states.yml")]);
    expect(result.problems).toEqual([]);
    expect(result.audiences[0]!.markdown).toContain("GA and TX");
  });

  it("points at the template line when an override claims it for a beta", () => {
    const source = "## {{release.title}}\n\n{{#if status.limited}}\nLimited for now.\n{{/if}}\nNow generally available!\n";
    const renderer = notesRendererFor([{ path: ".github/release-readiness/templates/new.en.hbs", source }]);
    expect(renderer.ok).toBe(true);
    if (!renderer.ok) return;
    const result = renderReleaseNotes([fixtureSubject("beta-training.yml")], policy, { now: NOW, renderer: renderer.renderer, promises });
    expect(result.problems).toEqual([
      expect.objectContaining({ file: ".github/release-readiness/templates/new.en.hbs", line: 6, message: expect.stringContaining("the new template says") }),
    ]);
    expect(result.audiences.find((a) => a.audience === "new")!.releases).toEqual([]);
    expect(result.audiences.find((a) => a.audience === "existing")!.releases).toHaveLength(1);
  });
});

describe("several releases and GitHub's limits", () => {
  it("renders every release for every audience, in order", () => {
    const result = render([fixtureSubject("ga-ready.yml"), fixtureSubject("beta-training.yml")]);
    expect(result.audiences.map((a) => a.audience)).toEqual(["new", "existing", "enterprise", "support"]);
    for (const notes of result.audiences) {
      expect(notes.markdown.indexOf("## Invoice export")).toBeLessThan(notes.markdown.indexOf("## Smart search"));
      expect(notes.markdown.indexOf("## Invoice export")).toBeGreaterThanOrEqual(0);
    }
    const combined = combineAudiences(result);
    expect(combined.match(/^# .+$/gm)).toEqual(["# New users", "# Existing users", "# Enterprise customers", "# Support"]);
  });

  it("renders only the audiences asked for, in the language asked for", () => {
    const result = renderReleaseNotes([fixtureSubject("beta-training.yml")], { ...policy, notes: { ...policy.notes, audiences: ["support"], locale: "ru" } }, { now: NOW });
    expect(result.audiences.map((a) => [a.audience, a.label, a.locale])).toEqual([["support", "Поддержка", "ru"]]);
  });

  it("fits a very large release into one check output with a clear note", () => {
    const changes = Array.from({ length: 3000 }, (_, i) => `  - { title: Change ${i}, type: ${["feature", "fix", "improvement"][i % 3]}, description: Something useful happened here }`).join("\n");
    const subject = subjectFrom(`${header("beta")}checklist:\n  segment_limits: { rollout_percent: 10, regions: [], plans: [] }\nchanges:\n${changes}\n`, "readiness/big.yml");
    const combined = combineAudiences(render([subject]));
    expect(combined.length).toBeGreaterThan(GITHUB_TEXT_LIMIT);
    const fitted = fitWithinLimit(combined, "Every audience's full notes are in the Release notes check's details.");
    expect(fitted.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(fitted).toMatch(/Trimmed to fit GitHub's 65,535-character limit: [\d,]+ of [\d,]+ characters are not shown here\. Every audience's full notes/);
  });
});

describe("bundled templates on disk", () => {
  it("exist for every audience and locale, beside the weekly review's", () => {
    for (const name of readdirSync("templates").filter((n) => n.endsWith(".hbs"))) {
      expect(name).toMatch(/^(new|existing|enterprise|support|review)\.(en|ru)\.hbs$/);
    }
    expect(readdirSync("templates").filter((n) => n.endsWith(".hbs"))).toHaveLength(10);
    expect(existsSync(join("templates", "README.md"))).toBe(true);
  });
});
