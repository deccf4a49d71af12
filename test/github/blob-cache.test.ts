import { describe, expect, it } from "vitest";
import { BlobCache } from "../../src/github/blob-cache.js";

const repo = { owner: "Acme", repo: "Shop" };

describe("BlobCache: file texts by blob SHA", () => {
  it("gives back a text by repository (as GitHub compares names) and blob SHA, and nothing for another repository", () => {
    const cache = new BlobCache();
    cache.set(repo, "b1", "version: 1\n");
    expect(cache.get({ owner: "acme", repo: "shop" }, "b1")).toBe("version: 1\n");
    expect(cache.get({ owner: "acme", repo: "other" }, "b1")).toBeUndefined();
    expect(cache.get(repo, "b2")).toBeUndefined();
  });

  it("drops the least recently used texts once over its size, and never keeps a text larger than it", () => {
    const cache = new BlobCache(10);
    cache.set(repo, "a", "aaaa");
    cache.set(repo, "b", "bbbb");
    expect(cache.get(repo, "a")).toBe("aaaa"); // now b is the oldest
    cache.set(repo, "c", "cccc");
    expect(cache.get(repo, "b")).toBeUndefined();
    expect(cache.get(repo, "a")).toBe("aaaa");
    expect(cache.get(repo, "c")).toBe("cccc");
    cache.set(repo, "big", "x".repeat(11));
    expect(cache.get(repo, "big")).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});
