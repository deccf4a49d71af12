import type { ExpectationSource } from "./sources.js";

/**
 * The sensor's labels (exact, SPEC §5.3; docs/reference/sensor.md#on-github): the sensor writes
 * them and the weekly review counts mismatches by them. GitHub compares label names without case.
 */
export const MISMATCH_LABEL = "expectation-mismatch";
export const SOURCE_LABEL_PREFIX = "expectation:";

export const sourceLabel = (source: ExpectationSource): string => `${SOURCE_LABEL_PREFIX}${source}`;

export const isSensorLabel = (name: string): boolean =>
  name.toLowerCase() === MISMATCH_LABEL || name.toLowerCase().startsWith(SOURCE_LABEL_PREFIX);
