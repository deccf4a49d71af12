import { describe, expect, it } from "vitest";
import { decodeCheckState, encodeCheckState } from "../../../src/domain/ledger/check-state.js";
import { parseManifest } from "../../../src/domain/manifest/parse.js";
import { defaultPolicy } from "../../../src/domain/policy/resolve.js";
import { evaluatePullRequest, type ManifestVersions } from "../../../src/domain/evaluation/pull-request.js";
import { renderCampaignGateCheck, renderReadinessCheck } from "../../../src/domain/report/checks.js";
import { renderSummaryComment, SUMMARY_MARKER } from "../../../src/domain/report/summary-comment.js";

const now = new Date("2026-11-23T12:00:00Z");
const policy = defaultPolicy();

function manifestText(release: string, status: string, extra = ""): string {
  return `version: 1
release: ${release}
title: Release ${release}
status: ${status}
owner: "@acme/payments"
hypothesis: It helps
key_metric: conversion
checklist:
  analytics: { events: { added: [], changed: [], removed: [] }, dashboards: [] }
  docs: { url: https://docs.example.com/x }
  monitoring: { dashboards: [https://grafana.example.com/d/x], alerts: [x-errors] }
  support_training: { date: 2026-11-20, materials: https://wiki.example.com/t }
  rollback_plan: { steps: "Turn the flag off", tested: 2026-11-19 }
  segment_limits: { rollout_percent: 5, regions: [EU], plans: [pro] }
limitations: []
${extra}`;
}

function versions(path: string, head: string | undefined, base?: string): ManifestVersions {
  return {
    change: head === undefined ? { path, basePath: path, change: "removed" } : base ? { path, basePath: path, change: "modified" } : { path, change: "added" },
    head: head === undefined ? undefined : parseManifest(head, path),
    base: base === undefined ? undefined : parseManifest(base, path),
  };
}

describe("evaluatePullRequest", () => {
  it("is ready only when every release is ready, and labels cover every status", () => {
    const verdict = evaluatePullRequest({
      policy, labels: [], ledger: { entries: [] }, now,
      manifests: [versions("readiness/a.yml", manifestText("a", "ga")), versions("readiness/b.yml", manifestText("b", "experiment"))],
    });
    expect(verdict.ready).toBe(true);
    expect(verdict.statusLabels).toEqual(["release:experiment", "release:ga"]);

    const notReady = evaluatePullRequest({
      policy, labels: [], ledger: { entries: [] }, now,
      manifests: [versions("readiness/a.yml", manifestText("a", "ga")), versions("readiness/b.yml", manifestText("b", "experiment").replace("rollout_percent: 5", "rollout_percent: 40"))],
    });
    expect(notReady.ready).toBe(false);
  });

  it("allows a campaign label only if every release allows it", () => {
    const verdict = evaluatePullRequest({
      policy, labels: ["campaign:email", "bug"], ledger: { entries: [] }, now,
      manifests: [versions("readiness/a.yml", manifestText("a", "ga")), versions("readiness/b.yml", manifestText("b", "beta"))],
    });
    expect(verdict.campaignDecisions).toHaveLength(1);
    expect(verdict.campaignDecisions[0]).toMatchObject({ label: "campaign:email", allowed: false });
    expect(verdict.campaignDecisions[0]!.reasons.join(" ")).toContain("b: beta allows");
  });

  it("blocks campaign labels when a manifest is invalid (a known verdict)", () => {
    const verdict = evaluatePullRequest({
      policy, labels: ["campaign:landing"], ledger: { entries: [] }, now,
      manifests: [versions("readiness/a.yml", "version: 1\nrelease: a\ntitel: x\n")],
    });
    expect(verdict.ready).toBe(false);
    expect(verdict.campaignDecisions).toEqual([expect.objectContaining({ label: "campaign:landing", allowed: false })]);
  });

  it("a PR that only deletes manifests has nothing to check", () => {
    const verdict = evaluatePullRequest({ policy, labels: [], ledger: { entries: [] }, now, manifests: [versions("readiness/a.yml", undefined, manifestText("a", "ga"))] });
    expect(verdict.nothingToCheck).toBe(true);
    expect(verdict.ready).toBe(false);
    expect(renderReadinessCheck(verdict, policy, "").conclusion).toBe("neutral");
    expect(verdict.statusLabels).toEqual([]);
  });

  it("applies the status transition from the base version of the same release", () => {
    const verdict = evaluatePullRequest({
      policy, labels: [], ledger: { entries: [] }, now,
      manifests: [versions("readiness/a.yml", manifestText("a", "experiment"), manifestText("a", "ga"))],
    });
    expect(verdict.releases[0]!.verdict!.transition).toMatchObject({ from: "ga", to: "experiment", allowed: false });
    expect(verdict.ready).toBe(false);
  });

  it("refuses two manifests with the same release slug", () => {
    const verdict = evaluatePullRequest({
      policy, labels: [], ledger: { entries: [] }, now,
      manifests: [versions("readiness/a.yml", manifestText("same", "ga")), versions("readiness/b.yml", manifestText("same", "ga"))],
    });
    expect(verdict.ready).toBe(false);
    expect(verdict.registryProblems[0]!.message).toContain("also declared in readiness/a.yml");
  });
});

describe("check reports", () => {
  it("annotates the manifest line of a missing or invalid item", () => {
    const text = manifestText("a", "beta").replace(/ {2}support_training:.*\n/, "");
    const verdict = evaluatePullRequest({ policy, labels: [], ledger: { entries: [] }, now, manifests: [versions("readiness/a.yml", text)] });
    const report = renderReadinessCheck(verdict, policy, "see comment");
    expect(report.conclusion).toBe("failure");
    expect(report.text).toContain("Support training");
    const annotation = report.annotations.find((a) => a.title.startsWith("Support training"));
    expect(annotation).toMatchObject({ path: "readiness/a.yml", annotation_level: "failure" });
    // The item is missing, so the annotation points at its parent, the checklist mapping.
    expect(annotation!.start_line).toBe(text.split("\n").findIndex((l) => l.startsWith("  analytics")) + 1);
  });

  it("the campaign gate fails for a label that stays on, and passes once it is removed", () => {
    const verdict = evaluatePullRequest({ policy, labels: ["campaign:email"], ledger: { entries: [] }, now, manifests: [versions("readiness/a.yml", manifestText("a", "experiment"))] });
    expect(renderCampaignGateCheck(verdict, { ...policy, campaign_gate: "check" }, []).conclusion).toBe("failure");
    const removed = renderCampaignGateCheck(verdict, policy, ["campaign:email"]);
    expect(removed.conclusion).toBe("success");
    expect(removed.summary).toContain("removed from the PR");
  });

  it("the summary comment starts with the marker and never pings or renders HTML from a manifest", () => {
    const text = manifestText("a", "beta").replace("title: Release a", 'title: "<img src=x> @acme/everyone"').replace(/ {2}docs:.*\n/, "");
    const verdict = evaluatePullRequest({ policy, labels: [], ledger: { entries: [] }, now, manifests: [versions("readiness/a.yml", text)] });
    const body = renderSummaryComment({ verdict, policy, removedLabels: [] });
    expect(body.startsWith(SUMMARY_MARKER)).toBe(true);
    expect(body).not.toMatch(/(^|[^\\])<img/); // only escaped, so GitHub shows it as text
    expect(body).not.toMatch(/@acme\/everyone/);
    expect(body).toContain("Documentation");
  });
});

describe("check state", () => {
  it("round-trips the ledger and the summary comment id, and ignores tampered text", () => {
    const state = { ledger: { entries: [{ kind: "waiver" as const, release: "a", item: "docs" as const, by: "maria", at: "2026-11-23T10:00:00Z", until: "2026-11-30T10:00:00Z", reason: "docs next week" }] }, summaryCommentId: 42 };
    const text = `report\n\n${encodeCheckState(state)}`;
    expect(decodeCheckState(text)).toEqual(state);
    expect(decodeCheckState("<!-- release-readiness:state bm90IGpzb24= -->")).toBeUndefined();
    expect(decodeCheckState(null)).toBeUndefined();
  });
});

describe("codeSpan", () => {
  it("shows person-written text literally, whatever backticks it holds", async () => {
    const { codeSpan } = await import("../../../src/domain/markdown/escape.js");
    expect(codeSpan("campaign:email")).toBe("`campaign:email`");
    expect(codeSpan("a`b")).toBe("``a`b``");
    expect(codeSpan("`x`")).toBe("`` `x` ``");
    expect(codeSpan("two\nlines")).toBe("`two lines`");
  });
});

describe("GitHub's limits", () => {
  it("a PR with many broken and unready manifests still fits every check output and the comment in 65,535 characters", () => {
    const manifests = Array.from({ length: 60 }, (_, i) => i % 2 === 0
      ? versions(`readiness/r${i}.yml`, manifestText(`r${i}`, "beta").replace(/ {2}(docs|monitoring|support_training):.*\n/g, ""))
      : versions(`readiness/r${i}.yml`, `version: 1\nrelease: r${i}\n${Array.from({ length: 60 }, (_, k) => `unknown_${k}_${"x".repeat(40)}: 1`).join("\n")}\n`));
    const verdict = evaluatePullRequest({ policy, labels: ["campaign:email"], ledger: { entries: [] }, now, manifests });
    const report = renderReadinessCheck(verdict, policy, "See the summary comment.");
    expect(report.summary.length).toBeLessThanOrEqual(65_535);
    expect(report.text!.length).toBeLessThanOrEqual(65_535);
    expect(report.text).toContain("See the summary comment.");
    expect(report.annotations.length).toBeGreaterThan(50); // sent 50 a request by the GitHub layer
    const comment = renderSummaryComment({ verdict, policy, removedLabels: ["campaign:email"] });
    expect(comment.length).toBeLessThanOrEqual(65_535);
  });
});

describe("pairRenamedManifests", () => {
  it("pairs a removed and an added manifest of the same release, and leaves others alone", async () => {
    const { pairRenamedManifests } = await import("../../../src/domain/evaluation/pull-request.js");
    const removed = versions("readiness/old.yml", undefined, manifestText("a", "ga"));
    const added = versions("readiness/new.yml", manifestText("a", "experiment"));
    const other = versions("readiness/b.yml", manifestText("b", "beta"));
    const paired = pairRenamedManifests([removed, added, other]);
    expect(paired.map((v) => [v.change.path, v.change.change, v.change.basePath])).toEqual([
      ["readiness/new.yml", "renamed", "readiness/old.yml"],
      ["readiness/b.yml", "added", undefined],
    ]);
    const verdict = evaluatePullRequest({ policy, labels: [], ledger: { entries: [] }, now, manifests: [removed, added] });
    expect(verdict.releases[0]!.verdict!.transition).toMatchObject({ from: "ga", to: "experiment", allowed: false });
  });
});

describe("evaluatePullRequest: campaign labels spelled to slip past the gate (hostile input)", () => {
  const spellings = ["CAMPAIGN:EMAIL", "Campaign:SMS", "campaign:landing/spring", "campaign:beta/../email"];

  it.each(spellings)("decides %s on a release that is not ready, and blocks it", (label) => {
    const verdict = evaluatePullRequest({
      policy, labels: [label], ledger: { entries: [] }, now,
      manifests: [versions("readiness/a.yml", manifestText("a", "experiment").replace("rollout_percent: 5", "rollout_percent: 40"))],
    });
    expect(verdict.ready).toBe(false);
    expect(verdict.campaignDecisions).toEqual([expect.objectContaining({ label, allowed: false })]);
    expect(renderCampaignGateCheck(verdict, policy, []).conclusion).toBe("failure");
  });

  it("takes a declared campaign in another case as declared, and a status label in another case as present", () => {
    const declared = manifestText("a", "ga", 'campaigns:\n  - { label: "campaign:email" }\n');
    const verdict = evaluatePullRequest({ policy, labels: ["Campaign:Email"], ledger: { entries: [] }, now, manifests: [versions("readiness/a.yml", declared)] });
    expect(verdict.campaignDecisions).toEqual([expect.objectContaining({ label: "Campaign:Email", allowed: true })]);
  });
});
