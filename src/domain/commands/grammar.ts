import { slug } from "../manifest/schema.js";
import { DEFAULT_COMMAND_PREFIX } from "../policy/schema.js";
import { closestWord } from "../source/validation.js";
import { isSpace, skipSpaces, visibleLines } from "./visible-lines.js";
import {
  AUDIENCES,
  CHECKLIST_ITEMS,
  STATUSES,
  type Audience,
  type ChecklistItem,
  type ReleaseStatus,
} from "../vocabulary.js";

/**
 * The slash-command grammar (docs/reference/commands.md): a command is a visible line of the comment (see
 * `visible-lines.ts`) that starts with the prefix, after optional spaces. Parsing uses plain
 * string scanning (no regular expression over user text can backtrack), stops after a fixed
 * number of commands and looks at no more than a fixed length of any command line, so a hostile
 * comment costs little more than splitting it into lines.
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
  for (const visible of visibleLines(text)) {
    if (!startsWithPrefix(visible.text, visible.indent, prefix, lowerPrefix)) continue;
    if (commands.length === COMMAND_LIMITS.maxCommandsPerComment) {
      commands.push({
        kind: "invalid",
        args: {
          command: "comment",
          problem: `a comment may hold at most ${COMMAND_LIMITS.maxCommandsPerComment} commands; this one and any after it were not read`,
          usage: commandUsage("help", prefix),
        },
        raw: rawLine(visible.text),
        line: visible.line,
      });
      break;
    }
    commands.push(parseCommandLine(visible.text, visible.indent + prefix.length, prefix, visible.line));
  }
  return commands;
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
  const source = { raw: rawLine(line), line: lineNumber };
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
  const words: CommandWords = { line, args: tokens.slice(1), source, invalid };
  switch (command) {
    case "signoff": return parseSignoff(words);
    case "waive": return parseWaive(words);
    case "revoke": return parseRevoke(words);
    case "status": return parseStatus(words);
    case "notes": return parseNotes(words);
  }
}

/** A known command's line, ready for the parser of its arguments. */
interface CommandWords {
  line: string;
  /** The tokens after the command's name. */
  args: Token[];
  source: CommandSource;
  /** The `invalid` result for this command, with its usage. */
  invalid: (problem: string) => ParsedCommand;
}

/** The rest of the line after `token`, trimmed: a sign-off's note or a waiver's reason. */
function restOfLine(words: CommandWords, token: Token | undefined): string {
  return token ? words.line.slice(token.end).trim() : "";
}

function parseSignoff(words: CommandWords): ParsedCommand {
  const { args, source, invalid } = words;
  const target = releaseAndItem(args);
  if ("problem" in target) return invalid(target.problem);
  const note = restOfLine(words, args[target.next - 1]);
  if (note.length > COMMAND_LIMITS.maxTextLength) return invalid(`the note is ${note.length} characters; at most ${COMMAND_LIMITS.maxTextLength}`);
  return { kind: "signoff", args: { ...optionalRelease(target.release), item: target.item, ...(note ? { note } : {}) }, ...source };
}

function parseWaive(words: CommandWords): ParsedCommand {
  const { args, source, invalid } = words;
  const target = releaseAndItem(args);
  if ("problem" in target) return invalid(target.problem);
  const daysToken = args[target.next];
  if (!daysToken) return invalid(`say how long the waiver lasts, in days, such as 3d`);
  const days = parseDays(daysToken.text);
  if (days === undefined) return invalid(`"${echo(daysToken.text)}" is not a number of days; write it as <N>d, such as 3d`);
  const reason = restOfLine(words, daysToken);
  if (!reason) return invalid("a waiver needs a reason after the number of days");
  if (reason.length > COMMAND_LIMITS.maxTextLength) return invalid(`the reason is ${reason.length} characters; at most ${COMMAND_LIMITS.maxTextLength}`);
  return { kind: "waive", args: { ...optionalRelease(target.release), item: target.item, days, reason }, ...source };
}

function parseRevoke({ args, source, invalid }: CommandWords): ParsedCommand {
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

/** `[release] <status>`: a first word that is a status is the status, else it is the release. */
function parseStatus({ args, source, invalid }: CommandWords): ParsedCommand {
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

/** `[release] [audience]`: a first word that is an audience is the audience, else it is the release. */
function parseNotes({ args, source, invalid }: CommandWords): ParsedCommand {
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
