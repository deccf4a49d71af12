import Handlebars from "handlebars";
import { escapeMarkdown, escapeMarkdownUrl } from "../domain/markdown/escape.js";
import type { NotesViewModel } from "../domain/notes/view-model.js";
import { START_OF_FILE, type Problem } from "../domain/source/problems.js";
import { AUDIENCES, NOTES_LOCALES, type Audience, type NotesLocale } from "../domain/vocabulary.js";
import { sampleViewModels } from "./template-samples.js";

/** `new.en`, `support.ru`…: one template per audience and language. */
export type NotesTemplateKey = `${Audience}.${NotesLocale}`;

export const NOTES_TEMPLATE_KEYS: readonly NotesTemplateKey[] = AUDIENCES.flatMap((audience) =>
  NOTES_LOCALES.map((locale): NotesTemplateKey => `${audience}.${locale}`),
);

export function notesTemplateKey(audience: Audience, locale: NotesLocale): NotesTemplateKey {
  return `${audience}.${locale}`;
}

export interface NotesTemplateSource {
  /** Where the template came from, for problems: `templates/new.en.hbs` or the repository's path. */
  file: string;
  source: string;
}

export type NotesTemplates = Readonly<Record<NotesTemplateKey, NotesTemplateSource>>;

export type NotesRenderOutcome = { ok: true; markdown: string } | { ok: false; problem: Problem };

export interface NotesRenderer {
  readonly templates: NotesTemplates;
  /**
   * Renders one audience's notes for one release. With `masked`, every person-written value is
   * replaced by a neutral word first, which shows what the template itself says.
   */
  render(model: NotesViewModel, options?: { masked?: boolean }): NotesRenderOutcome;
}

export type NotesRendererResult = { ok: true; renderer: NotesRenderer } | { ok: false; problems: Problem[] };

/**
 * Compile options for every notes template. Strict mode turns a misspelt field into an error
 * instead of a silent blank; only the helpers registered below (and Handlebars' block helpers)
 * may be called; `log` is not among them. Prototype access stays at Handlebars' safe default.
 * `noEscape`: every string in the data is escaped for Markdown and HTML before rendering (see
 * templateData), which is stronger than Handlebars' HTML escaping and must not be done twice; the
 * helpers only ever return such strings or the template's own words.
 */
const COMPILE_OPTIONS: CompileOptions = {
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: { list: true, plural: true, eq: true, log: false },
  noEscape: true,
};

type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;
type Compiled = Handlebars.TemplateDelegate<unknown>;

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
const COMPILE_CACHE_LIMIT = 256;
let compilations = 0;

function compile(source: string): Compiled {
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
export function notesTemplateCompilations(): number {
  return compilations;
}

/** Validation results by file, key and source, so a repository's overrides are checked once per content. */
const validated = new Map<string, Problem | null>();

/**
 * Compiles and checks every template. A template is checked by parsing it and rendering it against
 * sample releases at every status, so a syntax error, an unknown helper or a misspelt field is
 * reported with its file and line now, not on the first real release.
 */
export function createNotesRenderer(templates: NotesTemplates): NotesRendererResult {
  const problems: Problem[] = [];
  for (const key of NOTES_TEMPLATE_KEYS) {
    const template = templates[key] as NotesTemplateSource | undefined;
    const problem = template
      ? validateTemplate(key, template)
      : { file: `${key}.hbs`, ...START_OF_FILE, key: "", severity: "error" as const, message: `no template for ${key}` };
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) return { ok: false, problems };
  const renderer: NotesRenderer = {
    templates,
    render(model, options = {}) {
      const template = templates[notesTemplateKey(model.audience, model.locale)];
      return renderWith(template, model, options.masked === true);
    },
  };
  return { ok: true, renderer };
}

function validateTemplate(key: NotesTemplateKey, template: NotesTemplateSource): Problem | null {
  const cacheKey = `${key}\u0000${template.file}\u0000${template.source}`;
  const cached = validated.get(cacheKey);
  if (cached !== undefined) return cached;
  let problem: Problem | null = null;
  try {
    compile(template.source);
  } catch (error) {
    problem = templateProblem(template, error);
  }
  if (!problem) {
    const [audience, locale] = key.split(".") as [Audience, NotesLocale];
    for (const model of sampleViewModels(audience, locale)) {
      const outcome = renderWith(template, model, false);
      if (!outcome.ok) {
        problem = outcome.problem;
        break;
      }
    }
  }
  if (validated.size >= COMPILE_CACHE_LIMIT) validated.delete(validated.keys().next().value!);
  validated.set(cacheKey, problem);
  return problem;
}

function renderWith(template: NotesTemplateSource, model: NotesViewModel, masked: boolean): NotesRenderOutcome {
  try {
    const output = compile(template.source)(masked ? maskedData(model) : templateData(model), {
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
    });
    return { ok: true, markdown: tidy(output) };
  } catch (error) {
    return { ok: false, problem: templateProblem(template, error) };
  }
}

/** Trailing spaces go, runs of blank lines become one, and the text ends with one line break. */
function tidy(markdown: string): string {
  return `${markdown.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim()}\n`;
}

/**
 * The view-model as a template sees it: every string escaped once (see markdown-escape.ts) and
 * printed as is (the templates compile with `noEscape`). Objects shared between audiences are
 * converted once.
 */
const escapedObjects = new WeakMap<object, unknown>();

function templateData(model: NotesViewModel): unknown {
  return convert(model, "", escapedObjects, escapeValue);
}

/** View-model fields whose text comes from this app (labels, codes, dates), not from a person. */
const APP_WORDED_FIELDS: ReadonlySet<string> = new Set([
  "audience", "audienceLabel", "locale", "code", "label", "type", "typeLabel", "kind", "kindLabel", "audiences",
  "minStatusLabel", "state", "failedRules", "until", "effective", "tested", "date",
]);
const MASK = "text";
const maskedObjects = new WeakMap<object, unknown>();

function maskedData(model: NotesViewModel): unknown {
  return convert(model, "", maskedObjects, (key, value) => (APP_WORDED_FIELDS.has(key) ? escapeValue(key, value) : MASK));
}

/** Escaped app words (labels, codes, dates) repeat in every change: they are escaped once. */
const escapedWords = new Map<string, string>();

function escapeValue(key: string, value: string): string {
  if (key.endsWith("Url")) return escapeMarkdownUrl(value);
  if (!APP_WORDED_FIELDS.has(key)) return escapeMarkdown(value);
  let escaped = escapedWords.get(value);
  if (!escaped) {
    if (escapedWords.size >= 1_000) escapedWords.clear();
    escapedWords.set(value, (escaped = escapeMarkdown(value)));
  }
  return escaped;
}

/** Copies the view-model with every string passed through `onString`; objects (not lists) are converted once. */
function convert(
  value: unknown,
  key: string,
  cache: WeakMap<object, unknown>,
  onString: (key: string, value: string) => string,
): unknown {
  if (typeof value === "string") return onString(key, value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const list = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) list[i] = convert(value[i], key, cache, onString);
    return list;
  }
  const cached = cache.get(value);
  if (cached !== undefined) return cached;
  const object: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  for (const name of Object.keys(source)) object[name] = convert(source[name], name, cache, onString);
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
export function templateProblem(template: NotesTemplateSource, error: unknown): Problem {
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
