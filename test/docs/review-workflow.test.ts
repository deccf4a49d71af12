import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { isoWeekDates, lastCompleteIsoWeek, formatIsoWeek } from "../../src/domain/review/iso-week.js";
import { createApp } from "../../src/index.js";
import { startActionStandIn, type ActionStandIn } from "../action/stand-in.js";
import { REPO_ROOT, tempTreesRemovedAfterEach } from "../cli/cli-harness.js";
import { runProcess } from "../cli/feed-process.js";
import type { FakeGitHub } from "../support/fake-github/fake-github.js";
import { probotEnvironment, startSandbox, type Sandbox } from "../support/fake-github/server.js";

/**
 * docs/examples/promise-review.yml, the documented scheduled workflow that writes the weekly
 * promise review with `readiness digest`: its shape, and its one step of ours run as written, as
 * its own process, against the GitHub stand-in, with the App's credentials and with GITHUB_TOKEN.
 */
const FILE = join(REPO_ROOT, "docs/examples/promise-review.yml");
const text = readFileSync(FILE, "utf8");
interface Step { uses?: string; run?: string; env?: Record<string, string> }
const workflow = parse(text) as {
  on: { schedule: Array<{ cron: string }>; workflow_dispatch: null };
  permissions: Record<string, string>;
  jobs: { review: { steps: Step[] } };
};
const steps = workflow.jobs.review.steps;
const step = steps.find((s) => s.run?.includes(" readiness digest"))!;
const tree = tempTreesRemovedAfterEach();

// The review the workflow writes by default: the last complete week, on today's clock.
const week = lastCompleteIsoWeek(new Date(), "UTC");
const title = `Promise review ${formatIsoWeek(week)}`;
const inWeek = new Date(`${isoWeekDates(week).first}T12:00:00Z`);
let clock = inWeek;

let sandbox: Sandbox | undefined;
let standIn: ActionStandIn | undefined;
afterEach(async () => {
  for (const fake of [sandbox?.fake, standIn?.fake]) expect(fake?.violations ?? []).toEqual([]);
  await sandbox?.stop();
  await standIn?.stop();
  sandbox = standIn = undefined;
  clock = inWeek;
});

/** `${{ vars.X }}`, `${{ secrets.X }}` and `${{ github.token }}` as Actions fills them in: unset ones are empty. */
function stepEnvironment(context: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) =>
    [name, value.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, expression: string) => context[expression] ?? "")]));
}

/** The step's command after `readiness`, run as its own process with the step's env and what Actions sets. */
async function runStep(env: Record<string, string>) {
  const args = step.run!.slice(step.run!.indexOf(" readiness ") + " readiness ".length).trim().split(/\s+/);
  expect(args).toEqual(["digest"]);
  clock = new Date();
  return runProcess(args, tree({}), { GITHUB_ACTIONS: "true", GITHUB_REPOSITORY: "acme/support", LOG_LEVEL: "fatal", ...env });
}

function holdAWeek(fake: FakeGitHub): void {
  fake.createRepository({ owner: "acme", repo: "support", files: { ".github/release-readiness.yml": "digest:\n  enabled: true\n" } });
  fake.openIssue({ owner: "acme", repo: "support", user: "carol", title: "You promised SSO", labels: ["expectation-mismatch", "expectation:sales"] });
  fake.openIssue({ owner: "acme", repo: "support", user: "carol", title: "Where is the invoice?" });
}

describe("docs/examples/promise-review.yml", () => {
  it("runs on Monday mornings and by hand, with the permissions the review needs and nothing more", () => {
    expect(workflow.on.schedule).toEqual([{ cron: "0 7 * * 1" }]);
    expect("workflow_dispatch" in workflow.on).toBe(true);
    expect(workflow.permissions).toEqual({ issues: "write", checks: "read", contents: "read", "pull-requests": "read" });
    expect(steps.map((s) => s.uses?.split("@")[0]).filter(Boolean)).toEqual(["actions/setup-node"]);
    expect(Object.keys(step.env ?? {}).sort()).toEqual(["APP_ID", "GITHUB_TOKEN", "PRIVATE_KEY"]);
  });

  it("is the workflow docs/reference/promise-review.md shows and links", () => {
    const page = readFileSync(join(REPO_ROOT, "docs/reference/promise-review.md"), "utf8");
    expect(page).toContain(`\`\`\`yaml\n${text}\`\`\``);
    expect(page).toContain("(../examples/promise-review.yml)");
  });

  it("opens last week's review with the App's credentials, and updates it when run again", async () => {
    sandbox = await startSandbox({ appFn: createApp(), fakeOptions: { now: () => clock } });
    holdAWeek(sandbox.fake);
    const { APP_ID, PRIVATE_KEY, GHE_HOST, GHE_PROTOCOL } = probotEnvironment(sandbox.fake, sandbox.credentials);
    const env = { ...stepEnvironment({ "vars.RELEASE_READINESS_APP_ID": APP_ID!, "secrets.RELEASE_READINESS_PRIVATE_KEY": PRIVATE_KEY!, "github.token": "ghs_unused" }), GHE_HOST: GHE_HOST!, GHE_PROTOCOL: GHE_PROTOCOL! };
    const first = await runStep(env);
    expect(first.stderr).toBe("");
    expect(first.stdout).toMatch(new RegExp(`^${title}: opened acme/support#\\d+\\n$`));
    expect(first.code).toBe(0);
    const [review] = sandbox.fake.issuesTitled({ owner: "acme", repo: "support", title });
    expect(review!.labels).toEqual(["promise-review"]);
    expect(review!.body).toContain("1 of 2");

    const again = await runStep(env);
    expect(again.stdout).toContain(`already up to date: acme/support#${review!.number}`);
    expect(again.code).toBe(0);
    expect(sandbox.fake.issuesTitled({ owner: "acme", repo: "support", title })).toHaveLength(1);
  }, 60_000);

  it("with the variable and the secret unset, writes it with the workflow's GITHUB_TOKEN", async () => {
    standIn = await startActionStandIn("acme", { now: () => clock });
    holdAWeek(standIn.fake);
    const api = new URL(standIn.apiUrl);
    const env: Record<string, string> = { ...stepEnvironment({ "github.token": standIn.token() }), GHE_HOST: api.host, GHE_PROTOCOL: "http" };
    expect(env.APP_ID).toBe("");
    const result = await runStep(env);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(new RegExp(`^${title}: opened acme/support#\\d+\\n$`));
    expect(result.code).toBe(0);
    const [review] = standIn.fake.issuesTitled({ owner: "acme", repo: "support", title });
    expect(review!.body).toContain("1 of 2");
  }, 60_000);
});
