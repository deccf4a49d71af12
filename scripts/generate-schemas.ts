/**
 * Writes readiness/*.schema.json from the zod schemas (`npm run schemas`). A test fails when a
 * committed file differs from what this would write, so run it after changing a schema.
 */
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { JSON_SCHEMA_KINDS, JSON_SCHEMA_PATHS, renderJsonSchema } from "../src/domain/source/json-schema.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

for (const kind of JSON_SCHEMA_KINDS) {
  const path = join(root, JSON_SCHEMA_PATHS[kind]);
  const text = renderJsonSchema(kind);
  const current = await readFile(path, "utf8").catch(() => undefined);
  if (current === text) {
    console.log(`unchanged ${JSON_SCHEMA_PATHS[kind]}`);
  } else {
    await writeFile(path, text);
    console.log(`${current === undefined ? "created" : "updated"} ${JSON_SCHEMA_PATHS[kind]}`);
  }
}
