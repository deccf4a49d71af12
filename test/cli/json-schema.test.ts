import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormatsPlugin from "ajv-formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { defaultPolicyText, exampleReleaseText } from "../../src/cli/init-files.js";
import { defaultPolicy } from "../../src/domain/policy/resolve.js";
import { JSON_SCHEMA_KINDS, JSON_SCHEMA_PATHS, renderJsonSchema, type JsonSchemaKind } from "../../src/domain/source/json-schema.js";
import { parseManifest } from "../../src/domain/manifest/parse.js";
import { parseEventCatalog, parsePromiseRegistry } from "../../src/domain/registry/parse.js";
import { REPO_ROOT } from "./cli-harness.js";

function validatorFor(kind: JsonSchemaKind) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormatsPlugin.default(ajv);
  return ajv.compile(JSON.parse(renderJsonSchema(kind)) as object);
}

const example = (name: string) => readFileSync(join(REPO_ROOT, "readiness/examples", name), "utf8");

describe("committed JSON Schemas", () => {
  it.each(JSON_SCHEMA_KINDS)("%s schema matches what the generator writes", (kind) => {
    const committed = readFileSync(join(REPO_ROOT, JSON_SCHEMA_PATHS[kind]), "utf8");
    expect(
      committed === renderJsonSchema(kind),
      `${JSON_SCHEMA_PATHS[kind]} is out of date with the zod schema: run \`npm run schemas\` and commit the result`,
    ).toBe(true);
  });
});

describe("generated JSON Schemas agree with the app's own validation", () => {
  const manifests = ["checkout-v2.yml", "invoice-export.yml", "smart-search.yml", "bulk-edit-rollback.yml"];

  it.each(manifests)("example %s is valid for both ajv (draft 2020-12) and the app", (name) => {
    const validate = validatorFor("manifest");
    const text = example(name);
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    expect(parseManifest(text, name).ok).toBe(true);
  });

  it("the broken example fails both, on the misspelt key and the bad type", () => {
    const validate = validatorFor("manifest");
    const text = example("broken/broken-manifest.yml");
    expect(validate(parse(text))).toBe(false);
    const complaints = (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`);
    expect(complaints).toContain('/checklist/segment_limits/rollout_percent type {"type":"number"}');
    expect(complaints).toContain(' additionalProperties {"additionalProperty":"titel"}');
    const parsed = parseManifest(text, "broken-manifest.yml");
    expect(parsed.ok).toBe(false);
    expect(parsed.problems.map((p) => p.key)).toEqual(["title", "titel", "checklist.segment_limits.rollout_percent"]);
  });

  it("the example registries are valid for both", () => {
    const promises = example("promises.yml");
    const events = example("events.yml");
    expect(validatorFor("promises")(parse(promises))).toBe(true);
    expect(parsePromiseRegistry(promises).ok).toBe(true);
    expect(validatorFor("events")(parse(events))).toBe(true);
    expect(parseEventCatalog(events).ok).toBe(true);
  });

  it("what `readiness init` writes is valid for both", () => {
    expect(validatorFor("policy")(parse(defaultPolicyText()))).toBe(true);
    const release = exampleReleaseText("2026-11-23");
    expect(validatorFor("manifest")(parse(release))).toBe(true);
    expect(parseManifest(release, "example-release.yml").ok).toBe(true);
  });

  it("the policy schema's defaults are the app's defaults (an editor filling them in gets defaultPolicy())", () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, useDefaults: true });
    const validate = ajv.compile(JSON.parse(renderJsonSchema("policy")) as object);
    const filled: Record<string, unknown> = {};
    expect(validate(filled)).toBe(true);
    expect(filled).toEqual(defaultPolicy());
  });

  it("rejects what the app rejects: a wrong status, a missing version, an unknown policy key", () => {
    const manifest = parse(example("invoice-export.yml")) as Record<string, unknown>;
    expect(validatorFor("manifest")({ ...manifest, status: "alpha" })).toBe(false);
    const { version: _version, ...withoutVersion } = manifest;
    expect(validatorFor("manifest")(withoutVersion)).toBe(false);
    expect(validatorFor("policy")({ campaign_gates: "remove" })).toBe(false);
  });
});
