import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifest } from "../../../src/domain/manifest/parse.js";
import { EXPECTATION_SOURCES } from "../../../src/domain/sensor/sources.js";
import { REPO_ROOT } from "../../cli/cli-harness.js";
import { CORPUS_RELEASE_DIRS, readCorpus } from "../../fixtures/sensor/corpus.js";

/**
 * The labelled corpus `npm run bench` measures the sensor on (test/fixtures/sensor/README.md):
 * at least 300 tickets in English and Russian, about half of them mismatches, each labelled with
 * a known source and release, and a held-out part kept apart from the part the phrases were tuned on.
 */
const tuning = readCorpus("tuning");
const heldOut = readCorpus("held-out");
const all = [...tuning, ...heldOut];
const slugs = new Set(CORPUS_RELEASE_DIRS.flatMap((dir) => readdirSync(join(REPO_ROOT, dir)).flatMap((name) => {
  const parsed = name.endsWith(".yml") ? parseManifest(readFileSync(join(REPO_ROOT, dir, name), "utf8"), name) : undefined;
  return parsed?.ok ? [parsed.manifest.release] : [];
})));

describe("the sensor's labelled corpus", () => {
  it("holds at least 300 tickets in both languages, about half of them mismatches, in each part", () => {
    expect(all.length).toBeGreaterThanOrEqual(300);
    for (const part of [tuning, heldOut]) {
      for (const language of ["en", "ru"] as const) {
        const tickets = part.filter((t) => t.language === language);
        expect(tickets.length).toBeGreaterThanOrEqual(30);
        const share = tickets.filter((t) => t.label.mismatch).length / tickets.length;
        expect(share).toBeGreaterThan(0.35);
        expect(share).toBeLessThan(0.65);
      }
    }
  });

  it("labels every ticket: a mismatch with a known source, no mismatch with none, and a release of the corpus or none", () => {
    for (const ticket of all) {
      expect(Number.isNaN(Date.parse(ticket.created_at)), ticket.id).toBe(false);
      expect(ticket.body.length, ticket.id).toBeGreaterThan(0);
      if (ticket.label.mismatch) expect(EXPECTATION_SOURCES as readonly string[], ticket.id).toContain(ticket.label.source);
      else expect(ticket.label.source, ticket.id).toBeNull();
      if (ticket.label.release !== null) expect(slugs.has(ticket.label.release), `${ticket.id}: ${ticket.label.release}`).toBe(true);
    }
    // Attribution is measured on mismatches that name a release: enough of them in each language.
    for (const language of ["en", "ru"] as const) {
      expect(heldOut.filter((t) => t.language === language && t.label.mismatch && t.label.release).length).toBeGreaterThanOrEqual(15);
    }
  });

  it("keeps the held-out part apart: no id or text in both parts", () => {
    expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
    const tuned = new Set(tuning.map((t) => `${t.subject}\n${t.body}`));
    expect(heldOut.filter((t) => tuned.has(`${t.subject}\n${t.body}`)).map((t) => t.id)).toEqual([]);
  });
});
