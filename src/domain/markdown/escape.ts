/**
 * Person-written text (titles, descriptions, limitations, workarounds, plan and region names) is
 * data, never markup. These functions turn it into Markdown that GitHub, and any HTML made from
 * it, shows exactly as written:
 *
 * - HTML is inert: `<`, `>` and `&` become entities, so no tag or comment reaches the page.
 * - Markdown is inert: every character that could start emphasis, code, a link, an image, a table
 *   cell, strikethrough, math or a heading is backslash-escaped, as is a list or quote marker at
 *   the start; `{{` therefore never survives as a Handlebars mustache either. A bare URL is kept
 *   from turning into a link (`https\://`, `www\.`), so its other escapes never show.
 * - `@name` and `@org/team` never ping: a zero-width space follows the `@`, so the text still
 *   reads "@name" but GitHub sees no mention. An `@` inside a word (an e-mail address) is no
 *   mention to begin with and is left alone.
 * - Control characters and bidirectional overrides (which can make text read differently from
 *   what it says) are removed; line breaks become `<br>`, the one tag this module ever emits.
 *
 * The rule for templates: every value from a manifest or registry goes through `escapeMarkdown`
 * (or `escapeMarkdownUrl` for a link destination) exactly once. The notes renderer does this for
 * the whole view-model before a template sees it, so a template writes `{{title}}` and gets
 * escaped text; triple-stash `{{{ }}}` adds nothing and is only ever used for such pre-escaped
 * strings.
 */

const ZERO_WIDTH_SPACE = "\u200b";

/** C0 controls other than tab and line feed, DEL, and the bidirectional embedding/override/isolate marks. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;
/** Anything that needs more than the one-line path: a line break, a tab or an unsafe character. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_CLEANING = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/**
 * What each ASCII character becomes: an entity for HTML's three, a backslash escape for every
 * character with inline meaning in GitHub Markdown (including `$` math and `~` strikethrough).
 * `@` is decided by its neighbours (see below).
 */
const REPLACEMENTS: ReadonlyArray<string | undefined> = (() => {
  const table: Array<string | undefined> = new Array(128).fill(undefined);
  for (const c of "\\`*_{}[]()#+!|~$") table[c.charCodeAt(0)] = `\\${c}`;
  table["<".charCodeAt(0)] = "&lt;";
  table[">".charCodeAt(0)] = "&gt;";
  table["&".charCodeAt(0)] = "&amp;";
  table["@".charCodeAt(0)] = "@";
  return table;
})();
const AT = 64;
const MENTION_START = /[\p{L}\p{N}_-]/u;
const isAsciiAlphanumeric = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** Line-start markers the inline escapes leave alone: `-` and `1.` (list items) and `=` (a setext underline). */
const LEADING_MARKER = /^(-|=|\d{1,9}\.)/;

/** One trimmed line, in one pass over its characters (this runs for every string in every note). */
function escapeLine(line: string): string {
  let out = "";
  let copied = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code >= 128) continue;
    let replacement = REPLACEMENTS[code];
    if (replacement === undefined) continue;
    if (code === AT) {
      // A mention starts after a non-alphanumeric character; an e-mail address is left alone.
      const before = i > 0 ? line.charCodeAt(i - 1) : 32;
      if (isAsciiAlphanumeric(before) || !MENTION_START.test(line.charAt(i + 1))) continue;
      replacement = `@${ZERO_WIDTH_SPACE}`;
    }
    out += line.slice(copied, i) + replacement;
    copied = i + 1;
  }
  out = copied === 0 ? line : out + line.slice(copied);
  if (out.includes("://")) out = out.replace(/:\/\//g, "\\://");
  if (/www\./i.test(out)) out = out.replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}\\.`);
  const first = out.charCodeAt(0);
  if (first === 45 || first === 61 || (first >= 48 && first <= 57)) {
    out = out.replace(LEADING_MARKER, (marker) => `${marker.slice(0, -1)}\\${marker.slice(-1)}`);
  }
  return out;
}

/**
 * Escapes text for Markdown and HTML at once (see the module comment). Line breaks are kept as
 * `<br>`, blank lines as `<br><br>`, so the result is always a single Markdown line that is safe
 * in a paragraph, a list item, a heading or a table cell.
 */
export function escapeMarkdown(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return escapeLine(text.trim());
  const lines = text.replace(/\r\n?/g, "\n").replace(UNSAFE_CHARACTERS, "").replace(/\t/g, " ").split("\n");
  let out = "";
  let pendingBreak = "";
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "") {
      if (out !== "") pendingBreak = "<br><br>";
      continue;
    }
    out += (out === "" ? "" : pendingBreak || "<br>") + escapeLine(line);
    pendingBreak = "";
  }
  return out;
}

/** Characters a link destination must not contain raw: they would end it, or be read as Markdown. */
const URL_SPECIALS = /[()<>"'`\\[\]{}|^ @]/g;

/**
 * Makes an http(s) URL safe as a Markdown link destination (`[label](…)`): it is normalised by the
 * WHATWG parser, characters that could end the destination or ping someone are percent-encoded, and
 * `&` becomes `&amp;` so a query such as `?a=1&copy=2` is not read as an entity. Anything that is
 * not an http(s) URL gives an empty string, so a template shows no link rather than a bad one.
 */
export function escapeMarkdownUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return "";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "";
  if (parsed.username || parsed.password) return "";
  const rest = parsed.href.slice(parsed.origin.length);
  const encoded = rest.replace(URL_SPECIALS, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  return (parsed.origin + encoded).replace(/&/g, "&amp;");
}

const HTML_ENTITIES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" };

/** Plain HTML escaping, for text placed straight into an HTML document (a page title, for instance). */
export function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => HTML_ENTITIES[c]!);
}

/**
 * Person-written text as an inline code span: shown exactly as written, since nothing inside a
 * code span is Markdown. The fence is one backtick longer than any run of backticks in the text,
 * and line breaks become spaces (a code span is one line).
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}
