import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../cli/cli-harness.js";

/**
 * The layers of docs/architecture.md, checked on every file: the domain is plain functions over
 * data, so it may import only its own files and the few pure libraries below; only src/github
 * talks to GitHub.
 */
const DOMAIN_PACKAGES = new Set(["zod", "yaml", "picomatch", "re2js", "snowball-stemmers", "node:crypto", "node:util"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']/gm), ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)]
    .map((match) => match[1]!);
}

const srcRoot = join(REPO_ROOT, "src");
const layerOf = (file: string) => relative(srcRoot, file).split("/")[0]!;

describe("layers", () => {
  it("src/domain imports only the domain and pure libraries: no GitHub, handlers, CLI, probot or I/O", () => {
    const offences: string[] = [];
    for (const file of sourceFiles(join(srcRoot, "domain"))) {
      for (const specifier of importsOf(file)) {
        const name = relative(REPO_ROOT, file);
        if (specifier.startsWith(".")) {
          const target = join(file, "..", specifier);
          if (layerOf(target) !== "domain") offences.push(`${name} imports ${specifier}`);
        } else if (!DOMAIN_PACKAGES.has(specifier)) {
          offences.push(`${name} imports ${specifier}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it("only src/github (and the wiring) imports Octokit or probot at run time", () => {
    const offences: string[] = [];
    for (const file of sourceFiles(srcRoot)) {
      const layer = layerOf(file);
      if (["github", "index.ts", "app", "handlers", "cli", "action"].includes(layer)) continue;
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/^\s*import\s+(?!type\s)[^;]*?from\s+["'](probot|@octokit\/[^"']+)["']/gm)) {
        offences.push(`${relative(REPO_ROOT, file)} imports ${match[1]}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it("the checker sees the imports it checks (it found the domain's own files)", () => {
    const files = sourceFiles(join(srcRoot, "domain"));
    expect(files.length).toBeGreaterThan(20);
    expect(files.some((file) => importsOf(file).some((s) => s === "zod"))).toBe(true);
  });
});
