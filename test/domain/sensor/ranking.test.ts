import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { classifyTicket } from "../../../src/domain/sensor/classify.js";
import { releasesInWindow, sensorRelease, type SensorPromise } from "../../../src/domain/sensor/candidates.js";
import { createDetector } from "../../../src/domain/sensor/detect.js";
import { parseManifest } from "../../../src/domain/manifest/parse.js";
import { parsePromiseRegistry } from "../../../src/domain/registry/parse.js";
import { defaultPolicy } from "../../../src/domain/policy/resolve.js";

const policy = defaultPolicy();
const manifest = (path: string) => {
  const parsed = parseManifest(readFileSync(path, "utf8"), path);
  if (!parsed.ok) throw new Error(path);
  return parsed.manifest;
};
const registry = parsePromiseRegistry(readFileSync("readiness/examples/promises.yml", "utf8"));
if (!registry.ok) throw new Error("promises");
const promises = new Map<string, SensorPromise>(registry.data.promises.map((p) => [p.id, p]));
const releases = ["checkout-v2", "invoice-export", "smart-search", "bulk-edit-rollback"]
  .map((name) => sensorRelease(manifest(`readiness/examples/${name}.yml`), policy, "2026-11-16T00:00:00Z"));
const detector = createDetector();
const classify = (body: string, createdAt = "2026-11-20T00:00:00Z", windowDays = 14) =>
  classifyTicket(detector, { subject: "", body, createdAt: new Date(createdAt) }, { releases, promises, windowDays });

describe("ranking the releases, promises and campaigns a mismatch concerns (docs/reference/sensor.md#ranking)", () => {
  it("names the release whose title, change and promise wording the text uses, with its promise and campaigns", () => {
    const verdict = classify("Your email said any invoice export is ready within 24 hours. Mine took three days.");
    expect(verdict).toMatchObject({ mismatch: true, source: "email" });
    expect(verdict.releases[0]).toBe("invoice-export");
    expect(verdict.promises[0]).toBe("invoice-export-24h");
    // Both of its campaigns are allowed at ga; the one on the expectation's channel comes first.
    expect(verdict.campaigns).toEqual(["campaign:email", "campaign:landing"]);
  });

  it("names a release by its slug or flag", () => {
    expect(classify("I was told smart-search would fix every typo.").releases[0]).toBe("smart-search");
  });

  it("leaves out campaigns the release's status does not allow", () => {
    const verdict = classify("The website says the one-page checkout takes gift cards.");
    expect(verdict.releases[0]).toBe("checkout-v2");
    expect(verdict.campaigns).toEqual([]); // campaign:email is not allowed at beta
  });

  it("names nothing when the text names no release", () => {
    expect(classify("I thought it would be cheaper.")).toMatchObject({ mismatch: true, releases: [], promises: [], campaigns: [] });
  });

  it("names nothing for a ticket that is no mismatch", () => {
    expect(classify("Invoice export to CSV fails with 500.")).toMatchObject({ mismatch: false, source: null, releases: [] });
  });

  it("only counts releases changed within the window before the ticket", () => {
    expect(classify("You promised the invoice export in 24 hours.", "2026-12-20T00:00:00Z").releases).toEqual([]);
    expect(classify("You promised the invoice export in 24 hours.", "2026-11-10T00:00:00Z").releases).toEqual([]);
    const undated = releases.map(({ changedAt: _, ...release }) => release);
    expect(releasesInWindow(undated, new Date("2030-01-01"), 14)).toHaveLength(releases.length);
  });
});
