/**
 * `npm run demo:cli`: runs `readiness check readiness/examples --labels campaign:email` as a user
 * would, then explains the result. The examples are chosen to cover every verdict, so the check
 * itself exits 2; this script exits 0 when every example came out as it is meant to, and 1 (with
 * the differences) when one did not.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliIo } from "../src/cli/command.js";
import { runCli } from "../src/cli/main.js";
import type { LocalCheckReport } from "../src/domain/evaluation/local-check.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = ["check", "readiness/examples", "--labels", "campaign:email"];

interface Expected {
  outcome: "ready" | "not ready" | "invalid";
  why: string;
  /** Whether the campaign:email label would be allowed on this release's PR. */
  email?: "allowed" | "blocked";
}

const EXPECTED: Record<string, Expected> = {
  "readiness/examples/invoice-export.yml": { outcome: "ready", email: "allowed", why: "GA with every item met, limitations stated, events in the catalog" },
  "readiness/examples/bulk-edit-rollback.yml": { outcome: "ready", email: "blocked", why: "a rollback with its plan tested and support trained; rollbacks carry no campaigns" },
  "readiness/examples/checkout-v2.yml": { outcome: "not ready", email: "blocked", why: "beta without support training; beta may not run email campaigns" },
  "readiness/examples/smart-search.yml": { outcome: "not ready", email: "blocked", why: "an experiment at 25% rollout where 10% is the limit" },
  "readiness/examples/broken/broken-manifest.yml": { outcome: "invalid", why: "a misspelt key and a word where a number belongs, reported with line and column" },
};
const EXPECTED_EXIT = 2;

const io: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: root, env: process.env, now: () => new Date() };
console.log(`$ readiness ${args.join(" ")}\n`);
const exitCode = await runCli(args, io);

// The same check once more as JSON, to compare each verdict with what the example is meant to show.
let json = "";
const quiet: CliIo = { ...io, stdout: { write: (text: string) => (json += text) }, stderr: { write: () => true } };
await runCli([...args, "--format", "json"], quiet);
const report = JSON.parse(json) as LocalCheckReport;

const differences: string[] = [];
if (exitCode !== EXPECTED_EXIT) differences.push(`exit code ${exitCode}, expected ${EXPECTED_EXIT}`);
for (const [file, expected] of Object.entries(EXPECTED)) {
  const release = report.releases.find((r) => r.file === file);
  if (!release) {
    differences.push(`${file} was not checked`);
    continue;
  }
  const outcome = !release.valid ? "invalid" : release.ready ? "ready" : "not ready";
  if (outcome !== expected.outcome) differences.push(`${file} is ${outcome}, expected ${expected.outcome}`);
  const email = release.campaigns.find((d) => d.label === "campaign:email");
  if (expected.email && (email?.allowed ? "allowed" : "blocked") !== expected.email) {
    differences.push(`campaign:email on ${file} is ${email?.allowed ? "allowed" : "blocked"}, expected ${expected.email}`);
  }
}
for (const release of report.releases) {
  if (!(release.file in EXPECTED)) differences.push(`${release.file} is not one of the examples this demo expects`);
}

console.log("\n──────────────────────────────────────────────────────────────────────────────");
console.log(`The check exited with ${exitCode}. Exit codes: 0 every release is ready, 1 a release is not`);
console.log("ready, 2 invalid input. The examples cover every verdict on purpose, and the broken one");
console.log("makes it 2 (invalid input outranks \"not ready\").\n");
for (const [file, expected] of Object.entries(EXPECTED)) {
  const email = expected.email ? `; campaign:email ${expected.email}` : "";
  console.log(`  ${expected.outcome.padEnd(9)}  ${file.replace("readiness/examples/", "")}: ${expected.why}${email}`);
}
if (differences.length === 0) {
  console.log("\nEvery example came out as intended, so the demo exits 0.");
  console.log("Try: npm run readiness -- check readiness/examples/invoice-export.yml   (exit 0)");
  console.log("     npm run readiness -- check readiness/examples --format markdown");
} else {
  console.log("\nThe demo did not come out as intended:");
  for (const difference of differences) console.log(`  - ${difference}`);
  process.exitCode = 1;
}
