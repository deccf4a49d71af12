import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { afterEach } from "vitest";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliIo } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/main.js";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  isTTY?: boolean;
  env?: Record<string, string | undefined>;
  now?: Date;
}

/** Runs the CLI from source as its own process, as a script or a CI job would run it. */
export function runCliProcess(cwd: string, argv: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(join(REPO_ROOT, "node_modules/.bin/tsx"), [join(REPO_ROOT, "src/cli/main.ts"), ...argv], {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI in-process with captured output. */
export async function run(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.isTTY ?? false },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? {},
    now: () => options.now ?? new Date("2026-11-23T12:00:00Z"),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** A throw-away directory with the given files (path → text); removed by `cleanup`. */
export function tempTree(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "readiness-cli-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const EVENT_PROPERTIES = "[plan, segment, source, role, environment, version, region]";

/** An experiment manifest that is ready under the default policy unless `rollout` exceeds 10. */
export function experimentManifest(release: string, options: { rollout?: number; extra?: string } = {}): string {
  return `version: 1
release: ${release}
title: Experiment ${release}
status: experiment
owner: "@acme/team"
hypothesis: It helps
key_metric: conversion
checklist:
  analytics:
    events:
      added: [{ name: ${release.replace(/-/g, "_")}_seen, properties: ${EVENT_PROPERTIES} }]
  rollback_plan: { steps: Turn the flag off, tested: 2026-11-01 }
  segment_limits: { rollout_percent: ${options.rollout ?? 5} }
${options.extra ?? ""}`;
}

/**
 * A `tree(files)` for one test file: each directory it makes is removed after the test that made
 * it. Call once at the top level of the test file.
 */
export function tempTreesRemovedAfterEach(): (files: Record<string, string>) => string {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
  });
  return (files) => {
    const { dir, cleanup } = tempTree(files);
    cleanups.push(cleanup);
    return dir;
  };
}
