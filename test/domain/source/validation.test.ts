import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parsePolicy } from "../../../src/domain/policy/resolve.js";
import { validateAgainstSchema } from "../../../src/domain/source/validation.js";
import { parseYamlSource } from "../../../src/domain/source/yaml-source.js";

const FILE = "readiness/r.yml";

function problemsFor(schema: z.ZodType, text: string) {
  const source = parseYamlSource(text, FILE);
  if (!source.ok) throw new Error(`YAML did not parse: ${source.problems[0]?.message}`);
  const checked = validateAgainstSchema(schema, source.value, FILE, source.locate);
  if (checked.ok) throw new Error("expected problems");
  return checked.problems;
}

describe("validateAgainstSchema: numbers that are not finite", () => {
  const schema = z.object({ name: z.string(), limits: z.object({ percent: z.number() }) });

  it.each([
    [".nan", ".nan (not a number) is not a finite number"],
    [".NaN", ".nan (not a number) is not a finite number"],
    [".inf", ".inf (infinity, or a number too large to hold) is not a finite number"],
    ["-.inf", "-.inf (infinity, or a number too large to hold) is not a finite number"],
    ["1e400", ".inf (infinity, or a number too large to hold) is not a finite number"],
  ])("%s where a number is expected: a clear message with its line and key", (value, message) => {
    expect(problemsFor(schema, `name: x\nlimits:\n  percent: ${value}\n`)).toEqual([
      expect.objectContaining({ file: FILE, line: 3, key: "limits.percent", message }),
    ]);
  });

  it("where text is expected, the value is named as YAML writes it, not as JSON's null", () => {
    expect(problemsFor(schema, "name: .nan\nlimits: { percent: 1 }\n")).toEqual([
      expect.objectContaining({ line: 1, key: "name", message: "expected string, got .nan (not a number)" }),
    ]);
  });

  it("in the policy: max_rollout_percent: .inf names the key and line", () => {
    const resolved = parsePolicy("statuses:\n  beta:\n    max_rollout_percent: .inf\n", ".github/release-readiness.yml");
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) {
      expect(resolved.problems).toEqual([expect.objectContaining({ line: 3, key: "statuses.beta.max_rollout_percent", message: expect.stringContaining("is not a finite number") })]);
    }
  });
});

describe("validateAgainstSchema: 20,000 problems say so", () => {
  it("20,000 unknown keys: 50 listed, the last saying how many more, counted true", async () => {
    const { problemCount } = await import("../../../src/domain/source/problems.js");
    const text = `name: x\nlimits: { percent: 1 }\n${Array.from({ length: 20_000 }, (_, i) => `k${i}: 1`).join("\n")}\n`;
    const problems = problemsFor(z.strictObject({ name: z.string(), limits: z.object({ percent: z.number() }) }), text);
    expect(problems).toHaveLength(50);
    expect(problems.at(-1)).toMatchObject({ message: "and 19,951 more problems in this file, not listed", more: 19_951 });
    expect(problemCount(problems)).toBe(20_000);
  });
});
