import { releasesInWindow, type SensorPromise, type SensorRelease } from "./candidates.js";
import { detectMismatch, type Detector } from "./detect.js";
import { rankCandidates } from "./ranking.js";
import type { ExpectationSource } from "./sources.js";

/**
 * One ticket or issue, classified (docs/reference/sensor.md): whether it is an expectation
 * mismatch, where the expectation came from, and the releases, promises and campaigns it most
 * likely concerns, most likely first. Text that is no mismatch names nothing.
 */

export interface SensorTicket {
  subject: string;
  body: string;
  /** When the ticket was opened: the window of candidate releases ends here. */
  createdAt: Date;
}

export interface SensorVerdict {
  mismatch: boolean;
  source: ExpectationSource | null;
  releases: string[];
  promises: string[];
  campaigns: string[];
  /** The phrases that made it a mismatch. */
  found: string[];
}

export interface SensorCatalogue {
  releases: readonly SensorRelease[];
  promises: ReadonlyMap<string, SensorPromise>;
  windowDays: number;
}

export function classifyTicket(detector: Detector, ticket: SensorTicket, catalogue: SensorCatalogue): SensorVerdict {
  const detection = detectMismatch(detector, `${ticket.subject}\n${ticket.body}`);
  if (!detection.mismatch || detection.source === null) {
    return { mismatch: false, source: null, releases: [], promises: [], campaigns: [], found: [] };
  }
  const candidates = releasesInWindow(catalogue.releases, ticket.createdAt, catalogue.windowDays);
  const ranking = rankCandidates(detection.words, detection.source, candidates, catalogue.promises);
  return { mismatch: true, source: detection.source, ...ranking, found: detection.found };
}
