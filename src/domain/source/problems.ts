/** A position in a source file, 1-based like editors and GitHub annotations. */
export interface SourcePosition {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type KeyPath = ReadonlyArray<string | number>;

/** The most problems reported for one file: enough to fix, never a wall of text. */
export const MAX_PROBLEMS_PER_FILE = 50;

/**
 * One thing wrong with an input file. Every problem names its file and, where the file parsed at
 * all, the line, column and key path, so a person can go straight to it.
 */
export interface Problem extends SourcePosition {
  file: string;
  /** Dotted key path such as `checklist.docs.url` or `changes[2].type`; empty for the whole file. */
  key: string;
  message: string;
  severity: "error" | "warning";
  /**
   * Set only on the last problem of a file that had more than can be listed: it stands for this
   * many problems, itself included, so counts stay true ("20,000 problems", not "50").
   */
  more?: number;
}

/**
 * A file's problems cut to MAX_PROBLEMS_PER_FILE, the last place saying how many were left out
 * ("and 19,951 more problems in this file, not listed"). `total` is how many were found, when
 * finding stopped early and `problems` holds only the first ones.
 */
export function capProblems(problems: readonly Problem[], total = problems.length): Problem[] {
  if (total <= MAX_PROBLEMS_PER_FILE || problems.length === 0) return [...problems];
  const listed = problems.slice(0, MAX_PROBLEMS_PER_FILE - 1);
  const last = listed.at(-1) ?? problems[0]!;
  const more = total - listed.length;
  const { file, line, column, endLine, endColumn } = last;
  listed.push({ file, line, column, endLine, endColumn, key: "", message: `and ${more.toLocaleString("en-US")} more problems in this file, not listed`, severity: "error", more });
  return listed;
}

/** How many problems these stand for, counting what a capped list left out. */
export function problemCount(problems: readonly Problem[]): number {
  return problems.reduce((count, problem) => count + (problem.more ?? 1), 0);
}

/** Text quoted in a message, cut short so one bad key, value or token cannot make a wall of text. */
export function shortText(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

export function formatKeyPath(path: KeyPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

/**
 * The inverse of formatKeyPath (`changes[2].type` → ["changes", 2, "type"]), for code that only has
 * a problem's key and needs to locate it again.
 */
export function parseKeyPath(key: string): Array<string | number> {
  const path: Array<string | number> = [];
  for (const match of key.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) path.push(match[1] !== undefined ? Number(match[1]) : match[2]!);
  return path;
}

export function formatProblem(problem: Problem): string {
  const key = problem.key ? ` ${problem.key}:` : "";
  return `${problem.file}:${problem.line}:${problem.column}:${key} ${problem.message}`;
}

export const START_OF_FILE: SourcePosition = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** A problem with a whole file (or one found before its lines are known), placed at its start. */
export function fileProblem(file: string, message: string, key = ""): Problem {
  return { file, ...START_OF_FILE, key, message, severity: "error" };
}
