/**
 * The stand-in's HTTP vocabulary: a request as a route sees it, the reply it returns, GitHub's
 * error answers, pagination, and writing a reply with GitHub's headers.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RestEndpointMethodTypes } from "@octokit/rest";
import type { FakeWorld } from "./world.js";

/** Who is calling: the app (JWT), an installation (its bot), or a user with a personal token. */
export type Caller =
  | { kind: "app" }
  | { kind: "installation"; installationId: number; login: string }
  | { kind: "user"; login: string };

/** One REST call, validated against GitHub's description and authenticated, as a route sees it. */
export interface ApiRequest {
  method: string;
  /** Normalized API path (no `/api/v3`, no query). */
  path: string;
  /** The path as requested, with prefix, used to build pagination links. */
  requestedPath: string;
  origin: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Validated against the operation's schema before the route runs. */
  body: unknown;
  accept: string;
  caller: Caller;
}

export interface Reply {
  status: number;
  /** JSON body; omitted for 204. */
  json?: unknown;
  /** Raw text body (for `application/vnd.github.raw`). */
  text?: string;
  headers?: Record<string, string>;
}

/** Serves one OpenAPI operation. */
export type Route = (world: FakeWorld, request: ApiRequest) => Reply;

/** Routes keyed by OpenAPI operationId, e.g. `checks/create`. */
export type Routes = Readonly<Record<string, Route>>;

export const DOCS = "https://docs.github.com/rest";

/** An error answer, shaped like GitHub's. */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: { resource: string; code: string; field?: string; message?: string }[],
  ) {
    super(message);
  }
}

export function notFound(message = "Not Found"): GitHubError {
  return new GitHubError(404, message);
}

export function validationFailed(resource: string, code: string, field?: string, message?: string): GitHubError {
  return new GitHubError(422, "Validation Failed", [{ resource, code, ...(field ? { field } : {}), ...(message ? { message } : {}) }]);
}

/** The reply for a thrown `GitHubError`. */
export function errorReply(error: GitHubError): Reply {
  return {
    status: error.status,
    json: { message: error.message, ...(error.errors ? { errors: error.errors } : {}), documentation_url: DOCS, status: String(error.status) },
  };
}

/** Request body types: safe to assume because the body was validated against the schema first. */
export type BodyOf<Scope extends keyof RestEndpointMethodTypes, Method extends keyof RestEndpointMethodTypes[Scope]> =
  RestEndpointMethodTypes[Scope][Method] extends { parameters: infer Parameters } ? Parameters : never;

/** Page a list like GitHub: `per_page` (default 30, at most 100), `page`, and a `Link` header. */
export function paginate<T>(request: ApiRequest, items: T[], wrap?: (page: T[]) => unknown): Reply {
  const perPage = Math.min(Math.max(Number(request.query.get("per_page") ?? 30) || 30, 1), 100);
  const page = Math.max(Number(request.query.get("page") ?? 1) || 1, 1);
  const lastPage = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (n: number) => {
    const query = new URLSearchParams(request.query);
    query.set("page", String(n));
    if (!query.has("per_page") && perPage !== 30) query.set("per_page", String(perPage));
    return `<${request.origin}${request.requestedPath}?${query.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${link(page - 1)}; rel="prev"`);
  if (page < lastPage) links.push(`${link(page + 1)}; rel="next"`, `${link(lastPage)}; rel="last"`);
  if (page > 1) links.push(`${link(1)}; rel="first"`);
  return { status: 200, json: wrap ? wrap(slice) : slice, ...(links.length > 0 ? { headers: { link: links.join(", ") } } : {}) };
}

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

export function writeReply(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = {
    "x-github-request-id": randomBytes(8).toString("hex").toUpperCase(),
    "x-github-api-version-selected": "2022-11-28",
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-used": "1",
    "x-ratelimit-resource": "core",
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
    ...reply.headers,
  };
  if (reply.text !== undefined) {
    response.writeHead(reply.status, { ...headers, "content-type": "text/plain; charset=utf-8" });
    response.end(reply.text);
    return;
  }
  if (reply.status === 204 || reply.json === undefined) {
    response.writeHead(reply.status, headers);
    response.end();
    return;
  }
  response.writeHead(reply.status, { ...headers, "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(reply.json));
}
