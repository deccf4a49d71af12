import { describe, expect, it } from "vitest";
import { KeyedQueue } from "../../src/github/pr-queue.js";
import { RepoCache } from "../../src/github/repo-cache.js";

describe("RepoCache", () => {
  it("keeps a value for its lifetime, per repository, case-insensitively", () => {
    let now = 0;
    const cache = new RepoCache<string>(() => now, 1000);
    cache.set({ owner: "Acme", repo: "Shop" }, "policy", ["acme/shop"]);
    expect(cache.get({ owner: "acme", repo: "shop" })).toBe("policy");
    expect(cache.get({ owner: "acme", repo: "other" })).toBeUndefined();
    now = 999;
    expect(cache.get({ owner: "acme", repo: "shop" })).toBe("policy");
    now = 1000;
    expect(cache.get({ owner: "acme", repo: "shop" })).toBeUndefined();
  });

  it("drops every value built from a repository that changed, such as the organisation's .github", () => {
    const cache = new RepoCache<string>(() => 0);
    cache.set({ owner: "acme", repo: "shop" }, "a", ["acme/shop", "acme/.github"]);
    cache.set({ owner: "acme", repo: "api" }, "b", ["acme/api"]);
    cache.invalidateSource({ owner: "acme", repo: ".github" });
    expect(cache.get({ owner: "acme", repo: "shop" })).toBeUndefined();
    expect(cache.get({ owner: "acme", repo: "api" })).toBe("b");
  });
});

describe("KeyedQueue", () => {
  it("runs work for one key one at a time, in order, and other keys alongside", async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = queue.run("pr#1", async () => { log.push("1a start"); await gate; log.push("1a end"); });
    const second = queue.run("pr#1", async () => { log.push("1b"); });
    const other = queue.run("pr#2", async () => { log.push("2"); });
    await other;
    expect(log).toEqual(["1a start", "2"]);
    release();
    await Promise.all([first, second]);
    expect(log).toEqual(["1a start", "2", "1a end", "1b"]);
  });

  it("a failure does not stop the work queued after it", async () => {
    const queue = new KeyedQueue();
    const failed = queue.run("k", async () => { throw new Error("boom"); });
    const next = queue.run("k", async () => "ran");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ran");
  });
});
