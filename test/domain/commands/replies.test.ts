import { describe, expect, it } from "vitest";
import type { CommandDecision } from "../../../src/domain/commands/decision.js";
import { parseCommands, type ParsedCommand } from "../../../src/domain/commands/grammar.js";
import {
  commandReactions, commandReply, forkStatusReply, manifestNotFoundReply, manifestUnreadableReply, notesReply, refusalLine,
  statusCommitFailedReply, statusCommitMessage, statusCommittedReply, statusEditRefusedReply, stillLacksSentence,
  type RefusedCommand, type StatusChange,
} from "../../../src/domain/commands/replies.js";
import { EMPTY_LEDGER } from "../../../src/domain/ledger/ledger.js";
import { GITHUB_TEXT_LIMIT } from "../../../src/domain/markdown/limit.js";

const command = (text: string): ParsedCommand => parseCommands(text, "/readiness")[0]!;
const refused = (text: string, extra: Partial<RefusedCommand> = {}): RefusedCommand =>
  ({ outcome: "refused", command: command(text), code: "not_authorised", reason: "You may not.", ...extra });
const accepted = (text: string): CommandDecision =>
  ({ outcome: "accepted", command: command(text), effect: { type: "none" }, ledger: EMPTY_LEDGER, message: "ok" });
const change: StatusChange = { release: "checkout-v2", to: "ga", path: "readiness/releases/checkout-v2.yml" };

describe("command replies: how the app answers a command comment", () => {
  it("quotes a refused command, says why and who can", () => {
    expect(refusalLine(refused("/readiness waive docs 3 \"because\"", { whoCan: "@carol" })))
      .toBe("- `/readiness waive docs 3 \"because\"`: You may not. Who can: @carol.");
  });

  it("defuses backticks and cuts a long command at 120 characters, and appends the help", () => {
    const long = `/readiness nope ${"`x".repeat(100)}`;
    const line = refusalLine(refused(long, { code: "unknown_command", help: "HELP" }));
    const quoted = /^- `([^`]*)`: /.exec(line)?.[1];
    expect(quoted).toHaveLength(120);
    expect(quoted).not.toContain("`");
    expect(line.endsWith("You may not.\n\nHELP")).toBe(true);
  });

  it("reacts 👍 to accepted commands and 👎 or 😕 (not understood) to refused ones", () => {
    expect(commandReactions([accepted("/readiness check")])).toEqual(["+1"]);
    expect(commandReactions([refused("/readiness check")])).toEqual(["-1"]);
    expect(commandReactions([accepted("/readiness check"), refused("/readiness x", { code: "unknown_command" })])).toEqual(["+1", "confused"]);
    expect(commandReactions([refused("/readiness check"), refused("/readiness x", { code: "invalid_command" })])).toEqual(["confused"]);
    expect(commandReactions([])).toEqual([]);
  });

  it("gives the asked-for audiences' notes for the asked-for releases", () => {
    const notes = [
      { audience: "new" as const, label: "New users", releases: [{ release: "a", markdown: "A new" }, { release: "b", markdown: "B new" }] },
      { audience: "support" as const, label: "Support", releases: [{ release: "b", markdown: "B support" }] },
      { audience: "existing" as const, label: "Existing users", releases: [{ release: "a", markdown: "A existing" }] },
    ];
    expect(notesReply(notes, { audiences: ["new", "support"], releases: ["a"] }))
      .toBe("### New users\n\nA new\n\n### Support\n\n_No changes for this audience._");
  });

  it("addresses the commenter and stays within GitHub's comment limit", () => {
    expect(commandReply("dev", ["one", "two"])).toBe("@dev\n\none\n\ntwo");
    const huge = commandReply("dev", ["x\n".repeat(GITHUB_TEXT_LIMIT)]);
    expect(huge.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(huge).toContain("The rest is in the checks.");
  });

  it("words a status change: what is missing, a fork's line to change, a commit, a failure", () => {
    expect(manifestNotFoundReply("x")).toBe("Cannot find the manifest of x.");
    expect(manifestUnreadableReply("a.yml")).toBe("Cannot read `a.yml` at the PR's head.");
    expect(statusEditRefusedReply("a.yml", { message: "no status key", line: 3 })).toBe("Cannot change the status in `a.yml`: no status key (line 3).");
    expect(stillLacksSentence({ ready: true, status: "ga", blockers: [] })).toBe("At `ga` it is ready.");
    expect(stillLacksSentence({ ready: false, status: "ga", blockers: ["docs", "monitoring"] })).toBe("At `ga` it still lacks:\n- docs\n- monitoring");
    expect(forkStatusReply(change, 4, "status: ga # moved", "LACKS")).toBe([
      "This PR comes from a fork, so the app cannot commit to it. To move **checkout-v2** to `ga`, change line 4 of `readiness/releases/checkout-v2.yml` to:",
      "", "```yaml", "status: ga # moved", "```", "", "LACKS",
    ].join("\n"));
    expect(forkStatusReply(change, 4, undefined, "")).toContain("```yaml\nstatus: ga\n```");
    expect(statusCommittedReply(change, "0123456789abcdef", "LACKS")).toBe("Moved **checkout-v2** to `ga` in 0123456. LACKS");
    expect(statusCommitFailedReply(change, "release/x", "GitHub answered 409: conflict", 4))
      .toBe("Could not commit the status change to `release/x`: GitHub answered 409: conflict. Change line 4 of `readiness/releases/checkout-v2.yml` to `status: ga` by hand.");
    expect(statusCommitMessage(change, { htmlUrl: "https://github.com/a/b/pull/1#issuecomment-9", author: { login: "dev", id: 42 } }))
      .toBe("Set checkout-v2 status to ga\n\nRequested in https://github.com/a/b/pull/1#issuecomment-9\n\nCo-authored-by: dev <42+dev@users.noreply.github.com>");
  });
});
