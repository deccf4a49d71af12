import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { feedTokenEntry, feedTokenMatches, parseFeedTokens } from "../../../src/domain/feed/tokens.js";

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

describe("READINESS_FEED_TOKENS", () => {
  it("reads owner/repo=<sha-256> entries separated by commas or newlines, repository names in any case", () => {
    const tokens = parseFeedTokens(`acme/shop=${hash("a")},\n Acme/Docs=${hash("b").toUpperCase()}\n\n`);
    expect([...tokens.digests.keys()]).toEqual(["acme/shop", "acme/docs"]);
    expect(tokens.problems).toEqual([]);
    expect(feedTokenMatches(tokens, "ACME/shop", "a")).toBe(true);
    expect(feedTokenMatches(tokens, "acme/docs", "b")).toBe(true);
  });

  it("grants nothing for a wrong token, another repository's token, no token, or an unknown repository", () => {
    const tokens = parseFeedTokens(`acme/shop=${hash("a")},acme/docs=${hash("b")}`);
    expect(feedTokenMatches(tokens, "acme/shop", "b")).toBe(false);
    expect(feedTokenMatches(tokens, "acme/shop", undefined)).toBe(false);
    expect(feedTokenMatches(tokens, "acme/shop", "")).toBe(false);
    expect(feedTokenMatches(tokens, "acme/nowhere", "a")).toBe(false);
  });

  it("ignores a malformed entry without repeating it (it may be a pasted token), and an empty hash matches no empty token", () => {
    const tokens = parseFeedTokens(`acme/shop=plain-secret-token,acme/docs=${hash("")}`);
    expect(tokens.digests.has("acme/shop")).toBe(false);
    expect(tokens.problems).toHaveLength(1);
    expect(tokens.problems[0]).not.toContain("plain-secret-token");
    expect(feedTokenMatches(tokens, "acme/docs", "")).toBe(false);
  });

  it("writes the entry to configure for a token", () => {
    expect(feedTokenEntry("acme/shop", "a")).toBe(`acme/shop=${hash("a")}`);
    expect(feedTokenMatches(parseFeedTokens(feedTokenEntry("acme/shop", "a")), "acme/shop", "a")).toBe(true);
  });
});
