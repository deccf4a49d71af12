import type { ReleaseOutcome } from "../evaluation/pull-request.js";
import { START_OF_FILE, type KeyPath, type Problem } from "../source/problems.js";
import { ITEM_TITLES } from "../vocabulary.js";

/** A check run annotation as GitHub takes it: a file, its lines, and what to say there. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

/** A problem in a file that is not a release manifest (registry, policy, notes template), as a failure at its lines. */
export function problemAnnotation(problem: Problem, title: string): CheckAnnotation {
  return {
    path: problem.file, start_line: problem.line, end_line: Math.max(problem.line, problem.endLine), annotation_level: "failure",
    title, message: problem.message,
  };
}

/**
 * Annotations on one release manifest: each problem the parser found, then each required item
 * that is not met or accepted and each broken rule, at the line its key path points to.
 */
export function releaseAnnotations(outcome: ReleaseOutcome): CheckAnnotation[] {
  const out: CheckAnnotation[] = [];
  const fromProblem = (p: Problem): CheckAnnotation => ({
    path: outcome.path,
    start_line: p.line,
    end_line: Math.max(p.line, p.endLine),
    ...(p.line === p.endLine ? { start_column: p.column, end_column: Math.max(p.column, p.endColumn) } : {}),
    annotation_level: p.severity === "error" ? "failure" : "warning",
    title: p.key ? `Invalid ${p.key}` : "Invalid manifest",
    message: p.message,
  });
  for (const problem of outcome.problems) out.push(fromProblem(problem));
  const v = outcome.verdict;
  if (!v) return out;
  const at = (path: KeyPath) => (outcome.locate ? outcome.locate(path) : START_OF_FILE);
  const lineAnnotation = (path: KeyPath, level: CheckAnnotation["annotation_level"], title: string, message: string): CheckAnnotation => {
    const pos = at(path);
    return { path: outcome.path, start_line: pos.line, end_line: pos.line, annotation_level: level, title, message };
  };
  for (const item of v.items) {
    if (!item.required || item.state === "met" || item.state === "not_applicable") continue;
    if (item.state === "invalid" && outcome.problems.some((p) => p.key.startsWith(`checklist.${item.item}`))) continue;
    const level = item.state === "waived" ? "notice" : "failure";
    const findings = item.findings.length > 0 ? item.findings : [{ path: item.path, message: item.reason }];
    for (const finding of findings) {
      out.push(lineAnnotation(finding.path, level, `${ITEM_TITLES[item.item]}: ${item.state.replace("_", " ")}`, item.state === "waived" ? item.reason : finding.message));
    }
  }
  for (const rule of v.rules) {
    if (!rule.ok) out.push(lineAnnotation(rule.path.length ? rule.path : ["status"], "failure", `Rule: ${rule.id}`, rule.message));
  }
  return out;
}
