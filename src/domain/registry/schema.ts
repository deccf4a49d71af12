import { z } from "zod";
import { handle, isoDate, slug, text } from "../manifest/schema.js";
import { STATUSES } from "../vocabulary.js";

/** docs/reference/promises-and-events.md#promise-registry: `readiness/promises.yml`, the wording the company has promised customers. */
export const promiseSchema = z.strictObject({
  id: slug,
  text: text(2_000).describe("The promise as customers read it"),
  conditions: z.array(text(1_000)).max(100).default([]),
  exceptions: z.array(text(1_000)).max(100).default([]),
  version: z.number().int().min(1),
  owner: handle.describe("Who answers for the promise"),
  effective: isoDate,
  metric: text(200).describe("How the promise is measured"),
  channels: z.array(text(100)).max(50).default([]),
  min_status: z.enum(STATUSES).default("ga"),
});

export const promiseRegistrySchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1, { error: "expected version: 1" }),
  promises: z.array(promiseSchema).max(2_000),
}).describe("Promise registry (readiness/promises.yml)");

/** docs/reference/promises-and-events.md#event-catalog: `readiness/events.yml`, the analytics dictionary. */
export const catalogEventSchema = z.strictObject({
  name: z.string().min(1).max(200),
  description: text(2_000),
  properties: z.array(z.string().min(1).max(200)).max(200).default([]),
  owner: handle,
});

export const eventCatalogSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1, { error: "expected version: 1" }),
  events: z.array(catalogEventSchema).max(20_000),
}).describe("Event catalog (readiness/events.yml)");

export type ReleasePromise = z.infer<typeof promiseSchema>;
export type PromiseRegistry = z.infer<typeof promiseRegistrySchema>;
export type EventCatalog = z.infer<typeof eventCatalogSchema>;
