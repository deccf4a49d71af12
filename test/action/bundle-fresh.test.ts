import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ACTION_BUNDLE, buildActionBundle, ROOT } from "../../scripts/build-action.js";

describe("the committed Action bundle", () => {
  it("is what `npm run build:action` writes now (run it after changing anything the Action uses)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "readiness-bundle-"));
    try {
      const fresh = join(dir, "index.js");
      await buildActionBundle(fresh);
      const committed = readFileSync(ACTION_BUNDLE);
      const built = readFileSync(fresh);
      // Compared as bytes; the message stays short when they differ.
      expect(committed.equals(built), "action/index.js is stale: run `npm run build:action` and commit it").toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is what action.yml runs, on node24, with the inputs and outputs SPEC §3 names", () => {
    const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as {
      runs: { using: string; main: string };
      inputs: Record<string, { default?: string }>;
      outputs: Record<string, unknown>;
    };
    expect(action.runs).toEqual({ using: "node24", main: "action/index.js" });
    expect(join(ROOT, action.runs.main)).toBe(ACTION_BUNDLE);
    expect(action.inputs["github-token"]?.default).toBe("${{ github.token }}");
    expect(action.inputs["fail-on-not-ready"]?.default).toBe("true");
    expect(Object.keys(action.outputs).sort()).toEqual(["releases", "result"]);
  });

  it("is committed, not ignored, and left out of lint", () => {
    const ignored = readFileSync(join(ROOT, ".gitignore"), "utf8").split("\n");
    expect(ignored.some((line) => /^\/?action\/?/.test(line.trim()))).toBe(false);
    expect(readFileSync(join(ROOT, "eslint.config.js"), "utf8")).toContain('"action/**"');
  });
});
