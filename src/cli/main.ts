import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { closestWord } from "../domain/source/validation.js";
import { checkCommand } from "./check-command.js";
import { EXIT, UsageError, type CliCommand, type CliIo } from "./command.js";
import { feedCommand } from "./feed-command.js";
import { initCommand } from "./init-command.js";
import { notesCommand } from "./notes-command.js";
import { schemaCommand } from "./schema-command.js";
import { digestCommand } from "./digest-command.js";
import { sensorCommand } from "./sensor-command.js";
import { sweepCommand } from "./sweep-command.js";

/**
 * The `readiness` command table. A command is a `CliCommand` (src/cli/command.ts) in its own file,
 * `src/cli/<name>-command.ts`; adding one is an import and one entry below, e.g.
 *
 *   import { notesCommand } from "./notes-command.js";
 *   export const COMMANDS = [checkCommand, notesCommand, schemaCommand, initCommand];
 *
 * The runner owns argument parsing (node's `util.parseArgs`, strict), `--help`, usage errors
 * (exit 2) and unexpected errors (exit 2, never a silent 0 or a "not ready" 1); a command only
 * declares its options and does its work through the `CliIo` it is given.
 */
export const COMMANDS: readonly CliCommand[] = [checkCommand, notesCommand, schemaCommand, initCommand, feedCommand, sweepCommand, sensorCommand, digestCommand];

const HELP_OPTION = { help: { type: "boolean", short: "h" } } as const;

export function topLevelUsage(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "Usage: readiness <command> [options]",
    "",
    "Release Readiness on local files: check release manifests against the definition of ready.",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `readiness <command> --help` for a command's options.",
    "Exit codes: 0 ready, 1 not ready, 2 invalid input or usage error.",
    "",
  ].join("\n");
}

/** Runs one command line (without the `node` and script words) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(`readiness: missing command\n\n${topLevelUsage(commands)}`);
    return EXIT.invalid;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? commands.find((c) => c.name === rest[0]) : undefined;
    io.stdout.write(topic ? withNewline(topic.usage) : topLevelUsage(commands));
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const suggestion = closestWord(name, commands.map((c) => c.name));
    const what = name.startsWith("-") ? `unknown option "${name}"` : `unknown command "${name}"`;
    io.stderr.write(`readiness: ${what}${suggestion ? `; did you mean "${suggestion}"?` : ""}\n\n${topLevelUsage(commands)}`);
    return EXIT.invalid;
  }

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...rest], options: { ...command.options, ...HELP_OPTION }, allowPositionals: true, strict: true });
  } catch (error) {
    return usageError(command, io, error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help === true) {
    io.stdout.write(withNewline(command.usage));
    return EXIT.ok;
  }
  const { min, max } = command.positionals;
  if (parsed.positionals.length < min) return usageError(command, io, `expected at least ${min} argument${min === 1 ? "" : "s"}`);
  if (parsed.positionals.length > max) {
    const extra = parsed.positionals.slice(max).map((p) => `"${p}"`).join(", ");
    return usageError(command, io, max === 0 ? `takes no arguments (got ${extra})` : `unexpected argument${parsed.positionals.length - max === 1 ? "" : "s"} ${extra}`);
  }

  try {
    return await command.run({ values: parsed.values, positionals: parsed.positionals }, io);
  } catch (error) {
    if (error instanceof UsageError) return usageError(command, io, error.message);
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`readiness ${command.name}: unexpected error (please report it): ${detail}\n`);
    return EXIT.invalid;
  }
}

function usageError(command: CliCommand, io: CliIo, message: string): number {
  io.stderr.write(`readiness ${command.name}: ${message}\n\n${withNewline(command.usage)}`);
  return EXIT.invalid;
}

function withNewline(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}

/** The process-facing entry: real streams, cwd, environment and clock. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  // `readiness check … | head` closes the pipe early; that is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    now: () => new Date(),
  });
}

/** True when this file is what node (or tsx) was asked to run, rather than imported by bin/readiness.js or a test. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = await main();
