/**
 * Validation of REST requests (and, for the sandbox's own honesty, responses and webhook payloads)
 * against GitHub's published OpenAPI description.
 *
 * Why: the fake GitHub used by our tests must refuse what real GitHub would refuse. A test suite
 * that passes against a lenient mock proves little; one that passes against a stand-in that
 * checks every call against GitHub's own contract catches misspelt routes, wrong enum values and
 * bodies GitHub would reject with a 422.
 *
 * The description is read by `./document.ts` (which also matches routes); schemas are compiled
 * by `./schemas.ts`, lazily per operation and cached.
 */
import {
  gitHubOpenApiDocument,
  matchGitHubRoute,
  normalizeApiPath,
  operationEntry,
  resolveResponse,
  type CompiledOperationEntry,
  type HttpMethod,
  type OpenApiSchema,
  type RouteMatch,
} from "./document.js";
import { compiledValidator, describeAjvErrors } from "./schemas.js";

// ---------------------------------------------------------------------------------------------
// Request validation

export type QueryInput = URLSearchParams | Record<string, string | number | boolean | undefined>;

export interface GitHubRequest {
  method: string;
  /** URL path after the API base; a leading `/api/v3` is stripped. A query string here is read too. */
  path: string;
  query?: QueryInput;
  /** The parsed JSON body, or undefined when the request had none. */
  body?: unknown;
}

export type GitHubRequestValidation =
  | { ok: true; operationId: string; template: string; params: Record<string, string> }
  | { ok: false; error: string; /** The status GitHub answers such a request with. */ status: 404 | 422 };

function queryEntries(request: GitHubRequest): [string, string][] {
  const entries: [string, string][] = [];
  const inline = request.path.split("?")[1];
  if (inline !== undefined) entries.push(...new URLSearchParams(inline).entries());
  const query = request.query;
  if (query instanceof URLSearchParams) entries.push(...query.entries());
  else if (query) {
    for (const [name, value] of Object.entries(query)) if (value !== undefined) entries.push([name, String(value)]);
  }
  return entries;
}

function scalarMatchesSchema(value: string, schema: OpenApiSchema | undefined): string | undefined {
  if (!schema) return undefined;
  if (Array.isArray(schema.enum) && !schema.enum.map(String).includes(value)) {
    return `must be one of ${JSON.stringify(schema.enum)}`;
  }
  if (schema.type === "integer" && !/^-?\d+$/.test(value)) return "must be an integer";
  if (schema.type === "number" && Number.isNaN(Number(value))) return "must be a number";
  if (schema.type === "boolean" && value !== "true" && value !== "false") return "must be true or false";
  return undefined;
}

/** Top-level property names a body schema knows, through oneOf/anyOf/allOf branches. */
function knownTopLevelProperties(schema: OpenApiSchema): Set<string> | undefined {
  if (typeof schema.$ref === "string") {
    const target = gitHubOpenApiDocument().components.schemas[schema.$ref.replace("#/components/schemas/", "")];
    return target ? knownTopLevelProperties(target) : undefined;
  }
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) return undefined;
  const names = new Set<string>(Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {}));
  for (const combinator of ["oneOf", "anyOf", "allOf"] as const) {
    const branches = schema[combinator];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches as OpenApiSchema[]) {
      const branchNames = knownTopLevelProperties(branch);
      if (!branchNames) return undefined;
      for (const name of branchNames) names.add(name);
    }
  }
  return names.size > 0 ? names : undefined;
}

/**
 * Check a request against GitHub's REST description: the route exists for the method, path and
 * query parameters have the declared types, required query parameters are present, no unknown
 * query parameter or top-level body field is sent (GitHub ignores those silently, which hides
 * typos), and the JSON body matches the operation's schema.
 */
export function validateGitHubRequest(request: GitHubRequest): GitHubRequestValidation {
  const method = request.method.toUpperCase();
  const path = normalizeApiPath(request.path);
  const lookup = matchGitHubRoute(method, path);
  if (!lookup.found) {
    if (lookup.reason === "method-not-allowed") {
      // GitHub answers a wrong method with 404 like an unknown path; the message says more.
      return {
        ok: false,
        status: 404,
        error: `${method} ${path} is not a GitHub REST endpoint (this path allows ${lookup.allowedMethods.join(", ")})`,
      };
    }
    return { ok: false, status: 404, error: `${method} ${path} is not a GitHub REST endpoint` };
  }
  const { route } = lookup;
  const entry = operationEntry(method as HttpMethod, route.template);
  const problems: string[] = [];

  for (const parameter of entry.parameters.filter((p) => p.in === "path")) {
    const value = route.params[parameter.name];
    if (value === undefined) continue;
    const problem = scalarMatchesSchema(value, parameter.schema);
    if (problem) problems.push(`path parameter ${parameter.name}=${JSON.stringify(value)} ${problem}`);
  }

  const queryParameters = new Map(entry.parameters.filter((p) => p.in === "query").map((p) => [p.name, p]));
  const query = queryEntries(request);
  for (const [name, value] of query) {
    // `name[]` is how arrays are spelled in a query string.
    const parameter = queryParameters.get(name) ?? queryParameters.get(name.replace(/\[\]$/, ""));
    if (!parameter) {
      problems.push(`unknown query parameter ${name} for ${route.operationId}`);
      continue;
    }
    if (parameter.schema?.type === "array") continue;
    const problem = scalarMatchesSchema(value, parameter.schema);
    if (problem) problems.push(`query parameter ${name}=${JSON.stringify(value)} ${problem}`);
  }
  for (const parameter of queryParameters.values()) {
    if (parameter.required && !query.some(([name]) => name === parameter.name || name === `${parameter.name}[]`)) {
      problems.push(`missing required query parameter ${parameter.name}`);
    }
  }
  if (problems.length > 0) {
    return { ok: false, status: 422, error: `${method} ${path} (${route.operationId}): ${problems.join("; ")}` };
  }

  const bodyProblem = validateBody(method as HttpMethod, route, entry, request.body);
  if (bodyProblem) return { ok: false, status: 422, error: `${method} ${path} (${route.operationId}): ${bodyProblem}` };
  return { ok: true, operationId: route.operationId, template: route.template, params: route.params };
}

function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === null || body === "" ||
    (typeof body === "object" && !Array.isArray(body) && Object.keys(body).length === 0);
}

function validateBody(method: HttpMethod, route: RouteMatch, entry: CompiledOperationEntry, body: unknown): string | undefined {
  const requestBody = entry.operation.requestBody;
  const jsonSchema = requestBody?.content["application/json"]?.schema;
  if (!requestBody) {
    return isEmptyBody(body) ? undefined : "this operation takes no request body";
  }
  if (!jsonSchema) return undefined; // text/plain or octet-stream uploads: not ours to judge
  if (body === undefined) return requestBody.required ? "a JSON request body is required" : undefined;
  const validator = compiledValidator(`request ${method} ${route.template}`, jsonSchema);
  if (!validator(body)) return describeAjvErrors(validator.errors, "body");
  const known = knownTopLevelProperties(jsonSchema);
  if (known && body && typeof body === "object" && !Array.isArray(body)) {
    const unknown = Object.keys(body).filter((name) => !known.has(name));
    if (unknown.length > 0) return `body has properties GitHub does not accept: ${unknown.join(", ")}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Response and webhook payload validation (used to keep the sandbox's own output honest)

export type SchemaValidation = { ok: true } | { ok: false; error: string };

/**
 * Responses whose documented schema no real answer can match, so checking them proves nothing.
 * Keep each entry explained; remove it when the description is fixed.
 */
const KNOWN_RESPONSE_SCHEMA_DEFECTS: Record<string, string> = {
  // `account` is `allOf: [simple-user, enterprise]` (both at once) where the component schema
  // `installation` says `anyOf`: a user account cannot also carry an enterprise's required fields.
  "apps/list-installations": "installation account declared as allOf user and enterprise",
};

/**
 * Check a JSON response body against the schema GitHub documents for this operation and status.
 * A status the description does not list for the operation is reported too.
 */
export function validateGitHubResponse(args: { method: string; template: string; status: number; body: unknown }): SchemaValidation {
  const method = args.method.toUpperCase() as HttpMethod;
  const entry = operationEntry(method, args.template);
  if (KNOWN_RESPONSE_SCHEMA_DEFECTS[entry.operationId]) return { ok: true };
  const declared = entry.operation.responses?.[String(args.status)];
  if (!declared) {
    return { ok: false, error: `${entry.operationId} does not document status ${args.status}` };
  }
  const schema = resolveResponse(declared).content?.["application/json"]?.schema;
  if (!schema) return { ok: true };
  const validator = compiledValidator(`response ${method} ${args.template} ${args.status}`, schema);
  if (validator(args.body)) return { ok: true };
  return { ok: false, error: `${entry.operationId} ${args.status} response: ${describeAjvErrors(validator.errors, "response")}` };
}

/**
 * Check a webhook payload against GitHub's schema for the event (`pull_request` + `opened` uses
 * `webhook-pull-request-opened`; events without actions, like `push`, use `webhook-push`).
 */
export function validateWebhookPayload(eventName: string, payload: unknown): SchemaValidation {
  const action = (payload as { action?: unknown } | null)?.action;
  const base = `webhook-${eventName.replace(/_/g, "-")}`;
  const schemas = gitHubOpenApiDocument().components.schemas;
  const schemaName = typeof action === "string" && schemas[`${base}-${action.replace(/_/g, "-")}`]
    ? `${base}-${action.replace(/_/g, "-")}`
    : base;
  if (!schemas[schemaName]) return { ok: false, error: `GitHub documents no webhook schema ${schemaName}` };
  const validator = compiledValidator(`webhook ${schemaName}`, { $ref: `#/components/schemas/${schemaName}` });
  if (validator(payload)) return { ok: true };
  return { ok: false, error: `${schemaName}: ${describeAjvErrors(validator.errors, "payload")}` };
}
