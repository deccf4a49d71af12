import { describe, expect, it } from "vitest";
import { decideCommand, decideComment, isEditedComment } from "../../../src/domain/commands/decide.js";
import type { CommandActor, CommandContext, CommandDecision, PullRequestRelease } from "../../../src/domain/commands/decision.js";
import { parseCommands, type ParsedCommand } from "../../../src/domain/commands/grammar.js";
import { helpText } from "../../../src/domain/commands/help.js";
import { evaluateRelease } from "../../../src/domain/evaluation/release.js";
import { applyCommandsToLedger, type AcceptedLedgerCommand } from "../../../src/domain/ledger/apply-changes.js";
import { EMPTY_LEDGER, type Ledger, type LedgerEntry } from "../../../src/domain/ledger/ledger.js";
import { mergePolicy } from "../../../src/domain/policy/resolve.js";
import type { PolicyFile } from "../../../src/domain/policy/schema.js";
import { completeManifestData, parseManifestData } from "../fixtures/manifests.js";
import { signoff, waiver } from "../ledger/entries.js";

const NOW = new Date("2026-12-01T12:00:00Z");
const CREATED = "2026-12-01T11:58:00Z";

const POLICY_FILE: PolicyFile = {
  signoffs: { docs: ["@acme/docs", "@carol"], monitoring: "maintain" },
  waivers: { allowed: "maintain", max_days: 14 },
};

function actor(login: string, permission: CommandActor["permission"], extra: Partial<CommandActor> = {}): CommandActor {
  return { login, type: "User", permission, teams: [], ...extra };
}

const MAINTAINER = actor("mona", "maintain");
const WRITER = actor("wes", "write");
const DOCS_MEMBER = actor("dora", "read", { teams: ["@acme/docs"] });

interface Scenario {
  actor?: CommandActor;
  policy?: PolicyFile;
  releases?: PullRequestRelease[];
  ledger?: LedgerEntry[];
  edited?: boolean;
  prAuthor?: string;
  commentId?: number;
  createdAt?: string;
}

function context(scenario: Scenario = {}): CommandContext {
  return {
    actor: scenario.actor ?? MAINTAINER,
    prAuthor: scenario.prAuthor ?? "octocat",
    policy: mergePolicy(scenario.policy ?? POLICY_FILE),
    releases: scenario.releases ?? [{ release: "checkout-v2", status: "beta", baseStatus: "beta" }],
    ledger: { entries: scenario.ledger ?? [] },
    now: NOW,
    comment: { id: scenario.commentId ?? 101, createdAt: scenario.createdAt ?? CREATED, edited: scenario.edited ?? false },
  };
}

function command(line: string, prefix?: string): ParsedCommand {
  const [parsed] = parseCommands(line, prefix);
  if (!parsed) throw new Error(`no command in ${line}`);
  return parsed;
}

function decide(line: string, scenario: Scenario = {}): CommandDecision {
  return decideCommand(command(line), context(scenario));
}

function accepted(decision: CommandDecision): Extract<CommandDecision, { outcome: "accepted" }> {
  if (decision.outcome !== "accepted") throw new Error(`expected acceptance, got ${decision.code}: ${decision.reason}`);
  return decision;
}

function refused(decision: CommandDecision): Extract<CommandDecision, { outcome: "refused" }> {
  if (decision.outcome !== "refused") throw new Error(`expected a refusal, got ${decision.effect.type}: ${decision.message}`);
  return decision;
}

describe("check, notes and help", () => {
  it("lets people with write permission re-evaluate, and nobody below", () => {
    expect(accepted(decide("/readiness check", { actor: WRITER })).effect).toEqual({ type: "evaluate" });
    const refusal = refused(decide("/readiness", { actor: actor("rita", "triage") }));
    expect(refusal.code).toBe("not_authorised");
    expect(refusal.whoCan).toBe("people with write permission or above");
  });

  it("posts notes for every release and the policy's audiences unless told which", () => {
    const releases: PullRequestRelease[] = [{ release: "checkout-v2", status: "beta" }, { release: "search", status: "ga" }];
    const policy: PolicyFile = { notes: { audiences: ["new", "support"] } };
    expect(accepted(decide("/readiness notes", { actor: WRITER, releases, policy })).effect)
      .toEqual({ type: "post_notes", releases: ["checkout-v2", "search"], audiences: ["new", "support"] });
    expect(accepted(decide("/readiness notes search support", { actor: WRITER, releases, policy })).effect)
      .toEqual({ type: "post_notes", releases: ["search"], audiences: ["support"] });
    const refusal = refused(decide("/readiness notes enterprise", { actor: WRITER, releases, policy }));
    expect(refusal.code).toBe("audience_not_enabled");
    expect(refusal.reason).toContain("`new` and `support`");
  });

  it("answers help to anyone, with the help text", () => {
    const decision = accepted(decide("/readiness help", { actor: actor("stranger", "none") }));
    expect(decision.effect.type).toBe("help");
    expect(decision.message).toBe(helpText(mergePolicy(POLICY_FILE)));
  });

  it("refuses unknown and malformed commands with the reason, the usage and the help", () => {
    const unknown = refused(decide("/readiness approve"));
    expect(unknown.code).toBe("unknown_command");
    expect(unknown.reason).toContain("`/readiness approve`");
    expect(unknown.help).toContain("Release Readiness commands");
    const invalid = refused(decide("/readiness waive docs 3 later"));
    expect(invalid.code).toBe("invalid_command");
    expect(invalid.reason).toContain("Usage: `/readiness waive [release] <item> <N>d <reason>`");
  });

  it("never lets a reply ping someone named in a command", () => {
    const invalid = refused(decide("/readiness signoff @acme/everyone"));
    expect(invalid.reason).not.toMatch(/@acme/);
    expect(invalid.reason).toContain("@\u200bacme");
  });

  it("shows backticks from the comment as written, in a code span with a longer fence", () => {
    expect(refused(decide("/readiness app`rove")).reason).toBe("``/readiness app`rove`` is not a command.");
    const releases: PullRequestRelease[] = [{ release: "checkout-v2", status: "beta" }, { release: "search", status: "ga" }];
    expect(refused(decide("/readiness waive docs 3d see `docs`", { releases })).reason).toContain("`` /readiness waive checkout-v2 docs 3d see `docs` ``");
  });
});

describe("edited comments and bots", () => {
  it("refuses every command of an edited comment and asks for it again", () => {
    for (const line of ["/readiness check", "/readiness signoff docs", "/readiness waive docs 3d x", "/readiness help"]) {
      const refusal = refused(decide(line, { edited: true, actor: actor("admin", "admin") }));
      expect(refusal.code).toBe("edited");
      expect(refusal.reason).toMatch(/post the command again/i);
    }
  });

  it("tells edited comments apart from fresh ones", () => {
    expect(isEditedComment({ created_at: CREATED, updated_at: CREATED })).toBe(false);
    expect(isEditedComment({ created_at: CREATED, updated_at: "2026-12-01T12:00:00Z" })).toBe(true);
    expect(isEditedComment({ created_at: CREATED, updated_at: CREATED }, "edited")).toBe(true);
    expect(isEditedComment({ created_at: CREATED }, "created")).toBe(false);
  });

  it("never lets a bot change state, whatever its permission, but lets it re-evaluate", () => {
    const bot = actor("release-bot[bot]", "admin", { type: "Bot", teams: ["@acme/docs"] });
    for (const line of ["/readiness signoff docs", "/readiness waive docs 3d x", "/readiness revoke docs", "/readiness status ga"]) {
      expect(refused(decide(line, { actor: bot, ledger: [signoff("dora")] })).code).toBe("bot");
    }
    const named = actor("renovate[bot]", "admin");
    expect(refused(decide("/readiness waive docs 3d x", { actor: named })).code).toBe("bot");
    expect(accepted(decide("/readiness check", { actor: bot })).effect.type).toBe("evaluate");
  });
});

describe("signoff", () => {
  it("accepts a team member, a listed user or the listed permission level", () => {
    expect(accepted(decide("/readiness signoff docs", { actor: DOCS_MEMBER })).ledger.entries).toHaveLength(1);
    expect(accepted(decide("/readiness signoff docs", { actor: actor("Carol", "read") })).ledger.entries).toHaveLength(1);
    expect(accepted(decide("/readiness signoff monitoring", { actor: actor("ada", "admin") })).ledger.entries).toHaveLength(1);
  });

  it("records who, when (the comment's creation), which comment and the note", () => {
    const decision = accepted(decide("/readiness signoff docs reviewed the pages", { actor: DOCS_MEMBER, commentId: 555 }));
    expect(decision.ledger.entries).toEqual([
      { kind: "signoff", release: "checkout-v2", item: "docs", by: "dora", at: "2026-12-01T11:58:00.000Z", note: "reviewed the pages", commentId: 555 },
    ]);
    expect(decision.effect).toEqual({ type: "ledger", record: { commentId: 555, line: 1, at: "2026-12-01T11:58:00.000Z", changes: [{ op: "add", entry: decision.ledger.entries[0] }] } });
    expect(decision.message).toBe("Signed off `docs` for `checkout-v2`.");
  });

  it("refuses non-members and says who can", () => {
    const refusal = refused(decide("/readiness signoff docs", { actor: actor("wes", "admin", { teams: ["@acme/web"] }) }));
    expect(refusal.code).toBe("not_authorised");
    expect(refusal.whoCan).toBe("members of `@acme/docs` or `@carol`, other than the PR's author");
    expect(refused(decide("/readiness signoff monitoring", { actor: WRITER })).whoCan)
      .toBe("people with maintain permission or above, other than the PR's author");
  });

  it("never lets the PR's author sign off their own release PR", () => {
    const refusal = refused(decide("/readiness signoff docs", { actor: DOCS_MEMBER, prAuthor: "Dora" }));
    expect(refusal.code).toBe("pr_author");
  });

  it("refuses a sign-off the policy does not ask for, naming the items that need one", () => {
    const refusal = refused(decide("/readiness signoff analytics", { actor: actor("ada", "admin") }));
    expect(refusal.code).toBe("signoff_not_required");
    expect(refusal.reason).toContain("`docs` and `monitoring`");
  });

  it("replaces the same person's earlier sign-off and keeps other people's", () => {
    const decision = accepted(decide("/readiness signoff docs again", { actor: DOCS_MEMBER, ledger: [signoff("DORA"), signoff("carol")] }));
    expect(decision.ledger.entries.map((e) => e.by).sort()).toEqual(["carol", "dora"]);
    expect(decision.message).toContain("replacing your earlier sign-off");
  });

  it("says when the item is not required at the release's status", () => {
    const decision = accepted(decide("/readiness signoff docs", { actor: DOCS_MEMBER, releases: [{ release: "checkout-v2", status: "experiment" }] }));
    expect(decision.message).toContain("`docs` is not required at `experiment`");
  });

  it("makes the item count once evaluation reads the new ledger", () => {
    const manifest = parseManifestData(completeManifestData()).manifest;
    const policy = mergePolicy(POLICY_FILE);
    expect(evaluateRelease(manifest, policy, EMPTY_LEDGER, NOW).items.find((i) => i.item === "docs")?.state).toBe("needs_signoff");
    const { ledger } = accepted(decide("/readiness signoff docs", { actor: DOCS_MEMBER }));
    expect(evaluateRelease(manifest, policy, ledger, NOW).items.find((i) => i.item === "docs")?.state).toBe("met");
  });
});

describe("waive", () => {
  it("records a waiver until the comment's time plus N days", () => {
    const decision = accepted(decide("/readiness waive docs 3d docs ship Monday"));
    expect(decision.ledger.entries).toEqual([{
      kind: "waiver", release: "checkout-v2", item: "docs", by: "mona", at: "2026-12-01T11:58:00.000Z",
      until: "2026-12-04T11:58:00.000Z", reason: "docs ship Monday", commentId: 101,
    }]);
    expect(decision.message).toBe("Waived `docs` for `checkout-v2` until 2026-12-04 11:58 UTC.");
  });

  it("counts from when the command was posted, not when it is processed", () => {
    const late = decideCommand(command("/readiness waive docs 2d x"), { ...context(), now: new Date("2026-12-01T18:00:00Z") });
    expect(accepted(late).ledger.entries[0]).toMatchObject({ until: "2026-12-03T11:58:00.000Z" });
    const unreadableTime = accepted(decide("/readiness waive docs 2d x", { createdAt: "yesterday" }));
    expect(unreadableTime.ledger.entries[0]).toMatchObject({ at: NOW.toISOString(), until: "2026-12-03T12:00:00.000Z" });
  });

  it("allows 1 to max_days days", () => {
    expect(accepted(decide("/readiness waive docs 1d x")).ledger.entries).toHaveLength(1);
    expect(accepted(decide("/readiness waive docs 14d x")).ledger.entries).toHaveLength(1);
    expect(refused(decide("/readiness waive docs 15d x")).code).toBe("days_out_of_range");
    expect(refused(decide("/readiness waive docs 0d x")).reason).toContain("from 1 to 14 days");
    expect(accepted(decide("/readiness waive docs 30d x", { policy: { waivers: { max_days: 30 } } })).ledger.entries).toHaveLength(1);
  });

  it("follows waivers.allowed and never lets the PR's author waive", () => {
    expect(refused(decide("/readiness waive docs 3d x", { actor: WRITER })).whoCan).toBe("people with maintain permission or above, other than the PR's author");
    expect(accepted(decide("/readiness waive docs 3d x", { actor: WRITER, policy: { waivers: { allowed: "write" } } })).ledger.entries).toHaveLength(1);
    expect(refused(decide("/readiness waive docs 3d x", { actor: actor("ada", "admin"), policy: { waivers: { allowed: "admin" } }, prAuthor: "ada" })).code).toBe("pr_author");
    expect(refused(decide("/readiness waive docs 3d x", { actor: MAINTAINER, policy: { waivers: { allowed: "admin" } } })).whoCan)
      .toBe("people with admin permission, other than the PR's author");
  });

  it("replaces an earlier waiver of the item, so a waiver can be shortened", () => {
    const decision = accepted(decide("/readiness waive docs 1d shorter", { ledger: [waiver("ada", "docs", "checkout-v2", "2026-12-10T00:00:00.000Z"), waiver("ada", "monitoring")] }));
    expect(decision.ledger.entries.filter((e) => e.item === "docs")).toEqual([expect.objectContaining({ reason: "shorter", until: "2026-12-02T11:58:00.000Z" })]);
    expect(decision.ledger.entries.filter((e) => e.item === "monitoring")).toHaveLength(1);
    expect(decision.message).toContain("replaces the earlier waiver");
  });

  it("accepts waiving an item its status does not require, and says it changes nothing yet", () => {
    const decision = accepted(decide("/readiness waive docs 3d x", { releases: [{ release: "checkout-v2", status: "experiment" }] }));
    expect(decision.message).toContain("`docs` is not required at `experiment`");
  });
});

describe("revoke", () => {
  const ledger = [signoff("dora"), signoff("carol"), waiver("mona"), signoff("dora", "monitoring"), waiver("mona", "docs", "search")];
  const releases: PullRequestRelease[] = [{ release: "checkout-v2", status: "beta" }, { release: "search", status: "beta" }];

  it("withdraws every sign-off and waiver of the item for that release only", () => {
    const decision = accepted(decide("/readiness revoke checkout-v2 docs", { actor: DOCS_MEMBER, ledger, releases }));
    expect(decision.ledger.entries).toEqual([signoff("dora", "monitoring"), waiver("mona", "docs", "search")]);
    expect(decision.message).toBe("Revoked 2 sign-offs and 1 waiver of `docs` for `checkout-v2`.");
    expect(decision.effect).toMatchObject({ type: "ledger", record: { changes: [{ op: "remove", release: "checkout-v2", item: "docs", kinds: ["signoff", "waiver"] }] } });
  });

  it("withdraws only the kind named", () => {
    const signoffsOnly = accepted(decide("/readiness revoke checkout-v2 docs signoff", { ledger, releases }));
    expect(signoffsOnly.ledger.entries.filter((e) => e.release === "checkout-v2" && e.item === "docs")).toEqual([waiver("mona")]);
    const waiversOnly = accepted(decide("/readiness revoke checkout-v2 docs waiver", { ledger, releases }));
    expect(waiversOnly.ledger.entries.filter((e) => e.release === "checkout-v2" && e.item === "docs").map((e) => e.kind)).toEqual(["signoff", "signoff"]);
  });

  it("is open to whoever may sign off or waive the item, and nobody else", () => {
    expect(accepted(decide("/readiness revoke checkout-v2 docs", { actor: actor("carol", "read"), ledger, releases })).effect.type).toBe("ledger");
    expect(accepted(decide("/readiness revoke checkout-v2 docs", { actor: MAINTAINER, ledger, releases })).effect.type).toBe("ledger");
    const refusal = refused(decide("/readiness revoke checkout-v2 docs", { actor: WRITER, ledger, releases }));
    expect(refusal.code).toBe("not_authorised");
    expect(refusal.whoCan).toBe("members of `@acme/docs` or `@carol` (who sign it off) or people with maintain permission or above (who waive it), other than the PR's author");
    expect(refused(decide("/readiness revoke checkout-v2 docs", { actor: MAINTAINER, prAuthor: "mona", ledger, releases })).code).toBe("pr_author");
  });

  it("accepts a revoke with nothing to withdraw and leaves the ledger as it was", () => {
    const given = context({ ledger, releases });
    const decision = accepted(decideCommand(command("/readiness revoke search monitoring"), given));
    expect(decision.effect).toEqual({ type: "none" });
    expect(decision.ledger).toBe(given.ledger);
    expect(decision.message).toBe("There is no sign-off or waiver of `monitoring` for `search` to revoke.");
  });
});

describe("status", () => {
  it("asks for the status change when the policy allows it from the base status", () => {
    expect(accepted(decide("/readiness status ga", { actor: WRITER })).effect).toEqual({ type: "set_status", release: "checkout-v2", from: "beta", to: "ga" });
  });

  it("judges the change from the base branch's status, as the check does", () => {
    // beta -> experiment is not allowed, even though the PR's head already says ga.
    const refusal = refused(decide("/readiness status experiment", { releases: [{ release: "checkout-v2", status: "ga", baseStatus: "beta" }] }));
    expect(refusal.code).toBe("transition_not_allowed");
    expect(refusal.reason).toContain("beta -> experiment is not allowed by the policy");
    // Going back to the base status is always allowed.
    expect(accepted(decide("/readiness status beta", { releases: [{ release: "checkout-v2", status: "ga", baseStatus: "beta" }] })).effect)
      .toEqual({ type: "set_status", release: "checkout-v2", from: "ga", to: "beta" });
  });

  it("lets a new manifest take any status, and does nothing when the status is already that", () => {
    expect(accepted(decide("/readiness status ga", { releases: [{ release: "checkout-v2", status: "experiment" }] })).effect.type).toBe("set_status");
    expect(accepted(decide("/readiness status beta")).effect).toEqual({ type: "none" });
  });

  it("follows the policy's own transitions", () => {
    const policy: PolicyFile = { transitions: ["experiment -> beta"] };
    expect(refused(decide("/readiness status ga", { policy })).code).toBe("transition_not_allowed");
  });
});

describe("which release a command is about", () => {
  const releases: PullRequestRelease[] = [{ release: "checkout-v2", status: "beta" }, { release: "search", status: "ga" }];

  it("needs a name when the PR has several releases, and lists them", () => {
    const refusal = refused(decide("/readiness waive docs 3d x", { releases }));
    expect(refusal.code).toBe("ambiguous_release");
    expect(refusal.reason).toContain("`/readiness waive checkout-v2 docs 3d x`");
    expect(refusal.reason).toContain("Releases: `checkout-v2` and `search`.");
  });

  it("refuses a name that is not in the PR, even with one release", () => {
    const refusal = refused(decide("/readiness waive checkout-v3 docs 3d x"));
    expect(refusal.code).toBe("unknown_release");
    expect(refusal.reason).toContain("Releases: `checkout-v2`.");
  });

  it("refuses commands about a release when the PR has none that could be read", () => {
    expect(refused(decide("/readiness status ga", { releases: [] })).code).toBe("no_release");
    expect(refused(decide("/readiness notes", { releases: [], actor: WRITER })).code).toBe("no_release");
    expect(accepted(decide("/readiness check", { releases: [] })).effect.type).toBe("evaluate");
  });
});

describe("several commands in one comment", () => {
  it("applies them in order, each seeing the ledger the earlier ones left; refusals change nothing", () => {
    const commands = parseCommands([
      "/readiness waive docs 3d docs late",
      "/readiness signoff docs",
      "/readiness waive monitoring 3d alerts late",
      "/readiness revoke docs waiver",
    ].join("\n"));
    const { decisions, ledger } = decideComment(commands, context({ actor: MAINTAINER }));
    expect(decisions.map((d) => d.outcome)).toEqual(["accepted", "refused", "accepted", "accepted"]);
    expect(ledger.entries.map((e) => `${e.kind}:${e.item}`)).toEqual(["waiver:monitoring"]);
  });
});

describe("rebuilding the ledger", () => {
  it("rebuilds exactly what deciding the commands one by one produced", () => {
    const bodies = ["/readiness signoff docs", "/readiness waive monitoring 2d later", "/readiness revoke docs signoff\n/readiness signoff monitoring ok"];
    const actors = [DOCS_MEMBER, MAINTAINER, MAINTAINER];
    let ledger: Ledger = EMPTY_LEDGER;
    const records: AcceptedLedgerCommand[] = [];
    bodies.forEach((body, index) => {
      const result = decideComment(parseCommands(body), { ...context({ actor: actors[index]!, commentId: 200 + index, createdAt: `2026-12-01T1${index}:00:00Z` }), ledger });
      ledger = result.ledger;
      for (const decision of result.decisions) if (decision.outcome === "accepted" && decision.effect.type === "ledger") records.push(decision.effect.record);
    });
    expect(ledger.entries.map((e) => `${e.kind}:${e.item}:${e.by}`)).toEqual(["signoff:monitoring:mona", "waiver:monitoring:mona"]);
    expect(applyCommandsToLedger(EMPTY_LEDGER, [...records].reverse())).toEqual(ledger);
  });
});
