import { describe, expect, it } from "vitest";
import type { GitHubClient } from "../../src/github/client.js";
import { readFileAt } from "../../src/github/contents.js";
import { loadPolicy, PolicyCache } from "../../src/github/policy-loader.js";
import { POLICY_PATH } from "../../src/domain/policy/resolve.js";

const REPO = { owner: "acme", repo: "shop" };

/** The contents API as GitHub answers it: the file's bytes in base64, whatever their encoding. */
function serving(bytes: Buffer, config?: () => Promise<unknown>): GitHubClient {
  return {
    rest: { repos: { getContent: async () => ({ data: { type: "file", size: bytes.length, encoding: "base64", content: bytes.toString("base64"), sha: "abc" } }) } },
    config: { get: config ?? (async () => { throw new Error("[@probot/octokit-plugin-config] Configuration could not be parsed from https://example.invalid (YAML)"); }) },
  } as unknown as GitHubClient;
}

const yaml = "release: checkout-v2\nstatus: beta\n";

describe("readFileAt names a file that is not UTF-8, as the CLI does", () => {
  it.each([
    ["UTF-16 little-endian with a byte-order mark", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(yaml, "utf16le")]), "the file is UTF-16 (little-endian, with a byte-order mark); save it as UTF-8"],
    ["UTF-16 big-endian with a byte-order mark", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(yaml, "utf16le").swap16()]), "the file is UTF-16 (big-endian, with a byte-order mark); save it as UTF-8"],
    ["UTF-16 without a mark", Buffer.from(yaml, "utf16le"), "the file looks like UTF-16 (little-endian, no byte-order mark); save it as UTF-8"],
    ["Latin-1", Buffer.from("release: caf\xe9\n", "latin1"), "the file is not valid UTF-8 (first bad byte at offset 12); save it as UTF-8"],
  ])("%s", async (_name, bytes, message) => {
    expect(await readFileAt(serving(bytes), REPO, "readiness/checkout-v2.yml")).toEqual({ kind: "undecodable", message });
  });

  it("reads UTF-8 with a byte-order mark as its text, without the mark", async () => {
    const read = await readFileAt(serving(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(yaml)])), REPO, "readiness/checkout-v2.yml");
    expect(read).toEqual({ kind: "text", text: yaml, sha: "abc" });
  });

  it("a UTF-16 policy is named as such with its file, not a YAML error", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("campaign_gate: check\n", "utf16le")]);
    expect(await loadPolicy(serving(utf16), REPO, new PolicyCache())).toEqual({
      ok: false,
      problems: [expect.objectContaining({ file: POLICY_PATH, line: 1, message: "the file is UTF-16 (little-endian, with a byte-order mark); save it as UTF-8" })],
    });
  });
});
