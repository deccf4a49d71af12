/**
 * GitHub's published REST description (`@octokit/openapi/generated/api.github.com.json`, ~13 MB),
 * read lazily and once per process, and the matching of a method and path to the operation GitHub
 * would serve. Schema validation built on it is in `./validate.ts`.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// ---------------------------------------------------------------------------------------------
// The subset of OpenAPI 3.0 this module reads. Everything else in the document is ignored.

/** A JSON Schema fragment as it appears in the OpenAPI document (OpenAPI 3.0 dialect). */
export type OpenApiSchema = { [keyword: string]: unknown };

export interface OpenApiParameter {
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

export interface OpenApiOperation {
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

export function resolveResponse(response: OpenApiResponse | OpenApiReference): OpenApiResponse {
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

export interface CompiledOperationEntry {
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

/** The operation for a method on a template (as `matchGitHubRoute` returned it). */
export function operationEntry(method: HttpMethod, template: string): CompiledOperationEntry {
  const entry = allRouteTemplates().find((t) => t.template === template)?.operations[method];
  if (!entry) throw new Error(`No operation ${method} ${template} in GitHub's OpenAPI description`);
  return entry;
}
