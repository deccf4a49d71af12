import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LocalCheckReport } from "../../src/domain/evaluation/local-check.js";
import { YAML_LIMITS } from "../../src/domain/source/yaml-source.js";
import { experimentManifest, run, tempTreesRemovedAfterEach } from "./cli-harness.js";

const tree = tempTreesRemovedAfterEach();
const json = (stdout: string) => JSON.parse(stdout) as LocalCheckReport;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[\d+m/;

describe("readiness check: exit codes", () => {
  it("exits 0 when every release is ready", async () => {
    const dir = tree({ "readiness/a.yml": experimentManifest("a"), "readiness/b.yml": experimentManifest("b") });
    const result = await run(["check", "readiness"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Result: ready (exit 0): all 2 releases are ready");
    expect(result.stderr).toBe("");
  });

  it("exits 1 when a release is not ready, naming the blocker", async () => {
    const dir = tree({ "readiness/a.yml": experimentManifest("a"), "readiness/b.yml": experimentManifest("b", { rollout: 25 }) });
    const result = await run(["check", "readiness"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("rollout 25% exceeds the 10% allowed at experiment");
    expect(result.stdout).toContain("Result: not ready (exit 1): 1 of 2 releases not ready");
  });

  it("exits 2 for broken YAML, with file:line:col of the problem", async () => {
    const dir = tree({ "readiness/a.yml": experimentManifest("a"), "readiness/bad.yml": "version: 1\nrelease: [unclosed\n" });
    const result = await run(["check", "readiness"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/readiness\/bad\.yml:\d+:\d+: /);
  });

  it("exits 2 for schema problems, printed as file:line:col: key: message", async () => {
    const text = experimentManifest("a").replace("title:", "titel:").replace("rollout_percent: 5", "rollout_percent: five");
    const dir = tree({ "readiness/a.yml": text });
    const result = await run(["check", "readiness/a.yml"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('readiness/a.yml:3:1: titel: unknown key "titel"; did you mean "title"?');
    expect(result.stdout).toContain('readiness/a.yml:13:38: checklist.segment_limits.rollout_percent: expected number, got string "five"');
  });

  it("exits 2 for a problem confined to one checklist item, though the rest is still evaluated", async () => {
    const text = experimentManifest("a").replace("rollout_percent: 5", "rollout_percent: 500");
    const dir = tree({ "readiness/a.yml": text });
    const report = json((await run(["check", "readiness/a.yml", "--format", "json"], { cwd: dir })).stdout);
    expect(report.exitCode).toBe(2);
    const release = report.releases[0]!;
    expect(release.valid).toBe(true);
    expect(release.items.find((i) => i.item === "segment_limits")?.state).toBe("invalid");
    expect(release.problems[0]?.key).toBe("checklist.segment_limits.rollout_percent");
  });

  it("exits 2 for a broken policy and judges nothing (never a laxer default)", async () => {
    const dir = tree({ "readiness/a.yml": experimentManifest("a"), ".github/release-readiness.yml": "campaign_gate: sometimes\n" });
    const result = await run(["check", "readiness", "--format", "json"], { cwd: dir });
    expect(result.code).toBe(2);
    const report = json(result.stdout);
    expect(report.policy).toEqual({ file: ".github/release-readiness.yml", valid: false });
    expect(report.releases).toEqual([]);
    expect(report.problems[0]).toMatchObject({ file: ".github/release-readiness.yml", line: 1, key: "campaign_gate" });
  });

  it("exits 2 when a named file does not exist or a glob matches nothing", async () => {
    const dir = tree({ "readiness/a.yml": experimentManifest("a") });
    const missing = await run(["check", "readiness/a.yml", "readiness/nope.yml"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain("readiness/nope.yml:1:1: no such file or directory");
    const glob = await run(["check", "releases/*.yml"], { cwd: dir });
    expect(glob.code).toBe(2);
    expect(glob.stdout).toContain("releases/*.yml:1:1: no release manifest matches this glob");
  });

  it("exits 2 for a --policy file that does not exist, or a registry named as a manifest", async () => {
    const dir = tree({ "readiness/a.yml": experimentManifest("a"), "readiness/promises.yml": "version: 1\npromises: []\n" });
    const policy = await run(["check", "readiness", "--policy", "strict.yml"], { cwd: dir });
    expect(policy.code).toBe(2);
    expect(policy.stdout).toContain("strict.yml:1:1: no such file");
    const registry = await run(["check", "readiness/promises.yml"], { cwd: dir });
    expect(registry.code).toBe(2);
    expect(registry.stdout).toContain("readiness/promises.yml:1:1: promises.yml is a registry, not a release manifest");
  });

  it("exits 2 for two manifests with the same release slug", async () => {
    const dir = tree({ "readiness/a.yml": experimentManifest("same"), "readiness/b.yml": experimentManifest("same") });
    const result = await run(["check", "readiness"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('readiness/b.yml:2:10: release: release "same" is also declared in readiness/a.yml');
  });

  it("refuses a file over 1 MiB without parsing it", async () => {
    const dir = tree({ "readiness/a.yml": experimentManifest("a") });
    writeFileSync(join(dir, "readiness/big.yml"), `# ${"x".repeat(YAML_LIMITS.maxBytes)}\n`);
    const result = await run(["check", "readiness", "--format", "json"], { cwd: dir });
    expect(result.code).toBe(2);
    const problem = json(result.stdout).problems.find((p) => p.file === "readiness/big.yml");
    expect(problem?.message).toMatch(/^file is \d+ bytes; the limit is 1048576 bytes/);
  });
});

describe("readiness check: which files", () => {
  const files = {
    "readiness/a.yml": experimentManifest("a"),
    "readiness/nested/deeper/b.yaml": experimentManifest("b"),
    "readiness/promises.yml": "version: 1\npromises: []\n",
    "readiness/events.yml": "version: 1\nevents: []\n",
    "readiness/notes.txt": "not yaml",
    "other/c.yml": experimentManifest("c"),
  };
  const checked = async (args: string[], cwd: string) => json((await run(["check", ...args, "--format", "json"], { cwd })).stdout).releases.map((r) => r.file);

  it("takes a directory's YAML files at any depth, never promises.yml or events.yml", async () => {
    const dir = tree(files);
    expect(await checked(["readiness"], dir)).toEqual(["readiness/a.yml", "readiness/nested/deeper/b.yaml"]);
  });

  it("expands quoted globs relative to the working directory", async () => {
    const dir = tree(files);
    expect(await checked(["readiness/*.yml"], dir)).toEqual(["readiness/a.yml"]);
    expect(await checked(["**/*.yml"], dir)).toEqual(["other/c.yml", "readiness/a.yml"]);
  });

  it("checks each file once when arguments overlap", async () => {
    const dir = tree(files);
    expect(await checked(["readiness/a.yml", "readiness", "readiness/*.yml"], dir)).toEqual(["readiness/a.yml", "readiness/nested/deeper/b.yaml"]);
  });

  it("uses the policy's manifests globs when no file is named", async () => {
    const dir = tree(files);
    expect(await checked([], dir)).toEqual(["readiness/a.yml", "readiness/nested/deeper/b.yaml"]);
    writeFileSync(join(dir, "policy.yml"), "manifests: [other/**/*.yml]\n");
    expect(await checked(["--policy", "policy.yml"], dir)).toEqual(["other/c.yml"]);
  });
});

describe("readiness check: registries and policy", () => {
  it("checks events against the nearest events.yml, and says when there is none", async () => {
    const withCatalog = tree({
      "readiness/a.yml": experimentManifest("a"),
      "readiness/events.yml": "version: 1\nevents:\n  - { name: other_event, description: Something, owner: \"@acme/team\" }\n",
    });
    const report = json((await run(["check", "readiness", "--format", "json"], { cwd: withCatalog })).stdout);
    expect(report.releases[0]?.eventsFile).toBe("readiness/events.yml");
    expect(report.releases[0]?.items.find((i) => i.item === "analytics")?.reason).toContain('event "a_seen" is not in readiness/events.yml');
    expect(report.exitCode).toBe(1);

    const without = tree({ "readiness/a.yml": experimentManifest("a") });
    const bare = json((await run(["check", "readiness", "--format", "json"], { cwd: without })).stdout);
    expect(bare.exitCode).toBe(0);
    expect(bare.releases[0]?.notes.join(" ")).toContain("no event catalog");
  });

  it("reports a broken promise registry as invalid input, and an unknown promise id as not ready", async () => {
    const manifest = experimentManifest("a", { extra: "promises: [fast-support]\n" });
    const broken = tree({ "readiness/a.yml": manifest, "readiness/promises.yml": "version: 1\npromises:\n  - id: fast-support\n    text: Answers within an hour\n" });
    const brokenRun = await run(["check", "readiness"], { cwd: broken });
    expect(brokenRun.code).toBe(2);
    expect(brokenRun.stdout).toContain("Problems outside the manifests");
    expect(brokenRun.stdout).toMatch(/readiness\/promises\.yml:3:\d+: promises\[0\]\.version: required key "version" is missing/);

    const empty = tree({ "readiness/a.yml": manifest, "elsewhere/promises.yml": "version: 1\npromises: []\n" });
    const emptyRun = await run(["check", "readiness", "--promises", "elsewhere/promises.yml"], { cwd: empty });
    expect(emptyRun.code).toBe(1);
    expect(emptyRun.stdout).toContain('promise "fast-support" is not in readiness/promises.yml');
  });

  it("applies a repository policy found in .github, with lists replacing the defaults", async () => {
    const dir = tree({
      "readiness/a.yml": experimentManifest("a", { rollout: 25 }),
      ".github/release-readiness.yml": "statuses:\n  experiment:\n    max_rollout_percent: 30\n",
    });
    const result = await run(["check", "readiness"], { cwd: dir });
    expect(result.stdout).toContain("Policy: .github/release-readiness.yml");
    expect(result.code).toBe(0);
  });

  it("warns that _extends is not followed locally, without failing", async () => {
    const dir = tree({ "readiness/a.yml": experimentManifest("a"), ".github/release-readiness.yml": "_extends: .github\n" });
    const result = await run(["check", "readiness"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("warning: .github/release-readiness.yml:1:1: _extends: _extends is followed by the GitHub App");
  });

  it("--now decides whether a dated item is done yet", async () => {
    const beta = `version: 1
release: b
title: Beta
status: beta
owner: "@acme/team"
checklist:
  analytics: { not_applicable: internal tool }
  docs: { url: https://docs.example.com/b }
  monitoring: { dashboards: [https://grafana.example.com/b], alerts: [b-errors] }
  support_training: { date: 2026-12-01, materials: https://wiki.example.com/b }
  rollback_plan: { steps: Turn it off }
  segment_limits: { rollout_percent: 20 }
`;
    const dir = tree({ "readiness/b.yml": beta });
    const before = await run(["check", "readiness", "--now", "2026-11-30T23:00:00Z"], { cwd: dir });
    expect(before.code).toBe(1);
    expect(before.stdout).toContain("training is scheduled for 2026-12-01, not done yet");
    const after = await run(["check", "readiness", "--now", "2026-12-01"], { cwd: dir });
    expect(after.code).toBe(0);
    const bad = await run(["check", "readiness", "--now", "next tuesday"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--now must be an ISO date");
  });
});

describe("readiness check: campaign labels", () => {
  it("decides each campaign label given with --labels, ignoring other labels", async () => {
    const result = await run(["check", "readiness/examples/checkout-v2.yml", "readiness/examples/invoice-export.yml",
      "--labels", "campaign:email,bug", "--labels", "campaign:in-app", "--format", "json"]);
    const report = json(result.stdout);
    expect(report.labels).toEqual(["campaign:email", "bug", "campaign:in-app"]);
    const decisions = Object.fromEntries(report.releases.map((r) => [r.release, Object.fromEntries(r.campaigns.map((d) => [d.label, d.allowed]))]));
    expect(decisions).toEqual({
      "checkout-v2": { "campaign:email": false, "campaign:in-app": false },
      "invoice-export": { "campaign:email": true, "campaign:in-app": false },
    });
    const checkout = report.releases.find((r) => r.release === "checkout-v2")!;
    const email = checkout.campaigns.find((d) => d.label === "campaign:email")!;
    expect(email.reasons).toEqual(["beta allows campaign:in-app, campaign:beta*", "the release is not ready (1 blocker)"]);
    expect(email.remedy).toBe("move the release to ga; make the release ready");
    const invoiceInApp = report.releases.find((r) => r.release === "invoice-export")!.campaigns.find((d) => d.label === "campaign:in-app")!;
    expect(invoiceInApp.reasons).toEqual([
      '"campaign:in-app" is not declared in the manifest\'s campaigns',
      'promise "invoice-export-24h" is not for the in-app channel (email, landing, docs, support)',
    ]);
  });
});

describe("readiness check: formats", () => {
  const files = { "readiness/a.yml": experimentManifest("a"), "readiness/b.yml": experimentManifest("b", { rollout: 25 }) };

  it("json: a stable shape with verdicts, positions and problems", async () => {
    const dir = tree({ ...files, "readiness/c.yml": "version: 2\n" });
    const report = json((await run(["check", "readiness", "--format", "json", "--now", "2026-11-23T12:00:00Z"], { cwd: dir })).stdout);
    expect(Object.keys(report)).toEqual(["version", "result", "exitCode", "blockedLabels", "evaluatedAt", "policy", "labels", "releases", "problems", "counts", "comparison"]);
    expect(report.comparison).toEqual({ base: null, promiseChanges: [], catalogChanges: [], registryChanges: [], registriesOnly: [] });
    expect(report).toMatchObject({ version: 1, result: "invalid", exitCode: 2, evaluatedAt: "2026-11-23T12:00:00.000Z", policy: { file: null, valid: true } });
    expect(report.counts).toEqual({ releases: 3, ready: 1, notReady: 1, invalid: 1 });
    const b = report.releases.find((r) => r.file === "readiness/b.yml")!;
    expect(Object.keys(b)).toEqual(["file", "valid", "ready", "release", "title", "status", "owner", "requires", "items", "rules", "blockers", "campaigns", "notes", "promisesFile", "eventsFile", "problems"]);
    expect(b.rules.find((r) => r.id === "rollout")).toEqual({ id: "rollout", ok: false, message: "rollout 25% exceeds the 10% allowed at experiment", line: 13, column: 38 });
    const c = report.releases.find((r) => r.file === "readiness/c.yml")!;
    expect(c).toMatchObject({ valid: false, ready: false, release: null, items: [] });
    expect(report.problems.filter((p) => p.file === "readiness/c.yml").map((p) => p.key)).toContain("version");
  });

  it("markdown: headings, an item table and escaped text, without terminal colours", async () => {
    const dir = tree({ ...files, "readiness/a.yml": experimentManifest("a").replace("title: Experiment a", "title: \"<b>@everyone</b> *now*\"") });
    const result = await run(["check", "readiness", "--format", "markdown"], { cwd: dir, isTTY: true });
    expect(result.stdout).toMatch(/^## Release readiness: ❌ not ready/);
    expect(result.stdout).toContain("| | Item | State | At this status | Detail |");
    expect(result.stdout).toContain("&lt;b&gt;@\u200beveryone&lt;/b&gt; \\*now\\*");
    expect(result.stdout).not.toContain("<b>");
    expect(result.stdout).not.toMatch(ANSI);
  });

  it("text: no colour when stdout is not a terminal", async () => {
    const dir = tree(files);
    const result = await run(["check", "readiness"], { cwd: dir, isTTY: false });
    expect(result.stdout).not.toMatch(ANSI);
    expect(result.stdout).toContain("✗ b — Experiment b: NOT READY (1 blocker)");
  });

  it("text: colour on a terminal, none when NO_COLOR is set", async () => {
    const dir = tree(files);
    expect((await run(["check", "readiness"], { cwd: dir, isTTY: true })).stdout).toMatch(ANSI);
    expect((await run(["check", "readiness"], { cwd: dir, isTTY: true, env: { NO_COLOR: "1" } })).stdout).not.toMatch(ANSI);
  });

  it("rejects an unknown format with usage on stderr", async () => {
    const result = await run(["check", "readiness/examples", "--format", "xml"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("--format must be one of text, json, markdown");
    expect(result.stderr).toContain("Usage: readiness check");
  });
});
