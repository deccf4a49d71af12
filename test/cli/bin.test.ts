import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./cli-harness.js";

const execFileAsync = promisify(execFile);

describe("bin/readiness.js", () => {
  it("runs the built CLI as a separate process, with its exit code and output", async () => {
    // `npm ci` builds dist/ through the `prepare` script; after changing src/cli, `npm run build`.
    expect(existsSync(join(REPO_ROOT, "dist/cli/main.js")), "dist/cli/main.js is missing: run `npm run build`").toBe(true);
    const result = await execFileAsync(process.execPath, ["bin/readiness.js", "check", "readiness/examples/smart-search.yml", "--format", "json"], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: "1" },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { result: string; releases: Array<{ release: string; blockers: string[] }> };
    expect(report.result).toBe("not_ready");
    expect(report.releases[0]?.release).toBe("smart-search");
    expect(report.releases[0]?.blockers).toEqual(["rollout 25% exceeds the 10% allowed at experiment"]);
  });
});
