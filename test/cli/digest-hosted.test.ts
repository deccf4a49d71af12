import { afterEach, describe, expect, it } from "vitest";
import { digestCommand } from "../../src/cli/digest-command.js";
import type { CliIo } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/main.js";
import { createApp } from "../../src/index.js";
import { probotEnvironment, startSandbox, type Sandbox } from "../support/fake-github/server.js";

let sandbox: Sandbox | undefined;

afterEach(async () => {
  expect(sandbox?.fake.violations ?? []).toEqual([]);
  await sandbox?.stop();
  sandbox = undefined;
});

async function digest(argv: string[], env: Record<string, string>, now = new Date("2026-11-30T09:00:00Z")) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd: process.cwd(), env, now: () => now };
  const code = await runCli(["digest", ...argv], io, [digestCommand]);
  return { code, stdout, stderr };
}

describe("readiness digest with the App's credentials (docs/reference/promise-review.md#serverless-and-action-mode)", () => {
  it("opens the last complete week's review in GITHUB_REPOSITORY, then updates it in place", async () => {
    sandbox = await startSandbox({ appFn: createApp(), fakeOptions: { now: () => new Date("2026-11-25T12:00:00Z") } });
    const { fake } = sandbox;
    fake.createRepository({ owner: "acme", repo: "support" });
    fake.openIssue({ owner: "acme", repo: "support", user: "carol", title: "You promised SSO", labels: ["expectation-mismatch", "expectation:sales"] });
    fake.openIssue({ owner: "acme", repo: "support", user: "carol", title: "Where is the invoice?" });
    const env = { ...probotEnvironment(fake, sandbox.credentials, "fatal"), GITHUB_REPOSITORY: "acme/support" };

    const first = await digest([], env);
    expect(first.stderr).toBe("");
    expect(first.stdout).toMatch(/^Promise review 2026-W48: opened acme\/support#\d+\n$/);
    expect(first.code).toBe(0);
    const [review] = fake.issuesTitled({ owner: "acme", repo: "support", title: "Promise review 2026-W48" });
    expect(review!.body).toContain("1 of 2");

    fake.openIssue({ owner: "acme", repo: "support", user: "dan", title: "The site said it was free", labels: ["expectation-mismatch"] });
    const again = await digest(["--repo", "acme/support", "--week", "2026-W48"], env);
    expect(again.stdout).toContain(`updated acme/support#${review!.number}`);
    expect(fake.issuesTitled({ owner: "acme", repo: "support", title: "Promise review 2026-W48" })).toHaveLength(1);
    expect(review!.body).toContain("2 of 3");
  });

  it("exits 2 without credentials or a repository, and 1 when the App is not installed there", async () => {
    expect((await digest([], { GITHUB_REPOSITORY: "acme/support" })).code).toBe(2);
    expect((await digest(["--week", "2026-W99"], {})).code).toBe(2);
    expect((await digest(["--format", "json"], { GITHUB_REPOSITORY: "acme/support", GITHUB_TOKEN: "t" })).code).toBe(2);
    sandbox = await startSandbox({ appFn: createApp() });
    const missing = await digest(["--repo", "someone/else"], probotEnvironment(sandbox.fake, sandbox.credentials, "fatal"));
    expect(missing.stderr).toContain("the App is not installed on someone/else");
    expect(missing.code).toBe(1);
  });
});
