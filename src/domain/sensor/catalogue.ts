import { parseManifest } from "../manifest/parse.js";
import type { Policy } from "../policy/schema.js";
import { parsePromiseRegistry } from "../registry/parse.js";
import type { ReleasePromise } from "../registry/schema.js";
import type { ReleaseStatus } from "../vocabulary.js";
import { sensorRelease, type SensorRelease } from "./candidates.js";

/**
 * The releases and promises an issue may be about, from the texts of the releases repository's
 * default branch (docs/reference/sensor.md#candidates). A manifest that does not parse names no
 * release and is left out, as the CLI leaves it out: the sensor labels what it can and never
 * stops over someone else's broken file. Change dates are those of each manifest's last commit.
 */

export interface CatalogueRelease extends SensorRelease {
  status: ReleaseStatus;
}

export interface SensorCatalogueData {
  /** `owner/repo` the releases live in, for the comment's wording. */
  repository: string;
  releases: CatalogueRelease[];
  promises: Map<string, ReleasePromise>;
  /** Why no release could be read at all: the repository is not readable, or too large to list. */
  unread?: CatalogueUnread;
}

export type CatalogueUnread = "not_readable" | "too_large";

export interface CatalogueTexts {
  repository: string;
  manifests: ReadonlyArray<{ path: string; text: string; changed: string | null }>;
  /** `readiness/promises.yml`, or null when there is none (or it cannot be read). */
  promises: { path: string; text: string } | null;
}

export function sensorCatalogue(texts: CatalogueTexts, policy: Policy): SensorCatalogueData {
  const releases: CatalogueRelease[] = [];
  const seen = new Set<string>();
  for (const source of texts.manifests) {
    const parsed = parseManifest(source.text, source.path);
    if (!parsed.ok || seen.has(parsed.manifest.release)) continue;
    seen.add(parsed.manifest.release);
    releases.push({ ...sensorRelease(parsed.manifest, policy, source.changed ?? undefined), status: parsed.manifest.status });
  }
  const promises = new Map<string, ReleasePromise>();
  const registry = texts.promises ? parsePromiseRegistry(texts.promises.text, texts.promises.path) : undefined;
  if (registry?.ok) for (const promise of registry.data.promises) promises.set(promise.id, promise);
  return { repository: texts.repository, releases, promises };
}
