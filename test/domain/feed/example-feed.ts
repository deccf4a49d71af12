import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FeedManifest } from "../../../src/domain/feed/build.js";
import { parseManifest } from "../../../src/domain/manifest/parse.js";
import { parseEventCatalog, parsePromiseRegistry, strictestPromises } from "../../../src/domain/registry/parse.js";
import { REPO_ROOT } from "../../cli/cli-harness.js";

/** The example releases in readiness/examples, as the feed builder takes them. */
export const EXAMPLE_FILES = ["bulk-edit-rollback.yml", "checkout-v2.yml", "invoice-export.yml", "smart-search.yml"] as const;

export const exampleText = (name: string) => readFileSync(join(REPO_ROOT, "readiness/examples", name), "utf8");

/** Parses one manifest text with the examples' registries; throws on a problem (a test input must be valid). */
export function feedManifest(text: string, file: string, changed: string | null = "2026-11-20T10:00:00Z", promisesText = exampleText("promises.yml")): FeedManifest {
  const parsed = parseManifest(text, file);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.problems.map((p) => `${p.key}: ${p.message}`).join("; ")}`);
  const promises = parsePromiseRegistry(promisesText);
  const catalog = parseEventCatalog(exampleText("events.yml"));
  if (!promises.ok || !catalog.ok) throw new Error("example registries do not parse");
  return { manifest: parsed.manifest, itemProblems: parsed.itemProblems, promises: strictestPromises(undefined, promises.data), catalog: catalog.data, changed };
}

export const exampleManifests = (): FeedManifest[] => EXAMPLE_FILES.map((name) => feedManifest(exampleText(name), name));
