import { describe, expect, it } from "vitest";
import { hasReviewOf, readReviewIssueBody, withReview } from "../../../src/domain/review/issue-body.js";

const TARGET = "acme/support";
const review = (source: string, markdown: string, locale: "en" | "ru" = "en") => ({ source, target: TARGET, markdown, locale });
const SUPPORT = "# Promise review 2026-W48\n\n**40%** of new issues were expectation mismatches: 2 of 5.\n";
const SHOP = "# Promise review 2026-W48\n\n**10%** of new issues were expectation mismatches: 1 of 10.\n";
const WEB = "# Promise review 2026-W48\n\n**0%** of new issues were expectation mismatches: 0 of 3.\n";

describe("a week's review issue shared by several repositories (docs/reference/promise-review.md#several-repositories-one-issue)", () => {
  it("is the review as rendered when the target writes its own alone", () => {
    expect(withReview(undefined, review(TARGET, SUPPORT))).toBe(SUPPORT);
    expect(withReview(SUPPORT, review(TARGET, SUPPORT.replace("2 of 5", "3 of 5")))).toBe(SUPPORT.replace("2 of 5", "3 of 5"));
  });

  it("keeps each repository's review when another writes its own, whatever the order", () => {
    const a = withReview(withReview(withReview(undefined, review(TARGET, SUPPORT)), review("acme/web", WEB)), review("acme/shop", SHOP));
    const b = withReview(withReview(withReview(undefined, review("acme/shop", SHOP)), review(TARGET, SUPPORT)), review("acme/web", WEB));
    expect(a).toBe(b);
    // The target's own first, then the others by name, each after a line naming it.
    expect(a.indexOf("2 of 5")).toBeLessThan(a.indexOf("**Issues and releases of acme/shop**"));
    expect(a.indexOf("**Issues and releases of acme/shop**")).toBeLessThan(a.indexOf("1 of 10"));
    expect(a.indexOf("1 of 10")).toBeLessThan(a.indexOf("**Issues and releases of acme/web**"));
    expect(a.indexOf("**Issues and releases of acme/web**")).toBeLessThan(a.indexOf("0 of 3"));
    const parts = readReviewIssueBody(a);
    expect(parts.own).toBe(SUPPORT.trim());
    expect([...parts.sections]).toEqual([["acme/shop", SHOP.trim()], ["acme/web", WEB.trim()]]);
  });

  it("replaces only the writer's own part, and rewriting it unchanged gives the same body", () => {
    const body = withReview(withReview(SUPPORT, review("acme/shop", SHOP)), review("acme/web", WEB));
    const updated = withReview(body, review("acme/shop", SHOP.replace("1 of 10", "2 of 10")));
    expect(updated).toContain("2 of 10");
    expect(updated).not.toContain("1 of 10");
    expect(readReviewIssueBody(updated).own).toBe(SUPPORT.trim());
    expect(readReviewIssueBody(updated).sections.get("acme/web")).toBe(WEB.trim());
    expect(withReview(updated, review("acme/shop", SHOP.replace("1 of 10", "2 of 10")))).toBe(updated);
  });

  it("names the other repository in its writer's language, and another writer keeps that line as it was", () => {
    const ru = withReview(undefined, review("acme/shop", SHOP, "ru"));
    expect(ru).toContain("**Обращения и релизы acme/shop**");
    const both = withReview(ru, review("acme/web", WEB, "en"));
    expect(both).toContain("**Обращения и релизы acme/shop**");
    expect(both).toContain("**Issues and releases of acme/web**");
    // Rewriting one's own part unchanged changes nothing, whatever language the others speak.
    expect(withReview(both, review("acme/web", WEB, "en"))).toBe(both);
    expect(withReview(both, review("acme/shop", SHOP, "ru"))).toBe(both);
  });

  it("reads a body with a broken marker (edited by hand) as the target's own text, losing nothing", () => {
    const edited = `${SUPPORT}\n<!-- release-readiness:review-of acme/shop -->\nhalf a section`;
    expect(readReviewIssueBody(edited)).toEqual({ own: edited.trim(), sections: new Map() });
  });

  it("stays within GitHub's limit for an issue by cutting the writer's own review, never another's", () => {
    const long = (n: number) => `# Promise review 2026-W48\n\n${Array.from({ length: n }, (_, i) => `## Part ${i}\n\n${"A story of a customer. ".repeat(40)}\n`).join("\n")}`;
    const shop = long(40);
    const before = withReview(undefined, review("acme/shop", shop));
    const after = withReview(before, review("acme/web", long(40)));
    expect(after.length).toBeLessThanOrEqual(65_535);
    expect(readReviewIssueBody(after).sections.get("acme/shop")).toBe(shop.trim());
    expect(readReviewIssueBody(after).sections.get("acme/web")).toContain("acme/web's review is cut short here: GitHub keeps at most 65535 characters in an issue.");
  });

  it("tells whose reviews a body holds (a missed week is caught up per repository)", () => {
    const body = withReview(withReview(undefined, review(TARGET, SUPPORT)), review("acme/shop", SHOP));
    expect(hasReviewOf(body, TARGET, TARGET)).toBe(true);
    expect(hasReviewOf(body, "acme/shop", TARGET)).toBe(true);
    expect(hasReviewOf(body, "acme/web", TARGET)).toBe(false);
    expect(hasReviewOf(withReview(undefined, review("acme/shop", SHOP)), "Acme/Support", TARGET)).toBe(false);
  });
});

