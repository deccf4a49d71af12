import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { defaultPolicy, POLICY_PATH, type ResolvedPolicy } from "../../src/domain/policy/resolve.js";
import type { GitHubClient } from "../../src/github/client.js";
import { loadPolicy, PolicyCache } from "../../src/github/policy-loader.js";

const REPO = { owner: "acme", repo: "shop" };

/**
 * Probot's config loader as `loadPolicy` sees it: the repository's own file first, then the ones
 * it `_extends` (here the organisation's .github), each already parsed; and the contents API, which
 * the loader reads again only to place a problem on its line.
 */
function stubOctokit(files: { own?: string; org?: string }): GitHubClient {
  const layers = [
    { owner: REPO.owner, repo: REPO.repo, path: POLICY_PATH, text: files.own },
    { owner: REPO.owner, repo: ".github", path: POLICY_PATH, text: files.org },
  ].filter((file, index) => index === 0 || file.text !== undefined);
  const stub = {
    config: {
      get: async () => ({
        files: layers.map(({ text, ...where }) => ({ ...where, config: text === undefined ? null : (parse(text) as Record<string, unknown>) })),
      }),
    },
    rest: {
      repos: {
        getContent: async ({ repo }: { repo: string }) => {
          const text = layers.find((layer) => layer.repo === repo)?.text;
          if (text === undefined) throw Object.assign(new Error("Not Found"), { status: 404 });
          return { data: { type: "file", size: text.length, encoding: "base64", content: Buffer.from(text).toString("base64"), sha: "abc" } };
        },
      },
    },
  };
  return stub as unknown as GitHubClient;
}

async function load(files: { own?: string; org?: string }): Promise<ResolvedPolicy> {
  return loadPolicy(stubOctokit(files), REPO, new PolicyCache());
}

async function policyOf(files: { own?: string; org?: string }) {
  const resolved = await load(files);
  if (!resolved.ok) throw new Error(resolved.problems.map((p) => `${p.file}:${p.line} ${p.key}: ${p.message}`).join("; "));
  return resolved.policy;
}

describe("loadPolicy: _extends layers merge like the defaults (docs/reference/policy.md)", () => {
  it("keeps an organisation's requires and the repository's max_rollout_percent for the same status", async () => {
    const policy = await policyOf({
      org: "statuses:\n  beta:\n    requires: [docs]\n",
      own: "_extends: .github\nstatuses:\n  beta:\n    max_rollout_percent: 20\n",
    });
    expect(policy.statuses.beta).toEqual({ ...defaultPolicy().statuses.beta, requires: ["docs"], max_rollout_percent: 20 });
    expect(policy.statuses.ga).toEqual(defaultPolicy().statuses.ga);
  });

  it("lets the repository's list replace the organisation's, not extend it", async () => {
    const policy = await policyOf({
      org: "statuses:\n  beta:\n    requires: [docs, support_training]\ntransitions: [experiment -> beta]\n",
      own: "_extends: .github\nstatuses:\n  beta:\n    requires: [docs]\n",
    });
    expect(policy.statuses.beta.requires).toEqual(["docs"]);
    expect(policy.transitions).toEqual(["experiment -> beta"]);
  });

  it("merges mappings key by key across layers, the nearer scalar winning", async () => {
    const policy = await policyOf({
      org: "waivers:\n  max_days: 3\ncampaign_gate: check\nchannels:\n  'campaign:email': newsletter\n",
      own: "_extends: .github\nwaivers:\n  allowed: admin\ncampaign_gate: remove\nchannels:\n  'campaign:push': mobile\n",
    });
    expect(policy.waivers).toEqual({ allowed: "admin", max_days: 3 });
    expect(policy.campaign_gate).toBe("remove");
    expect(policy.channels).toEqual({ "campaign:email": "newsletter", "campaign:push": "mobile" });
  });

  it("reads single strings from any layer as lists", async () => {
    const policy = await policyOf({ org: "manifests: releases/*.yml\nsignoffs:\n  docs: '@acme/docs'\n", own: "_extends: .github\n" });
    expect(policy.manifests).toEqual(["releases/*.yml"]);
    expect(policy.signoffs.docs).toEqual(["@acme/docs"]);
  });

  it("uses the defaults without any policy, and the organisation's without one of the repository's own", async () => {
    expect(await policyOf({})).toEqual(defaultPolicy());
    expect((await policyOf({ org: "report_non_release: true\n" })).report_non_release).toBe(true);
  });

  it("refuses, as the CLI does, campaign_labels that match nothing and a pattern that could backtrack, in any layer", async () => {
    const resolved = await load({ org: "analytics:\n  event_name_pattern: '^(a|a)*\\1$'\n", own: "_extends: .github\ncampaign_labels: []\n" });
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) {
      expect(resolved.problems.map((p) => [p.file, p.key, p.line])).toEqual([
        [POLICY_PATH, "campaign_labels", 2],
        [`acme/.github:${POLICY_PATH}`, "analytics.event_name_pattern", 2],
      ]);
    }
  });

  it("names the file a problem is in, with its line", async () => {
    const resolved = await load({ org: "campaign_gate: check\nwaivers:\n  max_days: 0\n", own: "_extends: .github\n" });
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) {
      expect(resolved.problems).toEqual([
        expect.objectContaining({ file: `acme/.github:${POLICY_PATH}`, key: "waivers.max_days", line: 3 }),
      ]);
    }
  });
});

describe("loadPolicy: what Probot's config loader throws", () => {
  const throwing = (error: Error, own?: string): GitHubClient => {
    const stub = stubOctokit({ own: own ?? "campaign_gate: check\n" }) as unknown as { config: { get: () => Promise<never> } };
    stub.config.get = async () => { throw error; };
    return stub as unknown as GitHubClient;
  };

  it("an _extends it cannot follow is a problem at the key's line, not an exception", async () => {
    const error = new Error('[@probot/octokit-plugin-config] Invalid value "../../etc/passwd" for _extends in https://api.github.com/repos/acme/shop/contents/.github%2Frelease-readiness.yml');
    const resolved = await loadPolicy(throwing(error, "campaign_gate: check\n_extends: ../../etc/passwd\n"), REPO, new PolicyCache());
    expect(resolved).toEqual({ ok: false, problems: [expect.objectContaining({ file: POLICY_PATH, key: "_extends", line: 2, column: 11 })] });
    if (!resolved.ok) expect(resolved.problems[0]!.message).toBe('must name a repository ("repo", "owner/repo" or "owner/repo:path"), not "../../etc/passwd"');
  });

  it("any other complaint about the files is the policy's problem, named without the loader's prefix", async () => {
    const resolved = await loadPolicy(throwing(new Error("[@probot/octokit-plugin-config] something new about the file")), REPO, new PolicyCache());
    expect(resolved).toEqual({ ok: false, problems: [expect.objectContaining({ file: POLICY_PATH, line: 1, message: "something new about the file" })] });
  });

  it("GitHub failing is not a broken policy: the error propagates, so the checks fail closed and say so", async () => {
    const error = Object.assign(new Error("Bad Gateway"), { status: 502 });
    await expect(loadPolicy(throwing(error), REPO, new PolicyCache())).rejects.toBe(error);
  });
});
