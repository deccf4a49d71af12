import type { ParseArgsConfig } from "node:util";

/**
 * The shape every `readiness` command has. A command declares its options for node's
 * `util.parseArgs`; the runner in main.ts parses them, answers `--help`, and turns unknown flags,
 * missing values and a wrong number of positionals into a usage error (exit 2) before `run` is
 * called. `run` does the work through `io` only (no `process.*`), so tests run it in-process.
 */
export interface CliCommand {
  /** The word after `readiness`. */
  readonly name: string;
  /** One line for the top-level help. */
  readonly summary: string;
  /** The full `--help` text: usage line, options, exit codes. */
  readonly usage: string;
  /** Options for `util.parseArgs`; `--help`/`-h` is added by the runner. */
  readonly options: CommandOptions;
  /** How many positional arguments the command takes. */
  readonly positionals: { min: number; max: number };
  run(args: CommandArgs, io: CliIo): Promise<number>;
}

export type CommandOptions = NonNullable<ParseArgsConfig["options"]>;

export type OptionValue = string | boolean | Array<string | boolean> | undefined;

export interface CommandArgs {
  values: Readonly<Record<string, OptionValue>>;
  positionals: readonly string[];
}

/** Where output goes. `isTTY` decides whether text output is coloured. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Everything a command may touch besides the file system under `cwd`. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Directory that relative paths are resolved against and shown relative to. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
}

/** Exit codes of every command (docs/reference/running.md): scripts and CI rely on them. */
export const EXIT = {
  /** Everything checked is ready (or the command did what it was asked). */
  ok: 0,
  /** At least one release is not ready. */
  notReady: 1,
  /** Invalid input: broken YAML, schema problems, a broken policy, a usage error. */
  invalid: 2,
} as const;

/** Thrown by a command for a bad argument value; the runner prints it with the command's usage and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A string option's value (the last one when given several times). */
export function stringOption(values: CommandArgs["values"], name: string): string | undefined {
  const value = values[name];
  if (Array.isArray(value)) {
    const last = value[value.length - 1];
    return typeof last === "string" ? last : undefined;
  }
  return typeof value === "string" ? value : undefined;
}

/** A repeatable, comma-separated list option (`--labels a,b --labels c`), trimmed, without empties. */
export function listOption(values: CommandArgs["values"], name: string): string[] {
  const value = values[name];
  const raw = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return raw
    .filter((v): v is string => typeof v === "string")
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

/** One of a fixed set of words, or a usage error naming the choices. */
export function choiceOption<const T extends string>(
  values: CommandArgs["values"],
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = stringOption(values, name);
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${choices.join(", ")} (got "${value}")`);
}

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColour(io: CliIo): boolean {
  const noColour = io.env.NO_COLOR;
  return io.stdout.isTTY === true && (noColour === undefined || noColour === "");
}
