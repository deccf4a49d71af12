import type { Logger } from "probot";
import { PolicyCache } from "../github/policy-loader.js";
import type { AppIdentity } from "../github/identity.js";
import { KeyedQueue } from "../github/pr-queue.js";

/** What every handler shares within one process: caches, the per-PR queue, the clock, the log. */
export interface AppServices {
  policyCache: PolicyCache;
  queue: KeyedQueue;
  now: () => Date;
  log: Logger;
  /** Who the app is: its id tells its own check runs from other apps' runs of the same name, its
   * bot login tells events it caused itself. */
  identity: () => Promise<AppIdentity>;
}

export function createServices(log: Logger, overrides: Partial<AppServices> = {}): AppServices {
  return {
    policyCache: new PolicyCache(),
    queue: new KeyedQueue(),
    now: () => new Date(),
    log,
    identity: async () => ({}),
    ...overrides,
  };
}
