import type { PromiseVersionChange } from "../registry/changes.js";
import type { ReleasePromise } from "../registry/schema.js";
import { inEffectOn, reachesMinStatus } from "../registry/promise-standing.js";
import type { ReleaseStatus } from "../vocabulary.js";
import type { NotesWording } from "./wording.js";

/** A promise as the notes may tell it: what it says, and whether it may be told yet. */
export interface PromiseView {
  id: string;
  /** The promise is in the registry; support notes also list ids the registry lacks. */
  known: boolean;
  text: string | null;
  conditions: string[];
  exceptions: string[];
  version: number | null;
  owner: string | null;
  metric: string | null;
  effective: string | null;
  minStatusLabel: string | null;
  channels: string[];
  /** The release's status is at least the promise's `min_status`. */
  allowedAtStatus: boolean;
  /** The promise's effective date has come. */
  inEffect: boolean;
  /** It may be told to customers now. */
  usable: boolean;
  /**
   * The promise's version rose in this PR (docs/reference/promises-and-events.md#promise-registry):
   * marketing's copy on its channels needs updating. `what` says what changed, in the notes' words.
   */
  versionChange: { from: number; to: number; what: string } | null;
}

export function promiseView(
  id: string,
  promise: ReleasePromise | undefined,
  status: ReleaseStatus,
  today: string,
  words: NotesWording,
  change?: PromiseVersionChange,
): PromiseView {
  if (!promise) {
    return {
      id, known: false, text: null, conditions: [], exceptions: [], version: null, owner: null, metric: null, effective: null,
      minStatusLabel: null, channels: [], allowedAtStatus: false, inEffect: false, usable: false, versionChange: null,
    };
  }
  // A rolled-back release relies on no promise in its notes, whatever the promise's min_status.
  const allowedAtStatus = status !== "rollback" && reachesMinStatus(status, promise);
  const inEffect = inEffectOn(promise, today);
  return {
    id,
    known: true,
    text: promise.text,
    conditions: [...promise.conditions],
    exceptions: [...promise.exceptions],
    version: promise.version,
    owner: promise.owner,
    metric: promise.metric,
    effective: promise.effective,
    minStatusLabel: words.statuses[promise.min_status],
    channels: [...promise.channels],
    allowedAtStatus,
    inEffect,
    usable: allowedAtStatus && inEffect,
    versionChange: change ? { from: change.from, to: change.to, what: changeInWords(change, words) } : null,
  };
}

/** "conditions changed", «изменено: условия». */
function changeInWords(change: PromiseVersionChange, words: NotesWording): string {
  if (change.changed.length === 0) return words.promiseChange.versionOnly;
  const fields = change.changed.map((field) => words.promiseFields[field]);
  const list = new Intl.ListFormat(words.listLocale, { style: "long", type: "conjunction" }).format(fields);
  return words.promiseChange.changed.replace("{fields}", list);
}
