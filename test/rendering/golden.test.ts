import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifest } from "../../src/domain/manifest/parse.js";
import { defaultPolicy } from "../../src/domain/policy/resolve.js";
import { parsePromiseRegistry, PROMISES_PATH } from "../../src/domain/registry/parse.js";
import type { ReleasePromise } from "../../src/domain/registry/schema.js";
import { AUDIENCES, NOTES_LOCALES } from "../../src/domain/vocabulary.js";
import { renderReleaseNotes } from "../../src/rendering/release-notes.js";
import { fixturePromises, FIXTURES, NOW, subjectFrom } from "./helpers.js";

/**
 * Golden notes for every audience and language, for the bundled examples and the test fixtures.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/rendering/golden.test.ts`, then read the diff:
 * these files are meant to be read by a person for sense, not just compared.
 */
const GOLDEN = join(import.meta.dirname, "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const EXAMPLES = "readiness/examples";

/** The examples' own promise registry (readiness/examples/promises.yml), as a repository would have it. */
function examplePromises(): ReadonlyMap<string, ReleasePromise> | null {
  const file = join(EXAMPLES, basename(PROMISES_PATH));
  if (!existsSync(file)) return null;
  const parsed = parsePromiseRegistry(readFileSync(file, "utf8"), file);
  return parsed.ok ? new Map(parsed.data.promises.map((p) => [p.id, p])) : null;
}

/** Fixtures for what the examples do not show: an experiment over its limit, a rollback written in Russian, hostile text. */
const GOLDEN_FIXTURES = ["experiment-over-limit.yml", "rollback.yml", "hostile.yml"];

interface Source {
  name: string;
  file: string;
  text: string;
  promises: ReadonlyMap<string, ReleasePromise> | null;
}

const sources: Source[] = [
  ...(existsSync(EXAMPLES) ? readdirSync(EXAMPLES) : [])
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ name: basename(name).replace(/\.ya?ml$/, ""), file: `${EXAMPLES}/${name}`, text: readFileSync(join(EXAMPLES, name), "utf8"), promises: examplePromises() }))
    .filter((source) => parseManifest(source.text, source.file).ok),
  ...GOLDEN_FIXTURES.map((name) => ({
    name: `fixture-${name.replace(/\.yml$/, "")}`,
    file: `test/rendering/fixtures/${name}`,
    text: readFileSync(join(FIXTURES, name), "utf8"),
    promises: fixturePromises(),
  })),
];

const expectedFiles = new Set<string>();

describe("golden release notes", () => {
  if (UPDATE) mkdirSync(GOLDEN, { recursive: true });
  for (const source of sources) {
    for (const locale of NOTES_LOCALES) {
      it(`${source.name} in ${locale}`, () => {
        const subject = subjectFrom(source.text, source.file, { promises: source.promises });
        const result = renderReleaseNotes([subject], defaultPolicy(), { now: NOW, locale, promises: source.promises, audiences: AUDIENCES });
        expect(result.problems).toEqual([]);
        for (const notes of result.audiences) {
          const file = `${source.name}.${notes.audience}.${locale}.md`;
          expectedFiles.add(file);
          const path = join(GOLDEN, file);
          if (UPDATE) {
            writeFileSync(path, notes.markdown);
            continue;
          }
          expect(existsSync(path), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/rendering/golden.test.ts`).toBe(true);
          expect(notes.markdown, file).toBe(readFileSync(path, "utf8"));
        }
      });
    }
  }

  it("has no golden file left over from a source that is gone", () => {
    if (UPDATE) return;
    for (const source of sources) for (const audience of AUDIENCES) for (const locale of NOTES_LOCALES) expectedFiles.add(`${source.name}.${audience}.${locale}.md`);
    const stale = readdirSync(GOLDEN).filter((name) => name.endsWith(".md") && !expectedFiles.has(name));
    expect(stale).toEqual([]);
  });
});
