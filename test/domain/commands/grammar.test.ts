import { describe, expect, it } from "vitest";
import { COMMAND_LIMITS, commandUsage, parseCommands, type ParsedCommand } from "../../../src/domain/commands/grammar.js";

const kinds = (body: string, prefix?: string) => parseCommands(body, prefix).map((c) => c.kind);
const only = (body: string, prefix?: string): ParsedCommand => {
  const commands = parseCommands(body, prefix);
  expect(commands).toHaveLength(1);
  return commands[0]!;
};
const problemOf = (body: string): string => {
  const command = only(body);
  if (command.kind !== "invalid") throw new Error(`expected an invalid command, got ${command.kind}`);
  return command.args.problem;
};

describe("parseCommands: what counts as a command line", () => {
  it("reads the bare prefix and `check` as check", () => {
    expect(parseCommands("/readiness")).toEqual([{ kind: "check", args: {}, raw: "/readiness", line: 1 }]);
    expect(parseCommands("/readiness check")).toEqual([{ kind: "check", args: {}, raw: "/readiness check", line: 1 }]);
  });

  it("allows leading whitespace, CRLF line ends and any letter case in the prefix and words", () => {
    const commands = parseCommands("Thanks!\r\n   /Readiness CHECK\r\n\t/readiness Signoff DOCS fine\r\n");
    expect(commands.map((c) => [c.kind, c.line, c.raw])).toEqual([
      ["check", 2, "/Readiness CHECK"],
      ["signoff", 3, "/readiness Signoff DOCS fine"],
    ]);
    expect(commands[1]!.args).toEqual({ item: "docs", note: "fine" });
  });

  it("requires the prefix at the start of the line and followed by a space or the end", () => {
    expect(kinds("please run /readiness check")).toEqual([]);
    expect(kinds("`/readiness check`")).toEqual([]);
    expect(kinds("/readinesscheck")).toEqual([]);
    expect(kinds("/readiness: check")).toEqual([]);
    expect(kinds("- /readiness check")).toEqual([]);
    expect(kinds("/readiness\tcheck")).toEqual(["check"]);
  });

  it("uses the policy's prefix instead of the default", () => {
    expect(kinds("/rr waive docs 2d late", "/rr")).toEqual(["waive"]);
    expect(kinds("/readiness check", "/rr")).toEqual([]);
  });

  it("reads several commands, one per line, with their 1-based line numbers", () => {
    const body = ["Looks good.", "/readiness signoff docs", "", "/readiness waive monitoring 3d dashboards land Monday", "Cheers"].join("\n");
    expect(parseCommands(body).map((c) => [c.kind, c.line])).toEqual([["signoff", 2], ["waive", 4]]);
  });

  it("ignores lines inside backtick and tilde fences, longer fences and fences in list items", () => {
    const body = [
      "```",
      "/readiness waive docs 3d in a fence",
      "```",
      "~~~yaml",
      "/readiness waive docs 3d in a tilde fence",
      "```",
      "/readiness still inside: backticks do not close a tilde fence",
      "~~~",
      "````md",
      "```",
      "/readiness inside the outer four-backtick fence",
      "```",
      "````",
      "- step one:",
      "  ```",
      "  /readiness status ga",
      "  ```",
      "    ```",
      "    /readiness indented fence",
      "    ```",
      "/readiness check",
    ].join("\n");
    expect(parseCommands(body).map((c) => [c.kind, c.line])).toEqual([["check", 21]]);
  });

  it("treats an unclosed fence as running to the end, and inline code as no fence", () => {
    expect(kinds("```\n/readiness check")).toEqual([]);
    expect(kinds("```inline``` code\n/readiness check")).toEqual(["check"]);
    expect(kinds("``\n/readiness check")).toEqual(["check"]);
  });

  it("ignores block quotes, nested quotes and lazy continuation lines of a quoted paragraph", () => {
    expect(kinds("> /readiness waive docs 3d quoted")).toEqual([]);
    expect(kinds(">> /readiness check")).toEqual([]);
    expect(kinds("> - /readiness check")).toEqual([]);
    // GitHub shows the second line inside the quote: it continues the quoted paragraph.
    expect(kinds("> Please waive docs\n/readiness waive docs 3d quoted")).toEqual([]);
    // A blank line ends the quote.
    expect(kinds("> Please waive docs\n\n/readiness waive docs 3d launch")).toEqual(["waive"]);
    // A fence inside a quote ends with the quote, so the next plain line is not lazy.
    expect(kinds("> ```\n> /readiness check\n/readiness check")).toEqual(["check"]);
    // A list item interrupts the quoted paragraph.
    expect(kinds("> quoted\n- item\n/readiness check")).toEqual(["check"]);
  });

  it("ignores HTML comments, inline or across lines, and strips them from a command", () => {
    expect(kinds("<!-- /readiness check -->")).toEqual([]);
    expect(kinds("<!--\n/readiness check\n-->\n/readiness help")).toEqual(["help"]);
    expect(kinds("<!-- a --> /readiness check")).toEqual([]);
    expect(kinds("text <!-- opens\n/readiness check\nstill --> /readiness check\n/readiness help")).toEqual(["help"]);
    expect(kinds("<!-- one --> x <!-- two\n/readiness check\n-->")).toEqual([]);
    const command = only("/readiness signoff docs <!-- hidden --> reviewed");
    expect(command.args).toEqual({ item: "docs", note: "reviewed" });
  });

  it("does not let a fence inside an HTML comment, or a comment inside a fence, change state", () => {
    expect(kinds("<!--\n```\n-->\n/readiness check")).toEqual(["check"]);
    expect(kinds("```\n<!--\n```\n/readiness check")).toEqual(["check"]);
  });

  it("reads at most ten commands and says so on the eleventh", () => {
    const body = Array.from({ length: 14 }, () => "/readiness check").join("\n");
    const commands = parseCommands(body);
    expect(commands).toHaveLength(COMMAND_LIMITS.maxCommandsPerComment + 1);
    expect(commands.slice(0, 10).every((c) => c.kind === "check")).toBe(true);
    const last = commands[10]!;
    expect(last.kind).toBe("invalid");
    expect(last.line).toBe(11);
    if (last.kind === "invalid") expect(last.args.command).toBe("comment");
  });
});

describe("parseCommands: arguments", () => {
  it("parses signoff with and without a release and a note", () => {
    expect(only("/readiness signoff docs").args).toEqual({ item: "docs" });
    expect(only("/readiness signoff checkout-v2 docs  reviewed   by docs team ").args)
      .toEqual({ release: "checkout-v2", item: "docs", note: "reviewed   by docs team" });
    expect(only("/readiness signoff Checkout-V2 support_training").args).toEqual({ release: "checkout-v2", item: "support_training" });
  });

  it("takes the first word as the item when it is one, so a note may start with an item name", () => {
    expect(only("/readiness signoff docs monitoring looks fine too").args).toEqual({ item: "docs", note: "monitoring looks fine too" });
  });

  it("explains a missing or misspelt item, with a suggestion", () => {
    expect(problemOf("/readiness signoff")).toMatch(/name a checklist item: analytics, docs/);
    expect(problemOf("/readiness signoff doc")).toMatch(/"doc" is not a checklist item \(did you mean docs\?\)/);
    expect(problemOf("/readiness signoff checkout-v2 monitorng")).toMatch(/"monitorng" is not a checklist item \(did you mean monitoring\?\)/);
    expect(problemOf("/readiness signoff Bad!Name docs")).toMatch(/"Bad!Name" is not a release name/);
  });

  it("gives the usage with the prefix in every problem", () => {
    const command = only("/readiness waive docs");
    expect(command.kind === "invalid" && command.args.usage).toBe(commandUsage("waive"));
    const custom = parseCommands("/rr waive docs", "/rr")[0]!;
    expect(custom.kind === "invalid" && custom.args.usage).toBe("/rr waive [release] <item> <N>d <reason>");
  });

  it("parses waive with days and a required reason", () => {
    expect(only("/readiness waive docs 3d docs ship with 2.1").args).toEqual({ item: "docs", days: 3, reason: "docs ship with 2.1" });
    expect(only("/readiness waive checkout-v2 monitoring 14D alerts next sprint").args)
      .toEqual({ release: "checkout-v2", item: "monitoring", days: 14, reason: "alerts next sprint" });
    expect(only("/readiness waive docs 0d zero days parse; the rules refuse them").args).toMatchObject({ days: 0 });
  });

  it("refuses a waive without days, with malformed days or without a reason", () => {
    expect(problemOf("/readiness waive docs")).toMatch(/how long/);
    expect(problemOf("/readiness waive docs 3 days late")).toMatch(/"3" is not a number of days/);
    expect(problemOf("/readiness waive docs 3days late")).toMatch(/"3days" is not a number of days/);
    expect(problemOf("/readiness waive docs -3d late")).toMatch(/not a number of days/);
    expect(problemOf("/readiness waive docs 99999d late")).toMatch(/not a number of days/);
    expect(problemOf("/readiness waive docs 3d")).toMatch(/needs a reason/);
    expect(problemOf("/readiness waive docs 3d    ")).toMatch(/needs a reason/);
  });

  it("refuses notes and reasons longer than the limit", () => {
    const long = "x".repeat(COMMAND_LIMITS.maxTextLength + 1);
    expect(problemOf(`/readiness waive docs 3d ${long}`)).toMatch(/reason is 501 characters/);
    expect(problemOf(`/readiness signoff docs ${long}`)).toMatch(/note is 501 characters/);
    expect(only(`/readiness signoff docs ${"x".repeat(COMMAND_LIMITS.maxTextLength)}`).kind).toBe("signoff");
  });

  it("refuses an over-long command line and keeps its raw text bounded", () => {
    const command = only(`/readiness signoff docs ${"y ".repeat(2_000)}`);
    expect(command.kind).toBe("invalid");
    expect(command.raw.length).toBe(COMMAND_LIMITS.maxCommandLineLength);
  });

  it("parses revoke with an optional kind", () => {
    expect(only("/readiness revoke docs").args).toEqual({ item: "docs" });
    expect(only("/readiness revoke docs signoff").args).toEqual({ item: "docs", target: "signoff" });
    expect(only("/readiness revoke checkout-v2 docs Waivers").args).toEqual({ release: "checkout-v2", item: "docs", target: "waiver" });
    expect(problemOf("/readiness revoke docs everything")).toMatch(/"everything" is not what revoke withdraws/);
    expect(problemOf("/readiness revoke docs waiver now")).toMatch(/unexpected words/);
  });

  it("parses status with an optional release", () => {
    expect(only("/readiness status ga").args).toEqual({ status: "ga" });
    expect(only("/readiness status checkout-v2 Rollback").args).toEqual({ release: "checkout-v2", status: "rollback" });
    expect(problemOf("/readiness status")).toMatch(/name the new status/);
    expect(problemOf("/readiness status bta")).toMatch(/did you mean beta/);
    expect(problemOf("/readiness status checkout-v2 gaa")).toMatch(/"gaa" is not a status/);
    expect(problemOf("/readiness status ga now")).toMatch(/unexpected words/);
  });

  it("parses notes with an optional release and audience", () => {
    expect(only("/readiness notes").args).toEqual({});
    expect(only("/readiness notes support").args).toEqual({ audience: "support" });
    expect(only("/readiness notes checkout-v2").args).toEqual({ release: "checkout-v2" });
    expect(only("/readiness notes checkout-v2 enterprise").args).toEqual({ release: "checkout-v2", audience: "enterprise" });
    expect(problemOf("/readiness notes checkout-v2 everyone")).toMatch(/"everyone" is not an audience/);
    expect(problemOf("/readiness notes @team")).toMatch(/neither an audience/);
    expect(problemOf("/readiness notes new support")).toMatch(/unexpected words/);
  });

  it("parses help, ignoring words after it, and reports unknown subcommands", () => {
    expect(only("/readiness help me").kind).toBe("help");
    expect(only("/readiness frobnicate docs")).toEqual({ kind: "unknown", args: { word: "frobnicate" }, raw: "/readiness frobnicate docs", line: 1 });
    const long = only(`/readiness ${"z".repeat(5_000)}`);
    expect(long.kind === "unknown" && long.args.word.length).toBeLessThanOrEqual(COMMAND_LIMITS.maxEchoedToken + 1);
  });
});
