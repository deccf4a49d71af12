import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluateRelease } from "../../src/domain/evaluation/release.js";
import { EMPTY_LEDGER, type Ledger } from "../../src/domain/ledger/ledger.js";
import type { Manifest } from "../../src/domain/manifest/schema.js";
import { parseManifest } from "../../src/domain/manifest/parse.js";
import type { Policy } from "../../src/domain/policy/schema.js";
import { defaultPolicy } from "../../src/domain/policy/resolve.js";
import { parsePromiseRegistry } from "../../src/domain/registry/parse.js";
import type { ReleasePromise } from "../../src/domain/registry/schema.js";
import type { ReleaseNotesSubject } from "../../src/rendering/release-notes.js";

/** Fixed "now" for every notes test, so dates and readiness never drift. */
export const NOW = new Date("2026-12-01T12:00:00Z");

export const FIXTURES = join(import.meta.dirname, "fixtures");

export function parseOrThrow(text: string, file = "readiness/test.yml") {
  const parsed = parseManifest(text, file);
  if (!parsed.ok) throw new Error(`test manifest is invalid:\n${parsed.problems.map((p) => `${p.line}:${p.column} ${p.key} ${p.message}`).join("\n")}`);
  return parsed;
}

/** A manifest from YAML, with the header every test needs filled in. */
export function manifestFrom(body: string, status = "beta"): Manifest {
  return parseOrThrow(`version: 1\nrelease: test-release\ntitle: Test release\nstatus: ${status}\nowner: "@acme/team"\n${body}`).manifest;
}

export function fixturePromises(): ReadonlyMap<string, ReleasePromise> {
  const parsed = parsePromiseRegistry(readFileSync(join(FIXTURES, "promises.yml"), "utf8"));
  if (!parsed.ok) throw new Error("fixture promises.yml is invalid");
  return new Map(parsed.data.promises.map((p) => [p.id, p]));
}

export function subjectFrom(
  text: string,
  file: string,
  options: { policy?: Policy; ledger?: Ledger; promises?: ReadonlyMap<string, ReleasePromise> | null } = {},
): ReleaseNotesSubject {
  const parsed = parseOrThrow(text, file);
  const verdict = evaluateRelease(parsed.manifest, options.policy ?? defaultPolicy(), options.ledger ?? EMPTY_LEDGER, NOW, {
    promises: options.promises,
    itemProblems: parsed.itemProblems,
  });
  return { file, manifest: parsed.manifest, verdict, locate: parsed.locate };
}

export function fixtureSubject(name: string, promises: ReadonlyMap<string, ReleasePromise> | null = fixturePromises()): ReleaseNotesSubject {
  return subjectFrom(readFileSync(join(FIXTURES, name), "utf8"), `test/rendering/fixtures/${name}`, { promises });
}

/** Every manifest fixture (the promise registry is not one). */
export const MANIFEST_FIXTURES = ["ga-ready.yml", "beta-training.yml", "experiment-over-limit.yml", "rollback.yml", "hostile.yml"];
