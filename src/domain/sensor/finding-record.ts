import { z } from "zod";
import { decodeHiddenRecord, encodeHiddenRecord, hasHiddenRecord } from "../markdown/hidden-record.js";
import { EXPECTATION_SOURCES, type ExpectationSource } from "./sources.js";

/**
 * What the sensor found in one issue (docs/reference/sensor.md), kept in a hidden marker in the
 * app's own comment on that issue. The app keeps no database: the comment is where a later edit
 * reads whether a triager's correction is final, and where the weekly review (docs/reference/
 * promise-review.md) reads the release, promise and campaign a mismatch counts against.
 */
export interface SensorFinding {
  /** False only after a correction `/readiness mismatch none`: the issue is not a mismatch. */
  mismatch: boolean;
  source: ExpectationSource;
  /** Ranked most likely first; the first one is the one the mismatch counts against. */
  releases: string[];
  promises: string[];
  campaigns: string[];
  /** Set by `/readiness mismatch …`: final for this issue, never replaced by the detector. */
  correction?: { by: string; at: string };
}

const RECORD = "sensor";

const findingSchema = z.object({
  v: z.literal(1),
  mismatch: z.boolean(),
  source: z.enum(EXPECTATION_SOURCES),
  releases: z.array(z.string()).max(50),
  promises: z.array(z.string()).max(50),
  campaigns: z.array(z.string()).max(50),
  correction: z.object({ by: z.string(), at: z.string() }).optional(),
});

/** The marker, base64 so that no text from an issue can close the HTML comment early. */
export function encodeSensorFinding(finding: SensorFinding): string {
  return encodeHiddenRecord(RECORD, { v: 1, ...finding });
}

/** Reads the marker back from a comment body; anything unreadable counts as no finding. */
export function decodeSensorFinding(text: string | null | undefined): SensorFinding | undefined {
  const parsed = findingSchema.safeParse(decodeHiddenRecord(RECORD, text));
  if (!parsed.success) return undefined;
  const { v: _version, ...finding } = parsed.data;
  return finding;
}

/** Whether a comment body is the app's sensor comment (it carries the marker). */
export function isSensorComment(text: string | null | undefined): boolean {
  return hasHiddenRecord(RECORD, text);
}
