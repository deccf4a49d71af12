import { JSON_SCHEMA_KINDS, JSON_SCHEMA_PATHS, renderJsonSchema, type JsonSchemaKind } from "../domain/source/json-schema.js";
import { EXIT, UsageError, type CliCommand } from "./command.js";

export const schemaCommand: CliCommand = {
  name: "schema",
  summary: "print the JSON Schema of a manifest, the policy, promises.yml or events.yml",
  usage: `Usage: readiness schema [${JSON_SCHEMA_KINDS.join("|")}]

Prints a JSON Schema (draft 2020-12) generated from the schemas the app validates with.
Without an argument it prints the manifest schema.

  manifest   readiness/<release>.yml
  policy     .github/release-readiness.yml
  promises   readiness/promises.yml
  events     readiness/events.yml

Point an editor at it with a first line such as
  # yaml-language-server: $schema=manifest.schema.json
after saving it:  readiness schema manifest > ${JSON_SCHEMA_PATHS.manifest}

Exit codes: 0 printed, 2 unknown schema name.`,
  options: {},
  positionals: { min: 0, max: 1 },
  async run({ positionals }, io) {
    const kind = positionals[0] ?? "manifest";
    if (!(JSON_SCHEMA_KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`unknown schema "${kind}"; expected one of: ${JSON_SCHEMA_KINDS.join(", ")}`);
    }
    io.stdout.write(renderJsonSchema(kind as JsonSchemaKind));
    return EXIT.ok;
  },
};
