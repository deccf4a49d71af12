import { isAbsolute, join, resolve } from "node:path";
import type { LocalSource } from "../domain/evaluation/local-check.js";
import { defaultPolicy, parsePolicy, POLICY_PATH } from "../domain/policy/resolve.js";
import type { Policy } from "../domain/policy/schema.js";
import { fileProblem, type Problem } from "../domain/source/problems.js";
import type { CliIo } from "./command.js";
import { displayPath, readLocalFile, toLocalSource } from "./files.js";

/**
 * The policy file a `readiness` command applies: `--policy FILE` (which must exist), else the
 * repository's own (docs/reference/policy.md) under the working directory if there is one, else
 * none, and the built-in defaults apply. Shown relative to the working directory.
 */
export async function readPolicySource(option: string | undefined, io: CliIo): Promise<LocalSource | null> {
  const path = option !== undefined ? (isAbsolute(option) ? option : resolve(io.cwd, option)) : join(io.cwd, POLICY_PATH);
  const read = await readLocalFile(path);
  if (read.kind === "missing" && option === undefined) return null;
  return toLocalSource(displayPath(io.cwd, path), read);
}

/** That policy parsed, or its problems with file, line and key (a file that cannot be read is one problem). */
export async function loadPolicy(option: string | undefined, io: CliIo): Promise<{ ok: true; policy: Policy } | { ok: false; problems: Problem[] }> {
  const source = await readPolicySource(option, io);
  if (source === null) return { ok: true, policy: defaultPolicy() };
  if ("error" in source) return { ok: false, problems: [fileProblem(source.file, source.error)] };
  return parsePolicy(source.text, source.file);
}
