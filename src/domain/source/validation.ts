import type { z } from "zod";
import { capProblems, MAX_PROBLEMS_PER_FILE, shortText, type KeyPath, type Problem } from "./problems.js";
import { problemAt, type Locator } from "./yaml-source.js";

export { MAX_PROBLEMS_PER_FILE };

export type Validated<T> = { ok: true; data: T } | { ok: false; problems: Problem[] };

type Issue = z.core.$ZodIssue;

/**
 * Validates plain data against a zod schema and turns each issue into a problem with the file,
 * line, column and key path, "did you mean" for misspelt keys, and "required" for missing ones.
 */
export function validateAgainstSchema<S extends z.ZodType>(
  schema: S,
  value: unknown,
  file: string,
  locate?: Locator,
): Validated<z.output<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const problems: Problem[] = [];
  const issues = flattenIssues(result.error.issues, [], value);
  for (const issue of issues) {
    problems.push(...describeIssue(issue, schema, value, file, locate));
    if (problems.length >= MAX_PROBLEMS_PER_FILE) break;
  }
  // Only the first ones are described (each needs a locate); the rest are counted.
  const total = issues.reduce((count, { issue }) => count + (issue.code === "unrecognized_keys" ? issue.keys.length : 1), 0);
  const described = sortProblems(dedupeProblems(problems));
  return { ok: false, problems: capProblems(described, Math.max(total, described.length)) };
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

function dedupeProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.column}:${p.key}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface FlatIssue {
  issue: Issue;
  path: KeyPath;
}

/**
 * A union's error holds one list per branch. Reporting all of them confuses people, so the branch
 * that came closest (fewest issues; on a tie the last, which is the fuller shape) stands for it.
 */
function flattenIssues(issues: readonly Issue[], prefix: KeyPath, root: unknown): FlatIssue[] {
  const out: FlatIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map(normaliseSegment)];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const valueHere = valueAt(root, path);
      const branches = issue.errors;
      const notApplicableBranch = branches.findIndex((branch) => branch.some((b) => b.path[0] === "not_applicable"));
      const alongsideNotApplicable = isRecord(valueHere) && "not_applicable" in valueHere
        ? Object.keys(valueHere).filter((key) => key !== "not_applicable")
        : [];
      if (alongsideNotApplicable.length > 0 && branches.some((b) => b.some((i) => i.code === "unrecognized_keys" && i.keys.includes("not_applicable")))) {
        // Each branch rejects the other's keys, which reads as "not_applicable is unknown": say what is really wrong.
        const message = `not_applicable cannot be combined with other keys (${alongsideNotApplicable.join(", ")}): declare the item either not applicable or with its details`;
        out.push({ issue: { ...issue, message }, path });
        continue;
      }
      let chosen = branches[branches.length - 1]!;
      if (isRecord(valueHere) && "not_applicable" in valueHere && notApplicableBranch >= 0) {
        chosen = branches[notApplicableBranch]!;
      } else {
        for (const branch of branches) if (branch.length < chosen.length) chosen = branch;
      }
      if (!isRecord(valueHere) && branches.every((b) => b.some((i) => i.code === "invalid_type" && i.path.length === 0))) {
        out.push({ issue: { ...issue, message: describeUnionOfTypes(branches) }, path });
        continue;
      }
      out.push(...flattenIssues(chosen, path, root));
      continue;
    }
    out.push({ issue, path });
  }
  return out;
}

function describeUnionOfTypes(branches: readonly (readonly Issue[])[]): string {
  const expected = new Set<string>();
  for (const branch of branches) {
    for (const issue of branch) if (issue.code === "invalid_type") expected.add(issue.expected);
  }
  return `expected ${[...expected].join(" or ")}`;
}

function normaliseSegment(segment: PropertyKey): string | number {
  return typeof segment === "number" ? segment : String(segment);
}

function describeIssue(
  { issue, path }: FlatIssue,
  schema: z.ZodType,
  root: unknown,
  file: string,
  locate: Locator | undefined,
): Problem[] {
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownKeysAt(schema, path);
      // Only as many as can be reported: each needs a locate, and a hostile file may hold 100,000.
      return issue.keys.slice(0, MAX_PROBLEMS_PER_FILE).map((key) => {
        const suggestion = closestWord(key, known);
        const hint = suggestion ? `; did you mean "${suggestion}"?` : known.length ? `; expected one of: ${known.join(", ")}` : "";
        return problemAt(file, locate, [...path, key], `unknown key "${shortText(key)}"${hint}`, { target: "key" });
      });
    }
    case "invalid_type": {
      const present = valueAt(root, path) !== undefined;
      if (!present) return [problemAt(file, locate, path, `required key "${String(path[path.length - 1] ?? "")}" is missing`)];
      const value = valueAt(root, path);
      // YAML's .nan and .inf (and 1e400, too large to hold) are numbers to JavaScript but never
      // usable ones; zod calls them the wrong type, which reads as "expected number, got number".
      if (issue.expected === "number" && typeof value === "number" && !Number.isFinite(value)) {
        return [problemAt(file, locate, path, `${describeValueType(value)} is not a finite number`)];
      }
      const got = describeValueType(value);
      const message = issue.message.startsWith("Invalid input") ? `expected ${issue.expected}, got ${got}` : `${issue.message} (got ${got})`;
      return [problemAt(file, locate, path, message)];
    }
    case "invalid_value": {
      const value = valueAt(root, path);
      if (value === undefined) return [problemAt(file, locate, path, `required key "${String(path[path.length - 1] ?? "")}" is missing`)];
      return [problemAt(file, locate, path, `expected one of: ${issue.values.map((v) => String(v)).join(", ")}; got ${shortJson(value)}`)];
    }
    case "too_small":
    case "too_big":
      return [problemAt(file, locate, path, issue.message.replace(/^Too (small|big): /, ""))];
    default:
      return [problemAt(file, locate, path, issue.message.replace(/^Invalid input: /, ""))];
  }
}

function shortJson(value: unknown): string {
  if (typeof value === "number" && !Number.isFinite(value)) return describeValueType(value);
  return shortText(JSON.stringify(value) ?? String(value));
}

function describeValueType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  // As YAML writes them: JSON has no word for these and would say null.
  if (Number.isNaN(value)) return ".nan (not a number)";
  if (value === Infinity || value === -Infinity) return `${value < 0 ? "-" : ""}.inf (infinity, or a number too large to hold)`;
  return `${typeof value} ${JSON.stringify(value)}`.slice(0, 80);
}

export function valueAt(root: unknown, path: KeyPath): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === "number") current = current[segment];
    else if (isRecord(current)) current = Object.prototype.hasOwnProperty.call(current, segment) ? current[segment as string] : undefined;
    else return undefined;
  }
  return current;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface SchemaDef {
  type?: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  in?: unknown;
  options?: unknown[];
}

function defOf(schema: unknown): SchemaDef | undefined {
  const internals = (schema as { _zod?: { def?: SchemaDef } } | undefined)?._zod;
  return internals?.def;
}

/** The keys an object schema accepts at a path, for "did you mean" (walks zod's own definitions). */
export function knownKeysAt(schema: unknown, path: KeyPath): string[] {
  const candidates = schemasAt(schema, path);
  const keys = new Set<string>();
  for (const candidate of candidates) {
    const def = defOf(candidate);
    if (def?.type === "object" && def.shape) for (const key of Object.keys(def.shape)) keys.add(key);
  }
  return [...keys].filter((key) => key !== "$schema");
}

function unwrap(schema: unknown): unknown[] {
  const def = defOf(schema);
  if (!def) return [];
  if (def.type === "optional" || def.type === "nullable" || def.type === "default" || def.type === "prefault" || def.type === "readonly" || def.type === "catch") {
    return unwrap(def.innerType);
  }
  if (def.type === "pipe") return unwrap(def.in);
  if (def.type === "union" && def.options) return def.options.flatMap(unwrap);
  return [schema];
}

function schemasAt(schema: unknown, path: KeyPath): unknown[] {
  let current = unwrap(schema);
  for (const segment of path) {
    const next: unknown[] = [];
    for (const candidate of current) {
      const def = defOf(candidate);
      if (def?.type === "object" && def.shape && typeof segment === "string" && segment in def.shape) {
        next.push(...unwrap(def.shape[segment]));
      } else if (def?.type === "array" && typeof segment === "number") {
        next.push(...unwrap(def.element));
      } else if (def?.type === "record") {
        next.push(...unwrap((def as { valueType?: unknown }).valueType));
      }
    }
    current = next;
  }
  return current;
}

/** The known word nearest to a misspelt one, when it is close enough to be a likely typo. */
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const threshold = Math.max(1, Math.floor(Math.max(word.length, 3) / 3));
  return bestDistance <= threshold ? best : undefined;
}

/**
 * Edit distance counting a swap of neighbours as one edit (so "titel" is one step from "title"),
 * with an early exit once every path exceeds `limit`.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return Math.abs(a.length - b.length);
  if (a.length > 200 || b.length > 200) return Math.max(a.length, b.length);
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) return rowMin;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}
