import type { Logger } from "probot";
import { PolicyCache } from "../github/policy-loader.js";
import { RepoCache } from "../github/repo-cache.js";
import { BlobCache } from "../github/blob-cache.js";
import type { TemplateOverrideCache } from "../github/template-overrides.js";
import type { TemplateOverride } from "../rendering/template-overrides.js";
import type { AppIdentity } from "../github/identity.js";
import { KeyedQueue } from "../github/pr-queue.js";
import { KnownLabels } from "../github/labels.js";
import type { RepoRef } from "../github/client.js";
import type { LivePullRequest } from "../github/pull-request.js";
import type { BuiltReport } from "./build-report.js";
import { createCoordinator, type Coordinator } from "../coordination/index.js";
import type { FeedOutcome } from "./feed-service.js";
import type { SensorCatalogueData } from "../domain/sensor/catalogue.js";

/** What every handler shares within one process: caches, the coordinator, the clock, the log. */
export interface AppServices {
  policyCache: PolicyCache;
  /** Texts of files read at PR heads, by blob SHA (content-addressed, so never stale). */
  blobCache: BlobCache;
  /** The repository's notes template overrides, cached like the policy. */
  templateCache: TemplateOverrideCache;
  /**
   * How replicas agree (docs/reference/running.md#scaling): the per-PR lock, delivery
   * de-duplication, run-once jobs. In memory (one replica) unless `REDIS_URL` is set.
   */
  coordinator: Coordinator;
  /** In-process order for what a PR gets written while the coordinator cannot be used (fail closed). */
  /** The readiness feed of each repository's default branch (docs/reference/feed.md), cached like the policy. */
  /** The feed's build per repository, kept from its start so concurrent views share it (feed-service.ts). */
  feedCache: RepoCache<Promise<FeedOutcome>>;
  /** The sensor's releases and promises per releases repository, kept like the feed (sensor-releases.ts). */
  sensorCatalogues: RepoCache<Promise<SensorCatalogueData>>;
  queue: KeyedQueue;
  /** Labels known to exist; this app's own, so a new app (each test's) starts knowing none. */
  knownLabels: KnownLabels;
  now: () => Date;
  log: Logger;
  /** Who the app is: its id tells its own check runs from other apps' runs of the same name, its
   * bot login tells events it caused itself. */
  identity: () => Promise<AppIdentity>;
  /** Waits before each retry of a deployment gate check that GitHub failed (docs/reference/deployment-gate.md); tests shorten them. */
  gateRetryDelaysMs?: readonly number[];
  /** Told of every report worked out for a release PR, before anything is written (the Action's job summary). */
  onReport?: (observed: { repo: RepoRef; pr: LivePullRequest; report: BuiltReport }) => void;
  /** Told what the support sensor did with each issue event (the Action's job summary). */
  onSensed?: (observed: { repo: RepoRef; issue: number; outcome: string }) => void;
}

export interface ServicesOptions {
  /** `REDIS_URL`: coordinate with other replicas through this Redis; empty or missing: one replica. */
  redisUrl?: string | undefined;
}

export function createServices(log: Logger, overrides: Partial<AppServices> = {}, options: ServicesOptions = {}): AppServices {
  return {
    policyCache: new PolicyCache(),
    blobCache: new BlobCache(),
    templateCache: new RepoCache<TemplateOverride[]>(),
    coordinator: overrides.coordinator ?? createCoordinator({ redisUrl: options.redisUrl, log }),
    feedCache: new RepoCache<Promise<FeedOutcome>>(),
    sensorCatalogues: new RepoCache<Promise<SensorCatalogueData>>(),
    queue: new KeyedQueue(),
    knownLabels: new KnownLabels(),
    now: () => new Date(),
    log,
    identity: async () => ({}),
    ...overrides,
  };
}
