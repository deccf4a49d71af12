import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { PLAIN } from "../../src/cli/format.js";
import { CHECK_NAMES } from "../../src/domain/report/checks.js";
import { SUMMARY_MARKER } from "../../src/domain/report/summary-comment.js";
import { markdownToTerminal, visibleWidth } from "../../demo/render.js";
import { servePlayground, type Playground } from "../../demo/playground.js";
import { playReleaseStory, type DemoStep } from "../../demo/story.js";
import { DEMO_OWNER, DEMO_REPO, PLAYGROUND_REPO, snapshotPullRequest, startDemoWorld, type DemoWorld } from "../../demo/world.js";

const run = promisify(execFile);

let world: DemoWorld | undefined;
let playground: Playground | undefined;

afterEach(async () => {
  await playground?.stop();
  await world?.sandbox.stop();
  playground = undefined;
  world = undefined;
});

function collector() {
  let text = "";
  return { out: { write: (chunk: string) => (text += chunk) }, text: () => text };
}

/** Markdown the app wrote, reduced to the words a reader sees (independent of the demo's renderer). */
function words(markdown: string): string {
  return markdown.replace(/\*\*|`/g, "").replace(/\\([\\`*_{}[\]()#+!|~$-])/g, "$1").replace(/\u200b/g, "");
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("npm run demo: the release story on the GitHub stand-in", () => {
  it("prints after each step exactly what the stand-in holds, and the story comes out as told", async () => {
    world = await startDemoWorld();
    const { fake } = world.sandbox;
    const output = collector();
    const live: { step: DemoStep; labels: string[]; checks: Record<string, string | null>; summaryBody: string | undefined }[] = [];

    const transcript = await playReleaseStory(world, {
      out: output.out,
      colour: false,
      afterStep: (step) => {
        const ref = { owner: DEMO_OWNER, repo: DEMO_REPO, number: 1 };
        const pr = fake.pullRequest(ref);
        // The transcript's state is what the stand-in holds right now.
        expect(step.snapshot).toEqual(snapshotPullRequest(fake, ref));

        const printedLines = step.printed.split("\n");
        const checks: Record<string, string | null> = {};
        for (const name of Object.values(CHECK_NAMES)) {
          const runs = fake.checkRunsFor({ owner: DEMO_OWNER, repo: DEMO_REPO, sha: pr.head.sha, name });
          expect(runs).toHaveLength(1);
          const checkRun = runs[0]!;
          checks[name] = checkRun.conclusion;
          const line = printedLines.find((candidate) => candidate.includes(` ${name}: `));
          expect(line, `step ${step.number} prints ${name}`).toContain(`${name}: ${checkRun.conclusion} — ${checkRun.output.title}`);
        }
        expect(printedLines).toContain(`Labels: ${pr.labels.length > 0 ? pr.labels.join(", ") : "(none)"}`);
        expect(step.printed).toContain(`· ${pr.head.ref} @ ${pr.head.sha.slice(0, 7)} → main`);

        const comments = fake.commentsOn(ref);
        const summaries = comments.filter((comment) => comment.user === fake.botLogin && comment.body.startsWith(SUMMARY_MARKER));
        expect(summaries).toHaveLength(1);
        const summaryBody = summaries[0]!.body;
        const previousBody = live.at(-1)?.summaryBody;
        if (summaryBody === previousBody) {
          expect(step.printed).toContain("Summary comment by release-readiness[bot]: unchanged");
        } else {
          // Its opening verdict line, as GitHub renders it.
          expect(step.printed).toContain(words(summaryBody.split("\n")[1]!));
        }
        for (const reply of comments.filter((comment) => comment.user === fake.botLogin && comment !== summaries[0])) {
          const seenBefore = live.some((earlier) => earlier.step.snapshot.conversation.some((c) => c.id === reply.id));
          if (!seenBefore) for (const line of words(reply.body).split("\n").filter(Boolean)) expect(step.printed).toContain(line);
        }
        live.push({ step, labels: [...pr.labels], checks, summaryBody });
      },
    });

    expect(transcript.differences).toEqual([]);
    expect(fake.violations).toEqual([]);
    expect(transcript.steps).toHaveLength(6);
    expect(transcript.steps.flatMap((step) => step.deliveries).every((delivery) => delivery.status === 200)).toBe(true);

    // The story, step by step, as the issue tells it.
    const readiness = live.map((entry) => entry.checks[CHECK_NAMES.readiness]);
    const gate = live.map((entry) => entry.checks[CHECK_NAMES.gate]);
    expect(readiness).toEqual(["failure", "failure", "success", "success", "success", "success"]);
    expect(gate).toEqual(["success", "success", "success", "success", "success", "success"]);
    expect(live.map((entry) => entry.labels)).toEqual([
      ["release:beta"],
      ["release:beta"], // campaign:email taken off at beta
      ["release:beta"],
      ["release:ga"],
      ["release:ga", "campaign:email"], // allowed at GA
      ["release:ga", "campaign:email"],
    ]);
    const [opened, labeled, waived, movedToGa, relabeled, merged] = transcript.steps as [DemoStep, DemoStep, DemoStep, DemoStep, DemoStep, DemoStep];
    expect(opened.deliveries[0]).toEqual({ event: "pull_request.opened", status: 200, cause: "person" });
    expect(labeled.snapshot.checks.find((c) => c.name === CHECK_NAMES.gate)!.output.summary).toContain("removed from the PR");
    expect(labeled.printed).toContain("campaign:email: beta allows campaign:in-app, campaign:beta*");
    expect(waived.printed).toContain("waived until 2026-11-30 09:24 UTC by @maria");
    expect(waived.printed).toContain("👍 +1 from release-readiness[bot]");

    // GA through the real command: the app commits to the branch, GitHub sends the push, and the
    // waiver carries over to the new commit, where GA requires support training too.
    expect(movedToGa.deliveries.filter((d) => d.cause === "app").map((d) => d.event)).toEqual(expect.arrayContaining(["push", "pull_request.synchronize"]));
    expect(movedToGa.snapshot.headSha).not.toBe(waived.snapshot.headSha);
    expect(fake.state.commits[movedToGa.snapshot.headSha]!.tree["readiness/checkout-v2.yml"]).toContain("status: ga");
    const gaReadiness = movedToGa.snapshot.checks.find((c) => c.name === CHECK_NAMES.readiness)!;
    expect(gaReadiness.output.text).toContain("GA");
    expect(gaReadiness.output.text).toContain("waived until 2026-11-30");
    expect(movedToGa.printed).toContain("This is now generally available");
    expect(opened.printed).toContain("This is a beta");

    expect(relabeled.printed).toContain("campaign:email: allowed at ga");

    const releases = fake.state.releases;
    expect(releases).toHaveLength(1);
    expect(releases[0]!.draft).toBe(true);
    expect(merged.snapshot.merged).toBe(true);
    expect(merged.printed).toContain(`Draft release "${releases[0]!.name}" · tag ${releases[0]!.tagName}`);
    for (const audience of ["# New users", "# Existing users", "# Enterprise customers", "# Support"]) {
      expect(releases[0]!.body).toContain(audience);
      expect(merged.printed).toContain(audience.slice(2).toUpperCase());
    }

    expect(output.text()).toBe(`${output.text().split("━━━ Step 1")[0]}${transcript.steps.map((step) => step.printed).join("")}${output.text().split(/(?=━━━ The end)/)[1]}`);
    expect(output.text()).toContain("Every step came out as the story says");
    expect(output.text()).not.toContain("\u001b[");
  });

  it("says so, and fails, when the app does not behave as the story tells", async () => {
    world = await startDemoWorld();
    // A repository whose policy keeps campaign labels and fails the gate instead of removing them.
    world.sandbox.fake.commit({ owner: DEMO_OWNER, repo: DEMO_REPO, branch: "main", author: "maria", files: { ".github/release-readiness.yml": "campaign_gate: check\n" } });
    const output = collector();
    const transcript = await playReleaseStory(world, { out: output.out, colour: false });
    expect(transcript.differences).toEqual(expect.arrayContaining([
      "step 2: labels are [release:beta, campaign:email], the story expects [release:beta]",
      "step 2: Campaign gate is failure, the story expects success",
    ]));
    // Step 5 adds a label that is still there: the story stops rather than show made-up steps.
    expect(transcript.differences).toContain("step 5 (marketing adds campaign:email again) could not be played: sandbox: label was not applied");
    expect(transcript.steps).toHaveLength(4);
    expect(transcript.steps[1]!.printed).toContain("Not as the story says:");
    expect(output.text()).toContain("The story did not come out as told:");
  });

  it("--serve: the printed curl delivery works as printed, and so do the signer and the REST example", async () => {
    world = await startDemoWorld();
    await playReleaseStory(world, { out: { write: () => true }, colour: false });
    const output = collector();
    playground = await servePlayground(world, { out: output.out, colour: false, pollMs: 25 });
    const { fake, credentials, webhookUrl } = world.sandbox;
    const ref = { owner: DEMO_OWNER, repo: PLAYGROUND_REPO, number: playground.number };
    const conclusion = () => snapshotPullRequest(fake, ref).checks.find((c) => c.name === CHECK_NAMES.readiness)?.conclusion;

    expect(output.text()).toContain(webhookUrl);
    expect(output.text()).toContain(credentials.secret);
    expect(output.text()).toContain(playground.curl);
    expect(output.text()).toContain(playground.sign);
    expect(conclusion()).toBe("failure");

    const signed = await run("sh", ["-c", playground.sign]);
    expect(signed.stdout.trim()).toBe(playground.sample.signature);

    const delivered = await run("sh", ["-c", playground.curl]);
    expect(delivered.stdout.trim()).toBe("200");
    expect(conclusion()).toBe("success"); // the app answers after it has handled the delivery
    await waitFor(() => output.text().includes(`━━━ ${DEMO_OWNER}/${PLAYGROUND_REPO}#1 now`), "the watcher to print the new state");
    expect(output.text()).toContain("waived until 2026-11-30");

    const commented = await run("sh", ["-c", playground.restComment]);
    expect(commented.stdout.trim()).toBe("201");
    await waitFor(() => fake.pullRequest(ref).labels.includes("release:ga"), "the status command to be delivered and handled");
    await waitFor(() => output.text().includes("Moved checkout-v2 to ga"), "the watcher to print the reply");
    expect(fake.violations).toEqual([]);
  });
});

describe("markdownToTerminal", () => {
  it("shows Markdown the way GitHub renders it: escapes resolved, comments hidden, details collapsed", () => {
    const lines = markdownToTerminal(
      [
        "<!-- hidden marker -->",
        "❌ **Verdict:** \\(1 blocker\\) owner @\u200bacme/payments, `/readiness waive <item>`",
        "",
        "<details><summary>Release notes: Support</summary>",
        "",
        "## Not shown until opened",
        "",
        "</details>",
        "",
        "| | Item | State |",
        "|---|---|---|",
        "| ✅ | Analytics | met |",
        "| ⏳ | Support training | waived |",
        "",
        "<sub>See the [checks](http://127.0.0.1:1/checks).</sub>",
      ].join("\n"),
      PLAIN,
    );
    expect(lines).toEqual([
      "❌ Verdict: (1 blocker) owner @acme/payments, /readiness waive <item>",
      "",
      "▸ Release notes: Support (collapsed)",
      "",
      "    Item              State",
      "✅  Analytics         met",
      "⏳  Support training  waived",
      "",
      "See the checks (http://127.0.0.1:1/checks).",
    ]);
  });

  it("measures emoji as two columns and colour codes as none", () => {
    expect(visibleWidth("✅ ok")).toBe(5);
    expect(visibleWidth("⚠\ufe0f ok")).toBe(5);
    expect(visibleWidth("@\u200bmaria")).toBe(6);
    expect(visibleWidth("\u001b[32mok\u001b[39m")).toBe(2);
  });
});
