/**
 * Start a Probot app and the fake GitHub together, wired the way production is: Probot is
 * configured from the same environment variables `probot run` reads, with `GHE_HOST` /
 * `GHE_PROTOCOL=http` pointing its REST base at the fake's `/api/v3`, and webhooks arrive signed
 * over HTTP at Probot's node middleware on loopback.
 */
import { createSign, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, createProbot, ProbotOctokit, type ApplicationFunction, type Logger, type Probot } from "probot";
import { FakeGitHub, type FakeGitHubOptions } from "./fake-github.js";
import { deliverWebhook, type SandboxWebhookEvent, type WebhookDeliveryResult } from "./webhooks.js";

export const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";

type ProbotOctokitOptions = NonNullable<ConstructorParameters<typeof ProbotOctokit>[0]>;

/**
 * Probot's Octokit without retries and throttling: a test must see the first answer, and the
 * throttle would space writes a second apart. The function form is needed because Probot applies
 * its own throttle defaults after an object form.
 */
export const SandboxOctokit = ProbotOctokit.defaults((options: ProbotOctokitOptions) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

let cachedPrivateKey: string | undefined;

/** An RSA key for the app's JWTs, generated once per process (generation costs ~100 ms). */
export function sandboxPrivateKey(): string {
  cachedPrivateKey ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
  return cachedPrivateKey;
}

/** A GitHub App JWT (RS256, valid ten minutes), for calling `/app/...` endpoints without Probot. */
export function createAppJwt(appId: number, privateKey: string, now: Date = new Date()): string {
  const seconds = Math.floor(now.getTime() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  // iat 60 s in the past, as GitHub recommends against clock drift.
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ iat: seconds - 60, exp: seconds + 540, iss: String(appId) })}`;
  const signature = createSign("RSA-SHA256").update(unsigned).sign(privateKey).toString("base64url");
  return `${unsigned}.${signature}`;
}

export interface SandboxCredentials {
  appId: number;
  privateKey: string;
  secret: string;
}

/** The environment `probot run` (or `createProbot`) needs to talk to the fake. */
export function probotEnvironment(fake: FakeGitHub, credentials: SandboxCredentials, logLevel = "fatal"): Record<string, string> {
  return {
    APP_ID: String(credentials.appId),
    PRIVATE_KEY: credentials.privateKey,
    WEBHOOK_SECRET: credentials.secret,
    GHE_HOST: fake.host,
    GHE_PROTOCOL: "http",
    LOG_LEVEL: logLevel,
  };
}

export interface SandboxOptions {
  /** The Probot application under test. */
  appFn: ApplicationFunction;
  /** Options for a new fake (responses are validated unless turned off); ignored when `fake` is given. */
  fakeOptions?: FakeGitHubOptions;
  /** Reuse a fake (for example one already holding a scenario). */
  fake?: FakeGitHub;
  secret?: string;
  webhookPath?: string;
  logLevel?: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  /** The app's logger (instead of Probot's, which writes to stdout), for tests that read the logs. */
  log?: Logger;
}

export interface Sandbox {
  fake: FakeGitHub;
  probot: Probot;
  /** Where webhooks go, e.g. `http://127.0.0.1:PORT/api/github/webhooks`. */
  webhookUrl: string;
  /** The app server's origin. */
  appUrl: string;
  credentials: SandboxCredentials;
  /** Deliver an event signed with the app's secret (or with `signature` to forge one). */
  deliver(event: Pick<SandboxWebhookEvent, "name" | "payload"> & { id?: string }, options?: { signature?: string }): Promise<WebhookDeliveryResult>;
  stop(): Promise<void>;
}

/** Start the fake (unless given) and the app's webhook server on 127.0.0.1, both on free ports. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const privateKey = sandboxPrivateKey();
  const ownsFake = !options.fake;
  // Responses are checked too by default: a test harness should notice when the stand-in drifts
  // from GitHub's documented shapes, since the app under test trusts them.
  const fake = options.fake ?? (await FakeGitHub.start({ appKey: privateKey, validateResponses: true, ...options.fakeOptions }));
  const credentials: SandboxCredentials = {
    appId: fake.state.app.id,
    privateKey,
    secret: options.secret ?? randomBytes(16).toString("hex"),
  };
  const probot = createProbot({
    env: probotEnvironment(fake, credentials, options.logLevel ?? "fatal"),
    overrides: { Octokit: SandboxOctokit, ...(options.log ? { log: options.log } : {}) },
  });
  const webhookPath = options.webhookPath ?? DEFAULT_WEBHOOK_PATH;
  const middleware = await createNodeMiddleware(options.appFn, { probot, webhooksPath: webhookPath });
  const server: Server = createServer((request, response) => {
    void middleware(request, response, () => {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(JSON.stringify({ message: "Not Found" }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const webhookUrl = `${appUrl}${webhookPath}`;

  return {
    fake,
    probot,
    webhookUrl,
    appUrl,
    credentials,
    deliver: (event, deliveryOptions) =>
      deliverWebhook({
        url: webhookUrl,
        secret: credentials.secret,
        name: event.name,
        payload: event.payload,
        ...(event.id ? { id: event.id } : {}),
        ...(deliveryOptions?.signature ? { signature: deliveryOptions.signature } : {}),
      }),
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownsFake) await fake.stop();
    },
  };
}
