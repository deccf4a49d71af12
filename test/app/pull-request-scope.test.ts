import { describe, expect, it } from "vitest";
import type { Logger } from "probot";
import { publishTarget, pullRequestScope, queueKey, serialised } from "../../src/app/pull-request-scope.js";
import { createServices } from "../../src/app/services.js";
import type { GitHubClient } from "../../src/github/client.js";

const services = createServices({} as Logger, { now: () => new Date("2026-11-23T12:00:00Z") });
const octokit = {} as GitHubClient;
const repoScope = { services, octokit, repo: { owner: "Acme", repo: "Shop" } };

describe("PullRequestScope", () => {
  it("names one PR, in any case of its repository", () => {
    const scope = pullRequestScope(repoScope, 7);
    expect(scope).toEqual({ services, octokit, repo: { owner: "Acme", repo: "Shop" }, number: 7 });
    expect(queueKey(scope)).toBe("acme/shop#7");
    expect(queueKey({ repo: { owner: "acme", repo: "SHOP" }, number: 7 })).toBe(queueKey(scope));
  });

  it("runs work on one PR one piece at a time, and on other PRs meanwhile", async () => {
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = serialised(pullRequestScope(repoScope, 1), async () => {
      events.push("1a start");
      await gate;
      events.push("1a end");
    });
    const second = serialised(pullRequestScope(repoScope, 1), async () => void events.push("1b"));
    const other = serialised(pullRequestScope(repoScope, 2), async () => void events.push("2"));
    await other;
    expect(events).toEqual(["1a start", "2"]);
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(["1a start", "2", "1a end", "1b"]);
  });

  it("writes with the app's clock and the app's own label cache", () => {
    const target = publishTarget(repoScope);
    expect(target.now()).toEqual(new Date("2026-11-23T12:00:00Z"));
    expect(target.knownLabels).toBe(services.knownLabels);
    expect(createServices({} as Logger).knownLabels).not.toBe(services.knownLabels);
  });
});
