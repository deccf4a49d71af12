import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CONFIG_REFERENCE_PATH, NO_DESCRIPTION, renderConfigurationReference, rowsFor } from "../../scripts/generate-config-reference.js";
import { policySchema } from "../../src/domain/policy/schema.js";
import { REPO_ROOT } from "../cli/cli-harness.js";

type Schema = Parameters<typeof rowsFor>[0];
const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input" }) as Schema;

/** The dotted path of every leaf and mapping in a value, as the reference names keys. */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    return [path, ...keyPaths(child, path)];
  });
}

describe("docs/reference/configuration.md", () => {
  it("is what `npm run docs` writes from the schemas today (run it after changing a schema)", () => {
    const committed = readFileSync(join(REPO_ROOT, CONFIG_REFERENCE_PATH), "utf8");
    expect(committed, "docs/reference/configuration.md is stale: run `npm run docs` and commit it").toBe(renderConfigurationReference());
  });

  it("has a row for every key of the policy's defaults, with that default", () => {
    const rows = new Map(rowsFor(jsonSchema(policySchema)).map((row) => [row.key, row]));
    const defaults = policySchema.parse({});
    for (const key of keyPaths(defaults)) expect(rows.has(key), key).toBe(true);
    expect(rows.get("waivers.max_days")?.default).toBe("`14`");
    expect(rows.get("campaign_gate")?.allowed).toBe("one of `remove`, `check`");
    expect(rows.get("statuses.beta.requires")?.default).toBe(`\`${JSON.stringify(defaults.statuses.beta.requires)}\``);
  });

  it("lists a key without a description with a plain fallback instead of failing", () => {
    const rows = rowsFor(jsonSchema(z.strictObject({
      described: z.string().describe("Said what it is"),
      newcomer: z.number().int().min(1).default(3),
      nested: z.strictObject({ flag: z.boolean().optional() }),
    })));
    expect(rows.map((row) => [row.key, row.description])).toEqual([
      ["described", "Said what it is"],
      ["newcomer", NO_DESCRIPTION],
      ["nested", NO_DESCRIPTION],
      ["nested.flag", NO_DESCRIPTION],
    ]);
    expect(rows[0]?.default).toBe("**required**");
    expect(rows[1]).toMatchObject({ type: "whole number", default: "`3`", allowed: "at least 1" });
    expect(rows[3]?.default).toBe("not set");
  });

  it("names the keys of list entries and of each form a key may take", () => {
    const keys = rowsFor(jsonSchema(z.strictObject({
      entries: z.array(z.strictObject({ name: z.string() })),
      item: z.union([z.strictObject({ not_applicable: z.string() }), z.strictObject({ url: z.url() })]),
    }))).map((row) => [row.key, row.type]);
    expect(keys).toEqual([
      ["entries", "list of mapping"],
      ["entries[].name", "text"],
      ["item", "mapping of `not_applicable` or mapping of `url`"],
      ["item.not_applicable", "text"],
      ["item.url", "URL"],
    ]);
  });
});
