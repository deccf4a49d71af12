import { z } from "zod";
import { handle, isoDate, slug, text } from "../manifest/schema.js";
import { STATUSES } from "../vocabulary.js";

/** docs/reference/promises-and-events.md#promise-registry: `readiness/promises.yml`, the wording the company has promised customers. */
export const promiseSchema = z.strictObject({
  id: slug.describe("The id manifests list under promises"),
  text: text(2_000).describe("The promise as customers read it"),
  conditions: z.array(text(1_000)).max(100).default([]).describe("When the promise holds"),
  exceptions: z.array(text(1_000)).max(100).default([]).describe("When it does not"),
  version: z.number().int().min(1).describe("Raised whenever the wording changes"),
  owner: handle.describe("Who answers for the promise"),
  effective: isoDate.describe("From when the promise holds; campaigns relying on it wait until then"),
  metric: text(200).describe("How the promise is measured"),
  channels: z.array(text(100)).max(50).default([]).describe("Campaign channels the promise may be made on"),
  min_status: z.enum(STATUSES).default("ga").describe("The lowest release status at which campaigns may rely on the promise"),
});

export const promiseRegistrySchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1, { error: "expected version: 1" }).describe("The file format; always 1"),
  promises: z.array(promiseSchema).max(2_000).describe("The promises made to customers"),
}).describe("Promise registry (readiness/promises.yml)");

/** docs/reference/promises-and-events.md#event-catalog: `readiness/events.yml`, the analytics dictionary. */
export const catalogEventSchema = z.strictObject({
  name: z.string().min(1).max(200).describe("The event's name, as manifests list it"),
  description: text(2_000).describe("What the event records"),
  properties: z.array(z.string().min(1).max(200)).max(200).default([]).describe("The properties the event carries"),
  owner: handle.describe("Who answers for the event"),
});

export const eventCatalogSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1, { error: "expected version: 1" }).describe("The file format; always 1"),
  events: z.array(catalogEventSchema).max(20_000).describe("The analytics events the product sends"),
}).describe("Event catalog (readiness/events.yml)");

export type ReleasePromise = z.infer<typeof promiseSchema>;
export type PromiseRegistry = z.infer<typeof promiseRegistrySchema>;
export type EventCatalog = z.infer<typeof eventCatalogSchema>;
