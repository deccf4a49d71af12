/**
 * An in-memory GitHub served over HTTP on loopback, for end-to-end tests and the demo.
 *
 * Every request is first checked against GitHub's OpenAPI description (`./openapi/`): a call
 * real GitHub would refuse gets the 4xx GitHub would answer and lands in `violations`, so a test
 * can assert that the app made none. Valid calls to endpoints the stand-in does not implement get
 * a loud 501 (also a violation). Every request is recorded in `requests` so tests and benchmarks
 * can count reads and writes.
 *
 * The REST API is served at `/` and at `/api/v3/` (the GitHub Enterprise layout Probot uses with
 * `GHE_HOST=127.0.0.1:PORT` and `GHE_PROTOCOL=http`).
 *
 * Where things are: the state model in `./state.ts` (git-like helpers in `./git.ts`); the
 * operations both sides share in `./world.ts`; what people do (scenario helpers) in
 * `./scenarios.ts`; the REST routes, one file per resource, in `./routes/` (with `./http.ts` and
 * `./auth.ts`); response shapes, one file per resource, in `./representations/`; webhook payloads
 * in `./webhooks.ts`; GitHub's description and validation in `./openapi/`; the app wired to the
 * stand-in in `./server.ts`.
 */
import { createPublicKey, randomBytes, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { authenticate, checkInstallationScope } from "./auth.js";
import type { Faults } from "./faults.js";
import { DOCS, errorReply, GitHubError, readBody, writeReply, type ApiRequest, type Reply, type Route } from "./http.js";
import { normalizeApiPath } from "./openapi/document.js";
import { validateGitHubRequest, validateGitHubResponse } from "./openapi/validate.js";
import { ROUTES } from "./routes/index.js";
import { FakeGitHubScenarios } from "./scenarios.js";
import { account, emptyState, type FakeApp, type FakeGitHubState } from "./state.js";
import type { SandboxWebhookEvent } from "./webhooks.js";

export type { FakeFile } from "./scenarios.js";

export interface FakeGitHubOptions {
  /** Interface to listen on; loopback only by default. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The GitHub App under test. */
  app?: Partial<FakeApp>;
  /**
   * The app's public key (PEM, or a private key from which it is derived). When given, the JWT
   * Probot sends to `/app/...` endpoints must verify with it, as on GitHub.
   */
  appKey?: string;
  /** Also check every 2xx response against GitHub's documented schema (for the stand-in's own tests). */
  validateResponses?: boolean;
  /** The clock for timestamps; tests that travel in time pass their own. */
  now?: () => Date;
  /** GitHub misbehaving on purpose (./faults.ts); settable later through `faults`. */
  faults?: Faults;
}

export interface RecordedRequest {
  method: string;
  /** Path without the `/api/v3` prefix and without the query string. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** The OpenAPI operation, e.g. `checks/create`; null when the route is unknown. */
  operationId: string | null;
  /** Login of the authenticated caller (the app's bot for installation tokens). */
  actor: string | null;
}

/**
 * `request`: GitHub would refuse the call (unknown route, bad parameter or body);
 * `auth`: missing or wrong credentials; `not-implemented`: valid, but the stand-in lacks it;
 * `response`: the stand-in answered outside GitHub's documented schema (with `validateResponses`);
 * `sandbox-error`: the stand-in itself failed.
 */
export type ViolationKind = "request" | "auth" | "not-implemented" | "response" | "sandbox-error";

export interface Violation {
  kind: ViolationKind;
  method: string;
  path: string;
  message: string;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function initialState(app: Partial<FakeApp> | undefined): FakeGitHubState {
  return emptyState({
    id: app?.id ?? 4242,
    slug: app?.slug ?? "release-readiness",
    name: app?.name ?? "Release Readiness",
    owner: app?.owner ?? "sandbox-apps",
  });
}

export class FakeGitHub extends FakeGitHubScenarios {
  readonly requests: RecordedRequest[] = [];
  readonly violations: Violation[] = [];
  /** Fault injection (./faults.ts), applied to every request after validation and authentication. */
  faults: Faults | undefined;

  private readonly options: FakeGitHubOptions;
  private readonly appPublicKey: KeyObject | undefined;
  private readonly userTokens = new Map<string, string>();
  /** Operations made to fail (an outage), with how many more calls fail. */
  private readonly failing = new Map<string, { status: number; remaining: number }>();
  private server: Server | undefined;

  constructor(options: FakeGitHubOptions = {}) {
    super(initialState(options.app), options.now);
    this.options = options;
    this.appPublicKey = options.appKey ? createPublicKey(options.appKey) : undefined;
    this.faults = options.faults;
  }

  /** Create and start a fake listening on loopback. */
  static async start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    const fake = new FakeGitHub(options);
    await fake.listen();
    return fake;
  }

  async listen(): Promise<void> {
    if (this.server) return;
    const server = createServer((request, response) => {
      this.serve(request, response).catch((error: unknown) => {
        // A bug in the stand-in itself: answer 500 and make it as visible as an app mistake.
        const message = `sandbox failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
        this.violations.push({ kind: "sandbox-error", method: request.method ?? "", path: request.url ?? "", message });
        if (!response.headersSent) response.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        response.end(JSON.stringify({ message }));
      });
    });
    const host = this.options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port ?? 0, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    this.server = server;
    this.baseUrl = `http://${host}:${address.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Octokit keeps connections alive; without this, close() would wait for them to time out.
      server.closeAllConnections();
    });
  }

  // -------------------------------------------------------------------------------------------
  // Counting, for tests and benchmarks

  /** Requests that change state (POST, PUT, PATCH, DELETE), excluding installation token minting. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => WRITE_METHODS.has(r.method) && r.operationId !== "apps/create-installation-access-token");
  }

  /** Requests that only read (GET, HEAD). */
  reads(): RecordedRequest[] {
    return this.requests.filter((r) => !WRITE_METHODS.has(r.method));
  }

  /** Forget recorded requests, violations and emitted events (state is kept). */
  resetRecording(): void {
    this.requests.length = 0;
    this.violations.length = 0;
    this.emittedEvents.length = 0;
  }

  /** Take (and clear) the webhook events caused by API writes so far. */
  takeEmittedEvents(): SandboxWebhookEvent[] {
    return this.emittedEvents.splice(0, this.emittedEvents.length);
  }

  /**
   * Make every call (or the next `times` calls) to an operation, e.g. `repos/list-deployments`,
   * fail with `status` as GitHub does in an outage; the failure is not a violation.
   */
  failOperation(operationId: string, options: { status?: number; times?: number } = {}): void {
    this.failing.set(operationId, { status: options.status ?? 500, remaining: options.times ?? Number.POSITIVE_INFINITY });
  }

  /** A personal access token acting as `login`, for driving the API as a user in tests. */
  userToken(login: string): string {
    account(this.state, login);
    const token = `ghp_${randomBytes(18).toString("hex")}`;
    this.userTokens.set(token, login);
    return token;
  }

  // -------------------------------------------------------------------------------------------
  // HTTP: validate against GitHub's description, authenticate, then answer from a route

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? "GET").toUpperCase();
    const requestedUrl = new URL(request.url ?? "/", "http://sandbox.invalid");
    const path = normalizeApiPath(requestedUrl.pathname);
    const rawBody = await readBody(request);
    const query = Object.fromEntries(requestedUrl.searchParams.entries());
    const record: RecordedRequest = { method, path, query, body: undefined, status: 0, operationId: null, actor: null };
    this.requests.push(record);

    const send = (reply: Reply) => {
      record.status = reply.status;
      writeReply(response, reply);
    };
    const refuse = (kind: ViolationKind, status: number, message: string) => {
      this.violations.push({ kind, method, path, message });
      send({ status, json: { message, documentation_url: DOCS, status: String(status) } });
    };

    let body: unknown;
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        refuse("request", 400, "Problems parsing JSON");
        return;
      }
    }
    record.body = body;

    const validation = validateGitHubRequest({ method, path: requestedUrl.pathname, query: requestedUrl.searchParams, body });
    if (!validation.ok) {
      refuse("request", validation.status, validation.error);
      return;
    }
    record.operationId = validation.operationId;

    const caller = authenticate(this, { userTokens: this.userTokens, appPublicKey: this.appPublicKey }, request.headers.authorization, validation.template);
    if (typeof caller === "string") {
      refuse("auth", 401, caller);
      return;
    }
    record.actor = caller.kind === "app" ? null : caller.login;

    const faulted = this.faults ? await this.faults.intercept(request, response, method, path) : null;
    if (faulted !== undefined && faulted !== null) {
      record.status = faulted;
      return;
    }

    const failure = this.failing.get(validation.operationId);
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      send({ status: failure.status, json: { message: "Server Error (injected by the test)", documentation_url: DOCS, status: String(failure.status) } });
      return;
    }
    const route = ROUTES[validation.operationId];
    if (!route) {
      refuse("not-implemented", 501, `The sandbox GitHub does not implement ${validation.operationId} (${method} ${validation.template}); add it to test/support/fake-github/routes/`);
      return;
    }
    const apiRequest: ApiRequest = {
      method,
      path,
      requestedPath: requestedUrl.pathname,
      origin: `http://${request.headers.host ?? this.host}`,
      params: validation.params,
      query: requestedUrl.searchParams,
      body,
      accept: String(request.headers.accept ?? ""),
      caller,
    };
    const reply = this.answer(route, apiRequest);
    if (this.options.validateResponses && reply.status < 300 && reply.json !== undefined) {
      const checked = validateGitHubResponse({ method, template: validation.template, status: reply.status, body: reply.json });
      if (!checked.ok) this.violations.push({ kind: "response", method, path, message: checked.error });
    }
    send(reply);
  }

  /** The route's reply, or GitHub's error answer when it (or the installation's scope) refuses. */
  private answer(route: Route, request: ApiRequest): Reply {
    try {
      checkInstallationScope(this, request.caller, request.params);
      return route(this, request);
    } catch (error) {
      if (!(error instanceof GitHubError)) throw error;
      return errorReply(error);
    }
  }
}
