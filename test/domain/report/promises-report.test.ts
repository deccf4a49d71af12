import { describe, expect, it } from "vitest";
import { evaluatePullRequest, type ManifestVersions } from "../../../src/domain/evaluation/pull-request.js";
import { parseManifest } from "../../../src/domain/manifest/parse.js";
import { defaultPolicy } from "../../../src/domain/policy/resolve.js";
import { parsePromiseRegistry, strictestPromises } from "../../../src/domain/registry/parse.js";
import { renderReadinessCheck } from "../../../src/domain/report/checks.js";
import { renderSummaryComment } from "../../../src/domain/report/summary-comment.js";
import { completeManifestData, MANIFEST_FILE } from "../fixtures/manifests.js";
import { stringify } from "yaml";

const now = new Date("2026-11-23T12:00:00Z");
const policy = defaultPolicy();

const registryText = `version: 1
promises:
  - id: instant-receipt
    text: Your receipt arrives within a minute.
    conditions: [The account has a confirmed email address]
    exceptions: [Payments by bank transfer]
    version: 2
    owner: "@acme/payments"
    effective: 2026-10-01
    metric: receipt_email_latency_p95
    channels: [email, in-app]
`;

function parsedRegistry() {
  const parsed = parsePromiseRegistry(registryText);
  if (!parsed.ok) throw new Error("registry fixture is invalid");
  return strictestPromises(undefined, parsed.data);
}

function manifestVersions(): ManifestVersions {
  const text = stringify({ ...completeManifestData(), promises: ["instant-receipt", "unknown-one"] });
  return { change: { path: MANIFEST_FILE, change: "added" }, head: parseManifest(text, MANIFEST_FILE) };
}

describe("promises in the summary comment", () => {
  const verdict = evaluatePullRequest({
    policy, labels: [], ledger: { entries: [] }, now, manifests: [manifestVersions()],
    promises: parsedRegistry(),
    promiseChanges: [{ id: "instant-receipt", from: 1, to: 2, changed: ["conditions"] }],
  });
  const comment = renderSummaryComment({ verdict, policy, removedLabels: [] });

  it("lists each promise with version, effective date, owner, metric, channels, conditions and exceptions", () => {
    expect(comment).toContain([
      "**Promises**",
      "",
      "- `instant-receipt` v2, in effect from 2026-10-01; owner @\u200bacme/payments; metric `receipt_email_latency_p95`; channels: email; in-app (carried by checkout-v2)",
      "  - Your receipt arrives within a minute.",
      "  - Conditions: The account has a confirmed email address",
      "  - Exceptions: Payments by bank transfer",
      "  - 🔁 New version: instant-receipt v1 → v2: conditions changed; update the copy on its channels",
      "- `unknown-one`: not in the promise registry (carried by checkout-v2)",
    ].join("\n"));
  });

  it("says nothing of a version change when none rose", () => {
    const unchanged = evaluatePullRequest({ policy, labels: [], ledger: { entries: [] }, now, manifests: [manifestVersions()], promises: parsedRegistry(), promiseChanges: [] });
    expect(renderSummaryComment({ verdict: unchanged, policy, removedLabels: [] })).not.toContain("New version");
  });
});

describe("a PR that changes only the registry", () => {
  const registryChanges = [
    { id: "instant-receipt", change: "changed" as const, from: 1, to: 2, changed: ["conditions" as const], releases: ["checkout-v2", "invoice-export"] },
    { id: "fresh", change: "added" as const, from: null, to: 1, changed: [], releases: [] },
  ];

  it("passes with the releases that carry each changed promise", () => {
    const verdict = evaluatePullRequest({ policy, labels: ["campaign:email"], ledger: { entries: [] }, now, manifests: [], registryOnly: true, registryChanges });
    expect(verdict).toMatchObject({ ready: true, nothingToCheck: false, registryOnly: true, campaignDecisions: [] });
    const check = renderReadinessCheck(verdict, policy, "pointer");
    expect(check.conclusion).toBe("success");
    expect(check.title).toBe("Promise registry and event catalog check out");
    expect(check.text).toContain("- instant-receipt v1 → v2: conditions changed (carried by checkout-v2, invoice-export)");
    expect(check.text).toContain("- `fresh` added at v1 (no release carries it)");
  });

  it("fails with the promise's line when its wording changed without a version bump", () => {
    const problem = {
      file: "readiness/promises.yml", line: 7, column: 14, endLine: 7, endColumn: 15, key: "promises[0].version", severity: "error" as const,
      message: 'promise "instant-receipt" changed its text, conditions or exceptions, so its version must rise above 1',
    };
    const verdict = evaluatePullRequest({
      policy, labels: [], ledger: { entries: [] }, now, manifests: [], registryOnly: true, registryProblems: [problem],
      registryChanges: [{ ...registryChanges[0]!, to: 1 }],
    });
    const check = renderReadinessCheck(verdict, policy, "pointer");
    expect(check.conclusion).toBe("failure");
    expect(check.title).toBe("Promise registry or event catalog problems");
    expect(check.annotations.map((a) => [a.path, a.start_line])).toEqual([["readiness/promises.yml", 7]]);
    expect(check.text).toContain("- `instant-receipt` v1: conditions changed, version not raised (carried by checkout-v2, invoice-export)");
  });
});
