/**
 * The local GitHub stand-in as an Actions run sees it. The one place the Action's tests import the
 * stand-in from.
 *
 * - The fake's app is the GitHub Actions app, so what the Action writes shows as
 *   `github-actions[bot]`, as with `GITHUB_TOKEN`.
 * - `token()` is a `GITHUB_TOKEN`: an installation token of that app for the repository's owner.
 * - `token({ readOnly: true })` is the token of a `pull_request` run from a fork: a small proxy in
 *   front of the fake answers its writes 403 "Resource not accessible by integration", as GitHub
 *   does, and passes everything else through. `apiUrl` is the proxy's REST base.
 */
import { randomBytes } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeGitHub, type FakeGitHubOptions } from "../support/fake-github/fake-github.js";

export { FakeGitHub };
export type { SandboxWebhookEvent } from "../support/fake-github/webhooks.js";
export { SandboxOctokit } from "../support/fake-github/server.js";

/** The app `GITHUB_TOKEN` belongs to (its id on github.com). */
export const GITHUB_ACTIONS_APP = { id: 15368, slug: "github-actions", name: "GitHub Actions", owner: "github" };

export interface RefusedWrite {
  method: string;
  path: string;
}

export interface ActionStandIn {
  fake: FakeGitHub;
  /** `GITHUB_API_URL` for the Action: the proxy's `/api/v3` (the GitHub Enterprise Server layout). */
  apiUrl: string;
  /** A `GITHUB_TOKEN` for `owner`'s repositories; `readOnly` as a fork's `pull_request` run gets. */
  token(options?: { readOnly?: boolean }): string;
  /** Writes the proxy refused for read-only tokens. */
  refused: RefusedWrite[];
  stop(): Promise<void>;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export async function startActionStandIn(owner: string, options: FakeGitHubOptions = {}): Promise<ActionStandIn> {
  const fake = await FakeGitHub.start({ validateResponses: true, app: GITHUB_ACTIONS_APP, ...options });
  const readOnly = new Set<string>();
  const refused: RefusedWrite[] = [];
  const upstream = new URL(fake.url);

  const server: Server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const method = (incoming.method ?? "GET").toUpperCase();
    const credential = /^(?:token|bearer)\s+(\S+)$/i.exec(incoming.headers.authorization ?? "")?.[1];
    if (credential && readOnly.has(credential) && WRITE_METHODS.has(method)) {
      refused.push({ method, path: (incoming.url ?? "").replace(/^\/api\/v3/, "").split("?")[0]! });
      incoming.resume();
      outgoing.writeHead(403, { "content-type": "application/json; charset=utf-8" });
      outgoing.end(JSON.stringify({ message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest", status: "403" }));
      return;
    }
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on("error", (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { "content-type": "application/json" });
      outgoing.end(JSON.stringify({ message: `stand-in proxy: ${error.message}` }));
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;

  return {
    fake,
    apiUrl,
    refused,
    token: (tokenOptions = {}) => {
      const token = `ghs_${randomBytes(18).toString("hex")}`;
      fake.state.issuedTokens.push({ token, installationId: fake.install(owner).id, expiresAt: new Date(Date.now() + 3600_000).toISOString() });
      if (tokenOptions.readOnly) readOnly.add(token);
      return token;
    },
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await fake.stop();
    },
  };
}
