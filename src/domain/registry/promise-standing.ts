import { STATUS_RANK, type ReleaseStatus } from "../vocabulary.js";
import type { ReleasePromise } from "./schema.js";

/**
 * When a release may rely on a promise (docs/reference/promises-and-events.md#promises-and-the-campaign-gate):
 * from the promise's `min_status` on, statuses ranked rollback < experiment < beta < ga, and from
 * its `effective` date on. The campaign gate, the feed, the notes and the sensor all ask these two
 * questions, so they are answered here once.
 */
export function reachesMinStatus(status: ReleaseStatus, promise: Pick<ReleasePromise, "min_status">): boolean {
  return STATUS_RANK[status] >= STATUS_RANK[promise.min_status];
}

/** Whether the promise is in effect on `today` (a calendar day, YYYY-MM-DD, in the policy's time zone). */
export function inEffectOn(promise: Pick<ReleasePromise, "effective">, today: string): boolean {
  return promise.effective <= today;
}
