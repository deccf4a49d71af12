/**
 * Which text of a comment GitHub shows as ordinary lines, read the way GitHub renders it: not
 * fenced code, not block quotes (including their lazy continuation lines), not HTML comments,
 * not blank. Only such a line can hold a command, so quoting or documenting a command never runs
 * it. This is a single pass over the lines with plain string scanning: no regular expression
 * over user text can backtrack.
 */

/** One visible line of a comment. */
export interface VisibleLine {
  /** The line with its inline HTML comments taken out. */
  text: string;
  /** Where its content starts, after leading spaces. */
  indent: number;
  /** 1-based line of the comment body. */
  line: number;
}

interface Fence {
  marker: "`" | "~";
  length: number;
}

/** Spaces as Markdown and the command grammar see them: space, tab, no-break space, vertical tab, form feed. */
export const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 0xa0 || code === 11 || code === 12;

export function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * The visible lines of `text`, in order. Lazy, so a caller that stops early (after the most
 * commands a comment may hold) reads no further.
 */
export function* visibleLines(text: string): Generator<VisibleLine> {
  let fence: Fence | undefined;
  /** A fence opened inside a block quote: it ends with the quote. */
  let quotedFence: Fence | undefined;
  let inHtmlComment = false;
  /** The previous line was quoted paragraph text, so a plain line after it continues the quote. */
  let lazyQuote = false;

  let lineNumber = 0;
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf("\n", start);
    const end = newline < 0 ? text.length : newline;
    const line = end > start && text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
    lineNumber++;

    if (inHtmlComment) {
      const close = line.indexOf("-->");
      if (close >= 0) inHtmlComment = opensHtmlComment(line, close + 3);
      lazyQuote = false;
      continue;
    }
    if (fence) {
      if (closesFence(line, fence)) fence = undefined;
      continue;
    }

    const container = readContainer(line);
    if (container.quoted) {
      if (quotedFence) {
        if (closesFence(line.slice(container.contentStart), quotedFence)) quotedFence = undefined;
        lazyQuote = false;
      } else {
        quotedFence = opensFence(line, container.contentStart);
        lazyQuote = !quotedFence && container.contentStart < line.length;
      }
      continue;
    }
    quotedFence = undefined;

    const indent = skipSpaces(line, 0);
    if (indent === line.length) {
      lazyQuote = false;
      continue;
    }
    // A list item interrupts the quoted paragraph: what follows is no longer part of the quote.
    if (container.contentStart > indent) lazyQuote = false;
    const opened = opensFence(line, container.contentStart);
    if (opened) {
      fence = opened;
      lazyQuote = false;
      continue;
    }
    if (line.startsWith("<!--", indent)) {
      const close = line.indexOf("-->", indent + 4);
      inHtmlComment = close < 0 || opensHtmlComment(line, close + 3);
      lazyQuote = false;
      continue;
    }
    if (lazyQuote) continue;

    const visible = withoutHtmlComments(line);
    inHtmlComment = visible.opensComment;
    yield { text: visible.text, indent, line: lineNumber };
  }
}

/** Most list and quote markers read before the content of one line; deeper nesting is not Markdown anyone writes. */
const MAX_CONTAINER_MARKERS = 16;

/**
 * Skips the list markers (`-`, `*`, `+`, `1.`, `1)`) and quote markers (`>`) that open a line, so
 * a fence inside a list item is still seen as a fence, and says whether the line is quoted.
 */
function readContainer(line: string): { quoted: boolean; contentStart: number } {
  let i = skipSpaces(line, 0);
  let quoted = false;
  for (let markers = 0; markers < MAX_CONTAINER_MARKERS && i < line.length; markers++) {
    const code = line.charCodeAt(i);
    if (code === 62 /* > */) {
      quoted = true;
      i = skipSpaces(line, i + 1);
      continue;
    }
    if ((code === 45 || code === 42 || code === 43) && i + 1 < line.length && isSpace(line.charCodeAt(i + 1))) {
      i = skipSpaces(line, i + 1);
      continue;
    }
    let digits = i;
    while (digits < line.length && digits - i < 9 && line.charCodeAt(digits) >= 48 && line.charCodeAt(digits) <= 57) digits++;
    const after = line.charCodeAt(digits);
    if (digits > i && (after === 46 || after === 41) && digits + 1 < line.length && isSpace(line.charCodeAt(digits + 1))) {
      i = skipSpaces(line, digits + 1);
      continue;
    }
    break;
  }
  return { quoted, contentStart: i };
}

/** A line whose content starts with three or more backticks or tildes opens a fence (CommonMark §4.5). */
function opensFence(line: string, from: number): Fence | undefined {
  const code = line.charCodeAt(from);
  if (code !== 96 && code !== 126) return undefined;
  let end = from;
  while (end < line.length && line.charCodeAt(end) === code) end++;
  if (end - from < 3) return undefined;
  // A backtick fence's info string cannot hold a backtick: "```x```" is inline code, not a fence.
  if (code === 96 && line.indexOf("`", end) >= 0) return undefined;
  return { marker: code === 96 ? "`" : "~", length: end - from };
}

function closesFence(line: string, fence: Fence): boolean {
  const from = skipSpaces(line, 0);
  let end = from;
  while (end < line.length && line[end] === fence.marker) end++;
  return end - from >= fence.length && skipSpaces(line, end) === line.length;
}

/** Whether an HTML comment is still open at the end of the line, scanning from `from`. */
function opensHtmlComment(line: string, from: number): boolean {
  let i = from;
  for (;;) {
    const open = line.indexOf("<!--", i);
    if (open < 0) return false;
    const close = line.indexOf("-->", open + 4);
    if (close < 0) return true;
    i = close + 3;
  }
}

/** The line with its inline HTML comments taken out (GitHub does not show them). */
function withoutHtmlComments(line: string): { text: string; opensComment: boolean } {
  let open = line.indexOf("<!--");
  if (open < 0) return { text: line, opensComment: false };
  let text = "";
  let from = 0;
  while (open >= 0) {
    text += line.slice(from, open);
    const close = line.indexOf("-->", open + 4);
    if (close < 0) return { text, opensComment: true };
    from = close + 3;
    open = line.indexOf("<!--", from);
  }
  return { text: text + line.slice(from), opensComment: false };
}
