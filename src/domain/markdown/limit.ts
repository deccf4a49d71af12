/** GitHub's limit for a check run's summary or text, and for a comment (docs/reference/cases.md). */
export const GITHUB_TEXT_LIMIT = 65_535;

/**
 * Keeping Markdown inside GitHub's limits (docs/reference/cases.md: 65,535 characters of check output or of a
 * comment). Text is cut where a reader expects a break (before a heading, else at a blank line,
 * else at a line end), anything the cut leaves open (`<details>`, a code fence) is closed, and a
 * trimmed text ends with a note that says so and where the rest is.
 */

interface Cut {
  /** The kept text, with whatever it left open closed again. */
  head: string;
  /** What remains after the cut, to be placed in the next part. */
  rest: string;
}

/** Trims Markdown to `limit` characters at a section boundary, ending with a note saying where the rest is. */
export function fitWithinLimit(markdown: string, pointer: string, limit = GITHUB_TEXT_LIMIT): string {
  return splitWithinLimit(markdown, 1, pointer, limit)[0] ?? "";
}

/**
 * Splits Markdown into at most `maxParts` parts of at most `limit` characters each (a check run's
 * summary and text, for instance), cutting at section boundaries. When even that is not enough the
 * last part is trimmed and ends with a note naming how much was left out and `pointer`.
 */
export function splitWithinLimit(markdown: string, maxParts: number, pointer: string, limit = GITHUB_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let remaining = markdown;
  while (parts.length < Math.max(1, maxParts) - 1 && remaining.length > limit) {
    const { head, rest } = cutAt(remaining, limit);
    parts.push(head);
    remaining = rest;
  }
  if (remaining.length <= limit) {
    parts.push(remaining);
    return parts;
  }
  const shownBefore = markdown.length - remaining.length;
  let room = limit;
  for (;;) {
    const { head, rest } = cutAt(remaining, room);
    const shown = shownBefore + (remaining.length - rest.length);
    const note = trimNote(shown, markdown.length, limit, pointer);
    const candidate = `${head.replace(/\s+$/, "")}\n\n${note}`;
    if (candidate.length <= limit || room <= 1) {
      parts.push(candidate.length <= limit ? candidate : candidate.slice(0, limit));
      return parts;
    }
    room -= candidate.length - limit;
  }
}

function trimNote(shown: number, total: number, limit: number, pointer: string): string {
  const left = total - shown;
  return `---\n> ✂️ Trimmed to fit GitHub's ${limit.toLocaleString("en-US")}-character limit: ${left.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} characters are not shown here. ${pointer}`.trimEnd();
}

/** Cuts `text` so that the kept part, once what it left open is closed, is at most `room` characters. */
function cutAt(text: string, room: number): Cut {
  let budget = room;
  for (;;) {
    const index = boundaryBefore(text, budget);
    const kept = text.slice(0, index);
    const head = kept + closersFor(kept);
    if (head.length <= room || budget <= 1) return { head: head.length <= room ? head : kept.slice(0, room), rest: text.slice(index) };
    budget -= head.length - room;
  }
}

/**
 * The best place to cut at or before `budget`: before a heading, at a blank line, at a line end,
 * in that order of preference, provided the cut keeps at least half of the budget; otherwise at
 * `budget` itself (never inside a surrogate pair).
 */
function boundaryBefore(text: string, budget: number): number {
  if (text.length <= budget) return text.length;
  const window = text.slice(0, budget + 1);
  const enough = Math.floor(budget / 2);
  const heading = lastMatchStart(window, /\n(?=#{1,6}[ \t])/g);
  if (heading >= enough) return heading + 1;
  const blank = window.lastIndexOf("\n\n");
  if (blank >= enough) return blank + 2;
  const line = window.lastIndexOf("\n");
  if (line >= enough) return line + 1;
  const code = text.charCodeAt(budget - 1);
  return code >= 0xd800 && code <= 0xdbff ? budget - 1 : budget;
}

function lastMatchStart(text: string, pattern: RegExp): number {
  let last = -1;
  for (const match of text.matchAll(pattern)) last = match.index;
  return last;
}

/** Closes a code fence and `<details>` blocks that the kept text leaves open. */
function closersFor(kept: string): string {
  let closers = "";
  const fences = kept.match(/^ {0,3}(```|~~~)/gm) ?? [];
  if (fences.length % 2 === 1) closers += `\n${fences[fences.length - 1]!.trim()}`;
  const opened = (kept.match(/<details[\s>]/gi) ?? []).length;
  const closed = (kept.match(/<\/details>/gi) ?? []).length;
  for (let i = closed; i < opened; i++) closers += "\n\n</details>";
  return closers ? `${closers}\n` : "";
}
