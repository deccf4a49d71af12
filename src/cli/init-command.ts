import { mkdir, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { calendarDate } from "../domain/calendar.js";
import { JSON_SCHEMA_PATHS, renderJsonSchema } from "../domain/source/json-schema.js";
import { POLICY_PATH } from "../domain/policy/resolve.js";
import { EXIT, stringOption, type CliCommand } from "./command.js";
import { displayPath } from "./files.js";
import { defaultPolicyText, EXAMPLE_RELEASE_PATH, exampleReleaseText } from "./init-files.js";

export const initCommand: CliCommand = {
  name: "init",
  summary: "write a commented default policy and an example release manifest",
  usage: `Usage: readiness init [--dir DIR]

Writes, under DIR (default: the current directory):
  ${POLICY_PATH}   the built-in defaults, every key commented
  ${EXAMPLE_RELEASE_PATH}   a small example release that is ready
  ${JSON_SCHEMA_PATHS.manifest}, ${JSON_SCHEMA_PATHS.policy}
      JSON Schemas the two files point editors at (yaml-language-server)

An existing file is never overwritten: it is skipped and named in the output.

Options:
  --dir DIR    the repository to set up
  -h, --help   show this help

Exit codes: 0 done (including when every file already existed), 2 a file could not be written.`,
  options: { dir: { type: "string" } },
  positionals: { min: 0, max: 0 },
  async run({ values }, io) {
    const dirOption = stringOption(values, "dir");
    const root = dirOption === undefined ? io.cwd : isAbsolute(dirOption) ? dirOption : resolve(io.cwd, dirOption);
    const files: Array<[string, string]> = [
      [POLICY_PATH, defaultPolicyText()],
      [EXAMPLE_RELEASE_PATH, exampleReleaseText(calendarDate(io.now(), "UTC"))],
      [JSON_SCHEMA_PATHS.manifest, renderJsonSchema("manifest")],
      [JSON_SCHEMA_PATHS.policy, renderJsonSchema("policy")],
    ];
    let failed = false;
    for (const [relativePath, text] of files) {
      const path = join(root, relativePath);
      const shown = displayPath(io.cwd, path);
      try {
        await mkdir(dirname(path), { recursive: true });
        // "wx" fails if the file exists, so a file that appears meanwhile is not overwritten either.
        await writeFile(path, text, { flag: "wx" });
        io.stdout.write(`created ${shown}\n`);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EEXIST") {
          io.stdout.write(`skipped ${shown} (it already exists; not overwritten)\n`);
        } else {
          failed = true;
          io.stderr.write(`readiness init: cannot write ${shown}: ${(error as Error).message}\n`);
        }
      }
    }
    const enter = dirOption === undefined ? "" : `cd ${displayPath(io.cwd, root)} && `;
    if (!failed) io.stdout.write(`\nNext: ${enter}readiness check   (edit ${POLICY_PATH} to change what "ready" means)\n`);
    return failed ? EXIT.invalid : EXIT.ok;
  },
};
