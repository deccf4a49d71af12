/**
 * The CLI bench's baseline, run as its own process like the CLI: find the same YAML files, read
 * each and parse it with `yaml`, and nothing else. `node --import tsx bench/parse-files.ts DIR`.
 */
import { readFileSync } from "node:fs";
import { glob } from "tinyglobby";
import { parse } from "yaml";

const dir = process.argv[2]!;
const files = await glob(["readiness/**/*.yml", "readiness/**/*.yaml"], { cwd: dir, absolute: true });
let keys = 0;
for (const file of files) keys += Object.keys((parse(readFileSync(file, "utf8")) as object | null) ?? {}).length;
process.stdout.write(`${files.length} files, ${keys} top-level keys\n`);
