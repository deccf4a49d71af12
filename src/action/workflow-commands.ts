import { randomUUID } from "node:crypto";

/**
 * The text formats of the Actions runner, without `@actions/core`: outputs in `GITHUB_OUTPUT` and
 * workflow commands (`::warning::…`) on stdout.
 */

/**
 * One output in the multiline-safe form `name<<DELIMITER\nvalue\nDELIMITER\n`. The delimiter is
 * random and checked against the value, so a value (a release name, say) cannot end it early and
 * set another output.
 */
export function formatOutput(name: string, value: string, delimiter = `ghadelimiter_${randomUUID()}`): string {
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`the output ${name} contains its delimiter`);
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** Escapes a command's message as the runner reads it (`%`, CR and LF), so text from a PR cannot start a new command. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** `::error::`, `::warning::` or `::notice::`: shown as an annotation on the run as well as in the log. */
export function workflowCommand(kind: "error" | "warning" | "notice", message: string): string {
  return `::${kind}::${escapeCommandData(message)}\n`;
}
