import { expect } from "vitest";
import type { Sandbox } from "./server.js";
import type { SandboxWebhookEvent } from "./webhooks.js";

/**
 * Delivers the events, then what GitHub sends back for the app's own writes (its comments and
 * labels raise events too), until there is none: each must be answered 200, and the app must go
 * quiet within five rounds, or it would be answering itself.
 */
export async function deliverUntilQuiet(sandbox: Sandbox, ...events: SandboxWebhookEvent[]): Promise<void> {
  let pending = events;
  for (let round = 0; pending.length > 0 && round < 5; round++) {
    for (const event of pending) expect((await sandbox.deliver(event)).status).toBe(200);
    pending = sandbox.fake.takeEmittedEvents();
  }
  expect(pending).toEqual([]);
}
