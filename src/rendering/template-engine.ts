import Handlebars from "handlebars";
import type { Problem } from "../domain/source/problems.js";
import { NOTES_LOCALES, type NotesLocale } from "../domain/vocabulary.js";

/**
 * The app's own Handlebars: one environment, its helpers and compile options, the compile cache,
 * and how template errors become problems with a line. Release notes (notes-renderer.ts) and the
 * weekly review (review-renderer.ts) both render through it.
 */

export interface TemplateSource {
  /** Where the template came from, for problems: `templates/new.en.hbs` or the repository's path. */
  file: string;
  source: string;
}

/**
 * Compile options for every template (release notes, the weekly review). Strict mode turns a
 * misspelt field into an error instead of a silent blank; only the helpers registered below (and Handlebars' block helpers)
 * may be called; `log` is not among them. Prototype access stays at Handlebars' safe default.
 * `noEscape`: every string in the data is escaped for Markdown and HTML before rendering (see
 * the renderers' data conversion), which is stronger than Handlebars' HTML escaping and must not be done twice; the
 * helpers only ever return such strings or the template's own words.
 */
const COMPILE_OPTIONS: CompileOptions = {
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: { list: true, plural: true, eq: true, log: false },
  noEscape: true,
};

type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;
export type Compiled = Handlebars.TemplateDelegate<unknown>;

/** The app's own Handlebars environment: helpers live here, never on the global instance. */
const handlebars = Handlebars.create();
handlebars.unregisterHelper("log");
registerHelpers(handlebars);

interface HelperCallOptions {
  hash: Record<string, unknown>;
  data?: { root?: { locale?: unknown } };
  loc?: { start: { line: number; column: number }; end: { line: number; column: number } };
}

function helperError(message: string, options: HelperCallOptions): Error {
  const node = options.loc ? ({ loc: options.loc } as unknown as hbs.AST.Node) : undefined;
  return new handlebars.Exception(message, node) as unknown as Error;
}

function localeOf(options: HelperCallOptions): NotesLocale {
  const locale = String(options.data?.root?.locale ?? "en");
  return (NOTES_LOCALES as readonly string[]).includes(locale) ? (locale as NotesLocale) : "en";
}

const listFormats = new Map<string, Intl.ListFormat>();
/** Joined lists by language and items: the same few plan, region and audience lists recur in every change. */
const joinedLists = new Map<string, string>();
const pluralRules = new Map<string, Intl.PluralRules>();

function registerHelpers(env: typeof Handlebars): void {
  /** `{{list plans}}`: "pro, team and enterprise" / «pro, team и enterprise». Items arrive escaped. */
  env.registerHelper("list", function list(items: unknown, options: HelperCallOptions) {
    if (!Array.isArray(items)) throw helperError("list expects a list, such as availability.plans", options);
    const locale = localeOf(options);
    const parts = items.map(String);
    const key = `${locale}\u0000${parts.join("\u0000")}`;
    let joined = joinedLists.get(key);
    if (joined === undefined) {
      let format = listFormats.get(locale);
      if (!format) listFormats.set(locale, (format = new Intl.ListFormat(locale, { style: "long", type: "conjunction" })));
      if (joinedLists.size >= 1_000) joinedLists.clear();
      joinedLists.set(key, (joined = format.format(parts)));
    }
    return joined;
  });

  /** `{{plural n one="plan" other="plans"}}`; Russian also takes few= and many=. */
  env.registerHelper("plural", function plural(count: unknown, options: HelperCallOptions) {
    if (typeof count !== "number") throw helperError("plural expects a number, such as changes.length", options);
    if (options.hash.other === undefined) throw helperError('plural needs other="…" (and one="…", few="…", many="…" as the language needs)', options);
    const locale = localeOf(options);
    let rules = pluralRules.get(locale);
    if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
    const word = options.hash[rules.select(count)] ?? options.hash.other;
    return String(word);
  });

  /** `{{#if (eq status.code "beta")}}`: compares as text. */
  env.registerHelper("eq", function eq(a: unknown, b: unknown) {
    return String(a) === String(b);
  });
}

/** Compiled templates by source text: each distinct template is compiled once per process. */
const compiledBySource = new Map<string, Compiled>();
export const COMPILE_CACHE_LIMIT = 256;
let compilations = 0;

export function compileTemplate(source: string): Compiled {
  let compiled = compiledBySource.get(source);
  if (!compiled) {
    if (compiledBySource.size >= COMPILE_CACHE_LIMIT) compiledBySource.delete(compiledBySource.keys().next().value!);
    compiled = handlebars.compile(handlebars.parse(source), COMPILE_OPTIONS);
    compiledBySource.set(source, compiled);
    compilations++;
  }
  return compiled;
}

/** How many templates this process has compiled so far: each distinct source counts once. */
export function templateCompilations(): number {
  return compilations;
}

/** Trailing spaces go, runs of blank lines become one, and the text ends with one line break. */
export function tidy(markdown: string): string {
  return `${markdown.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim()}\n`;
}


/** Copies the view-model with every string passed through `onString`; objects (not lists) are converted once. */
export function convertStrings(
  value: unknown,
  key: string,
  cache: WeakMap<object, unknown>,
  onString: (key: string, value: string) => string,
): unknown {
  if (typeof value === "string") return onString(key, value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const list = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) list[i] = convertStrings(value[i], key, cache, onString);
    return list;
  }
  const cached = cache.get(value);
  if (cached !== undefined) return cached;
  const object: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  for (const name of Object.keys(source)) object[name] = convertStrings(source[name], name, cache, onString);
  cache.set(value, object);
  return object;
}


interface HandlebarsErrorShape {
  message?: unknown;
  lineNumber?: unknown;
  column?: unknown;
  endLineNumber?: unknown;
  endColumn?: unknown;
}

/** A problem for a template that does not compile or render, with its line wherever Handlebars gives one. */
export function templateProblem(template: TemplateSource, error: unknown): Problem {
  const shape = (typeof error === "object" && error !== null ? error : {}) as HandlebarsErrorShape;
  const rawMessage = typeof shape.message === "string" ? shape.message : String(error);
  const parse = /^Parse error on line (\d+):\n([^\n]*)\n(-*)\^\n(.*)$/s.exec(rawMessage);
  if (parse) {
    const line = Number(parse[1]);
    const column = parseErrorColumn(template.source, line, parse[2]!, parse[3]!.length);
    return {
      file: template.file, line, column, endLine: line, endColumn: column, key: "", severity: "error",
      message: `template syntax error: ${describeParseExpectation(parse[4]!)}`,
    };
  }
  const lexical = /^Lexical error on line (\d+)\. Unrecognized text\.\n([^\n]*)\n(-*)\^$/s.exec(rawMessage);
  if (lexical) {
    // A character the tokenizer refuses (a NUL, say, just after a mustache): its line, not the text echoed back.
    const line = Number(lexical[1]);
    const column = parseErrorColumn(template.source, line, lexical[2]!, lexical[3]!.length);
    return { file: template.file, line, column, endLine: line, endColumn: column, key: "", severity: "error", message: "template syntax error: Handlebars cannot read the text here" };
  }
  if (typeof shape.lineNumber === "number") {
    const column = typeof shape.column === "number" ? shape.column + 1 : 1;
    const endLine = typeof shape.endLineNumber === "number" ? shape.endLineNumber : shape.lineNumber;
    const endColumn = typeof shape.endColumn === "number" ? shape.endColumn + 1 : column;
    return {
      file: template.file, line: shape.lineNumber, column, endLine, endColumn, key: "", severity: "error",
      message: `template error: ${rawMessage.replace(/ - \d+:\d+$/, "")}`,
    };
  }
  return {
    file: template.file, line: 1, column: 1, endLine: 1, endColumn: 1, key: "", severity: "error",
    message: `template error (Handlebars gave no line): ${rawMessage}`,
  };
}

function describeParseExpectation(expectation: string): string {
  const got = /got '([^']+)'\s*$/.exec(expectation)?.[1];
  if (got === "EOF") return "the template ends inside a block; a {{/…}} is missing";
  if (got === "INVALID") return "a mustache is not closed or holds something Handlebars cannot read";
  return expectation.trim();
}

/**
 * Handlebars' parser shows the last 20 characters it read (line breaks removed) and a caret; the
 * column is where that excerpt ends on the reported line. Falls back to the line's first column.
 */
function parseErrorColumn(source: string, line: number, excerpt: string, caret: number): number {
  const text = source.split(/\r?\n/)[line - 1] ?? "";
  const before = excerpt.slice(0, caret).replace(/^\.\.\./, "");
  for (let length = before.length; length > 0; length--) {
    const tail = before.slice(before.length - length);
    const at = text.lastIndexOf(tail);
    if (at >= 0) return at + tail.length + 1;
  }
  return 1;
}
