/**
 * Writes docs/reference/configuration.md from the zod schemas (`npm run docs`), through the same
 * JSON Schemas `npm run schemas` commits, so the reference, the editors' schemas and what the app
 * accepts cannot disagree. test/docs/configuration-reference.test.ts fails when the committed page
 * differs from what this would write: run it after changing a schema.
 *
 * A key whose schema has no `.describe()` still gets its row, with a plain "no description yet"
 * in place of one, so a new key shows up here the moment it is added and nobody is blocked by a
 * missing sentence.
 */
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { JSON_SCHEMA_PATHS, jsonSchemaFor, type JsonSchemaKind } from "../src/domain/source/json-schema.js";

export const CONFIG_REFERENCE_PATH = "docs/reference/configuration.md";

/** What a key without a `.describe()` shows in the description column. */
export const NO_DESCRIPTION = "_No description in the schema yet._";

/** The part of JSON Schema (draft 2020-12) that zod's `toJSONSchema` writes for these schemas. */
interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
}

/** One row of a table: one key a person may write. */
export interface ConfigRow {
  key: string;
  type: string;
  default: string;
  allowed: string;
  description: string;
}

interface Section {
  kind: JsonSchemaKind;
  heading: string;
  file: string;
  guide: string;
}

const SECTIONS: Section[] = [
  { kind: "policy", heading: "Policy", file: ".github/release-readiness.yml", guide: "policy.md" },
  { kind: "manifest", heading: "Release manifest", file: "readiness/<release>.yml", guide: "manifest.md" },
  { kind: "promises", heading: "Promise registry", file: "readiness/promises.yml", guide: "promises-and-events.md#promise-registry" },
  { kind: "events", heading: "Event catalog", file: "readiness/events.yml", guide: "promises-and-events.md#event-catalog" },
];

/** zod nests unions of unions (`one signer or a list of signers`); a reader sees one flat choice. */
function alternatives(schema: JsonSchema): JsonSchema[] {
  return schema.anyOf ? schema.anyOf.flatMap(alternatives) : [schema];
}

const code = (value: unknown): string => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;
const unique = (parts: string[]): string[] => [...new Set(parts.filter((part) => part !== ""))];

/** A mapping among other forms is told apart by its keys: "`{ not_applicable }` or mapping of `url`". */
function formOf(schema: JsonSchema, forms: JsonSchema[]): string {
  const mappings = forms.filter((form) => form.type === "object" && form.properties).length;
  if (mappings < 2 || schema.type !== "object" || !schema.properties) return typeOf(schema);
  return `mapping of ${Object.keys(schema.properties).map((key) => `\`${key}\``).join(", ")}`;
}

function typeOf(schema: JsonSchema): string {
  if (schema.anyOf) {
    const forms = alternatives(schema);
    return unique(forms.map((form) => formOf(form, forms))).join(" or ");
  }
  if (schema.const !== undefined) return code(schema.const);
  if (schema.enum) return "text";
  switch (schema.type) {
    case "string":
      if (schema.format === "date") return "date";
      if (schema.format === "uri") return "URL";
      return "text";
    case "integer":
      return "whole number";
    case "array":
      return schema.items ? `list of ${typeOf(schema.items)}` : "list";
    case "object":
      if (schema.properties) return "mapping";
      return typeof schema.additionalProperties === "object" ? `mapping of text to ${typeOf(schema.additionalProperties)}` : "mapping";
    default:
      return schema.type ?? "any";
  }
}

function range(min: number | undefined, max: number | undefined, unit: string): string {
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${min} ${unit}` : `${min} to ${max} ${unit}`;
  if (min !== undefined) return `at least ${min} ${unit}`;
  if (max !== undefined) return `at most ${max} ${unit}`;
  return "";
}

/** The values a key accepts, in words: its choices, lengths, bounds and pattern. */
function allowedOf(schema: JsonSchema): string {
  if (schema.anyOf) return unique(alternatives(schema).map(allowedOf)).join("; or ");
  if (schema.type === "object" && schema.properties) return "the keys below";
  if (schema.enum) return `one of ${schema.enum.map(code).join(", ")}`;
  if (schema.const !== undefined) return `only ${code(schema.const)}`;
  const parts: string[] = [];
  if (schema.type === "string") {
    if (schema.format === "date") parts.push("an ISO date such as `2026-11-20`");
    else if (schema.format === "uri") parts.push("an http(s) URL");
    else if (schema.pattern) parts.push(`matches ${code(schema.pattern)}`);
    parts.push(range(schema.minLength, schema.maxLength, "characters").replace(/^at least 1 characters$/, "not empty"));
  } else if (schema.type === "number" || schema.type === "integer") {
    // zod writes Number.MAX_SAFE_INTEGER as the bound of an unbounded whole number.
    const maximum = schema.maximum === Number.MAX_SAFE_INTEGER ? undefined : schema.maximum;
    parts.push(range(schema.minimum, maximum, "").trim());
  } else if (schema.type === "array") {
    parts.push(range(schema.minItems, schema.maxItems, "entries"));
    const each = schema.items && !schema.items.properties ? allowedOf(schema.items) : "";
    if (each) parts.push(`each: ${each}`);
  }
  return unique(parts).join(", ");
}

function defaultOf(schema: JsonSchema, required: boolean): string {
  if (schema.default === undefined) return required ? "**required**" : "not set";
  // A mapping defaulting to {} is filled in key by key: its own keys' rows say what it holds.
  if (schema.type === "object" && schema.properties && JSON.stringify(schema.default) === "{}") return "its keys' defaults";
  return code(schema.default);
}

/** A key's own sub-keys: those of a mapping, of each entry of a list, and of each form a union allows. */
function children(schema: JsonSchema, key: string): Array<[string, JsonSchema, boolean]> {
  const forms = alternatives(schema);
  return forms.flatMap((form): Array<[string, JsonSchema, boolean]> => {
    if (form.type === "array" && form.items) {
      return alternatives(form.items).flatMap((item) => children(item, `${key}[]`));
    }
    if (form.type !== "object" || !form.properties) return [];
    const required = new Set(form.required ?? []);
    return Object.entries(form.properties).map(([name, property]) => [key === "" ? name : `${key}.${name}`, property, required.has(name)]);
  });
}

/** Every key of a schema, depth first, each once (a key two forms share is listed at its first). */
export function rowsFor(root: JsonSchema): ConfigRow[] {
  const rows: ConfigRow[] = [];
  const seen = new Set<string>();
  const visit = (schema: JsonSchema, key: string, required: boolean) => {
    if (key !== "") {
      if (seen.has(key)) return;
      seen.add(key);
      rows.push({
        key,
        type: typeOf(schema),
        default: defaultOf(schema, required),
        allowed: allowedOf(schema),
        description: schema.description ?? NO_DESCRIPTION,
      });
    }
    for (const [childKey, child, childRequired] of children(schema, key)) visit(child, childKey, childRequired);
  };
  visit(root, "", true);
  return rows;
}

/**
 * Table cells hold one line; `|` would end the cell (GitHub reads `\|` as a pipe even in code), and
 * `<name>` outside code would be swallowed as an HTML tag.
 */
function cell(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
  return oneLine.split(/(`[^`]*`)/).map((part) => (part.startsWith("`") ? part : part.replace(/</g, "&lt;").replace(/>/g, "&gt;"))).join("");
}

function renderSection(section: Section): string {
  const schema = jsonSchemaFor(section.kind) as JsonSchema;
  // `$schema` points an editor at the JSON Schema: it is for the file, not for the app.
  const rows = rowsFor(schema).filter((row) => row.key !== "$schema");
  const lines = [
    `## ${section.heading}`,
    "",
    `The file \`${section.file}\`. Guide: [${section.guide.split("#")[0]}](${section.guide}); ` +
      `JSON Schema: [\`${JSON_SCHEMA_PATHS[section.kind]}\`](../../${JSON_SCHEMA_PATHS[section.kind]}).`,
    "",
    "| key | type | default | allowed values | description |",
    "|---|---|---|---|---|",
    ...rows.map((row) => `| \`${row.key}\` | ${cell(row.type)} | ${cell(row.default)} | ${cell(row.allowed) || "any"} | ${cell(row.description)} |`),
  ];
  return lines.join("\n");
}

/** The exact text of docs/reference/configuration.md. */
export function renderConfigurationReference(): string {
  const intro = [
    "# Configuration reference",
    "",
    "<!-- Generated by `npm run docs` (scripts/generate-config-reference.ts) from the zod schemas. Do not edit by hand. -->",
    "",
    "Every key of the four files Release Readiness reads, generated from the schemas the app validates",
    "with, so this page cannot fall behind the code. `key[]` stands for each entry of the list `key`.",
    "A key with a default may be left out; `not set` means the key is optional and has no default.",
    "Lists written in a policy replace the default list; mappings are filled in key by key",
    "([policy.md](policy.md#merging-and-extends)). Unknown keys are errors everywhere.",
    "",
    "The guides explain what the keys do together: [policy.md](policy.md), [manifest.md](manifest.md),",
    "[promises-and-events.md](promises-and-events.md), and the [manifest guide](../guides/manifest.md).",
  ];
  return `${[intro.join("\n"), ...SECTIONS.map(renderSection)].join("\n\n")}\n`;
}

async function main(): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const path = join(root, CONFIG_REFERENCE_PATH);
  const text = renderConfigurationReference();
  const current = await readFile(path, "utf8").catch(() => undefined);
  if (current === text) {
    console.log(`unchanged ${CONFIG_REFERENCE_PATH}`);
    return;
  }
  await writeFile(path, text);
  console.log(`${current === undefined ? "created" : "updated"} ${CONFIG_REFERENCE_PATH}`);
}

// Run as `tsx scripts/generate-config-reference.ts`; imported by the test, it only exports.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
