/**
 * `npm run demo -- --serve`: after the story, the stand-in and the app keep running with a fresh
 * PR to poke at. Prints a signed curl delivery that works as printed, how to sign a payload, and
 * how to act as the story's people through the stand-in's REST API; then keeps delivering the
 * events GitHub would send for API writes and prints the PR whenever it changes.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Palette } from "../src/cli/format.js";
import { formatInstant } from "../src/domain/calendar.js";
import { signWebhookBody, type SandboxWebhookEvent } from "../test/support/fake-github/webhooks.js";
import { renderPullRequest, type PullRequestSnapshot } from "./render.js";
import {
  CHECKOUT_V2,
  DEMO_MANIFEST_PATH,
  DEMO_OWNER,
  DEMO_PEOPLE,
  PLAYGROUND_REPO,
  WAIVER_COMMAND,
  createTeamRepository,
  deliverWithFollowUps,
  deliveryLines,
  demoPalette,
  rule,
  snapshotPullRequest,
  type DemoSink,
  type DemoWorld,
} from "./world.js";

/** Wraps a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A node one-liner printing GitHub's `X-Hub-Signature-256` for a file: `<command> SECRET FILE`. */
export const SIGN_FILE_COMMAND =
  `node -e 'const {createHmac}=require("node:crypto");const body=require("node:fs").readFileSync(process.argv[2]);` +
  `process.stdout.write("sha256="+createHmac("sha256",process.argv[1]).update(body).digest("hex")+"\\n")'`;

export interface Playground {
  repository: string;
  number: number;
  /** The sample delivery: maria's waiver comment (it exists on the stand-in; the app has not heard of it). */
  sample: { file: string; event: string; deliveryId: string; signature: string };
  /** A curl command that delivers the sample, signed; it prints the HTTP status. */
  curl: string;
  /** Signs any payload file with the app's secret. */
  sign: string;
  /** Personal tokens on the stand-in, to act as the story's people through its REST API. */
  tokens: Record<string, string>;
  /** A curl command that comments on the PR as maria through the stand-in's REST API. */
  restComment: string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  out: DemoSink;
  colour: boolean;
  /** How often to deliver GitHub's events for API writes and look for changes (ms). */
  pollMs?: number;
}

const PLAYGROUND = { owner: DEMO_OWNER, repo: PLAYGROUND_REPO };

/** A sample delivery written to a file, and the commands that send it and sign payloads. */
interface Sample {
  event: SandboxWebhookEvent;
  directory: string;
  file: string;
  deliveryId: string;
  signature: string;
  curl: string;
  sign: string;
}

/**
 * Open a fresh beta PR in `acme/playground`, write a signed sample delivery, print how to send it
 * and others, then keep delivering the events GitHub would send for API writes (the app's, and
 * anyone's through the stand-in's REST API) and print the PR whenever it changes.
 */
export async function servePlayground(world: DemoWorld, options: ServeOptions): Promise<Playground> {
  const { fake } = world.sandbox;
  const paint = demoPalette(options.colour);
  const write = (lines: readonly string[]) => options.out.write(`${lines.join("\n")}\n`);
  const number = await openPlaygroundPullRequest(world);
  const sample = await writeSample(world, number);
  const tokens = Object.fromEntries(Object.keys(DEMO_PEOPLE).map((user) => [user, fake.userToken(user)]));
  const issueUrl = `${fake.apiUrl}/repos/${DEMO_OWNER}/${PLAYGROUND_REPO}/issues/${number}`;
  const restComment = [
    `curl -sS -o /dev/null -w '%{http_code}\\n' -X POST ${shellQuote(`${issueUrl}/comments`)}`,
    `-H ${shellQuote(`authorization: token ${tokens.maria ?? ""}`)}`,
    `-H 'content-type: application/json'`,
    `-d '{"body":"/readiness status ga"}'`,
  ].join(" \\\n      ");

  const shown = snapshotPullRequest(fake, { ...PLAYGROUND, number });
  write(instructions({ world, paint, shown, sample, tokens, issueUrl, restComment }));
  const watcher = watchPullRequest(world, { number, shown, paint, write, pollMs: options.pollMs ?? 200 });

  return {
    repository: `${DEMO_OWNER}/${PLAYGROUND_REPO}`,
    number,
    sample: { file: sample.file, event: sample.event.name, deliveryId: sample.deliveryId, signature: sample.signature },
    curl: sample.curl,
    sign: sample.sign,
    tokens,
    restComment,
    stop: async () => {
      await watcher.stop();
      await rm(sample.directory, { recursive: true, force: true });
    },
  };
}

/** The story's starting point in a repository of its own: dev's beta PR, delivered to the app. */
async function openPlaygroundPullRequest(world: DemoWorld): Promise<number> {
  const { fake } = world.sandbox;
  createTeamRepository(fake, PLAYGROUND_REPO);
  const opened = fake.openPullRequest({ ...PLAYGROUND, head: "release/checkout-v2", user: "dev", title: "Release checkout-v2: one-page checkout", files: { [DEMO_MANIFEST_PATH]: CHECKOUT_V2 } });
  await deliverWithFollowUps(world.sandbox, [opened.event]);
  return opened.pullRequest.number;
}

/**
 * maria's waiver exists on the stand-in as a comment, so the app can react to it; the delivery
 * that tells the app about it is left for the person running the demo to send.
 */
async function writeSample(world: DemoWorld, number: number): Promise<Sample> {
  const { fake, credentials, webhookUrl } = world.sandbox;
  const { event } = fake.addComment({ ...PLAYGROUND, number, user: "maria", body: WAIVER_COMMAND });
  const directory = await mkdtemp(join(tmpdir(), "readiness-sandbox-"));
  const file = join(directory, "waiver-comment.json");
  const body = JSON.stringify(event.payload);
  await writeFile(file, body);
  const deliveryId = randomUUID();
  const signature = signWebhookBody(credentials.secret, body);
  const curl = [
    `curl -sS -o /dev/null -w '%{http_code}\\n' -X POST ${shellQuote(webhookUrl)}`,
    `-H 'content-type: application/json'`,
    `-H ${shellQuote(`x-github-event: ${event.name}`)}`,
    `-H ${shellQuote(`x-github-delivery: ${deliveryId}`)}`,
    `-H ${shellQuote(`x-hub-signature-256: ${signature}`)}`,
    `--data-binary @${shellQuote(file)}`,
  ].join(" \\\n      ");
  const sign = `${SIGN_FILE_COMMAND} ${shellQuote(credentials.secret)} ${shellQuote(file)}`;
  return { event, directory, file, deliveryId, signature, curl, sign };
}

function instructions(args: {
  world: DemoWorld;
  paint: Palette;
  shown: PullRequestSnapshot;
  sample: Sample;
  tokens: Record<string, string>;
  issueUrl: string;
  restComment: string;
}): string[] {
  const { world, paint, shown, sample, tokens, issueUrl, restComment } = args;
  const { fake, credentials, webhookUrl } = world.sandbox;
  return [
    rule(paint, "Serving: the stand-in and the app keep running (Ctrl-C stops both)"),
    `App webhook URL:   ${webhookUrl}`,
    `Webhook secret:    ${credentials.secret}`,
    `Stand-in GitHub:   ${fake.url} (REST under ${fake.apiUrl})`,
    "",
    `A fresh PR to poke at (the story's starting point, in ${DEMO_OWNER}/${PLAYGROUND_REPO}):`,
    "",
    ...renderPullRequest(shown, { paint }).map((line) => `  ${line}`),
    "",
    paint.bold("1. Send a signed delivery yourself."),
    `   maria has just commented "${WAIVER_COMMAND}" on the stand-in;`,
    `   GitHub's ${sample.event.name}.created delivery for it is in ${sample.file}. Send it (prints the HTTP status):`,
    "",
    `    ${sample.curl}`,
    "",
    paint.bold("2. Sign a payload of your own."),
    "   GitHub signs the exact bytes of the body with HMAC-SHA256 and the secret (X-Hub-Signature-256):",
    "",
    `    ${sample.sign}`,
    "",
    paint.bold("3. Or act as a person through the stand-in's REST API."),
    "   The stand-in records the webhook GitHub would send for it, and this process delivers it to the app,",
    "   signed, as GitHub does. As maria:",
    "",
    `    ${restComment}`,
    "",
    `   Tokens: ${Object.entries(tokens).map(([user, token]) => `${user} (${DEMO_PEOPLE[user] ?? "?"}) ${token}`).join(", ")}`,
    `   Labels: POST ${issueUrl}/labels with {"labels":["campaign:email"]}; remove: DELETE ${issueUrl}/labels/campaign:email`,
    "",
    "The PR is printed again here whenever it changes.",
    "",
  ];
}

/**
 * Every `pollMs`: deliver the events GitHub would send for API writes, report requests the
 * stand-in refused, and print the PR once it has changed and stopped changing.
 */
function watchPullRequest(
  world: DemoWorld,
  options: { number: number; shown: PullRequestSnapshot; paint: Palette; write: (lines: readonly string[]) => unknown; pollMs: number },
): { stop(): Promise<void> } {
  const { fake } = world.sandbox;
  const { number, paint, write } = options;
  let shown = options.shown;
  let lastSeen = JSON.stringify(shown);
  let violationsShown = fake.violations.length;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      await deliverPending(world, paint, write);
      for (const violation of fake.violations.slice(violationsShown)) {
        write([paint.red(`The stand-in refused ${violation.method} ${violation.path} (${violation.kind}): ${violation.message}`)]);
      }
      violationsShown = fake.violations.length;
      const now = snapshotPullRequest(fake, { ...PLAYGROUND, number });
      const key = JSON.stringify(now);
      // Print once the PR has stopped changing for a tick, so one action prints one state.
      if (key === lastSeen && key !== JSON.stringify(shown) && fake.emittedEvents.length === 0) {
        write([rule(paint, `${now.repository}#${now.number} now (${formatInstant(world.clock.now().toISOString(), "UTC")})`), ...renderPullRequest(now, { paint, previous: shown }), ""]);
        shown = now;
      }
      lastSeen = key;
    } catch (error) {
      write([paint.red(`sandbox: ${error instanceof Error ? error.message : String(error)}`)]);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), options.pollMs);
  return {
    stop: async () => {
      clearInterval(timer);
      while (busy) await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}

async function deliverPending(world: DemoWorld, paint: Palette, write: (lines: readonly string[]) => unknown): Promise<void> {
  const pending = world.sandbox.fake.takeEmittedEvents();
  if (pending.length === 0) return;
  const { deliveries } = await deliverWithFollowUps(world.sandbox, pending);
  write(deliveryLines(deliveries, paint).map((line) => paint.dim(line)));
}
