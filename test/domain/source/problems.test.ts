import { describe, expect, it } from "vitest";
import { capProblems, fileProblem, formatKeyPath, formatProblem, MAX_PROBLEMS_PER_FILE, parseKeyPath, problemCount, shortText } from "../../../src/domain/source/problems.js";

describe("key paths", () => {
  it.each([
    [["changes", 2, "type"], "changes[2].type"],
    [["checklist", "analytics", "events", "added", 0, "properties", 3], "checklist.analytics.events.added[0].properties[3]"],
    [[0, "name"], "[0].name"],
    [["title"], "title"],
    [[], ""],
  ])("formats %j as %s and reads it back", (path, key) => {
    expect(formatKeyPath(path)).toBe(key);
    expect(parseKeyPath(key)).toEqual(path);
  });
});

describe("formatProblem", () => {
  it("reads like a compiler message: file:line:column: key: message", () => {
    expect(formatProblem({ file: "readiness/a.yml", line: 3, column: 7, endLine: 3, endColumn: 9, key: "title", message: "must not be empty", severity: "error" }))
      .toBe("readiness/a.yml:3:7: title: must not be empty");
    expect(formatProblem({ file: "readiness/a.yml", line: 1, column: 1, endLine: 1, endColumn: 1, key: "", message: "the file is empty", severity: "error" }))
      .toBe("readiness/a.yml:1:1: the file is empty");
  });
});

describe("shortText", () => {
  it("keeps short text and cuts long text to the limit", () => {
    expect(shortText("status")).toBe("status");
    expect(shortText("x".repeat(500))).toHaveLength(80);
    expect(shortText("x".repeat(500), 200)).toMatch(/^x{197}\.\.\.$/);
  });
});

describe("capProblems: a capped list says how many more there were", () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...fileProblem("f.yml", `p${i}`), line: i + 1, endLine: i + 1 }));

  it("keeps a list within the cap as it is", () => {
    expect(capProblems(many(MAX_PROBLEMS_PER_FILE))).toEqual(many(MAX_PROBLEMS_PER_FILE));
  });

  it("lists the first ones and ends with how many more, so counts stay true", () => {
    const capped = capProblems(many(60), 20_000);
    expect(capped).toHaveLength(MAX_PROBLEMS_PER_FILE);
    expect(capped.at(-1)).toMatchObject({ file: "f.yml", line: MAX_PROBLEMS_PER_FILE - 1, message: "and 19,951 more problems in this file, not listed", more: 19_951 });
    expect(problemCount(capped)).toBe(20_000);
  });
});
