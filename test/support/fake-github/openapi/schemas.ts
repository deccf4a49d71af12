/**
 * OpenAPI 3.0 schema fragments compiled into ajv validators: lazily per schema, cached for the
 * process, with component schemas registered once as they are referenced.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsPlugin from "ajv-formats";
import { gitHubOpenApiDocument, type OpenApiSchema } from "./document.js";

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

/** The validator for a schema, compiled on first use under `cacheKey`. */
export function compiledValidator(cacheKey: string, schema: OpenApiSchema): ValidateFunction {
  let validator = compiledValidators.get(cacheKey);
  if (!validator) {
    validator = ajv().compile(toJsonSchema(schema) as OpenApiSchema);
    compiledValidators.set(cacheKey, validator);
  }
  return validator;
}

/** ajv's errors as one line, `dataVar` naming the value (`body`, `response`, `payload`). */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined, dataVar: string): string {
  if (!errors || errors.length === 0) return "is invalid";
  // With `allErrors`, a failing oneOf reports every branch; the first few errors say enough.
  const shown = errors.slice(0, 8).map((error) => {
    const where = `${dataVar}${error.instancePath}`;
    const allowed = error.keyword === "enum" ? ` (${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)})` : "";
    return `${where} ${error.message ?? "is invalid"}${allowed}`;
  });
  return shown.join("; ") + (errors.length > shown.length ? `; … ${errors.length - shown.length} more` : "");
}
