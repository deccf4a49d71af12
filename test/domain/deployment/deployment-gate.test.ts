import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decideDeployment, DEPLOYMENT_COMMENT_LIMIT, notGuardedDecision, undeterminedDecision } from "../../../src/domain/deployment/decision.js";
import { judgeShippedRelease, type ReleaseJudgement, type ShippedManifest } from "../../../src/domain/deployment/judge.js";
import { isGuardedEnvironment, shippedManifests } from "../../../src/domain/deployment/shipped.js";
import { EMPTY_LEDGER, type LedgerEntry } from "../../../src/domain/ledger/ledger.js";
import { parseManifest } from "../../../src/domain/manifest/parse.js";
import { defaultPolicy, mergePolicy } from "../../../src/domain/policy/resolve.js";
import { fileProblem } from "../../../src/domain/source/problems.js";
import { CHECKOUT_BETA, CHECKOUT_BETA_READY } from "../../support/examples.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const example = (name: string) => readFileSync(new URL(`../../../readiness/examples/${name}`, import.meta.url), "utf8");
const BETA = CHECKOUT_BETA;
const TRAINED = CHECKOUT_BETA_READY;
const ROLLBACK = example("bulk-edit-rollback.yml");
const PATH = "readiness/checkout-v2.yml";

function shipped(text: string, ledger: LedgerEntry[] = [], path = PATH): ShippedManifest {
  return { path, parsed: parseManifest(text, path), ledger: { entries: ledger }, pullRequest: 12 };
}

const judge = (manifest: ShippedManifest, registries = {}) => judgeShippedRelease(manifest, { policy: defaultPolicy(), now: NOW, registries });

const waiver = (until: string): LedgerEntry => ({
  kind: "waiver", release: "checkout-v2", item: "support_training", by: "lead", at: "2026-11-22T10:00:00Z", until, reason: "training on Monday",
});

describe("what a deployment ships", () => {
  const policy = defaultPolicy();
  const deployed = new Map([
    ["readiness/a.yml", "a2"],
    ["readiness/b.yml", "b1"],
    ["readiness/new.yaml", "n1"],
    ["readiness/promises.yml", "p2"],
    ["src/app.ts", "x2"],
  ]);

  it("is the manifests added or changed since the last successful deployment, by blob", () => {
    const previous = new Map([["readiness/a.yml", "a1"], ["readiness/b.yml", "b1"], ["readiness/gone.yml", "g1"], ["readiness/promises.yml", "p1"], ["src/app.ts", "x1"]]);
    expect(shippedManifests(deployed, previous, policy)).toEqual(["readiness/a.yml", "readiness/new.yaml"]);
  });

  it("is every manifest when the environment never had a successful deployment", () => {
    expect(shippedManifests(deployed, undefined, policy)).toEqual(["readiness/a.yml", "readiness/b.yml", "readiness/new.yaml"]);
  });

  it("follows the policy's manifest globs", () => {
    const custom = mergePolicy({ manifests: ["releases/*.yml"] });
    expect(shippedManifests(new Map([["releases/x.yml", "1"], ["readiness/a.yml", "2"]]), undefined, custom)).toEqual(["releases/x.yml"]);
  });
});

describe("guarded environments", () => {
  it("are production by default, compared without regard to case as GitHub does", () => {
    expect(isGuardedEnvironment("production", defaultPolicy())).toBe(true);
    expect(isGuardedEnvironment("Production", defaultPolicy())).toBe(true);
    expect(isGuardedEnvironment("staging", defaultPolicy())).toBe(false);
  });

  it("are the policy's list when it has one", () => {
    const policy = mergePolicy({ deployment_gate: { environments: ["prod-eu", "prod-us"] } });
    expect(isGuardedEnvironment("prod-us", policy)).toBe(true);
    expect(isGuardedEnvironment("production", policy)).toBe(false);
  });
});

describe("judging a shipped release at the deployed commit", () => {
  it("is ready when the manifest meets its status", () => {
    expect(judge(shipped(TRAINED))).toMatchObject({ outcome: "ready", release: "checkout-v2", status: "beta", pullRequest: 12, reasons: [] });
  });

  it("is not ready, with the reasons, when an item is missing", () => {
    const judgement = judge(shipped(BETA));
    expect(judgement.outcome).toBe("not_ready");
    expect(judgement.reasons.join(" ")).toContain("Support training: not declared; required at beta");
  });

  it("counts a waiver accepted on the PR that brought it, until it expires", () => {
    expect(judge(shipped(BETA, [waiver("2026-11-30T10:00:00Z")])).outcome).toBe("ready");
    expect(judge(shipped(BETA, [waiver("2026-11-23T11:00:00Z")])).outcome).toBe("not_ready");
  });

  it("never holds a release being rolled back", () => {
    expect(judge(shipped(ROLLBACK, [], "readiness/bulk-edit.yml"))).toMatchObject({ outcome: "rollback", release: "bulk-edit" });
  });

  it("is not ready when the manifest is invalid, naming the file and line", () => {
    const judgement = judge(shipped("version: 1\nrelease: [oops\n"));
    expect(judgement.outcome).toBe("not_ready");
    expect(judgement.reasons[0]).toBe("the manifest is invalid");
    expect(judgement.reasons[1]).toMatch(/^readiness\/checkout-v2\.yml:\d+:\d+:/);
  });

  it("counts a broken promise registry only against releases that carry promises", () => {
    const broken = { promises: { data: undefined, problems: [fileProblem("readiness/promises.yml", "bad registry")] } };
    const withPromises = `${TRAINED}promises: [instant-receipt]\n`;
    expect(judge(shipped(withPromises), broken)).toMatchObject({ outcome: "not_ready", reasons: [expect.stringContaining("bad registry")] });
    expect(judge(shipped(TRAINED), broken).outcome).toBe("ready");
  });
});

describe("the decision", () => {
  const subject = { environment: "production", sha: "abcdef1234567890abcdef1234567890abcdef12", previousSha: "1234567aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" };
  const ready: ReleaseJudgement = { path: "readiness/a.yml", release: "search-v3", status: "ga", outcome: "ready", reasons: [] };
  const notReady = (release: string, reasons = ["Docs: not declared; required at beta"]): ReleaseJudgement =>
    ({ path: `readiness/${release}.yml`, release, status: "beta", pullRequest: 7, outcome: "not_ready", reasons });

  it("approves when every shipped release is ready, naming them", () => {
    const decision = decideDeployment(subject, [ready, { path: "readiness/b.yml", release: "bulk-edit", status: "rollback", outcome: "rollback", reasons: [] }]);
    expect(decision.state).toBe("approved");
    expect(decision.comment).toContain("search-v3");
    expect(decision.comment).toContain("Being rolled back, so not held: bulk-edit");
    expect(decision.comment).toContain("1234567");
  });

  it("approves a deployment that ships no release", () => {
    expect(decideDeployment(subject, [])).toMatchObject({ state: "approved", comment: expect.stringContaining("ships no release") });
  });

  it("rejects, naming each release that is not ready and why", () => {
    const decision = decideDeployment(subject, [ready, notReady("checkout-v2"), notReady("invoice-export", ["Monitoring: missing"])]);
    expect(decision.state).toBe("rejected");
    expect(decision.comment).toContain("Not ready: checkout-v2, invoice-export.");
    expect(decision.comment).toContain("- checkout-v2 (beta, PR #7): Docs: not declared; required at beta");
    expect(decision.comment).toContain("- invoice-export (beta, PR #7): Monitoring: missing");
    expect(decision.comment).not.toContain("- search-v3");
  });

  it("stays within GitHub's 1,024 characters and keeps every name when reasons are long", () => {
    const many = Array.from({ length: 12 }, (_, i) => notReady(`release-${i}`, ["x".repeat(300), "y".repeat(300)]));
    const decision = decideDeployment(subject, many);
    expect(decision.comment.length).toBeLessThanOrEqual(DEPLOYMENT_COMMENT_LIMIT);
    for (let i = 0; i < 12; i++) expect(decision.comment).toContain(`release-${i}`);
    expect(decision.comment).toContain("Trimmed");
  });

  it("approves an environment the gate does not guard, saying so", () => {
    const decision = notGuardedDecision("staging", ["production"]);
    expect(decision).toMatchObject({ state: "approved", comment: expect.stringContaining("does not apply to staging") });
  });

  it("rejects with the reason when readiness could not be determined, within the limit", () => {
    const decision = undeterminedDecision("production", "GitHub answered 502: Bad Gateway");
    expect(decision).toMatchObject({ state: "rejected", comment: expect.stringContaining("GitHub answered 502: Bad Gateway") });
    expect(undeterminedDecision("production", "z".repeat(5_000)).comment.length).toBeLessThanOrEqual(DEPLOYMENT_COMMENT_LIMIT);
  });

  it("never takes a ledger entry for another release", () => {
    const other: LedgerEntry = { ...waiver("2026-11-30T10:00:00Z"), release: "someone-else" };
    expect(judge(shipped(BETA, [other])).outcome).toBe("not_ready");
    expect(judge({ ...shipped(BETA), ledger: EMPTY_LEDGER }).outcome).toBe("not_ready");
  });
});
