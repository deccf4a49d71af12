import type { ReleasePromise } from "../registry/schema.js";
import { STATUS_RANK, type ReleaseStatus } from "../vocabulary.js";
import type { NotesWording } from "./wording.js";

/** A promise as the notes may tell it: what it says, and whether it may be told yet. */
export interface PromiseView {
  id: string;
  /** The promise is in the registry; support notes also list ids the registry lacks. */
  known: boolean;
  text: string | null;
  conditions: string[];
  exceptions: string[];
  effective: string | null;
  minStatusLabel: string | null;
  channels: string[];
  /** The release's status is at least the promise's `min_status`. */
  allowedAtStatus: boolean;
  /** The promise's effective date has come. */
  inEffect: boolean;
  /** It may be told to customers now. */
  usable: boolean;
}

export function promiseView(
  id: string,
  promise: ReleasePromise | undefined,
  status: ReleaseStatus,
  today: string,
  words: NotesWording,
): PromiseView {
  if (!promise) {
    return {
      id, known: false, text: null, conditions: [], exceptions: [], effective: null, minStatusLabel: null, channels: [],
      allowedAtStatus: false, inEffect: false, usable: false,
    };
  }
  const allowedAtStatus = status !== "rollback" && STATUS_RANK[status] >= STATUS_RANK[promise.min_status];
  const inEffect = promise.effective <= today;
  return {
    id,
    known: true,
    text: promise.text,
    conditions: [...promise.conditions],
    exceptions: [...promise.exceptions],
    effective: promise.effective,
    minStatusLabel: words.statuses[promise.min_status],
    channels: [...promise.channels],
    allowedAtStatus,
    inEffect,
    usable: allowedAtStatus && inEffect,
  };
}
