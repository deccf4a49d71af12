import { evaluateRelease } from "../src/domain/evaluation/release.js";
import { EMPTY_LEDGER } from "../src/domain/ledger/ledger.js";
import { escapeMarkdown } from "../src/domain/markdown/escape.js";
import type { Manifest } from "../src/domain/manifest/schema.js";
import type { ChangeView } from "../src/domain/notes/change-views.js";
import { buildNotesViewModels, type NotesViewModel } from "../src/domain/notes/view-model.js";
import { defaultPolicy } from "../src/domain/policy/resolve.js";
import { AUDIENCES, CHANGE_TYPES, LIMITATION_KINDS } from "../src/domain/vocabulary.js";
import { defaultNotesRenderer } from "../src/rendering/default-templates.js";
import { notesTemplateCompilations } from "../src/rendering/notes-renderer.js";
import { renderReleaseNotes } from "../src/rendering/release-notes.js";
import { timeInterleaved, type BenchModule, type BenchResult } from "./measure.js";

/** The issue's target: all four audiences of a 5,000-change release in under 100 ms. */
const CHANGES = 5_000;
const TARGET_MS = 100;
const NOW = new Date("2026-12-01T12:00:00Z");

function largeRelease(): Manifest {
  return {
    version: 1,
    release: "large-release",
    title: "A release with five thousand changes",
    status: "beta",
    owner: "@acme/payments",
    flag: "large-release",
    checklist: {
      docs: { url: "https://docs.example.com/large" },
      rollback_plan: { steps: "Turn flag large-release off", tested: "2026-11-19" },
      segment_limits: { rollout_percent: 20, regions: ["EU", "US"], plans: ["pro", "enterprise"] },
    },
    changes: Array.from({ length: CHANGES }, (_, i) => ({
      title: `Change number ${i} with <b>markup</b> and @mentions`,
      type: CHANGE_TYPES[i % CHANGE_TYPES.length]!,
      description: "Cart, delivery and payment on one screen, for every plan and region: *fast* and_simple.",
      ...(i % 4 === 0 ? { audiences: AUDIENCES.slice(0, 1 + (i % AUDIENCES.length)) } : {}),
      ...(i % 7 === 0 ? { plans: ["enterprise"] } : {}),
    })),
    limitations: Array.from({ length: 20 }, (_, i) => ({
      kind: LIMITATION_KINDS[i % LIMITATION_KINDS.length]!,
      text: `Limitation ${i}: exports stop at 50,000 rows`,
      ...(i % 2 === 0 ? { workaround: "Export a shorter range" } : {}),
    })),
  };
}

/**
 * The same notes written by hand with string concatenation: the same view-models, the same
 * escaping, the same sections, no template engine. The floor a template engine is measured against.
 */
function concatenated(models: readonly NotesViewModel[]): string[] {
  const e = escapeMarkdown;
  const change = (c: ChangeView) => `- **${e(c.title)}**${c.plans.length ? ` (${c.plans.map(e).join(", ")} only)` : ""}${c.description ? `: ${e(c.description)}` : ""}\n`;
  return models.map((m) => {
    let out = `## ${e(m.release.title)} (${m.status.label})\n\nThis is a beta for about ${m.availability.rolloutPercent}% of accounts on the ${m.availability.plans.map(e).join(" and ")} plans in ${m.availability.regions.map(e).join(" and ")}.\n\n`;
    for (const [heading, list] of [["Removed", m.sections.removals], ["Deprecated", m.sections.deprecations], ["New", m.sections.features], ["Improved", m.sections.improvements], ["Fixed", m.sections.fixes]] as const) {
      if (list.length === 0) continue;
      out += `### ${heading}\n`;
      for (const c of list) out += change(c);
      out += "\n";
    }
    out += "### Known limitations\n";
    for (const l of m.limitations) out += `- **${l.kindLabel}:** ${e(l.text)}${l.workaround ? ` Workaround: ${e(l.workaround)}` : ""}\n`;
    if (m.release.docsUrl) out += `\nRead more in [the documentation](${m.release.docsUrl}).\n`;
    return out;
  });
}

export const bench: BenchModule = {
  title: "release notes",
  async run(): Promise<BenchResult[]> {
    const policy = defaultPolicy();
    const manifest = largeRelease();
    const verdict = evaluateRelease(manifest, policy, EMPTY_LEDGER, NOW);
    const subject = { file: "readiness/large-release.yml", manifest, verdict };
    const renderer = defaultNotesRenderer();
    const options = { now: NOW, renderer, audiences: AUDIENCES, locale: "en" as const };

    const first = renderReleaseNotes([subject], policy, options);
    if (first.problems.length > 0) throw new Error(`notes failed: ${first.problems[0]!.message}`);
    const compiledBefore = notesTemplateCompilations();
    let templatedChars = 0;
    let concatenatedChars = 0;
    const timings = timeInterleaved({
      templates: () => {
        templatedChars = renderReleaseNotes([subject], policy, options).audiences.reduce((n, a) => n + a.markdown.length, 0);
      },
      concatenation: () => {
        const models = buildNotesViewModels({ manifest, verdict, policy, locale: "en", now: NOW }, AUDIENCES);
        concatenatedChars = concatenated(models).reduce((n, text) => n + text.length, 0);
      },
    }, { warmup: 3, iterations: 15 });

    const templated = timings.templates.medianMs;
    const baseline = timings.concatenation.medianMs;
    return [
      {
        name: `all 4 audiences, ${CHANGES.toLocaleString("en-US")} changes, Handlebars templates (median)`,
        value: templated, unit: "ms", target: `< ${TARGET_MS} ms`, pass: templated < TARGET_MS,
      },
      { name: "same content by string concatenation (median, same run)", value: baseline, unit: "ms" },
      { name: "templates / concatenation", value: templated / baseline, unit: "x" },
      { name: "notes written (templates / concatenation)", value: templatedChars / 1024, unit: `KiB (vs ${(concatenatedChars / 1024).toFixed(0)} KiB)` },
      { name: "templates compiled during the timed runs", value: notesTemplateCompilations() - compiledBefore, unit: "", target: "0 (compiled once per process)", pass: notesTemplateCompilations() === compiledBefore },
    ];
  },
};
