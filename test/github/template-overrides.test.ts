import { describe, expect, it } from "vitest";
import type { GitHubClient } from "../../src/github/client.js";
import { RepoCache } from "../../src/github/repo-cache.js";
import { loadTemplateOverrides } from "../../src/github/template-overrides.js";
import { MAX_TEMPLATE_BYTES, notesRendererFor, type TemplateOverride } from "../../src/rendering/template-overrides.js";

const REPO = { owner: "acme", repo: "shop" };
const FOLDER = ".github/release-readiness/templates";
const SUPPORT = `${FOLDER}/support.en.hbs`;

/** The contents API as GitHub answers it: a folder listing, and each file's bytes in base64. */
function serving(files: Record<string, Buffer>): GitHubClient {
  const getContent = async ({ path }: { path: string }) => {
    if (path === FOLDER) return { data: Object.keys(files).map((p) => ({ type: "file", path: p, name: p.slice(p.lastIndexOf("/") + 1) })) };
    const bytes = files[path];
    if (!bytes) throw Object.assign(new Error("Not Found"), { status: 404 });
    return { data: { type: "file", size: bytes.length, encoding: "base64", content: bytes.toString("base64"), sha: "abc" } };
  };
  return { rest: { repos: { getContent } } } as unknown as GitHubClient;
}

const template = "# Support\n{{#each changes}}\n- {{title}}\n{{/each}}\n";

describe("template overrides read from the repository", () => {
  it("a UTF-8 override is used", async () => {
    const overrides = await loadTemplateOverrides(serving({ [SUPPORT]: Buffer.from(template) }), REPO, FOLDER, new RepoCache<TemplateOverride[]>());
    expect(overrides).toEqual([{ path: SUPPORT, source: template }]);
    expect(notesRendererFor(overrides).ok).toBe(true);
  });

  it.each([
    ["with a byte-order mark", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(template, "utf16le")]), "the file is UTF-16 (little-endian, with a byte-order mark); save it as UTF-8"],
    ["without a mark", Buffer.from(template, "utf16le"), "the file looks like UTF-16 (little-endian, no byte-order mark); save it as UTF-8"],
  ])("a UTF-16 override (%s) is reported with its path, as a UTF-16 manifest is, not skipped", async (_name, bytes, message) => {
    const overrides = await loadTemplateOverrides(serving({ [SUPPORT]: bytes }), REPO, FOLDER, new RepoCache<TemplateOverride[]>());
    const renderer = notesRendererFor(overrides);
    expect(renderer).toEqual({ ok: false, problems: [expect.objectContaining({ file: SUPPORT, line: 1, key: "", severity: "error", message })] });
  });

  it("an override too large to fetch is reported with its size and path", async () => {
    const huge = Buffer.alloc(2 * 1024 * 1024, 0x20);
    const renderer = notesRendererFor(await loadTemplateOverrides(serving({ [SUPPORT]: huge }), REPO, FOLDER, new RepoCache<TemplateOverride[]>()));
    expect(renderer).toEqual({ ok: false, problems: [expect.objectContaining({ file: SUPPORT, message: `template is ${huge.length} bytes; the limit is ${MAX_TEMPLATE_BYTES} bytes` })] });
  });
});
