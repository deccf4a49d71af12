import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMAND_LIMITS, parseCommands, type ParsedCommand } from "../../../src/domain/commands/grammar.js";

const PREFIX = "/readiness";

/** Pieces that stress the scanner: fences, quotes, comment markers, prefixes, odd spaces and unicode. */
const hostileFragment = fc.oneof(
  fc.constantFrom(
    "/readiness", "/readiness ", "/Readiness check", "/readinessx", "/readiness waive docs 3d r", "/readiness signoff checkout-v2 docs",
    "/readiness status ga", "/readiness revoke docs waiver", "/readiness notes new", "/readiness help", "/readiness unknownword",
    "```", "````", "~~~", "``` js", "> ", ">>", "- ", "1. ", "<!--", "-->", "<!-- x -->", "\n", "\r\n", "\n\n", "\t", " ",
    "\u00a0", "\u200b", "\u202e", "😀", "é", "𝒳", "\u0000", "`", "\\", "@acme/docs",
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.integer({ min: 1, max: 5_000 }).map((n) => "x".repeat(n)),
  fc.integer({ min: 1, max: 300 }).map((n) => `${PREFIX} signoff docs ${"n".repeat(n)}`),
);

const hostileBody = fc.array(hostileFragment, { maxLength: 200 }).map((parts) => parts.join(""));

/** The invariants every parse result keeps, whatever the input. */
function expectBounded(body: string, commands: ParsedCommand[]): void {
  expect(commands.length).toBeLessThanOrEqual(COMMAND_LIMITS.maxCommandsPerComment + 1);
  const lineCount = body.split("\n").length;
  let previousLine = 0;
  for (const command of commands) {
    expect(command.raw.length).toBeLessThanOrEqual(COMMAND_LIMITS.maxCommandLineLength);
    expect(command.line).toBeGreaterThan(previousLine);
    expect(command.line).toBeLessThanOrEqual(lineCount);
    previousLine = command.line;
    // Every command comes from a line that starts with the prefix after optional spaces.
    const source = body.split("\n")[command.line - 1]!;
    expect(source.trimStart().toLowerCase().startsWith(PREFIX)).toBe(true);
    if (command.kind === "signoff" && command.args.note) expect(command.args.note.length).toBeLessThanOrEqual(COMMAND_LIMITS.maxTextLength);
    if (command.kind === "waive") {
      expect(command.args.reason.length).toBeGreaterThan(0);
      expect(command.args.reason.length).toBeLessThanOrEqual(COMMAND_LIMITS.maxTextLength);
    }
    if (command.kind === "unknown") expect(command.args.word.length).toBeLessThanOrEqual(COMMAND_LIMITS.maxEchoedToken + 1);
  }
}

/** Plain lines that open nothing: no fence, quote, list or comment markers. */
const plainLine = fc.string({ maxLength: 30 }).map((s) => s.replace(/[`~>\-<!\r\n*+\d.)]/g, "a"));
const commandLine = fc.constantFrom(
  "/readiness check", "/readiness signoff docs", "/readiness waive docs 3d reason", "  /readiness status ga", "/readiness help",
);
const mixedLines = fc.array(fc.oneof(plainLine, commandLine), { minLength: 1, maxLength: 30 });

describe("parseCommands under fuzzing", () => {
  it("never throws and keeps its output bounded on random text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 2_000 }), (body) => expectBounded(body, parseCommands(body))), { numRuns: 500 });
  });

  it("never throws and keeps its output bounded on hostile comments", () => {
    fc.assert(fc.property(hostileBody, (body) => expectBounded(body, parseCommands(body))), { numRuns: 500 });
  });

  it("reads nothing inside a fence, whatever the fence holds", () => {
    fc.assert(fc.property(mixedLines, fc.constantFrom("```", "~~~", "`````"), (lines, fence) => {
      expect(parseCommands([fence, ...lines, fence].join("\n"))).toEqual([]);
    }));
  });

  it("reads nothing from quoted lines", () => {
    fc.assert(fc.property(mixedLines, (lines) => {
      expect(parseCommands(lines.map((line) => `> ${line}`).join("\n"))).toEqual([]);
    }));
  });

  it("reads nothing inside an HTML comment", () => {
    fc.assert(fc.property(mixedLines, (lines) => {
      expect(parseCommands(["<!--", ...lines, "-->"].join("\n"))).toEqual([]);
    }));
  });

  it("finds exactly the command lines among plain lines, in order", () => {
    fc.assert(fc.property(mixedLines, (lines) => {
      const expected = lines.flatMap((line, index) => (line.trimStart().startsWith(PREFIX) ? [index + 1] : []))
        .slice(0, COMMAND_LIMITS.maxCommandsPerComment);
      expect(parseCommands(lines.join("\n")).slice(0, COMMAND_LIMITS.maxCommandsPerComment).map((c) => c.line)).toEqual(expected);
    }));
  });

  it("survives a 65,536-character comment of each hostile shape", () => {
    const size = 65_536;
    const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    const shapes = [
      fill("/readiness "),
      fill("/readiness signoff docs "),
      fill("<!--"),
      fill("```\n/readiness check\n"),
      fill("> /readiness check\n"),
      fill("\n"),
      fill("/readinessx\n"),
      fill("- - - - > "),
      fill("😀"),
      `/readiness waive docs 3d ${"r".repeat(size)}`,
    ];
    for (const body of shapes) expectBounded(body, parseCommands(body));
  });
});
