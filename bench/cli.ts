/**
 * `readiness check` on 5,000 small manifests, as a user runs it (its own process, no arguments,
 * the policy's default globs), against the least any tool must do with the same files: find them,
 * read them and parse them with `yaml` (bench/parse-files.ts), also in its own process. Both run
 * through the same TypeScript loader, alternately, so start-up and a busy machine cost both alike.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, type BenchModule, type BenchResult } from "./measure.js";

const QUICK = process.argv.includes("--quick");
const MANIFESTS = QUICK ? 500 : 5_000;
const RUNS = QUICK ? 1 : 3;
const TARGET_RATIO = 2;
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSX = import.meta.resolve("tsx");
const example = readFileSync(new URL("../readiness/examples/checkout-v2.yml", import.meta.url), "utf8");

interface Run {
  seconds: number;
  maxRssMb: number;
  status: number | null;
  stdout: string;
}

/** One process under `/usr/bin/time`, for its wall time and peak resident memory. */
function timed(script: string, args: string[], cwd: string): Run {
  // The loader by its resolved address: a bare "tsx" would be looked up from `cwd`, a temporary
  // folder with no node_modules, and both processes would fail at once.
  const result = spawnSync("/usr/bin/time", ["-f", "%e %M", process.execPath, "--import", TSX, join(ROOT, script), ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  const figures = result.stderr.trim().split("\n").pop()!.split(" ").map(Number);
  if (figures.length !== 2 || figures.some((n) => !Number.isFinite(n))) throw new Error(`could not time ${script}: ${result.stderr.slice(-500)}`);
  return { seconds: figures[0]!, maxRssMb: figures[1]! / 1024, status: result.status, stdout: result.stdout };
}

export const bench: BenchModule = {
  title: "CLI check on many manifests",
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), "readiness-bench-cli-"));
    try {
      mkdirSync(join(dir, "readiness"));
      for (let i = 0; i < MANIFESTS; i++) {
        writeFileSync(join(dir, "readiness", `release-${i}.yml`), example.replace("release: checkout-v2", `release: release-${i}`));
      }
      const cli: Run[] = [];
      const baseline: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        baseline.push(timed("bench/parse-files.ts", [dir], dir));
        cli.push(timed("src/cli/main.ts", ["check", "--now", "2026-11-23T12:00:00Z"], dir));
        // The example is a beta missing support training: every release is "not ready" (exit 1).
        // Both outputs are checked, so a process that failed to start is never timed as a run.
        if (cli[i]!.status !== 1 || !cli[i]!.stdout.includes(`${MANIFESTS} of ${MANIFESTS} releases not ready`)) {
          throw new Error(`readiness check exited ${cli[i]!.status}, expected 1 with ${MANIFESTS} releases not ready: ${cli[i]!.stdout.slice(-300)}`);
        }
        if (baseline[i]!.status !== 0 || !baseline[i]!.stdout.startsWith(`${MANIFESTS} files`)) throw new Error(`the parse baseline failed: ${baseline[i]!.stdout.slice(-300)}`);
      }
      const cliSeconds = median(cli.map((r) => r.seconds).sort((a, b) => a - b));
      const baseSeconds = median(baseline.map((r) => r.seconds).sort((a, b) => a - b));
      const ratio = cliSeconds / baseSeconds;
      const n = MANIFESTS.toLocaleString("en-US");
      return [
        { name: `readiness check, ${n} manifests (median of ${RUNS})`, value: cliSeconds, unit: "s" },
        { name: `readiness check: peak resident memory`, value: Math.max(...cli.map((r) => r.maxRssMb)), unit: "MB" },
        { name: `read + yaml.parse the same ${n} files (median of ${RUNS})`, value: baseSeconds, unit: "s" },
        { name: `read + yaml.parse: peak resident memory`, value: Math.max(...baseline.map((r) => r.maxRssMb)), unit: "MB" },
        { name: "CLI / parse baseline", value: ratio, unit: "x", target: `≤ ${TARGET_RATIO}x`, pass: ratio <= TARGET_RATIO },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
