/**
 * `npm run bench`: runs every bench module and prints one table with a PASS/FAIL verdict per
 * target. Targets are reported, not enforced: the exit code is non-zero only when a bench fails
 * to run. To add a bench, write a module exporting `bench: BenchModule` and list it here.
 */
import type { BenchModule, BenchResult } from "./measure.js";

const MODULES: Array<() => Promise<{ bench: BenchModule }>> = [
  () => import("./parse-evaluate.js"),
  () => import("./app-requests.js"),
  () => import("./commands.js"),
  () => import("./notes.js"),
  () => import("./feed.js"),
];

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
  for (const load of MODULES) {
    let title = "(loading)";
    try {
      const { bench } = await load();
      title = bench.title;
      for (const result of await bench.run()) {
        if (result.pass === false) missedTargets++;
        rows.push([title, result.name, formatValue(result), result.target ?? "", result.pass === undefined ? "" : result.pass ? "PASS" : "FAIL"]);
      }
    } catch (error) {
      failedToRun++;
      console.error(`bench "${title}" failed:`, error);
    }
  }
  printTable(rows);
  console.log(`\n${missedTargets === 0 ? "All targets met." : `${missedTargets} target(s) missed.`}${failedToRun ? ` ${failedToRun} bench(es) failed to run.` : ""}`);
  if (failedToRun > 0) process.exitCode = 1;
}

await main();
