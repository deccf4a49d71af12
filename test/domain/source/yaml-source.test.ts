import { describe, expect, it, vi } from "vitest";
import { MAX_PROBLEMS_PER_FILE } from "../../../src/domain/source/problems.js";
import { parseYamlSource, YAML_LIMITS, type YamlSource } from "../../../src/domain/source/yaml-source.js";

const FILE = "readiness/r.yml";

function problemsOf(source: YamlSource) {
  if (source.ok) throw new Error("expected problems, the YAML parsed");
  return source.problems;
}

function nestedFlow(depth: number, open = "[", close = "]"): string {
  return `a: ${open.repeat(depth)}${close.repeat(depth)}\n`;
}

/** `depth` block sequences on one line (`- - - x`): block style without a byte per level of indent. */
function nestedBlockSequence(depth: number): string {
  return `${"- ".repeat(depth)}x\n`;
}

/** `depth` block mappings, each indented one space more than its parent. */
function nestedBlockMap(depth: number): string {
  let text = "";
  for (let level = 0; level < depth; level++) text += `${" ".repeat(level)}k${level}:\n`;
  return `${text}${" ".repeat(depth)}leaf: 1\n`;
}

describe("parseYamlSource", () => {
  it("returns the data and a locator for valid YAML", () => {
    const source = parseYamlSource("title: One\nlist:\n  - a\n  - b\n", FILE);
    expect(source.ok).toBe(true);
    if (!source.ok) return;
    expect(source.value).toEqual({ title: "One", list: ["a", "b"] });
    expect(source.locate(["list", 1])).toMatchObject({ line: 4, column: 5 });
    expect(source.locate(["title"], "key")).toMatchObject({ line: 1, column: 1 });
    expect(source.locate(["title"], "value")).toMatchObject({ line: 1, column: 8 });
  });

  it("points a missing key at its nearest existing ancestor", () => {
    const source = parseYamlSource("top:\n  child: 1\n", FILE);
    if (!source.ok) throw new Error("should parse");
    expect(source.locate(["top", "absent", "deeper"])).toMatchObject({ line: 2, column: 3 });
  });

  it("reports a syntax error with its line and column", () => {
    const [problem, ...rest] = problemsOf(parseYamlSource("a: 1\nb: [1, 2\nc: 3\n", FILE));
    expect(rest.length).toBeGreaterThanOrEqual(0);
    expect(problem).toMatchObject({ file: FILE, severity: "error", key: "" });
    expect(problem!.line).toBeGreaterThanOrEqual(2);
    expect(problem!.column).toBeGreaterThanOrEqual(1);
    expect(problem!.message).not.toMatch(/at line \d+, column \d+/);
  });

  it("reports an unterminated quoted string at the line it starts on or after", () => {
    const problems = problemsOf(parseYamlSource('title: ok\ndescription: "never closed\n', FILE));
    expect(problems[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it("refuses a duplicate key, pointing at the second occurrence", () => {
    const problems = problemsOf(parseYamlSource("title: one\nstatus: beta\ntitle: two\n", FILE));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: FILE, line: 3, column: 1 });
    expect(problems[0]!.message).toMatch(/duplicate key/);
  });

  it("refuses keys that are written differently but become the same key in the data", () => {
    const problems = problemsOf(parseYamlSource("1: one\n'1': also one\n", FILE));
    expect(problems).toEqual([expect.objectContaining({ line: 2, column: 1, message: expect.stringMatching(/duplicate key "1"/) })]);
  });

  it("reports every duplicate key, each at its own line", () => {
    const problems = problemsOf(parseYamlSource("a: 1\nb: 2\na: 3\nc:\n  d: 1\n  d: 2\nb: 4\n", FILE));
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [3, 'duplicate key "a"; a key may appear only once in a mapping'],
      [6, 'duplicate key "d"; a key may appear only once in a mapping'],
      [7, 'duplicate key "b"; a key may appear only once in a mapping'],
    ]);
  });

  it("refuses a duplicate key inside a nested mapping", () => {
    const problems = problemsOf(parseYamlSource("checklist:\n  docs: {url: a, url: b}\n", FILE));
    expect(problems[0]).toMatchObject({ line: 2 });
    expect(problems[0]!.column).toBeGreaterThan(10);
    expect(problems[0]!.message).toMatch(/duplicate key/);
  });

  it("refuses a file over 1 MiB before parsing it, saying how large it is", () => {
    const text = `description: ${"x".repeat(YAML_LIMITS.maxBytes)}\n`;
    const problems = problemsOf(parseYamlSource(text, FILE));
    expect(problems).toEqual([
      expect.objectContaining({ file: FILE, line: 1, column: 1, message: expect.stringMatching(/bytes; the limit is 1048576 bytes \(1 MiB\)/) }),
    ]);
  });

  it("counts bytes, not characters, against the size limit", () => {
    const multiByte = "é".repeat(YAML_LIMITS.maxBytes / 2);
    expect(multiByte.length).toBeLessThan(YAML_LIMITS.maxBytes);
    expect(problemsOf(parseYamlSource(`d: ${multiByte}\n`, FILE))[0]!.message).toMatch(/limit is 1048576 bytes/);
  });

  it("accepts a file just under the size limit", () => {
    const text = `description: ${"x".repeat(YAML_LIMITS.maxBytes - 100)}\n`;
    expect(parseYamlSource(text, FILE).ok).toBe(true);
  });

  it("refuses a billion-laughs alias bomb instead of expanding it", () => {
    const lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let level = 1; level < 10; level++) {
      lines.push(`l${level}: &l${level} [${Array(9).fill(`*l${level - 1}`).join(", ")}]`);
    }
    const problems = problemsOf(parseYamlSource(lines.join("\n"), FILE));
    expect(problems[0]!.message).toMatch(/too many alias expansions \(limit 100\)/);
  });

  it("allows a few aliases, which real files use", () => {
    const source = parseYamlSource("base: &regions [EU, US]\nother: *regions\n", FILE);
    expect(source.ok && source.value).toEqual({ base: ["EU", "US"], other: ["EU", "US"] });
  });

  it("accepts nesting up to the depth limit", () => {
    expect(parseYamlSource(nestedFlow(YAML_LIMITS.maxDepth - 1), FILE).ok).toBe(true);
  });

  it.each([
    ["flow sequences", nestedFlow(YAML_LIMITS.maxDepth + 1)],
    ["flow mappings", `a: ${"{b: ".repeat(YAML_LIMITS.maxDepth + 1)}1${"}".repeat(YAML_LIMITS.maxDepth + 1)}\n`],
    ["block sequences", nestedBlockSequence(YAML_LIMITS.maxDepth + 1)],
    ["block mappings", nestedBlockMap(YAML_LIMITS.maxDepth + 1)],
  ])("refuses %s nested deeper than the limit", (_style, text) => {
    const problems = problemsOf(parseYamlSource(text, FILE));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe(`nesting is deeper than ${YAML_LIMITS.maxDepth} levels`);
    expect(problems[0]!.line).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ["10,000 flow sequences", nestedFlow(10_000)],
    ["10,000 flow mappings", `a: ${"{b: ".repeat(10_000)}1${"}".repeat(10_000)}\n`],
    ["unclosed flow sequences filling the size limit", "[".repeat(YAML_LIMITS.maxBytes - 1)],
    ["10,000 block sequences", nestedBlockSequence(10_000)],
    ["1,400 block mappings, as deep as 1 MiB of indentation allows", nestedBlockMap(1_400)],
  ])("refuses extreme nesting (%s) with the nesting message, not a stack overflow", (_style, text) => {
    const problems = problemsOf(parseYamlSource(text, FILE));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe(`nesting is deeper than ${YAML_LIMITS.maxDepth} levels`);
  });

  it("parses an empty file to an empty value, leaving the caller to say what is missing", () => {
    const source = parseYamlSource("", FILE);
    expect(source.ok).toBe(true);
    expect(source.ok && source.value).toBeNull();
  });

  it("parses a file of only comments to an empty value", () => {
    const source = parseYamlSource("# nothing here yet\n", FILE);
    expect(source.ok && source.value).toBeNull();
  });

  it("refuses a file holding more than one YAML document", () => {
    const problems = problemsOf(parseYamlSource("a: 1\n---\nb: 2\n", FILE));
    expect(problems[0]!.message).toMatch(/document/i);
    expect(problems[0]!.line).toBe(2);
  });

  it("reports at most the per-file maximum of YAML errors, first ones first", () => {
    const text = Array.from({ length: 200 }, () => "same: 1").join("\n");
    const problems = problemsOf(parseYamlSource(text, FILE));
    expect(problems).toHaveLength(MAX_PROBLEMS_PER_FILE);
    expect(problems[0]!.line).toBe(2);
  });

  it("refuses a collection used as a key without writing warnings to the process log", () => {
    const emitWarning = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      const source = parseYamlSource("? [a, b]\n: value\n", FILE);
      expect(source.ok).toBe(false);
      expect(emitWarning).not.toHaveBeenCalled();
    } finally {
      emitWarning.mockRestore();
    }
  });

  it("quotes only a short piece of an offending token in a syntax error", () => {
    const problems = problemsOf(parseYamlSource(`a: 1\n}\n? ${"k".repeat(5_000)}\n`, FILE));
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem.message.length).toBeLessThanOrEqual(300);
  });
});

describe("unresolved aliases", () => {
  it("name the alias and its line, in a short message, and are not mistaken for an alias bomb", () => {
    const name = `missing${"k".repeat(2000)}`;
    const result = parseYamlSource(`version: 1\n? *${name}\n: value\n`, "readiness/x.yml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    const [problem] = result.problems;
    expect(problem!.line).toBe(2);
    expect(problem!.message).toContain("no anchor");
    expect(problem!.message).not.toContain("too many alias");
    expect(problem!.message.length).toBeLessThan(200);
  });
});

describe("parseYamlSource: keys that are not plain scalars (hostile input)", () => {
  it("refuses an alias used as a key, which would override an earlier value unseen", () => {
    const text = "version: 1\n&k status: beta\ntitle: x\n*k : ga\n";
    const result = parseYamlSource(text, "readiness/a.yml");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual([expect.objectContaining({ file: "readiness/a.yml", line: 4, column: 1, message: expect.stringMatching(/alias \*k used as a key/) })]);
    }
  });

  it.each([
    ["a mapping", "? { a: 1 }\n: x\n", 1],
    ["a sequence", "ok: 1\n? [a, b]\n: x\n", 2],
    ["a nested alias key", "a: &x 1\nb:\n  *x : 2\n", 3],
  ])("refuses %s used as a key, with its line", (_name, text, line) => {
    const result = parseYamlSource(text, "policy.yml");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ file: "policy.yml", line, message: expect.stringMatching(/key/) });
  });

  it("still accepts an alias as a value", () => {
    const result = parseYamlSource("a: &x 1\nb: *x\n", "f.yml");
    expect(result.ok && result.value).toEqual({ a: 1, b: 1 });
  });
});

describe("parseYamlSource: tags (hostile input)", () => {
  it.each([
    ["a local tag", "title: x\nowner: !foo bar\n", 2, "!foo"],
    ["a js/function tag", "a: 1\nb: !!js/function 'function () { return 1 }'\n", 2, "!!js/function"],
    ["binary, which YAML 1.2 does not define", "blob: !!binary aGVsbG8=\n", 1, "!!binary"],
    ["a tag on a mapping", "a:\n  b: !thing\n    c: 1\n", 2, "!thing"],
    ["a verbatim tag", "a: !<tag:example.com,2000:x> y\n", 1, "!<tag:example.com,2000:x>"],
  ])("refuses %s, with its line, instead of reading it as a string", (_name, text, line, tag) => {
    const problems = problemsOf(parseYamlSource(text, FILE));
    expect(problems).toEqual([expect.objectContaining({ file: FILE, line, message: expect.stringContaining(`unknown YAML tag ${tag}`) })]);
  });

  it("accepts YAML 1.2's own tags, which only say what the value already is", () => {
    const result = parseYamlSource("a: !!str 1\nb: !!int 2\nc: !!float 1.5\nd: !!bool true\ne: !!null ~\nf: !!seq [1]\ng: !!map { x: 1 }\n", FILE);
    expect(result.ok && result.value).toEqual({ a: "1", b: 2, c: 1.5, d: true, e: null, f: [1], g: { x: 1 } });
  });
});

describe("parseYamlSource: 20,000 problems say so, not just the first 50", () => {
  it("20,000 duplicate keys: the first ones, then how many more", () => {
    const text = Array.from({ length: 20_001 }, () => "same: 1").join("\n");
    const problems = problemsOf(parseYamlSource(text, FILE));
    expect(problems).toHaveLength(MAX_PROBLEMS_PER_FILE);
    expect(problems.at(-1)).toMatchObject({ message: "and 19,951 more problems in this file, not listed", more: 19_951 });
  });

  it("thousands of syntax errors are counted too", () => {
    const problems = problemsOf(parseYamlSource(`a: 1\n${"]\n".repeat(5_000)}`, FILE));
    expect(problems).toHaveLength(MAX_PROBLEMS_PER_FILE);
    expect(problems.at(-1)!.more).toBeGreaterThan(1_000);
    expect(problems.at(-1)!.message).toMatch(/^and [\d,]+ more problems in this file, not listed$/);
  });
});
