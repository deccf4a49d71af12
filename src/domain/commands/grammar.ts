import { slug } from "../manifest/schema.js";
import { DEFAULT_COMMAND_PREFIX } from "../policy/schema.js";
import { closestWord } from "../source/validation.js";
import {
  AUDIENCES,
  CHECKLIST_ITEMS,
  STATUSES,
  type Audience,
  type ChecklistItem,
  type ReleaseStatus,
} from "../vocabulary.js";

/**
 * Slash-commands in PR comments (SPEC §2.4), read the way GitHub shows the comment: a command is a
 * line that starts with the prefix (after optional spaces), outside fenced code, block quotes
 * (including their lazy continuation lines) and HTML comments, so quoting or documenting a command
 * never runs it. Parsing is a single pass over the lines with plain string scanning (no regular
 * expression over user text can backtrack), stops after a fixed number of commands and looks at
 * no more than a fixed length of any command line, so a hostile comment costs little more than
 * splitting it into lines.
 */

export const COMMAND_LIMITS = {
  /** Commands read from one comment; one more line is reported as "too many" and the rest ignored. */
  maxCommandsPerComment: 10,
  /** A command line longer than this is refused rather than read. */
  maxCommandLineLength: 1_000,
  /** A sign-off note or a waiver reason longer than this is refused (it is kept in the ledger). */
  maxTextLength: 500,
  /** Characters of a comment looked at; GitHub allows 65,536, so this only guards direct callers. */
  maxBodyLength: 262_144,
  /** Longest token echoed back in a problem message. */
  maxEchoedToken: 60,
} as const;

export const COMMAND_NAMES = ["check", "signoff", "waive", "revoke", "status", "notes", "help"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** What `revoke` withdraws; without one it withdraws whatever the caller may withdraw. */
export const REVOKE_TARGETS = ["signoff", "waiver"] as const;
export type RevokeTarget = (typeof REVOKE_TARGETS)[number];

export interface SignoffArgs {
  release?: string;
  item: ChecklistItem;
  note?: string;
}

export interface WaiveArgs {
  release?: string;
  item: ChecklistItem;
  days: number;
  reason: string;
}

export interface RevokeArgs {
  release?: string;
  item: ChecklistItem;
  /** Absent: every sign-off and waiver of the item that the caller is allowed to withdraw. */
  target?: RevokeTarget;
}

export interface StatusArgs {
  release?: string;
  status: ReleaseStatus;
}

export interface NotesArgs {
  /** Absent: every release in the PR. */
  release?: string;
  /** Absent: every audience the policy lists. */
  audience?: Audience;
}

export interface UnknownArgs {
  /** The word after the prefix, cut to a readable length. */
  word: string;
}

export interface InvalidArgs {
  /** The command that was meant, or `comment` when the comment holds too many commands. */
  command: CommandName | "comment";
  /** What is wrong, in words; user text in it is quoted plainly (escape it before posting). */
  problem: string;
  /** The command's synopsis with the policy's prefix. */
  usage: string;
}

interface CommandSource {
  /** The command line as written, trimmed and cut to `maxCommandLineLength`. */
  raw: string;
  /** 1-based line of the comment body. */
  line: number;
}

export type ParsedCommand = CommandSource & (
  | { kind: "check"; args: Record<string, never> }
  | { kind: "signoff"; args: SignoffArgs }
  | { kind: "waive"; args: WaiveArgs }
  | { kind: "revoke"; args: RevokeArgs }
  | { kind: "status"; args: StatusArgs }
  | { kind: "notes"; args: NotesArgs }
  | { kind: "help"; args: Record<string, never> }
  | { kind: "unknown"; args: UnknownArgs }
  | { kind: "invalid"; args: InvalidArgs }
);

export type CommandKind = ParsedCommand["kind"];

export { DEFAULT_COMMAND_PREFIX };

/** Each command's synopsis, as the help and every usage problem write it. */
export function commandUsage(command: CommandName, prefix = DEFAULT_COMMAND_PREFIX): string {
  switch (command) {
    case "check": return `${prefix} check`;
    case "signoff": return `${prefix} signoff [release] <item> [note]`;
    case "waive": return `${prefix} waive [release] <item> <N>d <reason>`;
    case "revoke": return `${prefix} revoke [release] <item> [signoff|waiver]`;
    case "status": return `${prefix} status [release] <status>`;
    case "notes": return `${prefix} notes [release] [audience]`;
    case "help": return `${prefix} help`;
  }
}

/**
 * Every command in a comment body, in order, at most `maxCommandsPerComment` of them; when the
 * comment holds more, one further `invalid` result (command `comment`) says so and the rest are
 * not read. Unknown subcommands come back as `unknown` and malformed known ones as `invalid`
 * with a problem and the usage, so the app can answer each.
 *
 * The release is optional in every command that takes one. Which token is the release is decided
 * by the words the command expects: when the first argument is not a checklist item (status,
 * audience), it is the release. So a release whose slug is itself an item, status or audience
 * name cannot be named explicitly; with one manifest in the PR it need not be.
 */
export function parseCommands(body: string, prefix: string = DEFAULT_COMMAND_PREFIX): ParsedCommand[] {
  const text = body.length > COMMAND_LIMITS.maxBodyLength ? body.slice(0, COMMAND_LIMITS.maxBodyLength) : body;
  const lowerPrefix = prefix.toLowerCase();
  const commands: ParsedCommand[] = [];

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
    if (!startsWithPrefix(visible.text, indent, prefix, lowerPrefix)) continue;

    if (commands.length === COMMAND_LIMITS.maxCommandsPerComment) {
      commands.push({
        kind: "invalid",
        args: {
          command: "comment",
          problem: `a comment may hold at most ${COMMAND_LIMITS.maxCommandsPerComment} commands; this one and any after it were not read`,
          usage: commandUsage("help", prefix),
        },
        raw: rawLine(visible.text),
        line: lineNumber,
      });
      break;
    }
    commands.push(parseCommandLine(visible.text, indent + prefix.length, prefix, lineNumber));
  }
  return commands;
}

interface Fence {
  marker: "`" | "~";
  length: number;
}

const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 0xa0 || code === 11 || code === 12;

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
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

function startsWithPrefix(line: string, at: number, prefix: string, lowerPrefix: string): boolean {
  if (line.length - at < prefix.length) return false;
  if (line.slice(at, at + prefix.length).toLowerCase() !== lowerPrefix) return false;
  const next = at + prefix.length;
  return next === line.length || isSpace(line.charCodeAt(next));
}

function rawLine(line: string): string {
  const trimmed = line.trim();
  return trimmed.length > COMMAND_LIMITS.maxCommandLineLength ? trimmed.slice(0, COMMAND_LIMITS.maxCommandLineLength) : trimmed;
}

interface Token {
  text: string;
  start: number;
  end: number;
}

/** Up to `max` whitespace-separated tokens from `from`, with where each sits in `text`. */
function tokenize(text: string, from: number, max: number): Token[] {
  const tokens: Token[] = [];
  let i = skipSpaces(text, from);
  while (i < text.length && tokens.length < max) {
    let end = i;
    while (end < text.length && !isSpace(text.charCodeAt(end))) end++;
    tokens.push({ text: text.slice(i, end), start: i, end });
    i = skipSpaces(text, end);
  }
  return tokens;
}

/** Tokens looked at in one command: enough for the longest synopsis plus one to spot extra words. */
const MAX_TOKENS = 6;

function parseCommandLine(line: string, afterPrefix: number, prefix: string, lineNumber: number): ParsedCommand {
  const raw = rawLine(line);
  const source = { raw, line: lineNumber };
  const tokens = tokenize(line, afterPrefix, MAX_TOKENS);
  const word = tokens[0]?.text.toLowerCase();
  if (word === undefined || word === "check") return { kind: "check", args: {}, ...source };
  if (word === "help") return { kind: "help", args: {}, ...source };
  if (!(COMMAND_NAMES as readonly string[]).includes(word)) {
    return { kind: "unknown", args: { word: echo(tokens[0]!.text) }, ...source };
  }
  const command = word as Exclude<CommandName, "check" | "help">;
  const invalid = (problem: string): ParsedCommand =>
    ({ kind: "invalid", args: { command, problem, usage: commandUsage(command, prefix) }, ...source });
  if (line.trim().length > COMMAND_LIMITS.maxCommandLineLength) {
    return invalid(`the command line is longer than ${COMMAND_LIMITS.maxCommandLineLength} characters`);
  }
  const args = tokens.slice(1);
  const restFrom = (token: Token | undefined): string => (token ? line.slice(token.end).trim() : "");

  switch (command) {
    case "signoff": {
      const target = releaseAndItem(args);
      if ("problem" in target) return invalid(target.problem);
      const note = restFrom(args[target.next - 1]);
      if (note.length > COMMAND_LIMITS.maxTextLength) return invalid(`the note is ${note.length} characters; at most ${COMMAND_LIMITS.maxTextLength}`);
      return { kind: "signoff", args: { ...optionalRelease(target.release), item: target.item, ...(note ? { note } : {}) }, ...source };
    }
    case "waive": {
      const target = releaseAndItem(args);
      if ("problem" in target) return invalid(target.problem);
      const daysToken = args[target.next];
      if (!daysToken) return invalid(`say how long the waiver lasts, in days, such as 3d`);
      const days = parseDays(daysToken.text);
      if (days === undefined) return invalid(`"${echo(daysToken.text)}" is not a number of days; write it as <N>d, such as 3d`);
      const reason = restFrom(daysToken);
      if (!reason) return invalid("a waiver needs a reason after the number of days");
      if (reason.length > COMMAND_LIMITS.maxTextLength) return invalid(`the reason is ${reason.length} characters; at most ${COMMAND_LIMITS.maxTextLength}`);
      return { kind: "waive", args: { ...optionalRelease(target.release), item: target.item, days, reason }, ...source };
    }
    case "revoke": {
      const target = releaseAndItem(args);
      if ("problem" in target) return invalid(target.problem);
      const kindToken = args[target.next];
      let revokeTarget: RevokeTarget | undefined;
      if (kindToken) {
        revokeTarget = parseRevokeTarget(kindToken.text);
        if (!revokeTarget) return invalid(`"${echo(kindToken.text)}" is not what revoke withdraws; write signoff or waiver, or nothing for both`);
        if (args[target.next + 1]) return invalid(`unexpected words after "${kindToken.text}"`);
      }
      return { kind: "revoke", args: { ...optionalRelease(target.release), item: target.item, ...(revokeTarget ? { target: revokeTarget } : {}) }, ...source };
    }
    case "status": {
      const [first, second, extra] = args;
      if (!first) return invalid(`name the new status: ${STATUSES.join(", ")}`);
      const firstStatus = asWord(first.text, STATUSES);
      if (firstStatus) {
        if (second) return invalid(`unexpected words after the status "${firstStatus}"`);
        return { kind: "status", args: { status: firstStatus }, ...source };
      }
      const release = asRelease(first.text);
      if (!second) return invalid(notOneOf(first.text, "a status", STATUSES));
      const status = asWord(second.text, STATUSES);
      if (!status) return invalid(notOneOf(second.text, "a status", STATUSES));
      if (!release) return invalid(notARelease(first.text));
      if (extra) return invalid(`unexpected words after the status "${status}"`);
      return { kind: "status", args: { release, status }, ...source };
    }
    case "notes": {
      const [first, second, extra] = args;
      if (!first) return { kind: "notes", args: {}, ...source };
      const firstAudience = asWord(first.text, AUDIENCES);
      if (firstAudience) {
        if (second) return invalid(`unexpected words after the audience "${firstAudience}"`);
        return { kind: "notes", args: { audience: firstAudience }, ...source };
      }
      const release = asRelease(first.text);
      if (!release) return invalid(`"${echo(first.text)}" is neither an audience (${AUDIENCES.join(", ")}) nor a release name`);
      if (!second) return { kind: "notes", args: { release }, ...source };
      const audience = asWord(second.text, AUDIENCES);
      if (!audience) return invalid(notOneOf(second.text, "an audience", AUDIENCES));
      if (extra) return invalid(`unexpected words after the audience "${audience}"`);
      return { kind: "notes", args: { release, audience }, ...source };
    }
  }
}

function optionalRelease(release: string | undefined): { release?: string } {
  return release === undefined ? {} : { release };
}

/** `[release] <item>`: the first token is the item when it is one, else the release and the item follows. */
function releaseAndItem(args: Token[]): { release?: string; item: ChecklistItem; next: number } | { problem: string } {
  const [first, second] = args;
  if (!first) return { problem: `name a checklist item: ${CHECKLIST_ITEMS.join(", ")}` };
  const firstItem = asWord(first.text, CHECKLIST_ITEMS);
  if (firstItem) return { item: firstItem, next: 1 };
  const secondItem = second ? asWord(second.text, CHECKLIST_ITEMS) : undefined;
  if (!secondItem) {
    // Without a following item the first word was most likely a misspelt item, so say that.
    const suspect = !second || closestWord(first.text, CHECKLIST_ITEMS) ? first : second;
    return { problem: notOneOf(suspect.text, "a checklist item", CHECKLIST_ITEMS) };
  }
  const release = asRelease(first.text);
  if (!release) return { problem: notARelease(first.text) };
  return { release, item: secondItem, next: 2 };
}

function asWord<T extends string>(token: string, words: readonly T[]): T | undefined {
  const lower = token.toLowerCase();
  return words.find((w) => w === lower);
}

/** A release slug as manifests spell it (lowercase); anything else cannot name a release. */
function asRelease(token: string): string | undefined {
  const lower = token.toLowerCase();
  return slug.safeParse(lower).success ? lower : undefined;
}

function parseDays(token: string): number | undefined {
  const last = token.charCodeAt(token.length - 1);
  if (token.length < 2 || token.length > 5 || (last !== 100 && last !== 68)) return undefined;
  let days = 0;
  for (let i = 0; i < token.length - 1; i++) {
    const code = token.charCodeAt(i);
    if (code < 48 || code > 57) return undefined;
    days = days * 10 + (code - 48);
  }
  return days;
}

function parseRevokeTarget(token: string): RevokeTarget | undefined {
  const lower = token.toLowerCase();
  if (lower === "signoff" || lower === "signoffs") return "signoff";
  if (lower === "waiver" || lower === "waivers") return "waiver";
  return undefined;
}

function echo(token: string): string {
  return token.length > COMMAND_LIMITS.maxEchoedToken ? `${token.slice(0, COMMAND_LIMITS.maxEchoedToken)}…` : token;
}

function notOneOf(token: string, what: string, words: readonly string[]): string {
  const suggestion = closestWord(token.slice(0, 200), words);
  return `"${echo(token)}" is not ${what}${suggestion ? ` (did you mean ${suggestion}?)` : ""}; expected one of: ${words.join(", ")}`;
}

function notARelease(token: string): string {
  return `"${echo(token)}" is not a release name (release slugs use lowercase letters, digits, ".", "_" and "-")`;
}
