import { generateKeyPairSync } from "node:crypto";
import { createRequire } from "node:module";
import nock from "nock";
import { Probot } from "probot";
import { createApp } from "../../src/index.js";
import type { AppServices } from "../../src/app/services.js";
import { validateGitHubRequest } from "../support/fake-github/openapi/validate.js";
import { SandboxOctokit } from "../support/fake-github/server.js";

export const API = "https://api.github.com";

export interface RecordedCall {
  method: string;
  path: string;
  body: unknown;
}

/**
 * Every request the app sends in a nock-backed test is recorded and checked against GitHub's
 * OpenAPI description; a request to an endpoint GitHub does not have, a body it would not accept,
 * or a request no interceptor expected, is a violation the test fails on.
 */
export class GitHubApiRecorder {
  readonly calls: RecordedCall[] = [];
  readonly violations: string[] = [];
  private readonly onNoMatch = (req: { method?: string; path?: string; options?: { method?: string; path?: string } }) => {
    this.violations.push(`unexpected request: ${req.method ?? req.options?.method} ${req.path ?? req.options?.path}`);
  };

  constructor() {
    nock.disableNetConnect();
    nock.emitter.on("no match", this.onNoMatch);
  }

  /** A nock scope on api.github.com whose every matched request is validated and recorded. */
  scope(): nock.Scope {
    const scope = nock(API);
    scope.on("request", (req: { method: string; path: string }, _interceptor: unknown, body: string) => {
      const url = new URL(req.path, API);
      const parsedBody = body ? safeJson(body) : undefined;
      this.calls.push({ method: req.method, path: url.pathname, body: parsedBody });
      const result = validateGitHubRequest({ method: req.method, path: url.pathname, query: url.searchParams, body: parsedBody });
      if (!result.ok) this.violations.push(`${req.method} ${url.pathname}: ${result.error}`);
    });
    return scope;
  }

  writes(): RecordedCall[] {
    return this.calls.filter((c) => c.method !== "GET" && !c.path.endsWith("/access_tokens"));
  }

  done(): void {
    nock.emitter.removeListener("no match", this.onNoMatch);
    nock.cleanAll();
    nock.enableNetConnect();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

let privateKey: string | undefined;

export function createTestProbot(overrides: Partial<AppServices> = {}): Probot {
  privateKey ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
  const probot = new Probot({ appId: 123, privateKey, logLevel: "fatal", Octokit: SandboxOctokit });
  void probot.load(createApp({ identity: async () => ({ appId: 123, botLogin: "release-readiness[bot]" }), ...overrides }));
  return probot;
}

type Example = { action?: string; installation?: unknown; [key: string]: unknown };
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as Array<{ name: string; examples: Example[] }>;

/** A payload GitHub itself published as an example, with an installation so Probot authenticates. */
export function examplePayload(event: string, action: string): Example & { installation: { id: number } } {
  const found = examples.find((e) => e.name === event)?.examples.find((e) => e.action === action && e.installation)
    ?? examples.find((e) => e.name === event)?.examples.find((e) => e.action === action);
  if (!found) throw new Error(`no example for ${event}.${action}`);
  const payload = structuredClone(found);
  payload.installation = { id: 2, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMg==" };
  return payload as Example & { installation: { id: number } };
}
