import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { marked, type Token } from "marked";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../cli/cli-harness.js";

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith(".md") ? [path] : [];
  });
}

/** Every link and image target in a page, as marked reads it (so code blocks and spans hold none). */
function linkTargets(text: string): string[] {
  const targets: string[] = [];
  marked.walkTokens(marked.lexer(text), (token: Token) => {
    if (token.type === "link" || token.type === "image") targets.push(token.href);
  });
  return targets;
}

/**
 * The anchors GitHub gives a page's headings: lower case, punctuation other than `-` and `_` dropped,
 * spaces made hyphens, and a repeated heading suffixed -1, -2 (github-slugger's rule, which the
 * shared node_modules here cannot keep installed).
 */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  for (const token of marked.lexer(readFileSync(file, "utf8"))) {
    if (token.type !== "heading") continue;
    const base = token.text.replace(/`/g, "").toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "").replace(/ /g, "-");
    let slug = base;
    for (let n = 1; anchors.has(slug); n += 1) slug = `${base}-${n}`;
    anchors.add(slug);
  }
  return anchors;
}

const pages = [join(REPO_ROOT, "README.md"), ...markdownFiles(join(REPO_ROOT, "docs"))];

describe("links in README.md and docs/", () => {
  it("finds the pages and their links", () => {
    expect(pages.length).toBeGreaterThan(10);
    expect(linkTargets("[a](x.md) `[b](y.md)`\n\n```\n[c](z.md)\n```\n![d](e.png)")).toEqual(["x.md", "e.png"]);
  });

  for (const page of pages) {
    it(`every relative link in ${relative(REPO_ROOT, page)} resolves to a file and, for a page, a heading`, () => {
      const broken: string[] = [];
      for (const target of linkTargets(readFileSync(page, "utf8"))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …
        const [path = "", anchor] = target.split("#");
        const file = path === "" ? page : join(dirname(page), decodeURIComponent(path));
        const fromRoot = relative(REPO_ROOT, file);
        if (!existsSync(file)) {
          broken.push(`${target}: no ${fromRoot}`);
        } else if (anchor && file.endsWith(".md") && statSync(file).isFile() && !anchorsOf(file).has(anchor)) {
          broken.push(`${target}: ${fromRoot} has no heading #${anchor}`);
        }
      }
      expect(broken).toEqual([]);
    });
  }
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("docs pages cited in src/ comments", () => {
  // A comment says why by pointing at a page ("docs/reference/policy.md#campaign_rules"): the page
  // and heading must exist, or the pointer sends a reader nowhere.
  it("every docs/…md#anchor a source file cites resolves to a heading", () => {
    const broken: string[] = [];
    for (const file of sourceFiles(join(REPO_ROOT, "src"))) {
      for (const [, page, anchor] of readFileSync(file, "utf8").matchAll(/\b(docs\/[\w./-]+\.md)#([\w-]+)/g)) {
        const target = join(REPO_ROOT, page!);
        if (!existsSync(target)) broken.push(`${relative(REPO_ROOT, file)}: ${page} does not exist`);
        else if (!anchorsOf(target).has(anchor!)) broken.push(`${relative(REPO_ROOT, file)}: ${page} has no heading #${anchor}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
