/**
 * `npm run bench`: runs every bench module and prints one table with a PASS/FAIL verdict per
 * target, and writes the same figures to bench/results.json keyed by bench title. Targets are
 * reported, not enforced: the exit code is non-zero only when a bench fails to run. To add a
 * bench, write a module exporting `bench: BenchModule` and list it here.
 *
 * `npm run bench -- --quick` runs smaller loads and writes bench/results.quick.json (a smoke run, not the record);
 * `npm run bench -- server cli` runs only the benches whose title contains one of the words.
 * `--as NAME` writes bench/results.NAME.json instead: `npm run bench:node24` records the same run
 * under Node 24, the runtime of the Action (the container runs a newer one), as results.node24.json.
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import type { BenchModule, BenchResult } from "./measure.js";

const MODULES: Array<() => Promise<{ bench: BenchModule }>> = [
  () => import("./parse-evaluate.js"),
  () => import("./app-requests.js"),
  () => import("./commands.js"),
  () => import("./notes.js"),
  () => import("./sensor.js"),
  () => import("./replicas.js"),
  () => import("./server.js"),
  () => import("./cli.js"),
  () => import("./feed.js"),
];

const { values: flags, positionals: ONLY } = parseArgs({ options: { quick: { type: "boolean", default: false }, as: { type: "string" } }, allowPositionals: true });
const QUICK = flags.quick;
/** results.json; results.NAME.json with `--as NAME`; `.quick` before `.json` for a quick run. */
const RESULTS_FILE = new URL(`./${["results", flags.as, QUICK ? "quick" : undefined, "json"].filter(Boolean).join(".")}`, import.meta.url);

function formatValue(result: BenchResult): string {
  const digits = result.unit === "x" ? 2 : result.value < 10 ? 2 : 1;
  return `${result.value.toFixed(digits)} ${result.unit}`;
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd());
    if (index === 0) console.log(widths.map((width) => "-".repeat(width)).join("  "));
  }
}

async function main(): Promise<void> {
  const rows: string[][] = [["bench", "measure", "value", "target", "verdict"]];
  let failedToRun = 0;
  let missedTargets = 0;
  const recorded: Record<string, BenchResult[] | { error: string }> = {};
  for (const load of MODULES) {
    let title = "(loading)";
    try {
      const { bench } = await load();
      title = bench.title;
      if (ONLY.length > 0 && !ONLY.some((word) => title.includes(word))) continue;
      console.error(`running: ${title}`);
      const results = await bench.run();
      recorded[title] = results;
      for (const result of results) {
        if (result.pass === false) missedTargets++;
        rows.push([title, result.name, formatValue(result), result.target ?? "", result.pass === undefined ? "" : result.pass ? "PASS" : "FAIL"]);
      }
    } catch (error) {
      failedToRun++;
      recorded[title] = { error: error instanceof Error ? error.message : String(error) };
      console.error(`bench "${title}" failed:`, error);
    }
  }
  printTable(rows);
  // A quick run writes results.quick.json, never the record; a full run of some benches only writes nothing.
  if (QUICK || ONLY.length === 0) {
    const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "", loadavg: os.loadavg().map((n) => Number(n.toFixed(2))) };
    writeFileSync(RESULTS_FILE, `${JSON.stringify({ ranAt: new Date().toISOString(), quick: QUICK, machine, benches: recorded }, null, 2)}\n`);
    console.log(`\nWrote ${RESULTS_FILE.pathname}`);
  }
  console.log(`\n${missedTargets === 0 ? "All targets met." : `${missedTargets} target(s) missed.`}${failedToRun ? ` ${failedToRun} bench(es) failed to run.` : ""}`);
  if (failedToRun > 0) process.exitCode = 1;
}

await main();
