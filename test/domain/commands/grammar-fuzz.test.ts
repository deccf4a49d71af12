import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideComment } from "../../../src/domain/commands/decide.js";
import type { CommandActor } from "../../../src/domain/commands/decision.js";
import { COMMAND_LIMITS, parseCommands, type ParsedCommand } from "../../../src/domain/commands/grammar.js";
import { commandReactions, refusalLine, type RefusedCommand } from "../../../src/domain/commands/replies.js";
import { mergePolicy } from "../../../src/domain/policy/resolve.js";
import { CHECKLIST_ITEMS } from "../../../src/domain/vocabulary.js";
import { fuzzCorpus, onDemandTimeout, runs } from "../../support/fuzz.js";

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

const POLICY = mergePolicy({ signoffs: { docs: ["@acme/docs"] }, waivers: { allowed: "maintain", max_days: 14 } });
const NOW = new Date("2026-12-01T12:00:00Z");

/** The rest of a command's path, short of GitHub: decided against a PR with one release, answered. */
function expectDecided(commands: ParsedCommand[], actor: CommandActor): void {
  const { decisions, ledger } = decideComment(commands, {
    actor, prAuthor: "octocat", policy: POLICY, releases: [{ release: "checkout-v2", status: "beta", baseStatus: "beta" }],
    ledger: { entries: [] }, now: NOW, comment: { id: 1, createdAt: "2026-12-01T11:58:00Z", edited: false },
  });
  expect(decisions).toHaveLength(commands.length);
  for (const entry of ledger.entries) expect(CHECKLIST_ITEMS).toContain(entry.item);
  for (const decision of decisions.filter((d): d is RefusedCommand => d.outcome === "refused")) {
    // The command as typed is quoted in one code span on one line: it cannot start lines of its own.
    const [first] = refusalLine(decision).split("\n");
    expect(first!.startsWith("- `")).toBe(true);
    expect(first!.length).toBeLessThanOrEqual(2_000);
  }
  if (commands.length > 0) expect(commandReactions(decisions).length).toBeGreaterThan(0);
}

/** Plain lines that open nothing: no fence, quote, list or comment markers. */
const plainLine = fc.string({ maxLength: 30 }).map((s) => s.replace(/[`~>\-<!\r\n*+\d.)]/g, "a"));
const commandLine = fc.constantFrom(
  "/readiness check", "/readiness signoff docs", "/readiness waive docs 3d reason", "  /readiness status ga", "/readiness help",
);
const mixedLines = fc.array(fc.oneof(plainLine, commandLine), { minLength: 1, maxLength: 30 });

describe("parseCommands under fuzzing", () => {
  it("never throws and keeps its output bounded on random text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 2_000 }), (body) => expectBounded(body, parseCommands(body))), { numRuns: runs(500) });
  }, onDemandTimeout());

  it("never throws and keeps its output bounded on hostile comments", () => {
    fc.assert(fc.property(hostileBody, (body) => expectBounded(body, parseCommands(body))), { numRuns: runs(500) });
  }, onDemandTimeout());

  it("hostile comments, parsed then decided by anyone, get one decision each and replies that stay one item each", () => {
    const actor = fc.record({
      login: fc.constantFrom("mona", "wes", "octocat"),
      type: fc.constantFrom("User" as const, "Bot" as const),
      permission: fc.constantFrom("admin" as const, "maintain" as const, "write" as const, "read" as const, "none" as const),
      teams: fc.subarray(["@acme/docs"]),
    });
    fc.assert(fc.property(hostileBody, actor, (body, who: CommandActor) => {
      const commands = parseCommands(body);
      expectDecided(commands, who);
    }), { numRuns: runs(300) });
  }, onDemandTimeout());

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

/** The committed corpus (test/fixtures/fuzz-corpus/commands/): hostile comments replayed on every run. */
describe("command fuzz corpus: replayed every run", () => {
  const files = fuzzCorpus("commands", ".md");
  it("holds seeds", () => expect(files.length).toBeGreaterThan(5));
  it.each(files)("%s parses bounded and is decided", (_name, body) => {
    const commands = parseCommands(body);
    expectBounded(body, commands);
    expectDecided(commands, { login: "mona", type: "User", permission: "maintain", teams: [] });
  });
});
