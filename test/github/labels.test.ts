import { describe, expect, it } from "vitest";
import type { GitHubClient } from "../../src/github/client.js";
import { applyLabelChanges, KnownLabels } from "../../src/github/labels.js";

/** The label endpoints, recording each call; `existing` labels answer getLabel, others 404. */
function labelApi(existing: string[] = []) {
  const calls: string[] = [];
  const notFound = () => Object.assign(new Error("Not Found"), { status: 404 });
  const octokit = {
    rest: {
      issues: {
        getLabel: async ({ name }: { name: string }) => {
          calls.push(`get ${name}`);
          if (!existing.includes(name)) throw notFound();
          return { data: { name } };
        },
        createLabel: async ({ name }: { name: string }) => void calls.push(`create ${name}`),
        addLabels: async ({ labels }: { labels: string[] }) => void calls.push(`add ${labels.join(",")}`),
        removeLabel: async ({ name }: { name: string }) => void calls.push(`remove ${name}`),
      },
    },
  };
  return { octokit: octokit as unknown as GitHubClient, calls };
}

const repo = { owner: "Acme", repo: "Shop" };

describe("KnownLabels: which labels exist, remembered by one app instance", () => {
  it("remembers per repository, naming the repository in any case", () => {
    const known = new KnownLabels();
    known.add(repo, "release:ga");
    expect(known.has({ owner: "acme", repo: "shop" }, "release:ga")).toBe(true);
    expect(known.has({ owner: "acme", repo: "other" }, "release:ga")).toBe(false);
    expect(known.has(repo, "release:beta")).toBe(false);
  });

  it("makes applyLabelChanges look a label up (and create it) once, and a new instance look again", async () => {
    const { octokit, calls } = labelApi();
    const known = new KnownLabels();
    await applyLabelChanges(octokit, repo, 1, { add: ["release:beta"], remove: [] }, known);
    await applyLabelChanges(octokit, repo, 2, { add: ["release:beta"], remove: ["release:experiment"] }, known);
    expect(calls).toEqual(["get release:beta", "create release:beta", "add release:beta", "remove release:experiment", "add release:beta"]);

    calls.length = 0;
    await applyLabelChanges(octokit, repo, 3, { add: ["release:beta"], remove: [] }, new KnownLabels());
    expect(calls).toEqual(["get release:beta", "create release:beta", "add release:beta"]);
  });
});
