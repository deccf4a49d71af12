import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideComment } from "../../../src/domain/commands/decide.js";
import type { CommandActor, CommandContext } from "../../../src/domain/commands/decision.js";
import { parseCommands } from "../../../src/domain/commands/grammar.js";
import type { Ledger, LedgerEntry } from "../../../src/domain/ledger/ledger.js";
import { mergePolicy } from "../../../src/domain/policy/resolve.js";
import { CHECKLIST_ITEMS, PERMISSION_LEVELS, permissionAtLeast, type ChecklistItem } from "../../../src/domain/vocabulary.js";

/**
 * Every command against every kind of person: the outcome follows docs/reference/commands.md and a refused command
 * leaves the ledger exactly as it was.
 */

const PR_AUTHOR = "octocat";
const POLICY = mergePolicy({
  signoffs: { docs: ["@acme/docs", "@carol"], monitoring: "maintain" },
  waivers: { allowed: "maintain", max_days: 14 },
});

const user = (login: string, permission: CommandActor["permission"], teams: string[] = []): CommandActor =>
  ({ login, type: "User", permission, teams });

const ACTORS = {
  outsider: user("olga", "none"),
  reader: user("rita", "read"),
  triager: user("tom", "triage"),
  writer: user("wes", "write"),
  maintainer: user("mona", "maintain"),
  admin: user("ada", "admin"),
  docsMember: user("dora", "read", ["@acme/docs"]),
  listedUser: user("carol", "read"),
  otherTeamWriter: user("otto", "write", ["@acme/web"]),
  author: user(PR_AUTHOR, "admin", ["@acme/docs"]),
  bot: { login: "release-bot[bot]", type: "Bot", permission: "admin", teams: ["@acme/docs"] } satisfies CommandActor,
} as const;
type ActorName = keyof typeof ACTORS;

const EXISTING: LedgerEntry[] = [
  { kind: "signoff", release: "checkout-v2", item: "docs", by: "carol", at: "2026-11-30T09:00:00.000Z", commentId: 1 },
  { kind: "waiver", release: "checkout-v2", item: "monitoring", by: "mona", at: "2026-11-30T09:00:00.000Z", until: "2026-12-05T09:00:00.000Z", reason: "alerts next week", commentId: 2 },
];

const COMMANDS = {
  check: "/readiness check",
  signoffDocs: "/readiness signoff docs reviewed",
  signoffMonitoring: "/readiness signoff monitoring",
  waiveDocs: "/readiness waive docs 3d docs land Monday",
  revokeDocs: "/readiness revoke docs",
  revokeMonitoringWaiver: "/readiness revoke monitoring waiver",
  status: "/readiness status ga",
  notes: "/readiness notes support",
  help: "/readiness help",
} as const;
type CommandName = keyof typeof COMMANDS;

const WRITE: ActorName[] = ["writer", "maintainer", "admin", "otherTeamWriter", "author"];
const MAINTAIN: ActorName[] = ["maintainer", "admin"];
const ALL = Object.keys(ACTORS) as ActorName[];

/** Who is accepted for each command; everyone else is refused. */
const ACCEPTED: Record<CommandName, ActorName[]> = {
  check: [...WRITE, "bot"],
  notes: [...WRITE, "bot"],
  help: ALL,
  status: WRITE,
  signoffDocs: ["docsMember", "listedUser"],
  signoffMonitoring: MAINTAIN,
  waiveDocs: MAINTAIN,
  revokeDocs: ["docsMember", "listedUser", ...MAINTAIN],
  revokeMonitoringWaiver: MAINTAIN,
};

/** Commands that change the ledger when accepted. */
const LEDGER_COMMANDS: CommandName[] = ["signoffDocs", "signoffMonitoring", "waiveDocs", "revokeDocs", "revokeMonitoringWaiver"];

function contextFor(actor: CommandActor, ledger: Ledger = { entries: EXISTING }): CommandContext {
  return {
    actor,
    prAuthor: PR_AUTHOR,
    policy: POLICY,
    releases: [{ release: "checkout-v2", status: "beta", baseStatus: "beta" }],
    ledger,
    now: new Date("2026-12-01T12:00:00Z"),
    comment: { id: 900, createdAt: "2026-12-01T11:59:00Z", edited: false },
  };
}

describe("authorisation matrix", () => {
  for (const commandName of Object.keys(COMMANDS) as CommandName[]) {
    for (const actorName of ALL) {
      const shouldAccept = ACCEPTED[commandName].includes(actorName);
      it(`${commandName} by ${actorName} is ${shouldAccept ? "accepted" : "refused"}`, () => {
        const context = contextFor(ACTORS[actorName]);
        const snapshot = structuredClone(context.ledger);
        const { decisions, ledger } = decideComment(parseCommands(COMMANDS[commandName]), context);
        expect(decisions).toHaveLength(1);
        const decision = decisions[0]!;
        expect(decision.outcome).toBe(shouldAccept ? "accepted" : "refused");
        if (decision.outcome === "refused") {
          expect(ledger).toBe(context.ledger);
          expect(ledger).toEqual(snapshot);
          expect(decision.reason.length).toBeGreaterThan(0);
          if (actorName === "bot") expect(decision.code).toBe("bot");
          else if (actorName === "author") expect(decision.code).toBe("pr_author");
          else expect(decision.code).toBe("not_authorised");
          expect(decision.whoCan).toBeTruthy();
        } else if (LEDGER_COMMANDS.includes(commandName)) {
          expect(decision.effect.type).toBe("ledger");
          expect(ledger).not.toEqual(snapshot);
        } else {
          expect(ledger).toBe(context.ledger);
        }
        // The input ledger is never mutated, accepted or not.
        expect(context.ledger).toEqual(snapshot);
      });
    }
  }

  it("refuses everything in an edited comment, for everyone, without touching the ledger", () => {
    for (const actorName of ALL) {
      for (const line of Object.values(COMMANDS)) {
        const context = { ...contextFor(ACTORS[actorName]), comment: { id: 1, createdAt: "2026-12-01T11:59:00Z", edited: true } };
        const { decisions, ledger } = decideComment(parseCommands(line), context);
        expect(decisions.map((d) => d.outcome === "refused" && d.code)).toEqual(["edited"]);
        expect(ledger).toBe(context.ledger);
      }
    }
  });
});

/** An independent statement of who may change an item's ledger entries, for the property below. */
function mayChange(actor: CommandActor, kind: "signoff" | "waive" | "revoke", item: ChecklistItem): boolean {
  if (actor.type === "Bot" || actor.login.endsWith("[bot]") || actor.login.toLowerCase() === PR_AUTHOR) return false;
  const signers = POLICY.signoffs[item] ?? [];
  const signs = signers.some((s) =>
    (PERMISSION_LEVELS as readonly string[]).includes(s) ? permissionAtLeast(actor.permission, s as (typeof PERMISSION_LEVELS)[number])
      : s.includes("/") ? actor.teams.includes(s) : s === `@${actor.login}`);
  const waives = permissionAtLeast(actor.permission, POLICY.waivers.allowed);
  if (kind === "signoff") return signs;
  if (kind === "waive") return waives;
  return signs || waives;
}

describe("no unauthorised change of state, for any person and command", () => {
  const actorArb = fc.record({
    login: fc.constantFrom("olga", "carol", "dora", PR_AUTHOR, "OctoCat", "ci[bot]", "mona"),
    type: fc.constantFrom("User" as const, "Bot" as const),
    permission: fc.constantFrom("none" as const, ...PERMISSION_LEVELS),
    teams: fc.subarray(["@acme/docs", "@acme/web", "@other/docs"]),
  });
  const itemArb = fc.constantFrom(...CHECKLIST_ITEMS);
  const lineArb = fc.oneof(
    itemArb.map((item) => `/readiness signoff ${item}`),
    fc.tuple(itemArb, fc.integer({ min: -1, max: 20 })).map(([item, days]) => `/readiness waive ${item} ${days}d reason`),
    fc.tuple(itemArb, fc.constantFrom("", " signoff", " waiver")).map(([item, kind]) => `/readiness revoke ${item}${kind}`),
    fc.constantFrom("/readiness status ga", "/readiness status experiment", "/readiness check", "/readiness notes", "/readiness help", "/readiness bogus"),
  );
  const entryArb: fc.Arbitrary<LedgerEntry> = fc.oneof(
    fc.record({ item: itemArb, by: fc.constantFrom("carol", "mona") }).map(({ item, by }) =>
      ({ kind: "signoff" as const, release: "checkout-v2", item, by, at: "2026-11-30T09:00:00.000Z" })),
    fc.record({ item: itemArb, by: fc.constantFrom("carol", "mona") }).map(({ item, by }) =>
      ({ kind: "waiver" as const, release: "checkout-v2", item, by, at: "2026-11-30T09:00:00.000Z", until: "2026-12-04T09:00:00.000Z", reason: "r" })),
  );

  it("changes the ledger only for someone allowed to, and never for a refusal", () => {
    fc.assert(fc.property(actorArb, fc.array(lineArb, { minLength: 1, maxLength: 4 }), fc.array(entryArb, { maxLength: 6 }), (actor, lines, entries) => {
      let ledger: Ledger = { entries };
      for (const line of lines) {
        const before = ledger;
        const snapshot = JSON.stringify(before);
        const { decisions, ledger: after } = decideComment(parseCommands(line), contextFor(actor, before));
        const decision = decisions[0]!;
        expect(JSON.stringify(before)).toBe(snapshot);
        if (decision.outcome === "refused" || decision.effect.type !== "ledger") {
          expect(after).toBe(before);
        } else {
          const command = decision.command;
          if (command.kind !== "signoff" && command.kind !== "waive" && command.kind !== "revoke") throw new Error(`ledger changed by ${command.kind}`);
          expect(mayChange(actor, command.kind, command.args.item)).toBe(true);
        }
        ledger = after;
      }
    }), { numRuns: 400 });
  });
});
