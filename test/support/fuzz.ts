import { readdirSync, readFileSync } from "node:fs";

/**
 * How long the fuzz properties run (docs/reliability.md#fuzzing-and-hostile-input): the numbers
 * each property names in CI (a few seconds each); `FUZZ_RUNS=100000 npx vitest run <file>` drives
 * every property that many times instead, on demand, with no time limit.
 */
const FUZZ_RUNS = process.env.FUZZ_RUNS !== undefined ? Number(process.env.FUZZ_RUNS) : undefined;

export const runs = (ci: number) => (FUZZ_RUNS !== undefined && Number.isFinite(FUZZ_RUNS) && FUZZ_RUNS > 0 ? FUZZ_RUNS : ci);

/** A few seconds alone; generous because the full suite runs files side by side on two cores. */
export const FUZZ_TIMEOUT_MS = 60_000;

export const onDemandTimeout = (ms: number = FUZZ_TIMEOUT_MS) => (FUZZ_RUNS !== undefined ? 0 : ms);

/**
 * A committed corpus folder under test/fixtures/fuzz-corpus/: inputs that once broke a parser or
 * sit at a limit, replayed on every run. A failure fast-check finds is added there as a file.
 */
export function fuzzCorpus(folder: string, extension: string): Array<[name: string, text: string]> {
  const dir = new URL(`../fixtures/fuzz-corpus/${folder}/`, import.meta.url);
  return readdirSync(dir).filter((name) => name.endsWith(extension)).sort().map((name) => [name, readFileSync(new URL(name, dir), "utf8")]);
}
