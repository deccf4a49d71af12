import type { SensorFinding } from "../sensor/finding-record.js";
import type { ReviewMismatch } from "./inputs.js";

import { MISMATCH_LABEL, SOURCE_LABEL_PREFIX } from "../sensor/labels.js";

/**
 * What a new issue counts as in the review: a mismatch when it carries `expectation-mismatch`.
 * The labels are what people see and fix by hand, so they decide; the sensor's finding (kept in
 * the app's comment) adds the releases, promises and campaigns. A source label beats the finding's
 * source (a triager may have relabelled it); an issue labelled by hand with no finding counts
 * with its label's source and no release.
 */
export function mismatchOf(labels: readonly string[], finding: SensorFinding | undefined): ReviewMismatch | undefined {
  const lower = labels.map((label) => label.toLowerCase());
  if (!lower.includes(MISMATCH_LABEL)) return undefined;
  const labelled = lower.filter((label) => label.startsWith(SOURCE_LABEL_PREFIX)).map((label) => label.slice(SOURCE_LABEL_PREFIX.length)).sort();
  const source = labelled.length === 1 ? labelled[0]! : finding?.source ?? labelled[0] ?? "unknown";
  const found = finding?.mismatch ? finding : undefined;
  return { source, releases: found?.releases ?? [], promises: found?.promises ?? [], campaigns: found?.campaigns ?? [] };
}
