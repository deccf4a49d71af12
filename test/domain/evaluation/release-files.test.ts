import { describe, expect, it } from "vitest";
import { defaultPolicy } from "../../../src/domain/policy/resolve.js";
import { findReleaseFiles } from "../../../src/domain/evaluation/release-files.js";

const policy = defaultPolicy();

describe("findReleaseFiles", () => {
  it("finds added, modified and removed manifests by the policy's globs", () => {
    const result = findReleaseFiles([
      { filename: "readiness/a.yml", status: "added" },
      { filename: "readiness/team/b.yaml", status: "modified" },
      { filename: "readiness/c.yml", status: "removed" },
      { filename: "src/app.ts", status: "modified" },
    ], policy);
    expect(result.manifests).toEqual([
      { path: "readiness/a.yml", change: "added" },
      { path: "readiness/team/b.yaml", basePath: "readiness/team/b.yaml", change: "modified" },
      { path: "readiness/c.yml", basePath: "readiness/c.yml", change: "removed" },
    ]);
  });

  it("excludes the promise registry and the event catalog from manifests but notes their change", () => {
    const result = findReleaseFiles([
      { filename: "readiness/promises.yml", status: "modified" },
      { filename: "readiness/events.yml", status: "added" },
    ], policy);
    expect(result.manifests).toEqual([]);
    expect(result.promisesChanged).toBe(true);
    expect(result.catalogChanged).toBe(true);
  });

  it("keeps a renamed manifest's base path, so its slug and status carry over", () => {
    const result = findReleaseFiles([{ filename: "readiness/new.yml", previous_filename: "readiness/old.yml", status: "renamed" }], policy);
    expect(result.manifests).toEqual([{ path: "readiness/new.yml", basePath: "readiness/old.yml", change: "renamed" }]);
  });

  it("treats a manifest renamed out of the globs as removed and one renamed in as added", () => {
    const out = findReleaseFiles([{ filename: "docs/old.yml", previous_filename: "readiness/old.yml", status: "renamed" }], policy);
    expect(out.manifests).toEqual([{ path: "readiness/old.yml", basePath: "readiness/old.yml", change: "removed" }]);
    const into = findReleaseFiles([{ filename: "readiness/x.yml", previous_filename: "notes/x.yml", status: "renamed" }], policy);
    expect(into.manifests).toEqual([{ path: "readiness/x.yml", change: "added" }]);
  });

  it("follows a repository's own manifest globs", () => {
    const custom = { ...policy, manifests: ["releases/*.yml"] };
    expect(findReleaseFiles([{ filename: "readiness/a.yml", status: "added" }], custom).manifests).toEqual([]);
    expect(findReleaseFiles([{ filename: "releases/a.yml", status: "added" }], custom).manifests).toHaveLength(1);
  });
});
