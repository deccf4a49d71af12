import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { sweepCommand } from "../../src/cli/sweep-command.js";
import type { CliIo } from "../../src/cli/command.js";
import { createApp } from "../../src/index.js";
import { probotEnvironment, startSandbox, type Sandbox } from "../support/fake-github/server.js";

const manifest = readFileSync(new URL("../../readiness/examples/checkout-v2.yml", import.meta.url), "utf8");
let sandbox: Sandbox | undefined;

afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

async function sweep(argv: string[], env: Record<string, string>) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd: process.cwd(), env, now: () => new Date() };
  const code = await runCli(["sweep", ...argv], io, [sweepCommand]);
  return { code, stdout, stderr };
}

describe("readiness sweep", () => {
  it("re-evaluates the open release PRs of every installation with the App's credentials", async () => {
    sandbox = await startSandbox({ appFn: createApp() });
    sandbox.fake.createRepository({ owner: "acme", repo: "shop" });
    const { event } = sandbox.fake.openPullRequest({ owner: "acme", repo: "shop", head: "release", user: "dev", files: { "readiness/checkout-v2.yml": manifest } });
    await sandbox.deliver(event);
    sandbox.fake.openPullRequest({ owner: "acme", repo: "shop", head: "plain", user: "dev", files: { "src/a.ts": "export {};\n" } });

    const result = await sweep([], probotEnvironment(sandbox.fake, sandbox.credentials, "fatal"));
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("re-evaluated 1 release PR, 0 writes");
    expect(result.code).toBe(0);
    expect(sandbox.fake.violations).toEqual([]);
  });

  it("exits 2 without credentials, and on a bad --max-prs", async () => {
    expect((await sweep([], {})).code).toBe(2);
    expect((await sweep(["--max-prs", "zero"], { APP_ID: "1", PRIVATE_KEY: "x" })).code).toBe(2);
  });
});
