import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildReviewViewModel } from "../../src/domain/review/view-model.js";
import { NOTES_LOCALES } from "../../src/domain/vocabulary.js";
import { renderReview } from "../../src/rendering/review-renderer.js";
import { busyWeek, quietWeek } from "../domain/review/week-fixtures.js";

/**
 * Golden reviews: a week with mismatches across two releases and a quiet week, in each language.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/rendering/review.test.ts` and read the diff.
 */
const GOLDEN = join(import.meta.dirname, "golden", "review");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function rendered(markdown: { ok: true; markdown: string } | { ok: false }): string {
  if (!markdown.ok) throw new Error("the review did not render");
  return markdown.markdown;
}

describe("the weekly review, rendered", () => {
  for (const locale of NOTES_LOCALES) {
    for (const [name, inputs] of [["busy", busyWeek(locale)], ["quiet", quietWeek(locale)]] as const) {
      it(`matches the golden ${name} week in ${locale}`, () => {
        const markdown = rendered(renderReview(buildReviewViewModel(inputs)));
        const file = join(GOLDEN, `${name}.${locale}.md`);
        if (UPDATE || !existsSync(file)) writeFileSync(file, markdown);
        expect(markdown).toBe(readFileSync(file, "utf8"));
      });
    }
  }

  it("keeps issue titles inert: no markup, no mention, no broken table", () => {
    const inputs = busyWeek("en");
    const hostile = { ...inputs, issues: inputs.issues.map((issue) => issue.id === "111" ? { ...issue, title: "<img src=x onerror=alert(1)> | @acme/support **now**" } : issue) };
    const markdown = rendered(renderReview(buildReviewViewModel(hostile)));
    expect(markdown).toContain("&lt;img src=x onerror=alert\\(1\\)&gt; \\| @\u200bacme/support \\*\\*now\\*\\*");
    expect(markdown).not.toContain("<img");
  });

  it("lists the running campaigns with their holdouts and exposure events, and GA releases still waived, in a quiet week too", () => {
    for (const locale of NOTES_LOCALES) {
      const markdown = rendered(renderReview(buildReviewViewModel(quietWeek(locale))));
      expect(buildReviewViewModel(quietWeek(locale)).quiet).toBe(true);
      expect(markdown).toContain("| campaign:email | checkout-v2 | 10% | campaign\\_exposed |");
      expect(markdown).toMatch(locale === "en" ? /At full release with an item still waived: Documentation on checkout-v2, until 2027-01-31/ : /Полный релиз с пунктом под исключением: Документация в checkout-v2, до 2027-01-31/);
    }
  });

  it("says where the data was cut short", () => {
    const markdown = rendered(renderReview(buildReviewViewModel({ ...busyWeek("en"), limits: ["GitHub's search returns at most 1,000 issues; 1,204 were created"] })));
    expect(markdown).toContain("> Data cut short: GitHub's search returns at most 1,000 issues; 1,204 were created");
  });

  it("reports a broken override with its file and line", () => {
    const outcome = renderReview(buildReviewViewModel(busyWeek("en")), { file: ".github/release-readiness/templates/review.en.hbs", source: "# {{title}}\n{{rate.current.percnt}}\n" });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems[0]).toMatchObject({ file: ".github/release-readiness/templates/review.en.hbs", line: 2 });
  });
});
