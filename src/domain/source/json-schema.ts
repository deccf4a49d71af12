import { z } from "zod";
import { feedSchema } from "../feed/schema.js";
import { manifestSchema } from "../manifest/schema.js";
import { policySchema } from "../policy/schema.js";
import { eventCatalogSchema, promiseRegistrySchema } from "../registry/schema.js";

/**
 * JSON Schemas for editors and other tools, generated from the zod schemas the app validates with,
 * so the two cannot disagree. `io: "input"` describes what a person writes (keys with defaults are
 * optional), not what the app reads after defaults are applied.
 */
export const JSON_SCHEMA_KINDS = ["manifest", "policy", "promises", "events", "feed"] as const;
export type JsonSchemaKind = (typeof JSON_SCHEMA_KINDS)[number];

/** Where each schema is committed in this repository (and where `readiness init` puts the ones it writes). */
export const JSON_SCHEMA_PATHS: Record<JsonSchemaKind, string> = {
  manifest: "readiness/manifest.schema.json",
  policy: "readiness/policy.schema.json",
  promises: "readiness/promises.schema.json",
  events: "readiness/events.schema.json",
  feed: "readiness/feed.schema.json",
};

const SOURCES: Record<JsonSchemaKind, z.ZodType> = {
  manifest: manifestSchema,
  policy: policySchema,
  promises: promiseRegistrySchema,
  events: eventCatalogSchema,
  feed: feedSchema,
};

const TITLES: Record<JsonSchemaKind, string> = {
  manifest: "Release Readiness release manifest",
  policy: "Release Readiness policy",
  promises: "Release Readiness promise registry",
  events: "Release Readiness event catalog",
  feed: "Release Readiness feed",
};

/** The feed is what the app writes, so its schema describes the output; the others describe what a person writes. */
const IO: Record<JsonSchemaKind, "input" | "output"> = { manifest: "input", policy: "input", promises: "input", events: "input", feed: "output" };

export function jsonSchemaFor(kind: JsonSchemaKind): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(SOURCES[kind], { io: IO[kind], target: "draft-2020-12" });
  return { $schema, title: TITLES[kind], ...rest };
}

/** The exact text of a committed schema file: two-space JSON with a final newline. */
export function renderJsonSchema(kind: JsonSchemaKind): string {
  return `${JSON.stringify(jsonSchemaFor(kind), null, 2)}\n`;
}
