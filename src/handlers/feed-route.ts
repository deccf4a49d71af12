import type { IncomingMessage, ServerResponse } from "node:http";
import type { Probot } from "probot";
import { sayableFor } from "../domain/feed/sayable-for.js";
import { feedTokenMatches, parseFeedTokens } from "../domain/feed/tokens.js";
import { etagOf, feedFor } from "../app/feed-service.js";
import type { AppServices } from "../app/services.js";

/**
 * docs/reference/feed.md#the-hosted-route: `GET /readiness/v1/repos/:owner/:repo/feed`, the
 * readiness feed of the repository's default branch, read-only, by bearer token per repository.
 * Without `READINESS_FEED_TOKENS` the route does not exist (404). A missing token, a wrong one and
 * a repository with no token all get one identical 401, so a caller cannot learn which
 * repositories exist. `?plan=&region=&channel=` answers the segment question with `sayableFor`.
 */
export const FEED_PATH = /^\/readiness\/v1\/repos\/([^/]+)\/([^/]+)\/feed\/?$/;
/** Clients may keep a copy but must ask again each time; a 304 makes asking cheap. */
const CACHE_CONTROL = "private, no-cache";
const UNAUTHORIZED = { error: { code: "unauthorized", message: "a valid bearer token for this repository is required" } };

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export function feedRoute(app: Probot, services: AppServices, tokensVariable: string | undefined): Handler {
  const tokens = tokensVariable === undefined ? undefined : parseFeedTokens(tokensVariable);
  for (const problem of tokens?.problems ?? []) app.log.warn(`READINESS_FEED_TOKENS: ${problem}`);
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = FEED_PATH.exec(url.pathname);
    if (!match) return false;
    if (!tokens) return sendJson(res, 404, { error: { code: "not_found", message: "the readiness feed is not enabled on this server" } }), true;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      return sendJson(res, 405, { error: { code: "method_not_allowed", message: "the feed is read-only: use GET" } }), true;
    }
    const [owner, repo] = [decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)];
    if (!feedTokenMatches(tokens, `${owner}/${repo}`, bearerToken(req))) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="readiness-feed"');
      return sendJson(res, 401, UNAUTHORIZED), true;
    }
    let outcome;
    try {
      outcome = await feedFor(app, services, { owner, repo });
    } catch (error) {
      app.log.error({ err: error }, "readiness feed: could not read the default branch");
      return sendJson(res, 502, { error: { code: "github_unavailable", message: "the repository could not be read from GitHub; try again" } }), true;
    }
    if (!outcome.ok) return sendJson(res, outcome.status, { error: { code: outcome.code, message: outcome.message } }), true;
    const filtered = visitorOf(url);
    const body = filtered ? `${JSON.stringify({ version: 1, ...sayableFor(outcome.feed, filtered) }, null, 2)}\n` : outcome.body;
    const etag = filtered ? etagOf(body) : outcome.etag;
    res.setHeader("ETag", etag);
    res.setHeader("Cache-Control", CACHE_CONTROL);
    if (matchesEtag(req.headers["if-none-match"], etag)) {
      res.writeHead(304).end();
      return true;
    }
    res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

function visitorOf(url: URL): { plan?: string; region?: string; channel?: string } | undefined {
  const pick = (name: string) => url.searchParams.get(name) ?? undefined;
  const visitor = { plan: pick("plan"), region: pick("region"), channel: pick("channel") };
  if (visitor.plan === undefined && visitor.region === undefined && visitor.channel === undefined) return undefined;
  return Object.fromEntries(Object.entries(visitor).filter(([, v]) => v !== undefined));
}

function matchesEtag(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const values = (Array.isArray(header) ? header.join(",") : header).split(",").map((v) => v.trim().replace(/^W\//, ""));
  return values.includes(etag) || values.includes("*");
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-store" });
  res.end(text);
}
