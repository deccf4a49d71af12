import { describe, expect, it } from "vitest";
import { compileGlobs } from "../../../src/domain/source/path-glob.js";
import type { Policy } from "../../../src/domain/policy/schema.js";
import { defaultPolicy, mergePolicy, mergePolicyLayers, parsePolicy, POLICY_PATH, resolvePolicy } from "../../../src/domain/policy/resolve.js";
import type { Problem } from "../../../src/domain/source/problems.js";

function policyOf(text: string): Policy {
  const resolved = parsePolicy(text);
  if (!resolved.ok) throw new Error(resolved.problems.map((p) => `${p.key}: ${p.message}`).join("; "));
  return resolved.policy;
}

function problemsOf(text: string): Problem[] {
  const resolved = parsePolicy(text);
  if (resolved.ok) throw new Error("expected the policy to be refused");
  return resolved.problems;
}

describe("default policy (docs/reference/policy.md)", () => {
  const policy = defaultPolicy();

  it("is read from the exact path", () => {
    expect(POLICY_PATH).toBe(".github/release-readiness.yml");
  });

  it("finds manifests under readiness/, except the promise registry and event catalog", () => {
    expect(policy.manifests).toEqual(["readiness/**/*.yml", "readiness/**/*.yaml", "!readiness/promises.yml", "!readiness/events.yml"]);
    const isManifest = compileGlobs(policy.manifests);
    expect(isManifest("readiness/checkout-v2.yml")).toBe(true);
    expect(isManifest("readiness/2026/q4/checkout.yaml")).toBe(true);
    expect(isManifest("readiness/promises.yml")).toBe(false);
    expect(isManifest("readiness/events.yml")).toBe(false);
    expect(isManifest("docs/readiness/checkout.yml")).toBe(false);
    expect(isManifest("readiness/checkout.json")).toBe(false);
  });

  it("requires the SPEC's checklist items per status", () => {
    expect(policy.statuses.experiment.requires).toEqual(["analytics", "rollback_plan", "segment_limits"]);
    expect(policy.statuses.beta.requires).toEqual(["analytics", "docs", "monitoring", "support_training", "rollback_plan", "segment_limits"]);
    expect(policy.statuses.ga.requires).toEqual(["analytics", "docs", "monitoring", "support_training", "rollback_plan", "segment_limits"]);
    expect(policy.statuses.rollback.requires).toEqual(["rollback_plan", "support_training"]);
  });

  it("caps the rollout per status", () => {
    expect(Object.fromEntries(Object.entries(policy.statuses).map(([s, rule]) => [s, rule.max_rollout_percent])))
      .toEqual({ experiment: 10, beta: 50, ga: 100, rollback: 0 });
  });

  it("allows campaign labels per status", () => {
    expect(policy.statuses.experiment.campaigns).toEqual([]);
    expect(policy.statuses.beta.campaigns).toEqual(["campaign:in-app", "campaign:beta*"]);
    expect(policy.statuses.ga.campaigns).toEqual(["campaign:*"]);
    expect(policy.statuses.rollback.campaigns).toEqual([]);
  });

  it("treats campaign:* labels as campaign labels and removes blocked ones", () => {
    expect(policy.campaign_labels).toEqual(["campaign:*"]);
    expect(policy.campaign_gate).toBe("remove");
  });

  it("allows the SPEC's status transitions", () => {
    expect(policy.transitions).toEqual([
      "experiment -> beta",
      "beta -> ga",
      "experiment -> ga",
      "any -> rollback",
      "rollback -> experiment",
      "rollback -> beta",
    ]);
  });

  it("asks for no sign-offs, and lets maintainers waive for up to 14 days", () => {
    const { dismiss_on_change: _dismiss, ...items } = policy.signoffs;
    expect(items).toEqual({});
    expect(policy.waivers).toEqual({ allowed: "maintain", max_days: 14 });
  });

  it("checks analytics event names and properties", () => {
    expect(policy.analytics.event_name_pattern).toBe("^[a-z][a-z0-9]*(_[a-z0-9]+)*$");
    expect(policy.analytics.required_properties).toEqual(["plan", "segment", "source", "role", "environment", "version", "region"]);
  });

  it("writes notes for every audience, in English, with overridable templates", () => {
    expect(policy.notes).toMatchObject({ audiences: ["new", "existing", "enterprise", "support"], templates: ".github/release-readiness/templates", locale: "en" });
  });

  it("uses /readiness commands, maps no channels, stays quiet on non-release PRs and reads dates in UTC", () => {
    expect(policy.commands.prefix).toBe("/readiness");
    expect(policy.channels).toEqual({});
    expect(policy.report_non_release).toBe(false);
    expect(policy.timezone).toBe("UTC");
  });

  it("gives a fresh copy each time, so no caller can change the defaults for others", () => {
    const first = defaultPolicy();
    first.statuses.beta.requires.length = 0;
    first.transitions.push("ga -> experiment");
    expect(defaultPolicy().statuses.beta.requires).toHaveLength(6);
    expect(defaultPolicy().transitions).not.toContain("ga -> experiment");
    expect(defaultPolicy().statuses.beta.requires).toHaveLength(6);
  });

  it("applies for an empty or absent policy file", () => {
    expect(policyOf("")).toEqual(defaultPolicy());
    expect(policyOf("# only a comment\n")).toEqual(defaultPolicy());
    expect(resolvePolicy(undefined)).toEqual({ ok: true, policy: defaultPolicy() });
  });
});

describe("merging a repository's policy over the defaults", () => {
  it("replaces a list rather than extending it, so requires can be shortened", () => {
    const policy = policyOf("statuses:\n  beta:\n    requires: [docs]\n");
    expect(policy.statuses.beta.requires).toEqual(["docs"]);
  });

  it("replaces a list rather than extending it, so requires can be lengthened", () => {
    const policy = policyOf("statuses:\n  experiment:\n    requires: [analytics, docs, monitoring, support_training, rollback_plan, segment_limits]\n");
    expect(policy.statuses.experiment.requires).toEqual(["analytics", "docs", "monitoring", "support_training", "rollback_plan", "segment_limits"]);
  });

  it("can empty a list", () => {
    expect(policyOf("transitions: []\n").transitions).toEqual([]);
    expect(policyOf("statuses:\n  ga:\n    campaigns: []\n").statuses.ga.campaigns).toEqual([]);
  });

  it("merges nested mappings key by key", () => {
    const policy = policyOf("statuses:\n  beta:\n    max_rollout_percent: 25\nwaivers:\n  max_days: 3\nnotes:\n  locale: ru\n");
    expect(policy.statuses.beta).toEqual({ ...defaultPolicy().statuses.beta, max_rollout_percent: 25 });
    expect(policy.statuses.ga).toEqual(defaultPolicy().statuses.ga);
    expect(policy.waivers).toEqual({ allowed: "maintain", max_days: 3 });
    expect(policy.notes).toEqual({ ...defaultPolicy().notes, locale: "ru" });
  });

  it("replaces scalars", () => {
    const policy = policyOf("campaign_gate: check\nreport_non_release: true\ntimezone: Europe/Berlin\ncommands:\n  prefix: /ready\n");
    expect(policy).toMatchObject({ campaign_gate: "check", report_non_release: true, timezone: "Europe/Berlin", commands: { prefix: "/ready" } });
  });

  it("turns a single glob into a list", () => {
    const policy = policyOf("manifests: releases/*.yml\ncampaign_labels: 'promo:*'\n");
    expect(policy.manifests).toEqual(["releases/*.yml"]);
    expect(policy.campaign_labels).toEqual(["promo:*"]);
  });

  it("normalises a single sign-off to a list", () => {
    const policy = policyOf('signoffs:\n  docs: "@acme/docs"\n  analytics: [maintain, "@bob"]\n');
    expect(policy.signoffs.docs).toEqual(["@acme/docs"]);
    expect(policy.signoffs.analytics).toEqual(["maintain", "@bob"]);
    expect(policy.signoffs.monitoring).toBeUndefined();
  });

  it("adds campaign channel mappings to the (empty) default", () => {
    expect(policyOf('channels:\n  "campaign:email": newsletter\n').channels).toEqual({ "campaign:email": "newsletter" });
  });

  it("ignores Probot's _extends and the editor's $schema", () => {
    const policy = policyOf("_extends: .github\n$schema: ../schema.json\n");
    expect(policy).toEqual(defaultPolicy());
  });

  it("does not change the defaults when merging", () => {
    mergePolicy({ statuses: { beta: { requires: ["docs"] } }, transitions: [] });
    expect(defaultPolicy().statuses.beta.requires).toHaveLength(6);
    expect(defaultPolicy().transitions).toHaveLength(6);
  });
});

describe("merging policy layers (_extends), farthest first", () => {
  it("merges what the files hold before defaults apply, so a nested default never overwrites a farther layer", () => {
    const policy = mergePolicy({ statuses: { beta: { requires: ["docs"] } } }, { statuses: { beta: { max_rollout_percent: 20 } } });
    expect(policy.statuses.beta).toEqual({ requires: ["docs"], max_rollout_percent: 20, campaigns: defaultPolicy().statuses.beta.campaigns });
  });

  it("lets a nearer list or scalar replace a farther one, and merges mappings key by key", () => {
    const merged = mergePolicyLayers([
      { transitions: ["beta -> ga", "any -> rollback"], waivers: { max_days: 3 }, campaign_gate: "check" },
      { transitions: ["beta -> ga"], waivers: { allowed: "admin" }, campaign_gate: "remove" },
    ]);
    expect(merged).toEqual({ transitions: ["beta -> ga"], waivers: { max_days: 3, allowed: "admin" }, campaign_gate: "remove" });
  });

  it("lets a nearer single glob replace a farther list", () => {
    expect(mergePolicy({ manifests: ["a/*.yml", "b/*.yml"] }, { manifests: "c/*.yml" }).manifests).toEqual(["c/*.yml"]);
  });

  it("keeps __proto__ an ordinary key, which validation then refuses", () => {
    const layer = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const merged = mergePolicyLayers([{}, layer]);
    expect(Object.keys(merged)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(resolvePolicy(merged).ok).toBe(false);
  });

  it("changes none of the layers", () => {
    const farther = { statuses: { beta: { requires: ["docs" as const] } } };
    const nearer = { statuses: { beta: { max_rollout_percent: 20 } } };
    mergePolicy(farther, nearer);
    expect(farther).toEqual({ statuses: { beta: { requires: ["docs"] } } });
    expect(nearer).toEqual({ statuses: { beta: { max_rollout_percent: 20 } } });
  });
});

describe("an invalid policy", () => {
  it("names an unknown key with its position and a suggestion", () => {
    expect(problemsOf("campaign_gate: check\nstatuss:\n  beta: {}\n")).toEqual([
      expect.objectContaining({ file: POLICY_PATH, line: 2, column: 1, key: "statuss", message: 'unknown key "statuss"; did you mean "statuses"?' }),
    ]);
  });

  it("names an unknown nested key", () => {
    const [problem] = problemsOf("statuses:\n  beta:\n    require: [docs]\n");
    expect(problem).toMatchObject({ line: 3, column: 5, key: "statuses.beta.require", message: 'unknown key "require"; did you mean "requires"?' });
  });

  it("refuses an unknown status and an unknown checklist item", () => {
    const problems = problemsOf("statuses:\n  released: {}\n  beta:\n    requires: [docs, changelog]\n");
    expect(problems.map((p) => p.key)).toEqual(["statuses.released", "statuses.beta.requires[1]"]);
    expect(problems[1]).toMatchObject({ line: 4, message: expect.stringMatching(/expected one of: analytics, docs/) });
  });

  it("refuses a transition that is not <from> -> <to>, pointing at the entry", () => {
    const problems = problemsOf("transitions:\n  - beta -> ga\n  - beta => ga\n  - ga -> any\n  - beta -> released\n");
    expect(problems.map((p) => [p.key, p.line, p.column])).toEqual([
      ["transitions[1]", 3, 5],
      ["transitions[2]", 4, 5],
      ["transitions[3]", 5, 5],
    ]);
    expect(problems[0]!.message).toMatch(/expected "<from> -> <to>"/);
  });

  it("refuses an event name pattern that is not a regular expression", () => {
    const [problem] = problemsOf("analytics:\n  event_name_pattern: '([a-z'\n");
    expect(problem).toMatchObject({ key: "analytics.event_name_pattern", line: 2, column: 23 });
    expect(problem!.message).toMatch(/^not a regular expression that runs in linear time .*: missing closing \]/);
  });

  it("refuses campaign_labels that match no label, naming the line", () => {
    expect(problemsOf("campaign_labels: []\n")).toEqual([
      expect.objectContaining({ key: "campaign_labels", line: 1, message: expect.stringMatching(/matches no label/) }),
    ]);
    expect(problemsOf("statuses:\n  ga: { campaigns: ['campaign:*'] }\ncampaign_labels:\n  - '!campaign:*'\n")).toEqual([
      expect.objectContaining({ key: "campaign_labels", line: 4, message: expect.stringMatching(/only negations/) }),
    ]);
    expect(problemsOf("campaign_labels: '!campaign:internal'\n")[0]).toMatchObject({ key: "campaign_labels", line: 1 });
  });

  it("refuses an event name pattern that can backtrack catastrophically, and runs accepted ones in linear time", () => {
    const [problem] = problemsOf("analytics:\n  event_name_pattern: '^(a|a)*\\1$'\n");
    expect(problem).toMatchObject({ key: "analytics.event_name_pattern", line: 2 });
    expect(problem!.message).toMatch(/linear time|not supported/);
  });

  it("checks campaign_labels and the event name pattern alongside every other key, and a pattern only once it is a valid string", () => {
    const problems = problemsOf(`campaign_gate: block\ncampaign_labels: []\nanalytics:\n  event_name_pattern: '${"(".repeat(501)}'\n`);
    expect(problems.map((p) => [p.key, p.line])).toEqual([
      ["campaign_gate", 1],
      ["campaign_labels", 2],
      ["analytics.event_name_pattern", 4],
    ]);
    expect(problems[2]!.message).toMatch(/<=500 characters/);
  });

  it("refuses an unknown time zone", () => {
    expect(problemsOf("timezone: Mars/Olympus_Mons\n")).toEqual([
      expect.objectContaining({ key: "timezone", line: 1, column: 11, message: "expected an IANA time zone such as UTC or Europe/Berlin" }),
    ]);
  });

  it("refuses bad values with their positions", () => {
    const problems = problemsOf("campaign_gate: block\nwaivers: {max_days: 0, allowed: owner}\ncommands:\n  prefix: readiness\n");
    expect(problems.map((p) => [p.key, p.line])).toEqual([
      ["campaign_gate", 1],
      ["waivers.max_days", 2],
      ["waivers.allowed", 2],
      ["commands.prefix", 4],
    ]);
  });

  it("refuses a sign-off that is neither a handle nor a permission level", () => {
    expect(problemsOf("signoffs:\n  docs: acme\n")[0]).toMatchObject({ key: "signoffs.docs", line: 2, message: "expected @user, @org/team or a permission level" });
  });

  it("refuses broken YAML with its position", () => {
    expect(problemsOf("statuses:\n  beta: [docs\n")[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it("never falls back to defaults: data from Probot's loader is validated too", () => {
    const resolved = resolvePolicy({ statuses: { beta: { requires: "docs" } } });
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) expect(resolved.problems[0]).toMatchObject({ file: POLICY_PATH, key: "statuses.beta.requires", line: 1 });
  });
});
