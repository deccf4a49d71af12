import { escapeMarkdown } from "../markdown/escape.js";
import { fitWithinLimit, GITHUB_TEXT_LIMIT } from "../markdown/limit.js";
import type { NotesLocale } from "../vocabulary.js";
import { REVIEW_WORDING } from "./wording.js";
import { compareText } from "../compare-text.js";

/**
 * docs/reference/promise-review.md#several-repositories-one-issue: the body of a week's review
 * issue, which may hold the reviews of several repositories whose `digest.repository` is the same
 * one. The target repository's own review is the body as rendered, unmarked; each other
 * repository's review is a section between markers naming it, after the target's own. Writing a
 * review replaces only that repository's part and keeps every other, so repositories sharing an
 * issue never overwrite each other; a body with one repository's review alone is just that review.
 */
const OPEN = "<!-- release-readiness:review-of ";
const CLOSE = "<!-- /release-readiness:review-of -->";

export interface ReviewIssueBody {
  /** The target repository's own review (trimmed; empty when it has none here). */
  own: string;
  /** Other repositories' reviews by `owner/name`, each as that repository rendered it. */
  sections: Map<string, string>;
}

/** Splits a review issue's body into the target's own review and the other repositories' sections. */
export function readReviewIssueBody(body: string): ReviewIssueBody {
  const parts = splitBody(body);
  return { own: parts.own, sections: new Map([...parts.sections].map(([source, raw]) => [source, stripLead(raw)])) };
}

/** The body's parts, each other repository's section as written (its lead line in its writer's language included). */
function splitBody(body: string): ReviewIssueBody {
  const sections = new Map<string, string>();
  let own = "";
  let at = 0;
  while (at < body.length) {
    const start = body.indexOf(OPEN, at);
    const header = start < 0 ? -1 : body.indexOf(" -->\n", start);
    const end = header < 0 ? -1 : body.indexOf(CLOSE, header);
    if (end < 0) {
      own += body.slice(at);
      break;
    }
    own += body.slice(at, start);
    sections.set(body.slice(start + OPEN.length, header), body.slice(header + 5, end).trim());
    at = end + CLOSE.length;
  }
  return { own: own.trim(), sections };
}

/** Whether the body holds `source`'s review: the unmarked part for the target itself, else its section. */
export function hasReviewOf(body: string, source: string, target: string): boolean {
  const parts = splitBody(body);
  return sameRepository(source, target) ? parts.own !== "" : parts.sections.has(source);
}

// GitHub compares repository names without regard to case; digest.repository may be spelled otherwise.
const sameRepository = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The body with `source`'s review in its place: as the unmarked part when `source` is the target
 * itself, else as its section (added, or replacing the one it wrote before) after a line naming it
 * in the writer's language. Sections are ordered by repository name, and the others are kept as
 * they were written, so the body does not change with the order reviews are written in.
 */
export function withReview(body: string | undefined, review: { source: string; target: string; markdown: string; locale: NotesLocale }): string {
  const parts = splitBody(body ?? "");
  const own = sameRepository(review.source, review.target);
  const lead = `---\n\n**${escapeMarkdown(REVIEW_WORDING[review.locale].sectionLead.replace("{repo}", review.source))}**\n\n`;
  const place = (markdown: string) => (own ? (parts.own = markdown) : parts.sections.set(review.source, `${lead}${markdown}`));
  const compose = () => {
    const sections = [...parts.sections].sort(([a], [b]) => compareText(a, b)).map(([source, raw]) => `${OPEN}${source} -->\n${raw}\n${CLOSE}`);
    return `${[parts.own, ...sections].filter((part) => part !== "").join("\n\n")}\n`;
  };
  const markdown = review.markdown.trim();
  place(markdown);
  const whole = compose();
  if (whole.length <= GITHUB_TEXT_LIMIT) return whole;
  // Too long for one issue: the writer's own review is cut to what the others leave, never theirs.
  const room = GITHUB_TEXT_LIMIT - (whole.length - markdown.length);
  place(fitWithinLimit(markdown, `${review.source}'s review is cut short here: GitHub keeps at most ${GITHUB_TEXT_LIMIT} characters in an issue.`, Math.max(room, 0)));
  return compose();
}

/** A section's text without the lead line `withReview` puts before it. */
function stripLead(text: string): string {
  return text.replace(/^---\n\n\*\*[^\n]*\*\*\n\n/, "").trim();
}
