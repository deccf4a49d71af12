/**
 * Runs the committed Action bundle as GitHub runs a JavaScript action: a separate `node` process
 * started on the bundle in a checkout of the action (here only action/index.js, package.json and
 * templates/, with no node_modules: there is no install step), with the working directory elsewhere
 * (the runner's workspace) and the GITHUB_* and INPUT_* variables a runner sets.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../cli/cli-harness.js";

export interface ActionCheckout {
  /** The bundle to run, inside the checkout. */
  bundle: string;
  /** A directory standing in for GITHUB_WORKSPACE. */
  workspace: string;
  remove(): void;
}

/** A checkout of the action holding only what the bundle may need at run time. */
export function checkoutAction(): ActionCheckout {
  const dir = mkdtempSync(join(tmpdir(), "readiness-action-"));
  const checkout = join(dir, "release-readiness");
  mkdirSync(join(checkout, "action"), { recursive: true });
  cpSync(join(REPO_ROOT, "action", "index.js"), join(checkout, "action", "index.js"));
  cpSync(join(REPO_ROOT, "action.yml"), join(checkout, "action.yml"));
  cpSync(join(REPO_ROOT, "package.json"), join(checkout, "package.json"));
  cpSync(join(REPO_ROOT, "templates"), join(checkout, "templates"), { recursive: true });
  const workspace = join(dir, "workspace");
  mkdirSync(workspace);
  return { bundle: join(checkout, "action", "index.js"), workspace, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface BundleRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** GITHUB_OUTPUT, parsed. */
  outputs: Record<string, string>;
  /** GITHUB_STEP_SUMMARY as written. */
  summary: string;
}

export interface BundleRunOptions {
  checkout: ActionCheckout;
  eventName: string;
  /** The webhook payload; its `installation` is dropped, as Actions event payloads have none. */
  payload: Record<string, unknown>;
  repository: string;
  apiUrl: string;
  token: string;
  inputs?: Record<string, string>;
}

export async function runBundle(options: BundleRunOptions): Promise<BundleRun> {
  const dir = mkdtempSync(join(tmpdir(), "readiness-run-"));
  try {
    const { installation: _installation, ...payload } = options.payload;
    const eventPath = join(dir, "event.json");
    const outputPath = join(dir, "output");
    const summaryPath = join(dir, "summary.md");
    writeFileSync(eventPath, JSON.stringify(payload));
    writeFileSync(outputPath, "");
    writeFileSync(summaryPath, "");
    const inputs = { "github-token": options.token, "fail-on-not-ready": "true", ...options.inputs };
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: options.repository,
      GITHUB_API_URL: options.apiUrl,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_RUN_ID: "4242",
      GITHUB_WORKSPACE: options.checkout.workspace,
      ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
    };
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [options.checkout.bundle], { cwd: options.checkout.workspace, env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
      child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
      child.on("error", reject);
      child.on("close", (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
    });
    return { code, stdout, stderr, outputs: parseOutputs(readFileSync(outputPath, "utf8")), summary: readFileSync(summaryPath, "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** GITHUB_OUTPUT as the runner reads it: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2]!, i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: ${block[1]} is not closed by ${block[2]}`);
      outputs[block[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) {
      outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    } else if (line !== "") {
      throw new Error(`GITHUB_OUTPUT: cannot read line ${JSON.stringify(line)}`);
    }
  }
  return outputs;
}
