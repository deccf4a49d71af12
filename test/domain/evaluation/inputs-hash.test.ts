import { describe, expect, it } from "vitest";
import { hashInputs, type ReportInputs } from "../../../src/domain/evaluation/inputs-hash.js";
import type { CheckState } from "../../../src/domain/ledger/check-state.js";
import { defaultPolicy } from "../../../src/domain/policy/resolve.js";
import { NON_REPORT_POLICY_KEYS } from "../../../src/domain/policy/schema.js";

const DEFAULT_POLICY = defaultPolicy();

const now = new Date("2026-11-23T12:00:00Z");
const state: CheckState = {
  ledger: {
    entries: [
      { kind: "waiver", release: "checkout-v2", item: "support_training", by: "lead", at: "2026-11-20T10:00:00Z", until: "2026-11-30T00:00:00Z", reason: "next week" },
      { kind: "waiver", release: "checkout-v2", item: "analytics", by: "lead", at: "2026-11-01T10:00:00Z", until: "2026-11-10T00:00:00Z", reason: "expired" },
      { kind: "signoff", release: "checkout-v2", item: "docs", by: "counsel", at: "2026-11-21T10:00:00Z" },
    ],
  },
};
const inputs: ReportInputs = {
  pr: { head: { sha: "a".repeat(40) }, base: { sha: "b".repeat(40) }, labels: ["campaign:spring", "Release:Beta", "bug", "release:ga"] },
  policy: DEFAULT_POLICY,
  state,
  now,
  manifests: [{ path: "readiness/releases/checkout-v2.yml", change: "modified" }],
};
const withLabels = (labels: string[]): ReportInputs => ({ ...inputs, pr: { ...inputs.pr, labels } });

/** Another value of the same shape, so that the hash is still worked out. */
function otherValue(key: string, value: unknown): unknown {
  if (key === "timezone") return "Asia/Tokyo";
  if (Array.isArray(value)) return [...(value as unknown[]), "extra:*"];
  if (typeof value === "boolean") return !value;
  if (typeof value === "string") return value === "remove" ? "check" : `${value}-other`;
  return { ...(value as object), other: 1 };
}

describe("hashInputs: what a report depends on", () => {
  it("is the value reports already carry (a change would rewrite every report once)", () => {
    expect(hashInputs(inputs)).toBe("e4a09318990e2290268e");
  });

  it("ignores the sensor's policy, which no PR report reads", () => {
    const sensorOn = { ...DEFAULT_POLICY, sensor: { enabled: true, window_days: 30, phrases: ["brochure stated"] } };
    expect(hashInputs({ ...inputs, policy: sensorOn })).toBe(hashInputs(inputs));
    expect(hashInputs({ ...inputs, policy: { ...DEFAULT_POLICY, timezone: "Europe/Berlin" } })).not.toBe(hashInputs(inputs));
  });

  it.each([
    ["the deployment gate's", { deployment_gate: { environments: ["staging"] } }],
    ["the sensor's", { sensor: { enabled: true, window_days: 30, phrases: ["brochure stated"] } }],
    ["the weekly review's", { digest: { enabled: true, repository: "acme/support", weekday: "friday" as const } }],
  ])("ignores %s settings, each listed in NON_REPORT_POLICY_KEYS beside the policy's schema", (_name, change) => {
    expect(hashInputs({ ...inputs, policy: { ...DEFAULT_POLICY, ...change } })).toBe(hashInputs(inputs));
  });

  it("hashes every policy key but the listed ones, and the list is only those three", () => {
    // Listing a key here means a report is not rewritten when it changes: a decision to review.
    expect([...NON_REPORT_POLICY_KEYS].sort()).toEqual(["deployment_gate", "digest", "sensor"]);
    const others = Object.keys(DEFAULT_POLICY).filter((key) => !(NON_REPORT_POLICY_KEYS as readonly string[]).includes(key));
    expect(others.length).toBeGreaterThan(10);
    for (const key of others) {
      const changed = { ...DEFAULT_POLICY, [key]: otherValue(key, DEFAULT_POLICY[key as keyof typeof DEFAULT_POLICY]) } as typeof DEFAULT_POLICY;
      expect(hashInputs({ ...inputs, policy: changed }), key).not.toBe(hashInputs(inputs));
    }
  });

  it("ignores label order and labels that decide nothing", () => {
    expect(hashInputs(withLabels(["release:ga", "docs", "Release:Beta", "campaign:spring"]))).toBe(hashInputs(inputs));
  });

  it("counts status and campaign labels in any case, as GitHub compares them, and as they are spelled", () => {
    expect(hashInputs(withLabels(["campaign:spring", "Release:Beta", "release:ga"]))).toBe(hashInputs(inputs));
    expect(hashInputs(withLabels(["campaign:spring", "release:ga"]))).not.toBe(hashInputs(inputs));
    expect(hashInputs(withLabels(["CAMPAIGN:Spring", "Release:Beta", "release:ga"]))).not.toBe(hashInputs(inputs));
  });

  it("changes with the head, the base, the policy, the ledger and the manifests", () => {
    const base = hashInputs(inputs);
    expect(hashInputs({ ...inputs, pr: { ...inputs.pr, head: { sha: "c".repeat(40) } } })).not.toBe(base);
    expect(hashInputs({ ...inputs, pr: { ...inputs.pr, base: { sha: "c".repeat(40) } } })).not.toBe(base);
    expect(hashInputs({ ...inputs, policy: { ...DEFAULT_POLICY, campaign_gate: "check" } })).not.toBe(base);
    expect(hashInputs({ ...inputs, state: { ledger: { entries: state.ledger.entries.slice(1) } } })).not.toBe(base);
    expect(hashInputs({ ...inputs, manifests: [] })).not.toBe(base);
  });

  it("ignores what the state carries besides the ledger (the summary comment, refusal replies)", () => {
    expect(hashInputs({ ...inputs, state: { ...state, summaryCommentId: 7, summaryHash: "x", lastCommentId: 9 } })).toBe(hashInputs(inputs));
  });

  it("changes with the calendar day in the policy's time zone, not with the hour", () => {
    expect(hashInputs({ ...inputs, now: new Date("2026-11-23T20:00:00Z") })).toBe(hashInputs(inputs));
    expect(hashInputs({ ...inputs, now: new Date("2026-11-24T00:30:00Z") })).not.toBe(hashInputs(inputs));
    expect(hashInputs({ ...inputs, now: new Date("2026-11-23T20:00:00Z"), policy: { ...DEFAULT_POLICY, timezone: "Asia/Tokyo" } }))
      .not.toBe(hashInputs({ ...inputs, policy: { ...DEFAULT_POLICY, timezone: "Asia/Tokyo" } }));
  });

  it("changes when a waiver expires, even on the same day", () => {
    const expiring: CheckState = {
      ledger: { entries: [{ kind: "waiver", release: "r", item: "docs", by: "lead", at: "2026-11-20T10:00:00Z", until: "2026-11-23T15:00:00Z", reason: "soon" }] },
    };
    const before = hashInputs({ ...inputs, state: expiring, now: new Date("2026-11-23T14:00:00Z") });
    const after = hashInputs({ ...inputs, state: expiring, now: new Date("2026-11-23T16:00:00Z") });
    expect(after).not.toBe(before);
  });
});
