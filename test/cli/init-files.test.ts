import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { commentedYaml } from "../../src/cli/commented-yaml.js";
import { defaultPolicyText } from "../../src/cli/init-files.js";
import { defaultPolicy } from "../../src/domain/policy/resolve.js";
import { jsonSchemaFor } from "../../src/domain/source/json-schema.js";

describe("the policy `readiness init` writes, generated from the policy schema", () => {
  const text = defaultPolicyText();
  const lines = text.split("\n");

  it("points editors at the JSON Schema on its first line", () => {
    expect(lines[0]).toBe("# yaml-language-server: $schema=../readiness/policy.schema.json");
  });

  it("holds exactly defaultPolicy(), key for key", () => {
    expect(parse(text)).toEqual(defaultPolicy());
  });

  it("writes each top-level key's schema description as the comment just above it", () => {
    const properties = jsonSchemaFor("policy").properties as Record<string, { description?: string }>;
    for (const key of Object.keys(defaultPolicy())) {
      const description = properties[key]?.description;
      expect(description, key).toBeDefined();
      const at = lines.findIndex((line) => line.startsWith(`${key}:`));
      const firstWords = description!.split(" ").slice(0, 3).join(" ");
      const comment = lines.slice(0, at).reverse();
      const block = comment.slice(0, comment.findIndex((line) => !line.startsWith("#"))).reverse().join(" ");
      expect(block, key).toContain(firstWords);
    }
  });

  it("keeps every line within 96 columns and quotes what YAML could misread", () => {
    expect(lines.filter((line) => line.length > 96)).toEqual([]);
    expect(text).toContain('campaign_labels: ["campaign:*"]');
    expect(text).toContain('  - "!readiness/events.yml"');
    expect(text).toContain('  event_name_pattern: "^[a-z][a-z0-9]*(_[a-z0-9]+)*$"');
    expect(text).toContain("  - experiment -> beta");
  });
});

describe("commentedYaml", () => {
  const schema = {
    properties: {
      list: { description: "A list that fits." },
      long: { description: "A list that does not." },
      nested: {
        description: "Level one.",
        properties: { inner: { description: "Level two.", properties: { deep: { description: "Level three." } } } },
      },
    },
  };
  const value = { list: ["a", "b"], long: Array.from({ length: 20 }, (_, i) => `item-number-${i}`), nested: { inner: { deep: 1 } } };
  const text = commentedYaml(value, schema, "Header\n\nafter a break");

  it("comments the first two levels of keys, not deeper ones", () => {
    expect(text).toContain("# Level one.\nnested:\n  # Level two.\n  inner:\n    deep: 1");
    expect(text).not.toContain("Level three");
  });

  it("writes a list on one line when it fits, one item a line when not", () => {
    expect(text).toContain("# A list that fits.\nlist: [a, b]\n");
    expect(text).toContain("long:\n  - item-number-0\n");
  });

  it("starts with the header, a blank comment line kept as #, and separates top-level keys by a blank line", () => {
    expect(text.startsWith("# Header\n#\n# after a break\n")).toBe(true);
    expect(text).toContain("\n\n# A list that does not.\nlong:");
    expect(parse(text)).toEqual(value);
  });

  it("wraps a long description at word boundaries", () => {
    const words = Array.from({ length: 40 }, () => "word").join(" ");
    const wrapped = commentedYaml({ key: 1 }, { properties: { key: { description: words } } }, "h").split("\n").filter((l) => l.startsWith("# word"));
    expect(wrapped.length).toBeGreaterThan(1);
    for (const line of wrapped) expect(line.length).toBeLessThanOrEqual(96);
  });
});
