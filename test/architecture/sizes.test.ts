import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../cli/cli-harness.js";

/**
 * docs/architecture.md: a reader finds a rule in one short place. No file under src/ is longer
 * than 400 lines and no function (declaration, method, arrow or expression) longer than 80.
 */
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const files = sourceFiles(join(REPO_ROOT, "src"));

function longFunctions(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (last - first + 1 > MAX_FUNCTION_LINES) found.push(`${relative(REPO_ROOT, file)}:${first + 1} (${last - first + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("sizes", () => {
  it("reads every source file", () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it(`keeps every file under src/ at ${MAX_FILE_LINES} lines or fewer`, () => {
    const long = files
      .map((file) => ({ file: relative(REPO_ROOT, file), lines: readFileSync(file, "utf8").split("\n").length - 1 }))
      .filter((entry) => entry.lines > MAX_FILE_LINES);
    expect(long).toEqual([]);
  });

  it(`keeps every function under src/ at ${MAX_FUNCTION_LINES} lines or fewer`, () => {
    expect(files.flatMap(longFunctions)).toEqual([]);
  });
});
