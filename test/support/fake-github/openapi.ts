/**
 * Validation of REST requests (and, for the sandbox's own honesty, responses and webhook payloads)
 * against GitHub's published OpenAPI description.
 *
 * Why: the fake GitHub used by our tests must refuse what real GitHub would refuse. A test suite
 * that passes against a lenient mock proves little; one that passes against a stand-in that
 * checks every call against GitHub's own contract catches misspelt routes, wrong enum values and
 * bodies GitHub would reject with a 422.
 *
 * Only `@octokit/openapi/generated/api.github.com.json` (~13 MB) is read, lazily and once per
 * process. Schemas are compiled lazily per operation and cached.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsPlugin from "ajv-formats";

// ---------------------------------------------------------------------------------------------
// The subset of OpenAPI 3.0 this module reads. Everything else in the document is ignored.

/** A JSON Schema fragment as it appears in the OpenAPI document (OpenAPI 3.0 dialect). */
export type OpenApiSchema = { [keyword: string]: unknown };

interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: OpenApiSchema;
  "x-multi-segment"?: boolean;
}

interface OpenApiReference {
  $ref: string;
}

interface OpenApiMediaType {
  schema?: OpenApiSchema;
}

interface OpenApiRequestBody {
  required?: boolean;
  content: Record<string, OpenApiMediaType>;
}

interface OpenApiResponse {
  description?: string;
  content?: Record<string, OpenApiMediaType>;
}

interface OpenApiOperation {
  operationId: string;
  parameters?: (OpenApiParameter | OpenApiReference)[];
  requestBody?: OpenApiRequestBody;
  responses?: Record<string, OpenApiResponse | OpenApiReference>;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type HttpMethod = Uppercase<(typeof HTTP_METHODS)[number]>;

type OpenApiPathItem = Partial<Record<(typeof HTTP_METHODS)[number], OpenApiOperation>> & {
  parameters?: (OpenApiParameter | OpenApiReference)[];
};

interface OpenApiDocument {
  paths: Record<string, OpenApiPathItem>;
  "x-webhooks"?: Record<string, { post?: { requestBody?: OpenApiRequestBody } }>;
  components: {
    schemas: Record<string, OpenApiSchema>;
    parameters: Record<string, OpenApiParameter>;
    responses: Record<string, OpenApiResponse>;
  };
}

// ---------------------------------------------------------------------------------------------
// Loading (once per process)

const SPEC_MODULE = "@octokit/openapi/generated/api.github.com.json";
let loadedDocument: OpenApiDocument | undefined;

/** GitHub's REST description for api.github.com, parsed on first use and kept for the process. */
export function gitHubOpenApiDocument(): OpenApiDocument {
  if (!loadedDocument) {
    // Reading the file ourselves (rather than `require`-ing JSON) keeps it out of the module
    // cache of every consumer and lets ESM code load it without import attributes.
    const specPath = createRequire(import.meta.url).resolve(SPEC_MODULE);
    loadedDocument = JSON.parse(readFileSync(specPath, "utf8")) as OpenApiDocument;
  }
  return loadedDocument;
}

function isReference(value: object): value is OpenApiReference {
  return typeof (value as { $ref?: unknown }).$ref === "string";
}

function resolveParameter(parameter: OpenApiParameter | OpenApiReference): OpenApiParameter {
  if (!isReference(parameter)) return parameter;
  const name = parameter.$ref.replace("#/components/parameters/", "");
  const resolved = gitHubOpenApiDocument().components.parameters[name];
  if (!resolved) throw new Error(`OpenAPI document has a dangling parameter reference ${parameter.$ref}`);
  return resolved;
}

function resolveResponse(response: OpenApiResponse | OpenApiReference): OpenApiResponse {
  if (!isReference(response)) return response;
  const name = response.$ref.replace("#/components/responses/", "");
  const resolved = gitHubOpenApiDocument().components.responses[name];
  if (!resolved) throw new Error(`OpenAPI document has a dangling response reference ${response.$ref}`);
  return resolved;
}

// ---------------------------------------------------------------------------------------------
// Route matching

type TemplateSegment =
  | { kind: "literal"; text: string }
  | { kind: "parameter"; name: string; multiSegment: boolean };

interface RouteTemplate {
  template: string;
  segments: TemplateSegment[];
  /** Number of literal segments: among several matching templates, the most literal one wins. */
  literalCount: number;
  /** Whether a parameter may span several segments (then the segment count may differ). */
  hasMultiSegment: boolean;
  operations: Partial<Record<HttpMethod, CompiledOperationEntry>>;
}

interface CompiledOperationEntry {
  operationId: string;
  operation: OpenApiOperation;
  parameters: OpenApiParameter[];
}

let routeTemplates: RouteTemplate[] | undefined;

function allRouteTemplates(): RouteTemplate[] {
  if (routeTemplates) return routeTemplates;
  const document = gitHubOpenApiDocument();
  routeTemplates = Object.entries(document.paths).map(([template, pathItem]) => {
    const operations: Partial<Record<HttpMethod, CompiledOperationEntry>> = {};
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map(resolveParameter);
      operations[method.toUpperCase() as HttpMethod] = { operationId: operation.operationId, operation, parameters };
    }
    // `x-multi-segment` is declared per operation; a template segment is multi-segment when any
    // operation on the template says so (they agree in practice).
    const multiSegmentNames = new Set(
      Object.values(operations).flatMap((entry) =>
        entry.parameters.filter((p) => p.in === "path" && p["x-multi-segment"]).map((p) => p.name),
      ),
    );
    const segments: TemplateSegment[] = template
      .split("/")
      .slice(1)
      .map((part) => {
        const parameter = /^\{(\w+)\}$/.exec(part);
        if (!parameter?.[1]) return { kind: "literal", text: part };
        return { kind: "parameter", name: parameter[1], multiSegment: multiSegmentNames.has(parameter[1]) };
      });
    const literalCount = segments.filter((segment) => segment.kind === "literal").length;
    const hasMultiSegment = segments.some((segment) => segment.kind === "parameter" && segment.multiSegment);
    return { template, segments, literalCount, hasMultiSegment, operations };
  });
  return routeTemplates;
}

/**
 * Match raw (still percent-encoded) path segments against a template. Each segment is decoded
 * on its own, so an encoded slash (`%2F`, how Octokit sends `{path}`) stays inside its segment,
 * while a multi-segment parameter may also swallow literal slashes.
 */
function matchSegments(
  segments: TemplateSegment[],
  rawParts: string[],
  params: Record<string, string>,
): Record<string, string> | undefined {
  const [segment, ...restSegments] = segments;
  if (!segment) return rawParts.length === 0 ? params : undefined;
  if (rawParts.length === 0) return undefined;
  const [first, ...restParts] = rawParts;
  if (first === undefined) return undefined;
  if (segment.kind === "literal") {
    return safeDecode(first) === segment.text ? matchSegments(restSegments, restParts, params) : undefined;
  }
  if (!segment.multiSegment) {
    if (first === "") return undefined;
    const value = safeDecode(first);
    if (value === undefined) return undefined;
    return matchSegments(restSegments, restParts, { ...params, [segment.name]: value });
  }
  // Greedy first: `{path}` at the end takes everything; a later literal gets a chance by backtracking.
  for (let take = rawParts.length; take >= 1; take--) {
    const decoded = rawParts.slice(0, take).map(safeDecode);
    if (decoded.some((part) => part === undefined || part === "")) continue;
    const found = matchSegments(restSegments, rawParts.slice(take), { ...params, [segment.name]: decoded.join("/") });
    if (found) return found;
  }
  return undefined;
}

function safeDecode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** Strip a GitHub Enterprise style `/api/v3` prefix and any query string or trailing slash. */
export function normalizeApiPath(path: string): string {
  let normalized = path.split("?")[0] ?? "";
  if (normalized === "/api/v3" || normalized.startsWith("/api/v3/")) normalized = normalized.slice("/api/v3".length);
  if (!normalized.startsWith("/")) normalized = `/${normalized}`;
  if (normalized.length > 1 && normalized.endsWith("/")) normalized = normalized.slice(0, -1);
  return normalized;
}

export interface RouteMatch {
  /** The OpenAPI path template, e.g. `/repos/{owner}/{repo}/contents/{path}`. */
  template: string;
  operationId: string;
  /** Decoded path parameters. */
  params: Record<string, string>;
}

export type RouteLookup =
  | { found: true; route: RouteMatch }
  | { found: false; reason: "no-such-path" | "method-not-allowed"; allowedMethods: HttpMethod[] };

/** Find the operation GitHub would serve for a method and path (path may carry `/api/v3`). */
export function matchGitHubRoute(method: string, path: string): RouteLookup {
  const upperMethod = method.toUpperCase() as HttpMethod;
  const rawParts = normalizeApiPath(path).split("/").slice(1);
  let best: { template: RouteTemplate; params: Record<string, string> } | undefined;
  const allowedMethods = new Set<HttpMethod>();
  for (const template of allRouteTemplates()) {
    // Cheap pre-filter: without multi-segment parameters the segment counts must agree.
    if (!template.hasMultiSegment && template.segments.length !== rawParts.length) continue;
    const params = matchSegments(template.segments, rawParts, {});
    if (!params) continue;
    if (!template.operations[upperMethod]) {
      for (const m of Object.keys(template.operations)) allowedMethods.add(m as HttpMethod);
      continue;
    }
    if (!best || template.literalCount > best.template.literalCount) best = { template, params };
  }
  if (!best) {
    return {
      found: false,
      reason: allowedMethods.size > 0 ? "method-not-allowed" : "no-such-path",
      allowedMethods: [...allowedMethods],
    };
  }
  const entry = best.template.operations[upperMethod];
  if (!entry) throw new Error("unreachable: matched template lacks the method");
  return { found: true, route: { template: best.template.template, operationId: entry.operationId, params: best.params } };
}

function operationEntry(method: HttpMethod, template: string): CompiledOperationEntry {
  const entry = allRouteTemplates().find((t) => t.template === template)?.operations[method];
  if (!entry) throw new Error(`No operation ${method} ${template} in GitHub's OpenAPI description`);
  return entry;
}

// ---------------------------------------------------------------------------------------------
// Schema compilation (ajv), lazily per schema and cached

const SCHEMA_ID_BASE = "https://sandbox.invalid/github-openapi/schemas/";

let ajvInstance: Ajv | undefined;
const registeredComponentSchemas = new Set<string>();

function ajv(): Ajv {
  if (ajvInstance) return ajvInstance;
  // strict: false because the document uses OpenAPI-only keywords (`example`, `x-github`,
  // `discriminator`, `readOnly` …) that are annotations, not JSON Schema vocabulary.
  // Compilation dominates the cost (webhook schemas inline whole pull requests): not inlining
  // `$ref`s compiles shared components once, and skipping code optimisation compiles faster
  // than it validates slower. Together they roughly halve the time to first validation.
  ajvInstance = new Ajv({ strict: false, allErrors: true, validateFormats: true, code: { optimize: false }, inlineRefs: false });
  // ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the
  // module object, whose `default` is the plugin.
  addFormatsPlugin.default(ajvInstance);
  // OpenAPI's numeric and GitHub-specific formats carry no constraint a string check can make.
  for (const format of ["int32", "int64", "double", "float", "binary", "byte", "repo.nwo", "timestamp", "uri-template"]) {
    ajvInstance.addFormat(format, true);
  }
  return ajvInstance;
}

/**
 * Rewrite an OpenAPI 3.0 schema fragment into JSON Schema ajv understands:
 * `$ref: #/components/schemas/X` points at a registered schema, and `nullable: true` also accepts
 * `null` (OpenAPI 3.0 has no `type: "null"`). Referenced component schemas are registered as found.
 */
function toJsonSchema(fragment: unknown): unknown {
  if (Array.isArray(fragment)) return fragment.map(toJsonSchema);
  if (fragment === null || typeof fragment !== "object") return fragment;
  const source = fragment as OpenApiSchema;
  if (typeof source.$ref === "string") {
    const componentName = source.$ref.replace("#/components/schemas/", "");
    registerComponentSchema(componentName);
    return { $ref: SCHEMA_ID_BASE + encodeURIComponent(componentName) };
  }
  const converted: OpenApiSchema = {};
  for (const [keyword, value] of Object.entries(source)) {
    if (keyword === "nullable" || keyword === "discriminator" || keyword === "example" || keyword === "examples") continue;
    if (keyword === "properties" && value && typeof value === "object" && !Array.isArray(value)) {
      // Property names are data, not keywords: convert each property's schema, keep the names.
      converted.properties = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, schema]) => [name, toJsonSchema(schema)]),
      );
      continue;
    }
    converted[keyword] = toJsonSchema(value);
  }
  if (source.nullable !== true) return converted;
  if (typeof converted.type === "string") {
    const nullableType: OpenApiSchema = { ...converted, type: [converted.type, "null"] };
    if (Array.isArray(converted.enum) && !converted.enum.includes(null)) nullableType.enum = [...converted.enum, null];
    return nullableType;
  }
  return { anyOf: [converted, { type: "null" }] };
}

function registerComponentSchema(name: string): void {
  if (registeredComponentSchemas.has(name)) return;
  const schema = gitHubOpenApiDocument().components.schemas[name];
  if (!schema) throw new Error(`OpenAPI document has no component schema ${name}`);
  // Mark first: component schemas are recursive (a repository has a parent repository …).
  registeredComponentSchemas.add(name);
  const converted = toJsonSchema(schema) as OpenApiSchema;
  ajv().addSchema({ ...converted, $id: SCHEMA_ID_BASE + encodeURIComponent(name) });
}

const compiledValidators = new Map<string, ValidateFunction>();

function compiledValidator(cacheKey: string, schema: OpenApiSchema): ValidateFunction {
  let validator = compiledValidators.get(cacheKey);
  if (!validator) {
    validator = ajv().compile(toJsonSchema(schema) as OpenApiSchema);
    compiledValidators.set(cacheKey, validator);
  }
  return validator;
}

function describeAjvErrors(errors: ErrorObject[] | null | undefined, dataVar: string): string {
  if (!errors || errors.length === 0) return "is invalid";
  // With `allErrors`, a failing oneOf reports every branch; the first few errors say enough.
  const shown = errors.slice(0, 8).map((error) => {
    const where = `${dataVar}${error.instancePath}`;
    const allowed = error.keyword === "enum" ? ` (${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)})` : "";
    return `${where} ${error.message ?? "is invalid"}${allowed}`;
  });
  return shown.join("; ") + (errors.length > shown.length ? `; … ${errors.length - shown.length} more` : "");
}

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
