import { parseCommands } from "../src/domain/commands/grammar.js";
import { timeInterleaved, type BenchModule, type BenchResult } from "./measure.js";

/** GitHub's largest comment. */
const COMMENT_CHARS = 65_536;
/** The issue's absolute budget for parsing the largest hostile comment. */
const TARGET_MS = 10;

function fill(unit: string): string {
  return unit.repeat(Math.ceil(COMMENT_CHARS / unit.length)).slice(0, COMMENT_CHARS);
}

/**
 * Comments written to make a command parser work hard without ever reaching the command cap
 * (which would let it stop early): every line is a near-miss the scanner must look at.
 */
export function hostileComments(): Record<string, string> {
  const mixedUnit = [
    "/readinessx not a command",
    "> /readiness waive docs 3d quoted",
    "```",
    "/readiness waive docs 3d fenced",
    "```",
    "text <!-- /readiness check --> text <!-- a --> <!-- b -->",
    "<!--",
    "/readiness signoff docs hidden",
    "-->",
    "- - > ~~~ still quoted",
    "   `/readiness check` in inline code 😀 ünïcödé \u202e",
    "",
  ].join("\n") + "\n";
  return {
    "mixed near-misses": fill(mixedUnit),
    "prefix-like lines": fill("/readinessx\n"),
    "quoted commands": fill("> /readiness check\n"),
    "fenced commands": fill("```\n/readiness check\n/readiness waive docs 3d x\n```\n"),
    "comment markers": fill("<!-- x -->"),
    "one line of prefixes": `x ${fill("/readiness ")}`.slice(0, COMMENT_CHARS),
    "newlines only": fill("\n"),
  };
}

export const bench: BenchModule = {
  title: "parseCommands, 65,536-char hostile comment",
  async run(): Promise<BenchResult[]> {
    const comments = hostileComments();
    for (const [name, body] of Object.entries(comments)) {
      if (body.length !== COMMENT_CHARS) throw new Error(`the "${name}" comment is ${body.length} characters, not ${COMMENT_CHARS}`);
      if (parseCommands(body).length !== 0) throw new Error(`the "${name}" comment should hold no command (it must not reach the command cap)`);
    }
    const work: Record<string, () => unknown> = {};
    for (const [name, body] of Object.entries(comments)) {
      work[`split:${name}`] = () => body.split("\n");
      work[`parse:${name}`] = () => parseCommands(body);
    }
    const timings = timeInterleaved(work, { warmup: 5, iterations: 21 });

    const results: BenchResult[] = [];
    let worst = { name: "", parseMs: 0, splitMs: 0 };
    for (const name of Object.keys(comments)) {
      const parseMs = timings[`parse:${name}`]!.medianMs;
      const splitMs = timings[`split:${name}`]!.medianMs;
      if (parseMs > worst.parseMs) worst = { name, parseMs, splitMs };
      results.push({ name: `${name} (parse ${parseMs.toFixed(3)} ms, split ${splitMs.toFixed(3)} ms): ratio`, value: parseMs / splitMs, unit: "x" });
    }
    const mixed = "mixed near-misses";
    return [
      { name: `${mixed}: body.split("\\n"), median of ${timings[`split:${mixed}`]!.iterations}`, value: timings[`split:${mixed}`]!.medianMs, unit: "ms" },
      { name: `${mixed}: parseCommands, median`, value: timings[`parse:${mixed}`]!.medianMs, unit: "ms", target: `< ${TARGET_MS} ms`, pass: timings[`parse:${mixed}`]!.medianMs < TARGET_MS },
      ...results,
      { name: `slowest shape (${worst.name}): parseCommands, median`, value: worst.parseMs, unit: "ms", target: `< ${TARGET_MS} ms`, pass: worst.parseMs < TARGET_MS },
      { name: `slowest shape (${worst.name}): ratio to body.split("\\n")`, value: worst.parseMs / worst.splitMs, unit: "x" },
    ];
  },
};
