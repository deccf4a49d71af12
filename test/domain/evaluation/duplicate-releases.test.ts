import { describe, expect, it } from "vitest";
import { duplicateReleaseMessage, findDuplicateReleases } from "../../../src/domain/evaluation/duplicate-releases.js";

describe("findDuplicateReleases", () => {
  it("pairs every later manifest with the first that declares its slug", () => {
    const a = { path: "readiness/a.yml", release: "same" };
    const b = { path: "readiness/b.yml", release: "other" };
    const c = { path: "readiness/c.yml", release: "same" };
    const d = { path: "readiness/d.yml", release: "same" };
    expect(findDuplicateReleases([a, b, c, d])).toEqual([{ duplicate: c, first: a }, { duplicate: d, first: a }]);
  });

  it("finds nothing when every slug is unique", () => {
    expect(findDuplicateReleases([{ path: "a.yml", release: "a" }, { path: "b.yml", release: "b" }])).toEqual([]);
  });

  it("names the earlier file in its message", () => {
    const [pair] = findDuplicateReleases([{ path: "readiness/a.yml", release: "same" }, { path: "readiness/b.yml", release: "same" }]);
    expect(duplicateReleaseMessage(pair!)).toBe('release "same" is also declared in readiness/a.yml; a release slug must be unique');
  });
});
