import { Composer, Document, isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, Parser, YAMLParseError, visit, type CST, type Node, type Range } from "yaml";
import { capProblems, fileProblem, formatKeyPath, MAX_PROBLEMS_PER_FILE, shortText, START_OF_FILE, type KeyPath, type Problem, type SourcePosition } from "./problems.js";

/** Limits that keep hostile input from costing more than a moment. */
export const YAML_LIMITS = {
  /** Files larger than this are refused before parsing. */
  maxBytes: 1024 * 1024,
  /** Deeper nesting than any real manifest is refused (stack safety for every later walk). */
  maxDepth: 64,
  /** Alias expansions allowed when building plain data (defends against "billion laughs"). */
  maxAliasCount: 100,
} as const;

/** Finds where a key path sits in the source, falling back to the nearest ancestor that exists. */
export type Locator = (path: KeyPath, target?: "key" | "value") => SourcePosition;

export type YamlSource =
  | { ok: true; value: unknown; locate: Locator }
  | { ok: false; problems: Problem[] };

/** The words for a file refused by size, before or instead of parsing it. */
export function tooLargeMessage(bytes: number): string {
  return `file is ${bytes} bytes; the limit is ${YAML_LIMITS.maxBytes} bytes (1 MiB)`;
}

export function fileTooLargeProblem(file: string, bytes: number): Problem {
  return fileProblem(file, tooLargeMessage(bytes));
}

export function problemAt(
  file: string,
  locate: Locator | undefined,
  path: KeyPath,
  message: string,
  options: { target?: "key" | "value"; severity?: "error" | "warning" } = {},
): Problem {
  const position = locate ? locate(path, options.target) : START_OF_FILE;
  return { file, ...position, key: formatKeyPath(path), message, severity: options.severity ?? "error" };
}

/**
 * Parses YAML keeping positions. Duplicate keys, syntax errors, oversized files, deep nesting and
 * alias bombs come back as problems with a line and column, never as an exception.
 */
export function parseYamlSource(text: string, file: string): YamlSource {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > YAML_LIMITS.maxBytes) return { ok: false, problems: [fileTooLargeProblem(file, bytes)] };

  const lineCounter = new LineCounter();
  const positions = positionsIn(lineCounter);
  const composed = composeDocument(text, file, lineCounter, positions);
  if (!composed.ok) return composed;
  const { doc } = composed;

  const shapeProblems = documentShapeProblems(doc, text, file, positions);
  if (shapeProblems.length > 0) return { ok: false, problems: shapeProblems };

  const data = toPlainData(doc, file);
  if (!data.ok) return data;
  return { ok: true, value: data.value, locate: locatorFor(doc, positions) };
}

type Refused = { ok: false; problems: Problem[] };

/** Turns offsets in the text into lines and columns, once the parser has counted the lines. */
interface Positions {
  span(start: number, end: number): SourcePosition;
  /** Where a node sits, or the start of the file for a node without a range. */
  of(node: { range?: Range | null } | undefined): SourcePosition;
}

function positionsIn(lineCounter: LineCounter): Positions {
  const span = (start: number, end: number): SourcePosition => {
    const from = lineCounter.linePos(start);
    const to = lineCounter.linePos(Math.max(start, end));
    return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  };
  return {
    span,
    of: (node) => (node?.range ? span(node.range[0], node.range[1]) : START_OF_FILE),
  };
}

function yamlProblem(file: string, position: SourcePosition, message: string): Problem {
  return { file, ...position, key: "", message, severity: "error" };
}

function tooDeepProblem(file: string, position: SourcePosition): Problem {
  return yamlProblem(file, position, `nesting is deeper than ${YAML_LIMITS.maxDepth} levels`);
}

/** The one YAML document in the text, or why there is none: nesting refused early, or yaml's syntax errors. */
function composeDocument(text: string, file: string, lineCounter: LineCounter, positions: Positions): { ok: true; doc: Document.Parsed } | Refused {
  let doc: Document.Parsed;
  let errorCount: number;
  try {
    const parsed = parseDocumentGuarded(text, lineCounter);
    if ("tooDeepAt" in parsed) return { ok: false, problems: [tooDeepProblem(file, positions.span(parsed.tooDeepAt, parsed.tooDeepAt + 1))] };
    doc = parsed.doc;
    errorCount = parsed.errorCount;
  } catch (error) {
    return { ok: false, problems: [problemAt(file, undefined, [], `cannot parse YAML: ${String(error)}`)] };
  }
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: capProblems(doc.errors.slice(0, MAX_PROBLEMS_PER_FILE).map((error) =>
        yamlProblem(file, positions.span(error.pos[0], error.pos[1]), describeYamlError(error.code, error.message))), Math.max(errorCount, doc.errors.length)),
    };
  }
  return { ok: true, doc };
}

/**
 * What makes a well-formed document unusable, in the order it is reported: nesting past the
 * limit, duplicate keys, aliases to no anchor, tags other than YAML's core ones, and keys that are
 * not plain text. Only the first kind found is reported.
 */
function documentShapeProblems(doc: Document.Parsed, text: string, file: string, positions: Positions): Problem[] {
  const structure = inspectStructure(doc.contents);
  if (structure.tooDeep) return [tooDeepProblem(file, positions.of(structure.tooDeep.node))];
  if (structure.duplicateKeys.length > 0) {
    return capProblems(structure.duplicateKeys.map(({ key, name }) =>
      yamlProblem(file, positions.of(key), `duplicate key "${shortText(name)}"; a key may appear only once in a mapping`)), structure.duplicateKeyCount);
  }

  // One walk for both: it is a good part of checking a file.
  const unresolved: Problem[] = [];
  let unresolvedCount = 0;
  const tags = unknownTagFinder(text, file, positions);
  visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) !== undefined) return;
      if (unresolvedCount++ < MAX_PROBLEMS_PER_FILE) {
        unresolved.push(yamlProblem(file, positions.of(alias), `alias "*${shortText(alias.source)}" refers to no anchor defined before it`));
      }
    },
    Scalar: (_key, node) => tags.check(node),
    Map: (_key, node) => tags.check(node),
    Seq: (_key, node) => tags.check(node),
  });
  if (unresolved.length > 0) return capProblems(unresolved, unresolvedCount);
  const tagProblems = tags.problems();
  if (tagProblems.length > 0) return tagProblems;

  return capProblems(structure.complexKeys.map((key) => yamlProblem(file, positions.of(key), isAlias(key)
    ? `alias *${shortText(key.source)} used as a key; a key must be written out as plain text`
    : `a ${isMap(key) ? "mapping" : "sequence"} used as a key; a key must be plain text`)), structure.complexKeyCount);
}

/** YAML 1.2's core tags: they only say what the value already is (`!!str 1` is the text "1"). */
const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "seq", "map"].map((name) => `tag:yaml.org,2002:${name}`));

/**
 * Any other tag (`!foo`, `!!js/function`, `!!binary`, `!<tag:…>`) is refused with its line: yaml
 * reads an unknown one as plain text (or `!!binary` as bytes), so a reviewer and the app would
 * read two different files. No manifest or policy needs one.
 */
function unknownTagFinder(text: string, file: string, positions: Positions): { check: (node: Node) => void; problems: () => Problem[] } {
  const problems: Problem[] = [];
  let count = 0;
  const check = (node: Node) => {
    if (!node.tag || CORE_TAGS.has(node.tag) || count++ >= MAX_PROBLEMS_PER_FILE) return;
    const shown = node.tag.startsWith("tag:yaml.org,2002:") ? `!!${node.tag.slice("tag:yaml.org,2002:".length)}` : node.tag.startsWith("!") ? node.tag : `!<${node.tag}>`;
    // A collection's range starts at its first entry, a line below its tag: point at the tag itself.
    const at = node.range ? text.lastIndexOf(shown, node.range[0]) : -1;
    const where = at >= 0 ? positions.span(at, at + shown.length) : positions.of(node);
    problems.push(yamlProblem(file, where, `unknown YAML tag ${shortText(shown)}; remove it: only plain values, lists and mappings are read`));
  };
  return { check, problems: () => capProblems(problems, count) };
}

/** The document as plain data, with alias expansion capped (a "billion laughs" is refused here). */
function toPlainData(doc: Document.Parsed, file: string): { ok: true; value: unknown } | Refused {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount }) };
  } catch (error) {
    const message = shortText(firstLine(error instanceof Error ? error.message : String(error)), 200);
    return {
      ok: false,
      problems: [
        problemAt(file, undefined, [], /excessive alias count/i.test(message)
          ? `too many alias expansions (limit ${YAML_LIMITS.maxAliasCount}): ${message}`
          : `cannot read YAML: ${message}`),
      ],
    };
  }
}

function locatorFor(doc: Document.Parsed, positions: Positions): Locator {
  return (path, target = "value") => {
    const found = findNode(doc.contents, path);
    const node = target === "key" && found.keyNode ? found.keyNode : (found.valueNode ?? found.keyNode);
    if (!node?.range) return START_OF_FILE;
    return positions.span(node.range[0], node.range[1]);
  };
}

/**
 * Open collections the parser may hold before the input is refused: twice the depth limit, so the
 * exact limit is still judged on the finished document and this only stops extreme input early.
 */
const PARSER_STACK_LIMIT = YAML_LIMITS.maxDepth * 2;

/**
 * What yaml's `parseDocument` does, but fed one lexeme at a time so that absurd nesting is refused
 * while the parser's stack of open collections is still short. yaml's composer recurses once per
 * level: ten thousand levels overflow the call stack, and a megabyte of `[` would otherwise build a
 * gigabyte of tokens first.
 */
function parseDocumentGuarded(text: string, lineCounter: LineCounter): { doc: Document.Parsed; errorCount: number } | { tooDeepAt: number } {
  const parser = new Parser(lineCounter.addNewLine);
  const tokens: CST.Token[] = [];
  lineCounter.addNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > PARSER_STACK_LIMIT) return { tooDeepAt: parser.offset };
  }
  for (const token of parser.end()) tokens.push(token);

  let doc: Document.Parsed | undefined;
  // logLevel "error": yaml would otherwise print its warnings (a collection used as a key) to the console.
  // uniqueKeys: false because inspectStructure finds duplicate keys in linear time.
  const composer = new Composer({ uniqueKeys: false, strict: true, logLevel: "error" });
  const errorCount = keepFirstErrors(composer, MAX_PROBLEMS_PER_FILE);
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) {
      doc = next;
      continue;
    }
    doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], "MULTIPLE_DOCS", "the file holds more than one YAML document (separated by ---); only one is allowed"));
    break;
  }
  if (!doc) throw new Error("the YAML composer produced no document");
  return { doc, errorCount: errorCount() };
}

/**
 * yaml records every error as an Error object, stack trace and all: a megabyte of stray brackets
 * makes a million of them (seconds of CPU, about a gigabyte). Only the first few are reported, so
 * only those are kept. `onError` is yaml's internal hook; if it ever moves, this does nothing.
 */
function keepFirstErrors(composer: Composer, limit: number): () => number {
  const internals = composer as unknown as { onError?: (source: unknown, code: unknown, message: unknown, warning?: boolean) => void };
  const record = internals.onError;
  let errors = 0;
  if (typeof record !== "function") return () => errors;
  let warnings = 0;
  internals.onError = (source, code, message, warning) => {
    const seen = warning ? warnings++ : errors++;
    if (seen < limit) record(source, code, message, warning);
  };
  return () => errors;
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}

function describeYamlError(code: string, message: string): string {
  // yaml quotes the offending token whole, which may be a kilobyte-long key.
  const head = shortText(firstLine(message).replace(/ at line \d+, column \d+:?$/, ""), 200);
  if (code === "DUPLICATE_KEY") return `duplicate key: ${head}`;
  return head;
}

interface FoundNode {
  keyNode?: Node;
  valueNode?: Node;
}

/** Walks as far down the path as the document goes, so a missing key points at its parent. */
function findNode(root: unknown, path: KeyPath): FoundNode {
  let found: FoundNode = { valueNode: isNodeLike(root) ? root : undefined };
  let current: unknown = root;
  for (const segment of path) {
    if (isAlias(current)) break;
    if (isMap(current)) {
      const pair = current.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      const keyNode = isNodeLike(pair.key) ? pair.key : undefined;
      const valueNode = isNodeLike(pair.value) ? pair.value : undefined;
      found = { keyNode, valueNode: valueNode ?? keyNode };
      current = pair.value;
    } else if (isSeq(current) && typeof segment === "number") {
      const item = current.items[segment];
      if (!isNodeLike(item)) break;
      found = { valueNode: item };
      current = item;
    } else {
      break;
    }
  }
  return found;
}

function isNodeLike(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}

interface Structure {
  /** Set when nesting passes the limit: the first node found too deep. */
  tooDeep?: { node?: Node };
  /** Keys that repeat an earlier key of their mapping, in document order (at most a file's worth of problems). */
  duplicateKeys: Array<{ key: Node; name: string }>;
  /** How many keys repeat, all told. */
  duplicateKeyCount: number;
  /**
   * Keys that are an alias or a collection. The duplicate check compares scalar keys only, so
   * `&k status: beta` early and `*k : ga` late would let a value no reviewer sees override the
   * one they read; no policy or manifest key needs to be anything but a plain scalar.
   */
  complexKeys: Node[];
  complexKeyCount: number;
}

/**
 * One iterative pass over the document (so a hostile one cannot overflow the stack) that finds
 * nesting past the limit and duplicate keys. yaml's own duplicate check compares each key with
 * every earlier one: 90,000 keys took 84 s. Keys are compared as the data will have them, so `1`
 * and `'1'` are duplicates too (yaml would let the second silently overwrite the first).
 */
function inspectStructure(root: unknown): Structure {
  const duplicateKeys: Structure["duplicateKeys"] = [];
  const complexKeys: Node[] = [];
  let complexKeyCount = 0;
  const stack: Array<{ node: unknown; depth: number }> = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > YAML_LIMITS.maxDepth) return { tooDeep: { node: isNodeLike(node) ? node : undefined }, duplicateKeys, duplicateKeyCount: duplicateKeys.length, complexKeys, complexKeyCount };
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        if (isScalar(item.key)) {
          const name = String(item.key.value);
          if (seen.has(name)) duplicateKeys.push({ key: item.key, name });
          else seen.add(name);
        } else if (isNodeLike(item.key)) {
          complexKeyCount++;
          if (complexKeys.length < MAX_PROBLEMS_PER_FILE) complexKeys.push(item.key);
        }
        if (item.key !== null) stack.push({ node: item.key, depth: depth + 1 });
        if (item.value !== null) stack.push({ node: item.value, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    }
  }
  duplicateKeys.sort((a, b) => (a.key.range?.[0] ?? 0) - (b.key.range?.[0] ?? 0));
  complexKeys.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
  return { duplicateKeys: duplicateKeys.slice(0, MAX_PROBLEMS_PER_FILE), duplicateKeyCount: duplicateKeys.length, complexKeys, complexKeyCount };
}
