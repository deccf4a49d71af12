import { Composer, Document, isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, Parser, YAMLParseError, visit, type CST, type Node } from "yaml";
import { fileProblem, formatKeyPath, MAX_PROBLEMS_PER_FILE, shortText, START_OF_FILE, type KeyPath, type Problem, type SourcePosition } from "./problems.js";

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
  if (bytes > YAML_LIMITS.maxBytes) {
    return {
      ok: false,
      problems: [
        fileTooLargeProblem(file, bytes),
      ],
    };
  }

  const lineCounter = new LineCounter();
  const toPosition = (start: number, end: number): SourcePosition => {
    const from = lineCounter.linePos(start);
    const to = lineCounter.linePos(Math.max(start, end));
    return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  };
  const tooDeepProblem = (position: SourcePosition): Problem =>
    ({ file, ...position, key: "", message: `nesting is deeper than ${YAML_LIMITS.maxDepth} levels`, severity: "error" });

  let doc: Document.Parsed;
  try {
    const parsed = parseDocumentGuarded(text, lineCounter);
    if ("tooDeepAt" in parsed) return { ok: false, problems: [tooDeepProblem(toPosition(parsed.tooDeepAt, parsed.tooDeepAt + 1))] };
    doc = parsed.doc;
  } catch (error) {
    return { ok: false, problems: [problemAt(file, undefined, [], `cannot parse YAML: ${String(error)}`)] };
  }

  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.slice(0, MAX_PROBLEMS_PER_FILE).map((error) => ({
        file,
        ...toPosition(error.pos[0], error.pos[1]),
        key: "",
        message: describeYamlError(error.code, error.message),
        severity: "error" as const,
      })),
    };
  }

  const structure = inspectStructure(doc.contents);
  if (structure.tooDeep) {
    const { node } = structure.tooDeep;
    return { ok: false, problems: [tooDeepProblem(node?.range ? toPosition(node.range[0], node.range[1]) : START_OF_FILE)] };
  }
  if (structure.duplicateKeys.length > 0) {
    return {
      ok: false,
      problems: structure.duplicateKeys.map(({ key, name }) => ({
        file,
        ...(key.range ? toPosition(key.range[0], key.range[1]) : START_OF_FILE),
        key: "",
        message: `duplicate key "${shortText(name)}"; a key may appear only once in a mapping`,
        severity: "error" as const,
      })),
    };
  }

  const unresolved: Problem[] = [];
  visit(doc, {
    Alias(_key, alias) {
      if (unresolved.length < MAX_PROBLEMS_PER_FILE && alias.resolve(doc) === undefined) {
        unresolved.push({
          file,
          ...(alias.range ? toPosition(alias.range[0], alias.range[1]) : START_OF_FILE),
          key: "",
          message: `alias "*${shortText(alias.source)}" refers to no anchor defined before it`,
          severity: "error",
        });
      }
    },
  });
  if (unresolved.length > 0) return { ok: false, problems: unresolved };

  if (structure.complexKeys.length > 0) {
    return {
      ok: false,
      problems: structure.complexKeys.map((key) => ({
        file,
        ...(key.range ? toPosition(key.range[0], key.range[1]) : START_OF_FILE),
        key: "",
        message: isAlias(key)
          ? `alias *${shortText(key.source)} used as a key; a key must be written out as plain text`
          : `a ${isMap(key) ? "mapping" : "sequence"} used as a key; a key must be plain text`,
        severity: "error" as const,
      })),
    };
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
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

  const locate: Locator = (path, target = "value") => {
    const found = findNode(doc.contents, path);
    const node = target === "key" && found.keyNode ? found.keyNode : (found.valueNode ?? found.keyNode);
    if (!node?.range) return START_OF_FILE;
    return toPosition(node.range[0], node.range[1]);
  };

  return { ok: true, value, locate };
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
function parseDocumentGuarded(text: string, lineCounter: LineCounter): { doc: Document.Parsed } | { tooDeepAt: number } {
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
  keepFirstErrors(composer, MAX_PROBLEMS_PER_FILE);
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) {
      doc = next;
      continue;
    }
    doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], "MULTIPLE_DOCS", "the file holds more than one YAML document (separated by ---); only one is allowed"));
    break;
  }
  if (!doc) throw new Error("the YAML composer produced no document");
  return { doc };
}

/**
 * yaml records every error as an Error object, stack trace and all: a megabyte of stray brackets
 * makes a million of them (seconds of CPU, about a gigabyte). Only the first few are reported, so
 * only those are kept. `onError` is yaml's internal hook; if it ever moves, this does nothing.
 */
function keepFirstErrors(composer: Composer, limit: number): void {
  const internals = composer as unknown as { onError?: (source: unknown, code: unknown, message: unknown, warning?: boolean) => void };
  const record = internals.onError;
  if (typeof record !== "function") return;
  let errors = 0;
  let warnings = 0;
  internals.onError = (source, code, message, warning) => {
    const seen = warning ? warnings++ : errors++;
    if (seen < limit) record(source, code, message, warning);
  };
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
  /**
   * Keys that are an alias or a collection. The duplicate check compares scalar keys only, so
   * `&k status: beta` early and `*k : ga` late would let a value no reviewer sees override the
   * one they read; no policy or manifest key needs to be anything but a plain scalar.
   */
  complexKeys: Node[];
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
  const stack: Array<{ node: unknown; depth: number }> = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > YAML_LIMITS.maxDepth) return { tooDeep: { node: isNodeLike(node) ? node : undefined }, duplicateKeys, complexKeys };
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        if (isScalar(item.key)) {
          const name = String(item.key.value);
          if (seen.has(name)) duplicateKeys.push({ key: item.key, name });
          else seen.add(name);
        } else if (isNodeLike(item.key) && complexKeys.length < MAX_PROBLEMS_PER_FILE) {
          complexKeys.push(item.key);
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
  return { duplicateKeys: duplicateKeys.slice(0, MAX_PROBLEMS_PER_FILE), complexKeys };
}
